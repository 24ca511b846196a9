import { parentPort } from 'node:worker_threads';
import { compareRange, comparisonMemos, type ComparisonMemos, type CompiledComparison } from './compare.ts';
import type { FeatureTable } from './features.ts';

/**
 * Worker entry: compares a range of pairs over shared memory and writes the levels into the shared output.
 * Messages carry only SharedArrayBuffer-backed typed arrays and plain settings, so nothing large is copied.
 */
export interface CompareTask {
  table: FeatureTable;
  comparisons: CompiledComparison[];
  left: Int32Array;
  right: Int32Array;
  start: number;
  end: number;
  out: Uint8Array;
  /**
   * Which feature table and comparisons these are: tasks of one key share this thread's memos of compared value
   * pairs (the u sample and the candidate pairs of one run), a new key starts new ones.
   */
  memoKey: string;
}

let memos: { key: string; memos: ComparisonMemos } | null = null;

parentPort?.on('message', (task: CompareTask) => {
  try {
    if (memos?.key !== task.memoKey) memos = { key: task.memoKey, memos: comparisonMemos(task.table, task.comparisons) };
    compareRange(task.table, task.comparisons, task.left, task.right, task.start, task.end, task.out, memos.memos);
    parentPort!.postMessage({ ok: true });
  } catch (error) {
    parentPort!.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) });
  }
});
