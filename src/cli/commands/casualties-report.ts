import { rename, writeFile } from 'node:fs/promises';
import type { AppContext } from '../../server/context.ts';
import type { StatsView } from '../../server/casualties/schemas.ts';
import { CliError, ExitCode } from '../exit-codes.ts';
import { createProgress } from '../progress.ts';
import { configFrom } from '../shared/config-options.ts';
import { withInstance } from '../shared/instance.ts';
import { cli, UUID } from './casualties-common.ts';

/**
 * The work of `reckon casualties review-export` and `stats` (declared in casualties.ts, which loads this module when
 * one of them runs): what a run found, for reviewers and for the terminal.
 */

const quote = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
/** A cell that a spreadsheet would run as a formula is prefixed so it stays text. */
const cell = (v: string | number | null | undefined) => {
  const s = v === null || v === undefined ? '' : String(v);
  return quote(/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);
};

async function runId(ctx: AppContext, ref: string): Promise<string> {
  if (ref === 'latest') {
    const done = (await ctx.casualties.runs.list(cli)).find((r) => r.state === 'done');
    if (!done) throw new CliError('no linkage run has finished yet (reckon casualties link)', ExitCode.failed);
    return done.id;
  }
  if (!UUID.test(ref)) throw new CliError(`run must be a linkage run id or "latest", got "${ref}"`, ExitCode.usage);
  return ref;
}

function band(raw: string, name: string): number {
  const v = Number(raw);
  if (!(v >= 0 && v <= 1)) throw new CliError(`${name} must be between 0 and 1, got "${raw}"`, ExitCode.usage);
  return v;
}

export async function reviewExport(ref: string, options: { out: string; min: string; max: string; status: string } & Record<string, unknown>): Promise<void> {
  const min = band(options.min, '--min');
  const max = band(options.max, '--max');
  if (min > max) throw new CliError('--min must not exceed --max', ExitCode.usage);
  if (!['all', 'undecided', 'decided'].includes(options.status)) throw new CliError(`--status must be all, undecided or decided, got "${options.status}"`, ExitCode.usage);
  await withInstance(configFrom(options), async ({ ctx }) => {
    const id = await runId(ctx, ref);
    const sources = new Map((await ctx.casualties.listSources(cli)).map((s) => [s.id, s.name]));
    const header = ['record_a', 'record_b', 'source_a', 'source_b', 'list_id_a', 'list_id_b', 'name_a', 'name_b', 'probability', 'match_weight', 'differences', 'decision', 'why'];
    const lines = [header.join(',')];
    const progress = createProgress();
    let total = 0;
    for (let offset = 0; ; offset += 200) {
      const page = await ctx.casualties.review.queue(cli, id, { min, max, status: options.status as 'all', limit: 200, offset });
      if (offset === 0) progress.start(page.total, 'exporting pairs');
      for (const p of page.pairs) {
        const why = p.explanation.terms
          .filter((t) => t.levelIndex > 0)
          .map((t) => `${t.comparison}: ${t.level} (${t.log2BayesFactor >= 0 ? '+' : ''}${t.log2BayesFactor.toFixed(2)})`)
          .join('; ');
        lines.push(
          [
            p.recordA.id,
            p.recordB.id,
            sources.get(p.recordA.sourceId) ?? '',
            sources.get(p.recordB.sourceId) ?? '',
            p.recordA.sourceRecordId,
            p.recordB.sourceRecordId,
            [...p.recordA.names, [p.recordA.familyName, p.recordA.givenName, p.recordA.patronymic].filter(Boolean).join(' ')].filter(Boolean).join(' / '),
            [...p.recordB.names, [p.recordB.familyName, p.recordB.givenName, p.recordB.patronymic].filter(Boolean).join(' ')].filter(Boolean).join(' / '),
            p.probability.toFixed(4),
            p.weight.toFixed(3),
            p.differences.join(' '),
            p.decision?.decision ?? '',
            why,
          ]
            .map(cell)
            .join(','),
        );
      }
      total += page.pairs.length;
      progress.update(total);
      if (page.pairs.length < 200) break;
    }
    progress.stop();
    // written whole, then renamed: a reader never sees half a file
    const temporary = `${options.out}.partial`;
    await writeFile(temporary, `${lines.join('\n')}\n`, { mode: 0o600 });
    await rename(temporary, options.out);
    process.stdout.write(`${total} pair(s) with probability ${min}–${max} written to ${options.out}\n`);
  });
}

