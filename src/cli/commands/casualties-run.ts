import { open, readFile, rm, type FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import type { AppContext } from '../../server/context.ts';
import { DomainError } from '../../server/errors.ts';
import { JobQueue } from '../../server/jobs/queue.ts';
import { parseCasualtyCsv, recordFields, sampleCsv, type ColumnMapping, type ImportProblem } from '../../server/casualties/csv.ts';
import { detectListColumns, type ColumnDecision } from '../../core/casualties/columns.ts';
import { mappingFromDetected } from '../../core/casualties/record-fields.ts';
import { LINK_JOB, LINK_TIME_LIMIT_MS } from '../../server/casualties/runs.ts';
import { mappingSchema } from '../../server/casualties/schemas.ts';
import { CliError, ExitCode } from '../exit-codes.ts';
import { createProgress } from '../progress.ts';
import { configFrom } from '../shared/config-options.ts';
import { readInputFile } from '../shared/input-file.ts';
import { withInstance } from '../shared/instance.ts';
import { cli, UUID } from './casualties-common.ts';

/**
 * The work of `reckon casualties import|link|cancel` (declared in casualties.ts, which loads this module when one of
 * them runs): the casualty lists in Reckon's database from the command line, through the same services as the API.
 */

const MAX_FILE_BYTES = 40 * 1024 * 1024;

/** A list to import (of casualties or of the missing), refused before reading when it is over the import limit. */
export const readListFile = (file: string): Buffer => readInputFile(file, { limit: MAX_FILE_BYTES, overLimit: `the import limit is ${MAX_FILE_BYTES}`, unreadable: ExitCode.usage });

/** A source named by id or by name (names are unique, case-insensitive). */
export async function findSource(ctx: AppContext, ref: string): Promise<{ id: string; name: string; columnMapping: Record<string, unknown> } | undefined> {
  const sources = await ctx.casualties.listSources(cli);
  return sources.find((s) => s.id === ref) ?? sources.find((s) => s.name.toLowerCase() === ref.trim().toLowerCase());
}

/**
 * A mapping from the file's own header and first rows, through the shared column detection (headers in English,
 * Azerbaijani, Russian and Armenian; sample values checked), with the reason for each column.
 */
export function detectMapping(buffer: Buffer, file: string): { mapping: ColumnMapping | null; columns: ColumnDecision[] } {
  const sample = sampleCsv(buffer);
  // a file that cannot be read says why (its encoding, its quoting, its emptiness), not that no column was recognised
  if ('code' in sample) throw new CliError(`${formatProblems(file, [sample])}\n${file}: nothing was imported`, ExitCode.failed);
  const detected = detectListColumns(sample.header, { samples: (column) => sample.rows.map((r) => r[sample.header.indexOf(column)] ?? '') });
  return { mapping: mappingFromDetected(detected), columns: detected.columns };
}

async function readMapping(path: string): Promise<ColumnMapping> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new CliError(`${path}: ${(error as Error).message}`, ExitCode.usage);
  }
  const parsed = mappingSchema.safeParse(raw);
  if (!parsed.success) {
    throw new CliError(`${path}: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'mapping'}: ${i.message}`).join('; ')} (fields: ${recordFields.join(', ')})`, ExitCode.usage);
  }
  return parsed.data as ColumnMapping;
}

export function formatProblems(file: string, problems: ImportProblem[]): string {
  return problems.map((p) => `${file}${p.line !== null ? `:${p.line}` : ''}${p.field ? ` [${p.field}]` : ''}: ${p.message} (${p.code})`).join('\n');
}

/** What to say when rows have problems and nothing was imported: how many rows are good, and how to import them. */
function refusalTail(file: string, details: { problemCount?: number; rejectedRows?: number | null; goodRows?: number }, shown: number): string {
  const count = details.problemCount ?? shown;
  const more = count > shown ? ` (the first ${shown} shown)` : '';
  const rows = details.rejectedRows ?? 0;
  const good = details.goodRows ?? 0;
  const hint = rows > 0 && good > 0 ? `; to import the ${good} good row(s) and write the ${rows} others with their reasons to a CSV: --good-rows --rejected <rejected.csv>` : '';
  return `${file}: ${count} problem(s)${more}; nothing was imported${hint}`;
}

export async function importList(
  sourceRef: string,
  file: string,
  options: { mapping?: string; create?: boolean; json?: boolean; goodRows?: boolean; rejected?: string } & Record<string, unknown>,
): Promise<void> {
  if (options.goodRows && !options.rejected) throw new CliError('--good-rows needs --rejected <file.csv>, where the rows left out are written with their reasons', ExitCode.usage);
  if (options.rejected && !options.goodRows) throw new CliError('--rejected is for --good-rows imports', ExitCode.usage);
  const buffer = readListFile(file);
  const explicit = options.mapping ? await readMapping(options.mapping) : null;
  await withInstance(configFrom(options), async ({ ctx }) => {
    let source = await findSource(ctx, sourceRef);
    if (!source && !options.create) throw new CliError(`no casualty source "${sourceRef}" (pass --create to register it under that name)`, ExitCode.failed);
    if (!source) source = { id: '', name: sourceRef.trim(), columnMapping: {} };
    const saved = source.columnMapping && Object.keys(source.columnMapping).length > 0 ? (source.columnMapping as ColumnMapping) : null;
    const detected = explicit || saved ? null : detectMapping(buffer, file);
    const mapping = explicit ?? saved ?? detected?.mapping ?? null;
    if (!mapping) {
      const why = detected?.columns.map((c) => `  ${c.column}: ${c.reason}`).join('\n') ?? '';
      throw new CliError(
        `${file}: no column holding a record id or a name was recognised${why ? `:\n${why}\n` : '; '}pass --mapping m.json (e.g. {"source_record_id":"id","family_name":"Фамилия","given_name":"Имя","sex":"Пол"}; fields: ${recordFields.join(', ')})`,
        ExitCode.usage,
      );
    }
    // the mapping chosen from the header is shown with its reasons, so that a wrong guess is seen before it matters
    if (detected && !options.json) {
      process.stderr.write(`${file}: columns detected from the header:\n${detected.columns.map((c) => `  ${c.column} → ${c.role ?? '(not used)'}: ${c.reason}`).join('\n')}\n`);
    }
    // checked before a new source is registered, so that a rejected file leaves nothing behind
    const parsed = parseCasualtyCsv(buffer, mapping, { maxRows: 200_000 });
    if (parsed.fileProblems.length > 0 || (!options.goodRows && parsed.rejected.length > 0)) {
      const details = { problemCount: parsed.problemCount, rejectedRows: parsed.fileProblems.length > 0 ? 0 : parsed.rejected.length, goodRows: parsed.records.length };
      throw new CliError(`${formatProblems(file, parsed.problems)}\n${refusalTail(file, details, parsed.problems.length)}`, ExitCode.failed);
    }
    // the rejected rows' file is claimed before anything is written (never overwritten), and removed if the import fails
    let out: FileHandle | null = null;
    if (options.rejected) {
      try {
        out = await open(options.rejected, 'wx');
      } catch (error) {
        throw new CliError(`--rejected ${options.rejected}: ${(error as NodeJS.ErrnoException).code === 'EEXIST' ? 'the file exists; choose a new name' : (error as Error).message}`, ExitCode.usage);
      }
    }
    let written = false;
    try {
      if (!source.id) source = await ctx.casualties.createSource(cli, { name: sourceRef.trim() });
      const result = await ctx.casualties.importCsv(cli, source.id, buffer, mapping, { mode: options.goodRows ? 'good_rows' : 'all_or_nothing', fileName: basename(file) });
      if (out && result.rejectedCsv) {
        await out.writeFile(result.rejectedCsv, 'utf8');
        written = true;
      }
      for (const w of result.warnings) process.stderr.write(`${file}: warning: ${w.message}\n`);
      const { rejectedCsv: _csv, ...summary } = result;
      void _csv;
      process.stdout.write(
        options.json
          ? `${JSON.stringify({ source: { id: source.id, name: source.name }, ...summary, rejectedFile: written ? options.rejected : null, mapping, detectedColumns: detected?.columns ?? null })}\n`
          : `imported ${result.imported} record(s) into "${source.name}" (${result.encoding}, sha256 ${result.sha256})` +
              (result.rejected > 0 ? `; ${result.rejected} row(s) left out, with their reasons, in ${options.rejected}` : '') +
              '\n',
      );
    } catch (error) {
      if (error instanceof DomainError && error.code === 'import_rejected') {
        const details = error.details as { problems: ImportProblem[]; problemCount?: number; rejectedRows?: number | null; goodRows?: number };
        throw new CliError(`${formatProblems(file, details.problems)}\n${refusalTail(file, details, details.problems.length)}`, ExitCode.failed);
      }
      throw error;
    } finally {
      await out?.close();
      if (options.rejected && !written) await rm(options.rejected, { force: true });
    }
  });
}

function probabilityOption(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!(value > 0 && value < 1)) throw new CliError(`${name} must be a number between 0 and 1, got "${raw}"`, ExitCode.usage);
  return value;
}

export async function link(options: { sources?: string; threshold?: string; reviewFloor?: string; strict?: boolean; json?: boolean } & Record<string, unknown>): Promise<void> {
  const threshold = probabilityOption('--threshold', options.threshold);
  const reviewFloor = probabilityOption('--review-floor', options.reviewFloor);
  await withInstance(configFrom(options), async ({ ctx }) => {
    const all = await ctx.casualties.listSources(cli);
    let chosen = all;
    if (options.sources) {
      chosen = [];
      for (const ref of options.sources.split(',').map((s) => s.trim()).filter(Boolean)) {
        const source = await findSource(ctx, ref);
        if (!source) throw new CliError(`--sources: no casualty source "${ref}" (known: ${all.map((s) => s.name).join(', ') || 'none'})`, ExitCode.usage);
        chosen.push(all.find((s) => s.id === source.id)!);
      }
    }
    if (chosen.length === 0) throw new CliError('there are no casualty sources; import a list first (reckon casualties import <source> <file.csv> --create)', ExitCode.failed);
    const created = await ctx.casualties.runs.create(cli, {
      sourceIds: chosen.map((s) => s.id),
      settings: { ...(threshold !== undefined ? { threshold } : {}), ...(reviewFloor !== undefined ? { reviewFloor } : {}), ...(options.strict ? { clustering: 'strict' as const } : {}) },
    });
    const run = await waitForRun(ctx, created.id, !options.json);
    if (options.json) process.stdout.write(`${JSON.stringify(run, null, 2)}\n`);
    else {
      const c = run.counts;
      process.stdout.write(
        run.state === 'done'
          ? `run ${run.id}: ${c.records} records → ${c.persons} persons (${c.linkedPersons} found in more than one record; the largest has ${c.largestPerson ?? '?'} records; ${c.flaggedPersons ?? 0} flagged for review); ${c.pairsStored} pairs kept for review, ${c.decisionsApplied} review decision(s) applied\n` +
              `${run.warnings.map((w) => `warning: ${w}\n`).join('')}next: reckon casualties stats ${run.id}\n`
          : '',
      );
    }
    if (run.state === 'cancelled') throw new CliError(`run ${run.id} was cancelled; nothing of it was kept`, ExitCode.failed);
    if (run.state !== 'done') throw new CliError(`run ${run.id} failed: ${run.error ?? 'no reason recorded'}`, ExitCode.failed);
  });
}

/** Cancels a run: a queued one at once, a running one (here or in a server on the same database) at its next check. */
export async function cancel(ref: string, options: { json?: boolean } & Record<string, unknown>): Promise<void> {
  if (!UUID.test(ref)) throw new CliError(`run must be a linkage run id, got "${ref}"`, ExitCode.usage);
  await withInstance(configFrom(options), async ({ ctx }) => {
    const run = await ctx.casualties.runs.cancel(cli, ref);
    process.stdout.write(
      options.json
        ? `${JSON.stringify(run, null, 2)}\n`
        : run.state === 'cancelled'
          ? `run ${run.id} cancelled\n`
          : `run ${run.id}: cancellation asked; it stops at its next check and keeps nothing (its state is on the run page of the web app)\n`,
    );
  });
}

/**
 * Runs the linkage job here with a queue that knows only that kind (so the command never picks up other modules'
 * work), showing progress from the run row. If another process (a server on the same PostgreSQL) claims the job
 * first, this just follows its progress.
 */
async function waitForRun(ctx: AppContext, runId: string, showProgress: boolean) {
  const queue = new JobQueue(ctx.db, { concurrency: 1, timeLimitMs: LINK_TIME_LIMIT_MS, pollIntervalMs: 500 });
  queue.register(LINK_JOB, async (payload, run) => ctx.casualties.runs.execute(String(payload.runId), run.signal));
  const progress = createProgress({ enabled: showProgress && Boolean(process.stderr.isTTY) });
  progress.start(1000, 'linking');
  const poll = setInterval(() => {
    void ctx.casualties.runs.get(cli, runId).then((r) => progress.update(Math.round(r.progress * 1000)), () => {});
  }, 500);
  try {
    for (;;) {
      const run = await ctx.casualties.runs.get(cli, runId);
      if (run.state === 'done' || run.state === 'failed' || run.state === 'cancelled') {
        progress.update(1000);
        return run;
      }
      const ran = await queue.runOnce();
      if (!ran) await new Promise((resolve) => setTimeout(resolve, 500));
    }
  } finally {
    clearInterval(poll);
    progress.stop();
  }
}
