import { writeFileSync, renameSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { AppContext } from '../../server/context.ts';
import type { StatsView } from '../../server/casualties/schemas.ts';
import { personsTableOf, statisticsInputName, statisticsMismatch } from '../../server/receipts/service.ts';
import { statisticsOutputs, statisticsParameterRecord, STATISTICS_KIND } from '../../server/receipts/casualty-stats.ts';
import { commitInput, makeReceipt } from '../../core/receipts/index.ts';
import { CliError, ExitCode } from '../exit-codes.ts';
import { codeVersion, readSigner, writeReceipt } from './receipt-files.ts';

/**
 * `reckon casualties stats <run> --receipt r.json`: the receipt of the statistics just shown, at the same minimum
 * cell, and beside it the run's persons table it commits to (`--receipt-data`, default `<receipt>.persons.csv`),
 * so `reckon receipt verify r.json --data <persons.csv>` recomputes them, suppression included, without the database.
 */
export function defaultStatisticsData(receipt: string): string {
  return join(dirname(receipt), `${basename(receipt).replace(/\.json$/i, '')}.persons.csv`);
}

export async function writeStatisticsReceipt(ctx: AppContext, view: StatsView, options: { receipt: string; data?: string; key?: string }): Promise<string> {
  const signer = options.key ? readSigner(options.key) : undefined;
  const csv = await personsTableOf(ctx.db, view.runId, view.sources.map((s) => s.id));
  const differ = statisticsMismatch(view, csv);
  if (differ.length > 0) {
    throw new CliError(`the statistics recomputed from the persons table differ from those counted in the database (${differ.slice(0, 5).join(', ')}); no receipt was written`, ExitCode.failed);
  }
  const data = options.data ?? defaultStatisticsData(options.receipt);
  const bytes = new TextEncoder().encode(csv);
  const receipt = makeReceipt(
    {
      figure: { kind: STATISTICS_KIND, label: view.sources.map((s) => s.name).join(' · ') },
      code: codeVersion(),
      createdAt: new Date().toISOString(),
      // the file written beside the receipt is the operator's; the receipt names it as the server serves it
      inputs: [commitInput(statisticsInputName(view.runId), 'persons table', bytes, { keepLeaves: false }).commitment],
      parameters: statisticsParameterRecord({ runId: view.runId, sources: view.sources, minCell: view.suppression.minCell }),
      outputs: statisticsOutputs(view),
    },
    signer,
  );
  const temp = join(dirname(data), `.${basename(data)}.${process.pid}.tmp`);
  writeFileSync(temp, bytes, { mode: 0o600 });
  renameSync(temp, data);
  writeReceipt(options.receipt, receipt);
  return data;
}
