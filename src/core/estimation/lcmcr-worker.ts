import { parentPort } from 'node:worker_threads';
import { runLcmcrChain, type LcmcrOptions } from './lcmcr.ts';
import type { CaptureTable } from './table.ts';

/**
 * Worker-thread entry that runs one LCMCR chain. The chain's result depends only on (table, options, chain), so
 * running chains here or in the main thread gives identical draws.
 */
interface ChainRequest {
  table: { lists: string[]; counts: Float64Array; observed: number };
  options: LcmcrOptions;
  chain: number;
}

parentPort?.on('message', (request: ChainRequest) => {
  try {
    const table: CaptureTable = request.table;
    const result = runLcmcrChain(table, request.options, request.chain, (done) => parentPort?.postMessage({ type: 'progress', done }));
    parentPort?.postMessage({ type: 'done', result });
  } catch (error) {
    parentPort?.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  }
});
