import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { ItemFileRow, ItemRow } from './tables.ts';

type Db = Kysely<Database>;

export async function findItem(db: Db, id: string): Promise<ItemRow | undefined> {
  return db.selectFrom('items').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findItemForUpdate(db: Db, id: string): Promise<ItemRow | undefined> {
  return db.selectFrom('items').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function filesOfItem(db: Db, itemId: string) {
  return db
    .selectFrom('item_files')
    .innerJoin('blobs', 'blobs.sha256', 'item_files.blob_sha256')
    .selectAll('item_files')
    .select(['blobs.sha512', 'blobs.size', 'blobs.mime', 'blobs.encrypted'])
    .where('item_files.item_id', '=', itemId)
    .orderBy('item_files.created_at')
    .orderBy('item_files.id')
    .execute();
}

export async function findFile(db: Db, itemId: string, fileId: string) {
  return db
    .selectFrom('item_files')
    .innerJoin('blobs', 'blobs.sha256', 'item_files.blob_sha256')
    .selectAll('item_files')
    .select(['blobs.sha512', 'blobs.size', 'blobs.mime', 'blobs.encrypted'])
    .where('item_files.item_id', '=', itemId)
    .where('item_files.id', '=', fileId)
    .executeTakeFirst();
}

export async function insertFile(db: Db, file: Omit<ItemFileRow, 'created_at' | 'redaction'> & { redaction?: string | null }): Promise<void> {
  await db.insertInto('item_files').values(file).execute();
}

export async function tagsOfItem(db: Db, itemId: string) {
  return db
    .selectFrom('item_tags')
    .innerJoin('vocabulary_terms', 'vocabulary_terms.id', 'item_tags.term_id')
    .select(['vocabulary_terms.id', 'vocabulary_terms.vocabulary_id', 'vocabulary_terms.term'])
    .where('item_tags.item_id', '=', itemId)
    .orderBy('vocabulary_terms.vocabulary_id')
    .orderBy('vocabulary_terms.term')
    .execute();
}

export async function relatedOfItem(db: Db, itemId: string): Promise<string[]> {
  const rows = await db.selectFrom('item_relations').select('related_id').where('item_id', '=', itemId).orderBy('related_id').execute();
  return rows.map((r) => r.related_id);
}

export async function replaceTags(db: Db, itemId: string, termIds: readonly string[]): Promise<void> {
  await db.deleteFrom('item_tags').where('item_id', '=', itemId).execute();
  if (termIds.length) await db.insertInto('item_tags').values(termIds.map((term_id) => ({ item_id: itemId, term_id }))).execute();
}

export async function replaceRelations(db: Db, itemId: string, relatedIds: readonly string[]): Promise<void> {
  await db.deleteFrom('item_relations').where('item_id', '=', itemId).execute();
  if (relatedIds.length) await db.insertInto('item_relations').values(relatedIds.map((related_id) => ({ item_id: itemId, related_id }))).execute();
}

export async function existingItemIds(db: Db, ids: readonly string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await db.selectFrom('items').select('id').where('id', 'in', [...ids]).execute();
  return new Set(rows.map((r) => r.id));
}

export async function termsByIds(db: Db, ids: readonly string[]) {
  if (!ids.length) return [];
  return db.selectFrom('vocabulary_terms').selectAll().where('id', 'in', [...ids]).execute();
}

export async function findTermByName(db: Db, vocabularyId: string, term: string) {
  return db
    .selectFrom('vocabulary_terms')
    .selectAll()
    .where('vocabulary_id', '=', vocabularyId)
    .where(sql<string>`lower(term)`, '=', term.toLowerCase())
    .executeTakeFirst();
}

/** Custody: audit events about the item or about any blob attached to it, oldest first. */
export async function custodyEvents(db: Db, itemId: string, limit: number) {
  const blobs = db.selectFrom('item_files').select('blob_sha256').where('item_id', '=', itemId);
  return db
    .selectFrom('audit_events')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb.and([eb('subject_type', '=', 'item'), eb('subject_id', '=', itemId)]),
        eb.and([eb('subject_type', '=', 'blob'), eb('subject_id', 'in', blobs)]),
      ]),
    )
    .orderBy('id')
    .limit(limit)
    .execute();
}