function table(title: string, rows: Array<[string, string | number]>, total?: number | null): string {
  if (rows.length === 0) return `${title}\n  (none)\n`;
  const width = Math.min(40, Math.max(...rows.map(([k]) => k.length)));
  const lines = rows.map(([k, v]) => {
    const share = total && typeof v === 'number' ? `  ${((100 * v) / total).toFixed(1).padStart(5)} %` : '';
    return `  ${k.slice(0, 40).padEnd(width)}  ${String(v).padStart(8)}${share}`;
  });
  return `${title}\n${lines.join('\n')}\n`;
}

export function formatStats(s: StatsView): string {
  const min = s.suppression.minCell;
  /** A hidden count: every one looks the same, whether it was small or hidden beside a small one. */
  const shown = (v: number | null): string | number => (v === null ? `<${min}*` : v);
  const n = s.totals.persons;
  const rows = (list: Array<{ key: string; persons: number | null }>, limit = 30): Array<[string, string | number]> => {
    const head = list.slice(0, limit).map((r) => [r.key, shown(r.persons)] as [string, string | number]);
    const tail = list.slice(limit);
    // a sum over the rest would give a hidden cell back if it held one
    if (tail.some((r) => r.persons === null)) return [...head, [`(${tail.length} more)`, '*']];
    const rest = tail.reduce((sum, r) => sum + (r.persons ?? 0), 0);
    return rest > 0 ? [...head, [`(${tail.length} more)`, rest]] : head;
  };
  const patternLabel = (pattern: string) => s.sources.filter((_, i) => pattern[i] === '1').map((x) => x.name).join(' + ');
  return [
    `linkage run ${s.runId}: ${s.totals.records} records, ${shown(n)} persons (${shown(s.totals.linkedPersons)} in more than one record)\n`,
    `Counts are of persons; "conflicting" means the person's records disagree, "unknown" that none says.\n`,
    min > 0
      ? `Published view: counts of 1 to ${min - 1} persons, and cells that would give one back from a total, are shown as "<${min}*" (${s.suppression.hidden} hidden). Totals are exact and include the hidden cells.\n`
      : '',
    table(
      'Coverage per source (records, persons found, share of all persons)',
      s.coverage.map((c) => [c.name, `${c.records} / ${shown(c.persons)} / ${c.share === null ? '*' : `${(100 * c.share).toFixed(1)} %`}`]),
    ),
    table('Overlaps (persons by the lists that hold them)', s.overlaps.map((o) => [patternLabel(o.pattern), shown(o.persons)]), n),
    table('Sex', rows(s.bySex), n),
    table('Age band', rows(s.byAgeBand), n),
    table('Status', rows(s.byStatus), n),
    table('Month of death', rows(s.byDeathMonth), n),
    table('Place', rows(s.byPlace), n),
    table(`Disagreements between sources (${shown(s.disagreements.persons)} persons)`, s.disagreements.byField.map((d) => [d.field, shown(d.persons)])),
  ].join('\n');
}

export async function stats(ref: string, options: { json?: boolean; minCell?: string; receipt?: string; receiptData?: string; receiptKey?: string } & Record<string, unknown>): Promise<void> {
  if ((options.receiptData || options.receiptKey) && !options.receipt) throw new CliError('--receipt-data and --receipt-key go with --receipt <receipt.json>', ExitCode.usage);
  let minCell: number | undefined;
  if (options.minCell !== undefined) {
    minCell = Number(options.minCell);
    if (!Number.isInteger(minCell) || minCell < 0 || minCell > 1000) throw new CliError(`--min-cell must be a whole number from 0 to 1000, got "${options.minCell}"`, ExitCode.usage);
  }
  await withInstance(configFrom(options), async ({ ctx }) => {
    const result = await ctx.casualties.results.stats(cli, await runId(ctx, ref), { minCell });
    process.stdout.write(options.json ? `${JSON.stringify(result, null, 2)}\n` : formatStats(result));
    if (options.receipt) {
      const { writeStatisticsReceipt } = await import('./receipt-statistics.ts');
      const data = await writeStatisticsReceipt(ctx, result, { receipt: options.receipt, data: options.receiptData, key: options.receiptKey });
      process.stderr.write(`receipt written to ${options.receipt}, its persons table to ${data}; check it with: reckon receipt verify ${options.receipt} --data ${data}\n`);
    }
  });
}
