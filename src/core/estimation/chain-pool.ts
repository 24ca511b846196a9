import { Worker } from 'node:worker_threads';
import type { ChainRunner } from './estimate.ts';
import type { LcmcrChainResult } from './lcmcr.ts';

// The sources are TypeScript run through tsx without a build; a worker thread starts without the loader, so the
// bootstrap registers it in the worker before importing the entry.
const WORKER_ENTRY = new URL('./lcmcr-worker.ts', import.meta.url).href;
const WORKER_BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
import('tsx/esm/api').then((tsx) => { tsx.register(); return import(workerData.entry); });
`;

/**
 * Runs LCMCR chains on worker threads, at most `workers` at a time. Results are identical to running the chains
 * one after another in this thread (each chain has its own seeded stream), only faster on several cores.
 */
export function workerChainRunner(workers: number): ChainRunner {
  return async (table, options, chains, onSweeps) => {
    const results: LcmcrChainResult[] = new Array(chains);
    const progress = new Array<number>(chains).fill(0);
    let next = 0;
    const runOne = (chain: number): Promise<void> =>
      new Promise((resolve, reject) => {
        const worker = new Worker(WORKER_BOOTSTRAP, { eval: true, workerData: { entry: WORKER_ENTRY } });
        worker.on('message', (message: { type: string; done?: number; result?: LcmcrChainResult; message?: string }) => {
          if (message.type === 'progress') {
            progress[chain] = message.done ?? 0;
            onSweeps(progress.reduce((a, b) => a + b, 0));
          } else if (message.type === 'done') {
            results[chain] = message.result!;
            void worker.terminate();
            resolve();
          } else {
            void worker.terminate();
            reject(new Error(message.message ?? 'LCMCR worker failed'));
          }
        });
        worker.on('error', reject);
        worker.postMessage({ table: { lists: table.lists, counts: table.counts, observed: table.observed }, options, chain });
      });
    const lane = async (): Promise<void> => {
      while (next < chains) await runOne(next++);
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(workers, chains)) }, lane));
    return results;
  };
}
