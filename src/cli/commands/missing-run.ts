import { basename } from 'node:path';
import { systemActor } from '../../server/accounts/actor.ts';
import type { ColumnMapping, ImportProblem } from '../../server/casualties/csv.ts';
import { DomainError } from '../../server/errors.ts';
import { missingService } from '../../server/missing/routes.ts';
import { detectMissingColumns, MISSING_STATUSES, type MissingStatus } from '../../core/missing/statuses.ts';
import { CliError, ExitCode } from '../exit-codes.ts';
import { configFrom } from '../shared/config-options.ts';
import { withInstance } from '../shared/instance.ts';
import { detectMapping, findSource, formatProblems, readListFile } from './casualties-run.ts';

/**
 * The work of `reckon missing import|list` (declared in missing.ts, which loads this module, and with it the server,
 * when one of them runs): lists of the missing through the same service as the API (docs/missing.md).
 */

const cli = systemActor('reckon missing');

export async function importMissing(sourceRef: string, file: string, options: { create?: boolean; json?: boolean } & Record<string, unknown>): Promise<void> {
  const buffer = readListFile(file);
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

export async function list(options: { status?: string; name?: string; page?: string; json?: boolean } & Record<string, unknown>): Promise<void> {
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

