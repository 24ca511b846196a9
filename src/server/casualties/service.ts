import { createHash, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { actorId, requireRole, type Actor } from '../accounts/actor.ts';
import { recordAudit } from '../audit/service.ts';
import type { Database } from '../db/schema.ts';
import { conflict, invalid, notFound } from '../errors.ts';
import { parseCasualtyCsv, type ColumnMapping } from './csv.ts';

export interface SourceInput {
  name: string;
  compiledBy?: string | null;
  compiledAt?: string | null;
  method?: string | null;
  archiveItemId?: string | null;
}

export interface SourceView {
  id: string;
  name: string;
  compiledBy: string | null;
  compiledAt: string | null;
  method: string | null;
  archiveItemId: string | null;
  columnMapping: Record<string, unknown>;
  records: number;
}

const MAX_IMPORT_ROWS = 200_000;

export class CasualtiesService {
  constructor(private readonly db: Kysely<Database>) {}

  async createSource(actor: Actor, input: SourceInput): Promise<SourceView> {
    requireRole(actor, 'editor');
    const id = randomUUID();
    return this.db.transaction().execute(async (tx) => {
      const existing = await tx.selectFrom('casualty_sources').select('id').where((eb) => eb(eb.fn('lower', ['name']), '=', input.name.toLowerCase())).executeTakeFirst();
      if (existing) throw conflict('source_exists', `a source named "${input.name}" already exists`, { id: existing.id });
      await tx
        .insertInto('casualty_sources')
        .values({
          id,
          name: input.name,
          compiled_by: input.compiledBy ?? null,
          compiled_at: input.compiledAt ?? null,
          method: input.method ?? null,
          archive_item_id: input.archiveItemId ?? null,
          created_by: actorId(actor),
        })
        .execute();
      await recordAudit(tx, actor, { action: 'casualties.source_created', subjectType: 'casualty_source', subjectId: id, details: { ...input } });
      return { id, name: input.name, compiledBy: input.compiledBy ?? null, compiledAt: input.compiledAt ?? null, method: input.method ?? null, archiveItemId: input.archiveItemId ?? null, columnMapping: {}, records: 0 };
    });
  }

  async listSources(actor: Actor): Promise<SourceView[]> {
    requireRole(actor, 'editor', 'reviewer', 'viewer', 'facilitator');
    const rows = await this.db
      .selectFrom('casualty_sources as s')
      .leftJoin('casualty_records as r', (j) => j.onRef('r.source_id', '=', 's.id').on('r.current', '=', true))
      .select((eb) => ['s.id', 's.name', 's.compiled_by', 's.compiled_at', 's.method', 's.archive_item_id', 's.column_mapping', eb.fn.count<string>('r.id').as('records')])
      .groupBy('s.id')
      .orderBy('s.name')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      compiledBy: r.compiled_by,
      compiledAt: r.compiled_at,
      method: r.method,
      archiveItemId: r.archive_item_id,
      columnMapping: r.column_mapping,
      records: Number(r.records),
    }));
  }

  /** All or nothing: any problem in the file rejects the whole import and nothing is written. */
  async importCsv(actor: Actor, sourceId: string, file: Buffer, mapping: ColumnMapping): Promise<{ imported: number; encoding: string; sha256: string }> {
    requireRole(actor, 'editor');
    const parsed = parseCasualtyCsv(file, mapping, { maxRows: MAX_IMPORT_ROWS });
    if (parsed.problems.length > 0) throw invalid('import_rejected', `the file has ${parsed.problems.length} problem(s); nothing was imported`, { problems: parsed.problems });
    const sha256 = createHash('sha256').update(file).digest('hex');
    return this.db.transaction().execute(async (tx) => {
      const source = await tx.selectFrom('casualty_sources').select('id').where('id', '=', sourceId).forUpdate().executeTakeFirst();
      if (!source) throw notFound('Casualty source', sourceId);
      const ids = parsed.records.map((r) => r.sourceRecordId);
      const clashes: string[] = [];
      for (let i = 0; i < ids.length; i += 5000) {
        const found = await tx.selectFrom('casualty_records').select('source_record_id').where('source_id', '=', sourceId).where('current', '=', true).where('source_record_id', 'in', ids.slice(i, i + 5000)).execute();
        clashes.push(...found.map((f) => f.source_record_id));
      }
      if (clashes.length > 0) {
        const lines = new Map(parsed.records.map((r) => [r.sourceRecordId, r.line]));
        throw invalid('import_rejected', `${clashes.length} record id(s) are already in this source; correct a record by adding a version`, {
          problems: clashes.slice(0, 200).map((id) => ({ line: lines.get(id) ?? null, field: 'source_record_id', code: 'duplicate_record_id', message: `record id "${id}" is already in this source` })),
        });
      }
      const by = actorId(actor);
      for (let i = 0; i < parsed.records.length; i += 500) {
        await tx
          .insertInto('casualty_records')
          .values(
            parsed.records.slice(i, i + 500).map((r) => ({
              id: randomUUID(),
              source_id: sourceId,
              source_record_id: r.sourceRecordId,
              version: 1,
              supersedes: null,
              names: JSON.stringify(r.names),
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
              raw_row: JSON.stringify(r.raw),
              line: r.line,
              created_by: by,
            })),
          )
          .execute();
      }
      await tx.updateTable('casualty_sources').set({ column_mapping: JSON.stringify(mapping) }).where('id', '=', sourceId).execute();
      await recordAudit(tx, actor, {
        action: 'casualties.imported',
        subjectType: 'casualty_source',
        subjectId: sourceId,
        details: { fileSha256: sha256, rows: parsed.records.length, encoding: parsed.encoding, mapping },
      });
      return { imported: parsed.records.length, encoding: parsed.encoding, sha256 };
    });
  }
}
