import { existsSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename } from 'node:path';
import { workerChainRunner } from '../../core/estimation/chain-pool.ts';
import { runChainsHere, type EstimateReport } from '../../core/estimation/index.ts';
import { commitInput, estimateMethod, estimateOutputs, estimateParameterRecord, makeReceipt, type EstimateParameters, type FigureMethod } from '../../core/receipts/index.ts';
import { codeVersion, readSigner, writeReceipt } from './receipt-files.ts';

/** `reckon estimate … --receipt <file>`: the receipt of the figures just computed, and the method that recomputes them. */
export function writeEstimateReceipt(
  file: string,
  args: { label: string; table: string | Uint8Array; parameters: EstimateParameters; report: EstimateReport; signingKey?: string },
): void {
  // the file's own bytes when the table came from a file (its SHA-256 then matches the file's); else the table's text
  const fromFile = existsSync(args.label) && statSync(args.label).isFile();
  const bytes = fromFile ? readFileSync(args.label) : typeof args.table === 'string' ? new TextEncoder().encode(args.table) : args.table;
  const label = fromFile ? basename(args.label) : args.label;
  const receipt = makeReceipt(
    {
      figure: { kind: 'estimate', label },
      code: codeVersion(),
      createdAt: new Date().toISOString(),
      inputs: [commitInput(label, 'capture table', bytes).commitment],
      parameters: estimateParameterRecord(args.parameters),
      outputs: estimateOutputs(args.report),
    },
    args.signingKey ? readSigner(args.signingKey) : undefined,
  );
  writeReceipt(file, receipt);
}

/** Chains on worker threads, as `reckon estimate` runs them: the same seeds per chain, so the same draws. */
export function cliEstimateMethod(): FigureMethod {
  const workers = Math.min(4, availableParallelism());
  return estimateMethod(workers > 1 ? workerChainRunner(workers) : runChainsHere);
}
