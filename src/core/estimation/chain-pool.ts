import { exchange, startWorker } from '../threads/worker.ts';
import type { ChainRunner } from './estimate.ts';
import type { LcmcrChainResult } from './lcmcr.ts';

const WORKER_ENTRY = new URL('./lcmcr-worker.ts', import.meta.url);

/**
 * Runs LCMCR chains on worker threads, at most `workers` at a time. Results are identical to running the chains
 * one after another in this thread (each chain has its own seeded stream), only faster on several cores.
 */
export function workerChainRunner(workers: number): ChainRunner {
  return async (table, options, chains, onSweeps) => {
    const results: LcmcrChainResult[] = new Array(chains);
    const progress = new Array<number>(chains).fill(0);
    let next = 0;
    const runOne = async (chain: number): Promise<void> => {
      const worker = startWorker(WORKER_ENTRY);
      try {
        results[chain] = await exchange(worker, { table: { lists: table.lists, counts: table.counts, observed: table.observed }, options, chain }, {
          what: 'LCMCR',
          reply: (message: { type: string; done?: number; result?: LcmcrChainResult; message?: string }) => {
            if (message.type === 'progress') {
              progress[chain] = message.done ?? 0;
              onSweeps(progress.reduce((a, b) => a + b, 0));
              return undefined;
            }
            if (message.type === 'done') return { value: message.result! };
            throw new Error(message.message ?? 'LCMCR worker failed');
          },
        });
      } finally {
        void worker.terminate();
      }
    };
    const lane = async (): Promise<void> => {
      while (next < chains) await runOne(next++);
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(workers, chains)) }, lane));
    return results;
  };
}
