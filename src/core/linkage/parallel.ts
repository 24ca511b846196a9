import { exchange, startWorker, tsxApi, withTimeout, type Worker } from '../threads/worker.ts';
import { compareRange, comparisonMemos, type ComparisonMemos, type CompiledComparison } from './compare.ts';
import type { CompareTask } from './compare-worker.ts';
import type { FeatureTable } from './features.ts';

/**
 * Comparison of pairs spread over worker threads, started by core/threads/worker.ts (which registers tsx's loader
 * in each worker before importing the TypeScript entry). If tsx cannot be found, or a worker does not start, the
 * comparison runs on the calling thread.
 */

const workerEntry = new URL('./compare-worker.ts', import.meta.url);

export class ComparePool {
  /** Why the last pool could not start, for the caller's warning. */
  static lastError = '';
  private workers: Worker[] = [];
  private ready: Array<Promise<void>> = [];

  private constructor(readonly threads: number) {}

  /** A pool of `threads` workers, or null when workers cannot be started here (the caller then runs inline). */
  static async create(threads: number): Promise<ComparePool | null> {
    if (!tsxApi() || threads < 1) return null;
    const pool = new ComparePool(threads);
    for (let t = 0; t < threads; t++) pool.workers.push(startWorker(workerEntry, { execArgv: [], unref: true }));
    try {
      await pool.ping();
    } catch (error) {
      ComparePool.lastError = error instanceof Error ? error.message : String(error);
      await pool.close();
      return null;
    }
    return pool;
  }

  private async run(worker: Worker, task: CompareTask): Promise<void> {
    worker.ref();
    try {
      await exchange(worker, task, {
        what: 'comparison',
        reply: (message: { ok: boolean; message?: string }) => {
          if (message.ok) return { value: undefined };
          throw new Error(`comparison worker: ${message.message}`);
        },
      });
    } finally {
      worker.unref();
    }
  }

  /** Round trip through every worker with an empty task, so that loader failures surface at creation. */
  private async ping(): Promise<void> {
    const empty = new Int32Array(new SharedArrayBuffer(4));
    const table: FeatureTable = { size: 0, fields: {} };
    await Promise.all(
      this.workers.map((w) =>
        withTimeout(
          this.run(w, { table, comparisons: [], left: empty, right: empty, start: 0, end: 0, out: new Uint8Array(new SharedArrayBuffer(1)), memoKey: '' }),
          120_000,
          'worker did not start in time',
        ),
      ),
    );
  }

  /**
   * Compares pairs [0, count) in chunks handed to idle workers; `onChunk` reports pairs done. `out` must be backed
   * by a SharedArrayBuffer.
   */
  async compare(
    table: FeatureTable,
    comparisons: CompiledComparison[],
    left: Int32Array,
    right: Int32Array,
    count: number,
    out: Uint8Array,
    onChunk?: (done: number) => void,
  ): Promise<void> {
    const chunk = Math.max(10_000, Math.ceil(count / (this.threads * 8)));
    const memoKey = memoKeyOf(table, comparisons);
    let next = 0;
    let done = 0;
    const loop = async (worker: Worker) => {
      while (next < count) {
        const start = next;
        const end = Math.min(count, start + chunk);
        next = end;
        await this.run(worker, { table, comparisons, left, right, start, end, out, memoKey });
        done += end - start;
        onChunk?.(done);
      }
    };
    await Promise.all(this.workers.map(loop));
  }

  async close(): Promise<void> {
    // An idle worker is unref'd; one being terminated must hold the process open until it has gone, or the awaited
    // close() never settles when nothing else is pending and the process ends with code 13 (unsettled await).
    await Promise.all(
      this.workers.map((w) => {
        w.ref();
        return w.terminate();
      }),
    );
    this.workers = [];
  }
}


const tableKeys = new WeakMap<FeatureTable, number>();
const comparisonKeys = new WeakMap<readonly CompiledComparison[], number>();
let nextKey = 1;

/** A key naming this feature table and this list of comparisons (the objects themselves) for the workers' memos. */
function memoKeyOf(table: FeatureTable, comparisons: readonly CompiledComparison[]): string {
  let t = tableKeys.get(table);
  if (t === undefined) tableKeys.set(table, (t = nextKey++));
  let c = comparisonKeys.get(comparisons);
  if (c === undefined) comparisonKeys.set(comparisons, (c = nextKey++));
  return `${t}:${c}`;
}

/** Memos for comparing on this thread, shared by the calls of one table and list of comparisons as on a worker. */
const inlineMemos = new WeakMap<FeatureTable, { comparisons: readonly CompiledComparison[]; memos: ComparisonMemos }>();

function memosOnThisThread(table: FeatureTable, comparisons: readonly CompiledComparison[]): ComparisonMemos {
  const known = inlineMemos.get(table);
  if (known && known.comparisons === comparisons) return known.memos;
  const memos = comparisonMemos(table, comparisons);
  inlineMemos.set(table, { comparisons, memos });
  return memos;
}

/** Levels for pairs [0, count): on the pool when given and the work is large enough, else on this thread. */
export async function comparePairs(
  table: FeatureTable,
  comparisons: CompiledComparison[],
  left: Int32Array,
  right: Int32Array,
  count: number,
  pool: ComparePool | null,
  onProgress?: (done: number) => void,
): Promise<Uint8Array> {
  const out = new Uint8Array(new SharedArrayBuffer(Math.max(1, count * comparisons.length)));
  if (pool && count >= 10_000) {
    await pool.compare(table, comparisons, left, right, count, out, onProgress);
    return out;
  }
  const step = 100_000;
  const memos = memosOnThisThread(table, comparisons);
  for (let start = 0; start < count; start += step) {
    const end = Math.min(count, start + step);
    compareRange(table, comparisons, left, right, start, end, out, memos);
    onProgress?.(end);
  }
  return out;
}
