import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { systemActor } from '../../server/accounts/actor.ts';
import type { ColumnMapping, ImportProblem } from '../../server/casualties/csv.ts';
import { DomainError } from '../../server/errors.ts';
import { missingService } from '../../server/missing/routes.ts';
import { detectMissingColumns, MISSING_STATUSES, type MissingStatus } from '../../core/missing/statuses.ts';
import { CliError, ExitCode } from '../exit-codes.ts';
import { configFrom, withDataOptions } from '../shared/config-options.ts';
import { withInstance } from '../shared/instance.ts';
import { detectMapping, findSource, formatProblems } from './casualties-run.ts';

/** `reckon missing import|list`: lists of the missing through the same service as the API (docs/missing.md). */

const cli = systemActor('reckon missing');
const MAX_FILE_BYTES = 40 * 1024 * 1024;

async function importMissing(sourceRef: string, file: string, options: { create?: boolean; json?: boolean } & Record<string, unknown>): Promise<void> {
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`, ExitCode.usage);
  }
  if (size > MAX_FILE_BYTES) throw new CliError(`${file} is ${size} bytes; the import limit is ${MAX_FILE_BYTES}`, ExitCode.failed);
  const buffer = await readFile(file);
  await withInstance(configFrom(options), async ({ ctx }) => {
    let source = await findSource(ctx, sourceRef);
    if (!source && !options.create) throw new CliError(`no casualty source "${sourceRef}" (pass --create to register it under that name)`, ExitCode.failed);
    const detected = detectMapping(buffer, file);
    if (!detected.mapping) throw new CliError(`${file}: no column holding the record id was recognised:\n${detected.columns.map((c) => `  ${c.column}: ${c.reason}`).join('\n')}`, ExitCode.usage);
    // a column that names a missing person's status or sighting is read by the missing importer, not as a casualty field
    const own = new Set(Object.values(detectMissingColumns(detected.columns.map((c) => c.column))));
    const mapping = Object.fromEntries(
      Object.entries(detected.mapping).flatMap(([field, column]) => {
        const kept = Array.isArray(column) ? column.filter((c) => !own.has(c)) : typeof column === 'string' && own.has(column) ? undefined : column;
        return kept === undefined || (Array.isArray(kept) && kept.length === 0) ? [] : [[field, kept]];
      }),
    ) as ColumnMapping;
    if (!source) source = { ...(await ctx.casualties.createSource(cli, { name: sourceRef.trim() })), columnMapping: {} };
    try {
      const result = await missingService(ctx).importCsv(cli, source.id, buffer, mapping, { fileName: basename(file) });
      const { rejectedCsv: _csv, ...summary } = result;
      void _csv;
      process.stdout.write(options.json ? `${JSON.stringify({ source: { id: source.id, name: source.name }, ...summary })}\n` : `imported ${result.imported} record(s) into "${source.name}" with ${result.statuses} status(es) and ${result.sightings} last sighting(s); columns: ${Object.entries(result.columns).map(([k, v]) => `${k}=${v}`).join(', ') || 'none (every row recorded as missing)'}\n`);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'import_rejected') {
        const details = error.details as { problems: ImportProblem[]; problemCount?: number };
        throw new CliError(`${formatProblems(file, details.problems)}\n${file}: ${details.problemCount ?? details.problems.length} problem(s); nothing was imported`, ExitCode.failed);
      }
      throw error;
    }
  });
}

async function list(options: { status?: string; name?: string; page?: string; json?: boolean } & Record<string, unknown>): Promise<void> {
  if (options.status && !(MISSING_STATUSES as readonly string[]).includes(options.status)) throw new CliError(`--status must be one of ${MISSING_STATUSES.join(', ')}`, ExitCode.usage);
  const page = Number(options.page ?? '1');
  if (!Number.isInteger(page) || page < 1) throw new CliError('--page must be a whole number from 1', ExitCode.usage);
  await withInstance(configFrom(options), async ({ ctx }) => {
    const found = await missingService(ctx).list(cli, { status: options.status as MissingStatus | undefined, q: options.name, page });
    if (options.json) {
      process.stdout.write(`${JSON.stringify(found)}\n`);
      return;
    }
    process.stdout.write(`${found.total} person(s)${found.total > found.pageSize ? `, page ${page}` : ''}\n`);
    for (const p of found.persons) {
      process.stdout.write(`${p.id}  ${p.names.join(' / ')}  (${p.source})\n`);
      for (const s of p.statuses) process.stdout.write(`    ${s.date ?? '—'}  ${s.status}  reported by ${s.reportedBy}\n`);
    }
  });
}

export function register(program: Command): void {
  const missing = program.command('missing').description('missing persons: import lists of the missing, list persons with each status as its source reports it');
  withDataOptions(
    missing
      .command('import <source> <file>')
      .description('import a CSV list of the missing into a source (by name or id): columns detected from the header in en, az, ru, hy (status, status date, last seen, reported by); all or nothing, problems by line and column')
      .option('--create', 'register the source under that name if it does not exist')
      .option('--json', 'machine-readable output'),
  ).action(async (source: string, file: string, options: Record<string, unknown>) => importMissing(source, file, options));
  withDataOptions(
    missing
      .command('list')
      .description('persons some source reports with a status, 50 a page')
      .option('--status <status>', `only persons some source reports so (${MISSING_STATUSES.join(', ')})`)
      .option('--name <text>', 'a name in any script')
      .option('--page <n>', 'page (default 1)')
      .option('--json', 'machine-readable output'),
  ).action(async (options: Record<string, unknown>) => list(options));
}
