import { createHash, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { actorId, requireRole, type Actor } from '../accounts/actor.ts';
import { recordAudit } from '../audit/service.ts';
import type { Database } from '../db/schema.ts';
import { conflict, invalid, notFound } from '../errors.ts';
import type { JobsService } from '../jobs/service.ts';
import { normaliseName } from '../../core/names/index.ts';
import { parseCasualtyCsv, rejectedRowsCsv, type ColumnMapping, type ImportedRecord, type ImportProblem, type ImportWarning } from './csv.ts';
import * as repo from './repository.ts';
import { LinkageRuns } from './runs.ts';
import { Results } from './results.ts';
import { Review } from './review.ts';
import type { correctionBody, ImportRefusal, RecordView, recordDetailResponse, sourcePatchBody, SourceView } from './schemas.ts';

/** Roles that may see record-level data (names, dates, places, notes of individual casualties). */
export const RECORD_READERS = ['editor', 'reviewer'] as const;
const ANY_ROLE = ['editor', 'reviewer', 'viewer', 'facilitator'] as const;

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** The names of a record (whole names, then the parts) romanised to one comparable form, for search across scripts. */
export function searchNames(names: readonly string[], parts: ReadonlyArray<string | null> = []): string {
  const partsTogether = parts.filter((p): p is string => !!p).join(' ');
  return [...names, partsTogether]
    .map((n) => normaliseName(n))
    .filter(Boolean)
    .join(' | ');
}

export type ImportMode = 'all_or_nothing' | 'good_rows';

export interface ImportOutcome {
  imported: number;
  encoding: string;
  sha256: string;
  rejected: number;
  rejectedCsv: string | null;
  warnings: ImportWarning[];
}

/** A search text in the same comparable form, or undefined when it has no letters left. */
export function romanisedQuery(q: string | undefined): string | undefined {
  if (!q) return undefined;
  const r = normaliseName(q);
  return r.length > 0 ? r : undefined;
}

export interface SourceInput {
  name: string;
  compiledBy?: string | null;
  compiledAt?: string | null;
  method?: string | null;
  archiveItemId?: string | null;
}

export type { SourceView } from './schemas.ts';

const MAX_IMPORT_ROWS = 200_000;

type SourcePatch = z.infer<typeof sourcePatchBody>;
type Correction = z.infer<typeof correctionBody>;
type RecordDetail = z.infer<typeof recordDetailResponse>;

function sourceView(r: Awaited<ReturnType<typeof repo.sourcesWithCounts>>[number]): SourceView {
  return {
    id: r.id,
    name: r.name,
    compiledBy: r.compiled_by,
    compiledAt: r.compiled_at,
    method: r.method,
    archiveItemId: r.archive_item_id,
    columnMapping: r.column_mapping,
    records: Number(r.records),
  };
}

/**
 * Casualty lists: sources, import, records and their versions here; linkage runs, review and results in their own
 * services, reached through this one (`ctx.casualties.runs`, `.review`, `.results`).
 */
export class CasualtiesService {
  readonly runs: LinkageRuns;
  readonly review: Review;
  readonly results: Results;

  constructor(
    private readonly db: Kysely<Database>,
    jobs: JobsService,
    options: { statsMinCell?: number } = {},
  ) {
    this.runs = new LinkageRuns(db, jobs);
    this.review = new Review(db);
    this.results = new Results(db, options.statsMinCell);
  }

  async createSource(actor: Actor, input: SourceInput): Promise<SourceView> {
    requireRole(actor, 'editor');
    const id = randomUUID();
    return this.db.transaction().execute(async (tx) => {
      const existing = await repo.findSourceByName(tx, input.name);
      if (existing) throw conflict('source_exists', `a source named "${input.name}" already exists`, { id: existing.id });
      await repo.insertSource(tx, {
        id,
        name: input.name,
        compiled_by: input.compiledBy ?? null,
        compiled_at: input.compiledAt ?? null,
        method: input.method ?? null,
        archive_item_id: input.archiveItemId ?? null,
        created_by: actorId(actor),
      });
      await recordAudit(tx, actor, { action: 'casualties.source_created', subjectType: 'casualty_source', subjectId: id, details: { ...input } });
      return {
        id,
        name: input.name,
        compiledBy: input.compiledBy ?? null,
        compiledAt: input.compiledAt ?? null,
        method: input.method ?? null,
        archiveItemId: input.archiveItemId ?? null,
        columnMapping: {},
        records: 0,
      };
    });
  }

  async listSources(actor: Actor): Promise<SourceView[]> {
    requireRole(actor, ...ANY_ROLE);
    return (await repo.sourcesWithCounts(this.db)).map(sourceView);
  }

  async getSource(actor: Actor, id: string): Promise<SourceView> {
    requireRole(actor, ...ANY_ROLE);
    const [row] = await repo.sourcesWithCounts(this.db, [id]);
    if (!row) throw notFound('Casualty source', id);
    return sourceView(row);
  }

  /** Changes a source's description or saved mapping; audited with the old and new values of what changed. */
  async updateSource(actor: Actor, id: string, patch: SourcePatch): Promise<SourceView> {
    requireRole(actor, 'editor');
    await this.db.transaction().execute(async (tx) => {
      const old = await repo.lockSource(tx, id);
      if (!old) throw notFound('Casualty source', id);
      if (patch.name !== undefined && patch.name.toLowerCase() !== old.name.toLowerCase()) {
        const clash = await repo.findSourceByName(tx, patch.name);
        if (clash) throw conflict('source_exists', `a source named "${patch.name}" already exists`, { id: clash.id });
      }
      const set = {
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.compiledBy !== undefined ? { compiled_by: patch.compiledBy } : {}),
        ...(patch.compiledAt !== undefined ? { compiled_at: patch.compiledAt } : {}),
        ...(patch.method !== undefined ? { method: patch.method } : {}),
        ...(patch.archiveItemId !== undefined ? { archive_item_id: patch.archiveItemId } : {}),
        ...(patch.columnMapping !== undefined ? { column_mapping: JSON.stringify(patch.columnMapping) } : {}),
      };
      await repo.updateSourceRow(tx, id, set);
      const before: Record<string, unknown> = {
        name: old.name,
        compiledBy: old.compiled_by,
        compiledAt: old.compiled_at,
        method: old.method,
        archiveItemId: old.archive_item_id,
        columnMapping: old.column_mapping,
      };
      const changes = Object.fromEntries(Object.entries(patch).map(([k, v]) => [k, { from: before[k] ?? null, to: v ?? null }]));
      await recordAudit(tx, actor, { action: 'casualties.source_updated', subjectType: 'casualty_source', subjectId: id, details: { changes } });
    });
    return this.getSource(actor, id);
  }

  async listRecords(
    actor: Actor,
    sourceId: string,
    filter: { q?: string; history: boolean; limit: number; offset: number },
  ): Promise<{ records: RecordView[]; total: number; limit: number; offset: number }> {
    requireRole(actor, ...RECORD_READERS);
    if (!(await repo.findSource(this.db, sourceId))) throw notFound('Casualty source', sourceId);
    const { rows, total } = await repo.listRecords(this.db, sourceId, { ...filter, romanised: romanisedQuery(filter.q) });
    return { records: rows.map(repo.recordView), total, limit: filter.limit, offset: filter.offset };
  }

  async getRecord(actor: Actor, id: string): Promise<RecordDetail> {
    requireRole(actor, ...RECORD_READERS);
    const row = await repo.findRecord(this.db, id);
    if (!row) throw notFound('Casualty record', id);
    const source = await repo.findSource(this.db, row.source_id);
    const versions = await repo.recordVersions(this.db, row.source_id, row.source_record_id);
    const raw = row.raw_row && Object.keys(row.raw_row).length > 0 ? row.raw_row : null;
    return { record: repo.recordView(row), source: { id: row.source_id, name: source?.name ?? '' }, versions: versions.map(repo.recordView), raw };
  }

  /**
   * A correction: a new version carrying the changed fields over the current one, which stops being current in the
   * same transaction. Never an edit in place. The audit keeps which fields changed and hashes of the values and the
   * reason (values are casualty data; the ledger is not the place for them).
   */
  async correctRecord(actor: Actor, id: string, correction: Correction): Promise<{ record: RecordView; superseded: string }> {
    requireRole(actor, 'editor');
    return this.db.transaction().execute(async (tx) => {
      const old = await repo.lockRecord(tx, id);
      if (!old) throw notFound('Casualty record', id);
      if (!old.current) {
        const currentId = await repo.currentVersionId(tx, old.source_id, old.source_record_id);
        throw conflict('not_current', 'this version has already been corrected; correct the current version', { currentId });
      }
      const c = correction.changes;
      const next = {
        names: c.names ?? old.names,
        family_name: c.familyName !== undefined ? c.familyName : old.family_name,
        given_name: c.givenName !== undefined ? c.givenName : old.given_name,
        patronymic: c.patronymic !== undefined ? c.patronymic : old.patronymic,
        sex: c.sex !== undefined ? c.sex : old.sex,
        age: c.age !== undefined ? c.age : old.age,
        birth_date: c.birthDate !== undefined ? c.birthDate : old.birth_date,
        death_date: c.deathDate !== undefined ? c.deathDate : old.death_date,
        place: c.place !== undefined ? c.place : old.place,
        status: c.status ?? old.status,
        type: c.type !== undefined ? c.type : old.type,
        cause: c.cause !== undefined ? c.cause : old.cause,
        perpetrator_reported: c.perpetratorReported !== undefined ? c.perpetratorReported : old.perpetrator_reported,
        notes: c.notes !== undefined ? c.notes : old.notes,
      };
      const changed = (Object.keys(next) as Array<keyof typeof next>).filter((k) => JSON.stringify(next[k]) !== JSON.stringify(old[k]));
      if (changed.length === 0) throw invalid('no_change', 'the correction changes nothing');
      if (next.birth_date && next.death_date && next.birth_date.slice(0, 4) > next.death_date.slice(0, 4)) {
        throw invalid('impossible_date', 'the birth date is after the death date', { field: 'birthDate' });
      }
      await repo.markSuperseded(tx, id);
      const newId = randomUUID();
      await repo.insertRecords(tx, [
        {
          id: newId,
          source_id: old.source_id,
          source_record_id: old.source_record_id,
          version: old.version + 1,
          supersedes: old.id,
          ...next,
          // a correction changes the fields it names; what the list said of the household stays
          relation: old.relation,
          marital_condition: old.marital_condition,
          occupation: old.occupation,
          father_name: old.father_name,
          mother_name: old.mother_name,
          maiden_name: old.maiden_name,
          names: JSON.stringify(next.names),
          search_names: searchNames(next.names, [next.family_name, next.given_name, next.patronymic]),
          correction_reason: correction.reason,
          created_by: actorId(actor),
        },
      ]);
      await recordAudit(tx, actor, {
        action: 'casualties.record_corrected',
        subjectType: 'casualty_record',
        subjectId: newId,
        details: {
          sourceId: old.source_id,
          sourceRecordId: old.source_record_id,
          version: old.version + 1,
          supersedes: old.id,
          fields: changed,
          valueHashes: Object.fromEntries(changed.map((k) => [k, { from: sha256(JSON.stringify(old[k])), to: sha256(JSON.stringify(next[k])) }])),
          reasonSha256: sha256(correction.reason),
        },
      });
      const row = await repo.findRecord(tx, newId);
      return { record: repo.recordView(row!), superseded: old.id };
    });
  }

  /**
   * Imports a list. By default all or nothing: any problem rejects the whole file and nothing is written. With
   * `good_rows` (chosen by the user after seeing the report) the rows without problems are imported and the others
   * come back as a CSV with the reason per row; problems of the file itself (unreadable, a mapped column missing,
   * no names anywhere) still refuse it whole. Audited with the file's hash, the mode and the rows left out.
   */
  async importCsv(
    actor: Actor,
    sourceId: string,
    file: Buffer,
    mapping: ColumnMapping,
    options: { mode?: ImportMode; fileName?: string } = {},
  ): Promise<ImportOutcome> {
    requireRole(actor, 'editor');
    const mode = options.mode ?? 'all_or_nothing';
    const parsed = parseCasualtyCsv(file, mapping, { maxRows: MAX_IMPORT_ROWS });
    const refuse = (problems: ImportProblem[], problemCount: number, goodRows: number) => {
      const fileLevel = parsed.fileProblems.length > 0;
      return invalid(
        'import_rejected',
        fileLevel
          ? `the file cannot be imported: ${parsed.fileProblems[0].message}; nothing was imported`
          : `${problemCount} problem(s) in ${parsed.rejected.length} row(s); nothing was imported (${goodRows} row(s) have none and can be imported on their own)`,
        {
          problems,
          problemCount,
          rejectedRows: fileLevel ? null : parsed.rejected.length,
          goodRows: fileLevel ? 0 : goodRows,
          warnings: parsed.warnings,
        } satisfies ImportRefusal,
      );
    };
    if (parsed.fileProblems.length > 0) throw refuse(parsed.problems, parsed.problemCount, 0);
    if (mode === 'all_or_nothing' && parsed.rejected.length > 0) throw refuse(parsed.problems, parsed.problemCount, parsed.records.length);
    const sha256 = createHash('sha256').update(file).digest('hex');
    return this.db.transaction().execute(async (tx) => {
      const source = await repo.lockSource(tx, sourceId);
      if (!source) throw notFound('Casualty source', sourceId);
      const clashes = await repo.existingRecordIds(
        tx,
        sourceId,
        parsed.records.map((r) => r.sourceRecordId),
      );
      const rejected = [...parsed.rejected];
      let records: ImportedRecord[] = parsed.records;
      if (clashes.size > 0) {
        const clashing = parsed.records.filter((r) => clashes.has(r.sourceRecordId));
        const problems = clashing.map((r) => ({
          line: r.line,
          field: 'source_record_id',
          column: typeof mapping.source_record_id === 'string' ? mapping.source_record_id : undefined,
          value: r.sourceRecordId,
          code: 'duplicate_record_id',
          message: `record id "${r.sourceRecordId}" is already in this source; correct a record by adding a version`,
        }));
        if (mode === 'all_or_nothing') {
          throw invalid('import_rejected', `${clashes.size} record id(s) are already in this source; correct a record by adding a version`, {
            problems: problems.slice(0, 200),
            problemCount: problems.length,
            rejectedRows: problems.length,
            goodRows: parsed.records.length - problems.length,
            warnings: parsed.warnings,
          });
        }
        records = parsed.records.filter((r) => !clashes.has(r.sourceRecordId));
        clashing.forEach((r, k) => rejected.push({ line: r.line, cells: parsed.header.map((h) => r.raw[h] ?? ''), problems: [problems[k]] }));
        rejected.sort((a, b) => a.line - b.line);
      }
      if (records.length === 0)
        throw invalid('import_rejected', 'no row of the file can be imported; nothing was imported', {
          problems: rejected.flatMap((r) => r.problems).slice(0, 200),
          problemCount: rejected.length,
          rejectedRows: rejected.length,
          goodRows: 0,
          warnings: parsed.warnings,
        });
      const by = actorId(actor);
      await repo.insertRecords(
        tx,
        records.map((r) => ({
          id: randomUUID(),
          source_id: sourceId,
          source_record_id: r.sourceRecordId,
          version: 1,
          supersedes: null,
          names: JSON.stringify(r.names),
          given_name: r.givenName,
          family_name: r.familyName,
          patronymic: r.patronymic,
          sex: r.sex,
          age: r.age,
          birth_date: r.birthDate,
          death_date: r.deathDate,
          place: r.place,
          status: r.status,
          type: r.type,
          cause: r.cause,
          perpetrator_reported: r.perpetratorReported,
          notes: r.notes,
          relation: r.household.relation,
          marital_condition: r.household.maritalCondition,
          occupation: r.household.occupation,
          father_name: r.household.fatherName,
          mother_name: r.household.motherName,
          maiden_name: r.household.maidenName,
          raw_row: JSON.stringify(r.raw),
          search_names: searchNames(r.names, [r.familyName, r.givenName, r.patronymic]),
          line: r.line,
          created_by: by,
        })),
      );
      await repo.updateSourceRow(tx, sourceId, { column_mapping: JSON.stringify(mapping) });
      await recordAudit(tx, actor, {
        action: 'casualties.imported',
        subjectType: 'casualty_source',
        subjectId: sourceId,
        details: {
          fileSha256: sha256,
          fileName: options.fileName ?? null,
          mode,
          rows: records.length,
          rejectedRows: rejected.length,
          rejectedLines: rejected.slice(0, 1000).map((r) => r.line),
          encoding: parsed.encoding,
          mapping,
        },
      });
      return {
        imported: records.length,
        encoding: parsed.encoding,
        sha256,
        rejected: rejected.length,
        rejectedCsv: rejected.length > 0 ? rejectedRowsCsv(parsed.header, rejected) : null,
        warnings: parsed.warnings,
      };
    });
  }
}
