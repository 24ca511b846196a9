import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { compareRange, comparisonMemos, type ComparisonMemos, type CompiledComparison } from './compare.ts';
import type { CompareTask } from './compare-worker.ts';
import type { FeatureTable } from './features.ts';

/**
 * Comparison of pairs spread over worker threads. The worker's source is TypeScript, so each worker first
 * registers tsx's loader and then imports the entry; this works whether the caller runs under `node bin/reckon.js`
 * (tsx registered by the entry script), `tsx`, `node --import tsx`, or Vitest, because the worker does not rely on
 * inheriting the parent's loader. If tsx cannot be found the comparison runs on the calling thread.
 */

const workerEntry = new URL('./compare-worker.ts', import.meta.url).href;

/** The ESM build of tsx's API (its CommonJS build cannot be imported from an eval'd worker). */
function tsxApi(): string | null {
  try {
    if (typeof import.meta.resolve === 'function') return import.meta.resolve('tsx/esm/api');
  } catch {
    // fall through to require.resolve: some test runners do not provide import.meta.resolve
  }
  try {
    const cjs = createRequire(import.meta.url).resolve('tsx/esm/api');
    return pathToFileURL(cjs.replace(/\.cjs$/, '.mjs')).href;
  } catch {
    return null;
  }
}

const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
import(workerData.tsx).then((api) => {
  const register = api.register ?? api.default?.register;
  register();
  return import(workerData.entry);
}).catch((error) => { throw error; });
`;

export class ComparePool {
  /** Why the last pool could not start, for the caller's warning. */
  static lastError = '';
  private workers: Worker[] = [];
  private ready: Array<Promise<void>> = [];

  private constructor(readonly threads: number) {}

  /** A pool of `threads` workers, or null when workers cannot be started here (the caller then runs inline). */
  static async create(threads: number): Promise<ComparePool | null> {
    const api = tsxApi();
    if (!api || threads < 1) return null;
    const pool = new ComparePool(threads);
    for (let t = 0; t < threads; t++) {
      const worker = new Worker(BOOTSTRAP, { eval: true, workerData: { tsx: api, entry: workerEntry }, execArgv: [] });
      worker.unref();
      pool.workers.push(worker);
    }
    try {
      await pool.ping();
    } catch (error) {
      ComparePool.lastError = error instanceof Error ? error.message : String(error);
      await pool.close();
      return null;
    }
    return pool;
  }

  private run(worker: Worker, task: CompareTask): Promise<void> {
    worker.ref();
    return new Promise((resolve, reject) => {
      const onMessage = (message: { ok: boolean; message?: string }) => {
        cleanup();
        if (message.ok) resolve();
        else reject(new Error(`comparison worker: ${message.message}`));
      };
      const onError = (error: Error) => {
        cleanup();
        reject(error);
      };
      const onExit = (code: number) => {
        cleanup();
        reject(new Error(`comparison worker exited with code ${code}`));
      };
      const cleanup = () => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        worker.unref();
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.postMessage(task);
    });
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
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.workers = [];
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('worker did not start in time')), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
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
