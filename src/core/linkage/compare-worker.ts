import { parentPort } from 'node:worker_threads';
import { compareRange, type CompiledComparison } from './compare.ts';
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
}

parentPort?.on('message', (task: CompareTask) => {
  try {
    compareRange(task.table, task.comparisons, task.left, task.right, task.start, task.end, task.out);
    parentPort!.postMessage({ ok: true });
  } catch (error) {
    parentPort!.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) });
  }
});
