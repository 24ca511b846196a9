import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { PublicationKind, PublicationState } from './tables.ts';

type Db = Kysely<Database>;

export async function findPublication(db: Db, kind: PublicationKind, id: string) {
  return db.selectFrom('publications').selectAll().where('subject_kind', '=', kind).where('subject_id', '=', id).executeTakeFirst();
}

export async function itemsFacts(db: Db, ids: readonly string[]) {
  if (!ids.length) return [];
  return db.selectFrom('items').select(['id', 'state', 'confidentiality', 'consent_scopes']).where('id', 'in', [...ids]).execute();
}

/** Which of the ids are public by their module's own flag (claims, acts, reports) or by their publication row. */
export async function publicIdsByFlag(db: Db, kind: PublicationKind, ids: readonly string[]): Promise<string[]> {
  if (!ids.length) return [];
  const list = [...ids];
  const rows =
    kind === 'claim'
      ? await db.selectFrom('registry_claims').select('id').where('id', 'in', list).where('published', '=', true).execute()
      : kind === 'recognition'
        ? await db.selectFrom('registry_recognition_acts').select('id').where('id', 'in', list).where('published', '=', true).execute()
        : kind === 'dialogue_report'
          ? await db.selectFrom('dialogue_conversations').select('id').where('id', 'in', list).where('report_public', '=', true).execute()
          : await db.selectFrom('publications').select('subject_id as id').where('subject_kind', '=', kind).where('subject_id', 'in', list).where('state', '=', 'public').execute();
  return rows.map((r) => r.id);
}

export async function savePublication(
  db: Db,
  row: { kind: PublicationKind; id: string; state: PublicationState; by: string | null; disclosure: Record<string, unknown> },
): Promise<void> {
  await db
    .insertInto('publications')
    .values({ subject_kind: row.kind, subject_id: row.id, state: row.state, changed_by: row.by, changed_at: new Date(), disclosure: JSON.stringify(row.disclosure) })
    .onConflict((oc) =>
      oc.columns(['subject_kind', 'subject_id']).doUpdateSet({ state: row.state, changed_by: row.by, changed_at: new Date(), disclosure: JSON.stringify(row.disclosure) }),
    )
    .execute();
}

// ---- the subjects, read for the confirmation and locked while their state changes ----

export async function itemForUpdate(db: Db, id: string) {
  return db.selectFrom('items').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function findItem(db: Db, id: string) {
  return db.selectFrom('items').selectAll().where('id', '=', id).executeTakeFirst();
}

/** An item's files, each with what its photo metadata holds (null for a file that is not a photo or not yet read). */
export async function itemFiles(db: Db, id: string) {
  return db
    .selectFrom('item_files')
    .innerJoin('blobs', 'blobs.sha256', 'item_files.blob_sha256')
    .leftJoin('extractions', (join) => join.onRef('extractions.blob_sha256', '=', 'item_files.blob_sha256').on('extractions.extractor', '=', 'image-metadata'))
    .select(['item_files.id', 'item_files.filename', 'item_files.confidentiality', 'item_files.role', 'item_files.blob_sha256', 'blobs.size', 'blobs.mime', 'extractions.metadata as photo_metadata'])
    .where('item_files.item_id', '=', id)
    .orderBy('item_files.created_at')
    .orderBy('item_files.id')
    .execute();
}

export async function testimonyOf(db: Db, id: string) {
  return db.selectFrom('testimonies').select(['pseudonym', 'interviewer', 'interview_place']).where('item_id', '=', id).executeTakeFirst();
}

export async function setItemPublic(db: Db, id: string, isPublic: boolean, confidentiality: 'public' | 'restricted' | 'confidential'): Promise<void> {
  await db
    .updateTable('items')
    .set({ state: isPublic ? 'published' : 'draft', published_at: isPublic ? new Date() : null, confidentiality, updated_at: new Date() })
    .where('id', '=', id)
    .execute();
}

export async function claimForUpdate(db: Db, id: string) {
  return db
    .selectFrom('registry_claims as c')
    .innerJoin('registry_actors as a', 'a.id', 'c.asserted_by')
    .select(['c.id', 'c.statement', 'c.date', 'c.published', 'a.name as asserted_by_name', 'a.type as asserted_by_type'])
    .where('c.id', '=', id)
    .forUpdate('c')
    .executeTakeFirst();
}

export async function actForUpdate(db: Db, id: string) {
  return db
    .selectFrom('registry_recognition_acts as r')
    .innerJoin('registry_actors as a', 'a.id', 'r.body_id')
    .select(['r.id', 'r.term', 'r.date', 'r.published', 'a.name as body_name'])
    .where('r.id', '=', id)
    .forUpdate('r')
    .executeTakeFirst();
}

export async function setRegistryPublished(db: Db, table: 'registry_claims' | 'registry_recognition_acts', id: string, published: boolean): Promise<void> {
  await db.updateTable(table).set({ published, updated_at: new Date() }).where('id', '=', id).execute();
}

export async function conversationForUpdate(db: Db, id: string) {
  return db.selectFrom('dialogue_conversations').select(['id', 'topic', 'report_public', 'min_group_size']).where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function setReportPublic(db: Db, id: string, isPublic: boolean): Promise<void> {
  await db.updateTable('dialogue_conversations').set({ report_public: isPublic, updated_at: new Date() }).where('id', '=', id).execute();
}

export async function estimateFor(db: Db, id: string) {
  return db.selectFrom('estimates').select(['id', 'title', 'state', 'input_kind', 'input_sha256', 'result', 'convergence_override']).where('id', '=', id).executeTakeFirst();
}

export async function runFor(db: Db, id: string) {
  return db.selectFrom('linkage_runs').select(['id', 'state', 'source_ids', 'counts']).where('id', '=', id).executeTakeFirst();
}

export async function sourceFor(db: Db, id: string) {
  return db
    .selectFrom('casualty_sources')
    .select(['id', 'name', 'compiled_by', 'compiled_at', sql<number>`(select count(*)::int from casualty_records r where r.source_id = casualty_sources.id and r.current)`.as('records')])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function sourceNames(db: Db, ids: readonly string[]) {
  if (!ids.length) return [];
  return db.selectFrom('casualty_sources').select(['id', 'name']).where('id', 'in', [...ids]).execute();
}

export async function addExclusion(db: Db, row: { sourceId: string; sourceRecordId: string; reason: string; by: string | null }): Promise<void> {
  await db
    .insertInto('memorial_exclusions')
    .values({ source_id: row.sourceId, source_record_id: row.sourceRecordId, reason: row.reason, created_by: row.by })
    .onConflict((oc) => oc.columns(['source_id', 'source_record_id']).doUpdateSet({ reason: row.reason }))
    .execute();
}
