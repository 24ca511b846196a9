import { sql, type Expression, type Insertable, type Kysely, type SqlBool, type Updateable } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { ItemFileRow, ItemRow, ItemsTable } from './tables.ts';

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

/** Many items by id in one statement (unknown ids are left out). */
export async function findItems(db: Db, ids: readonly string[]): Promise<ItemRow[]> {
  return ids.length ? db.selectFrom('items').selectAll().where('id', 'in', [...ids]).execute() : [];
}

/** The files of many items in one statement, in filesOfItem's order within each item. */
export async function filesOfItems(db: Db, itemIds: readonly string[]) {
  if (itemIds.length === 0) return [];
  return db
    .selectFrom('item_files')
    .innerJoin('blobs', 'blobs.sha256', 'item_files.blob_sha256')
    .selectAll('item_files')
    .select(['blobs.sha512', 'blobs.size', 'blobs.mime', 'blobs.encrypted'])
    .where('item_files.item_id', 'in', [...itemIds])
    .orderBy('item_files.item_id')
    .orderBy('item_files.created_at')
    .orderBy('item_files.id')
    .execute();
}

/** The tags of many items in one statement, in tagsOfItem's order within each item. */
export async function tagsOfItems(db: Db, itemIds: readonly string[]) {
  if (itemIds.length === 0) return [];
  return db
    .selectFrom('item_tags')
    .innerJoin('vocabulary_terms', 'vocabulary_terms.id', 'item_tags.term_id')
    .select(['item_tags.item_id', 'vocabulary_terms.id', 'vocabulary_terms.vocabulary_id', 'vocabulary_terms.term'])
    .where('item_tags.item_id', 'in', [...itemIds])
    .orderBy('item_tags.item_id')
    .orderBy('vocabulary_terms.vocabulary_id')
    .orderBy('vocabulary_terms.term')
    .execute();
}

/** The related ids of many items in one statement, in relatedOfItem's order within each item. */
export async function relatedOfItems(db: Db, itemIds: readonly string[]): Promise<Array<{ item_id: string; related_id: string }>> {
  if (itemIds.length === 0) return [];
  return db.selectFrom('item_relations').select(['item_id', 'related_id']).where('item_id', 'in', [...itemIds]).orderBy('item_id').orderBy('related_id').execute();
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

export async function insertItem(db: Db, item: Insertable<ItemsTable>): Promise<void> {
  await db.insertInto('items').values(item).execute();
}

/** Changes an item's columns; every change also moves its updated_at (an empty change only touches it). */
export async function updateItem(db: Db, id: string, set: Updateable<ItemsTable> = {}): Promise<void> {
  await db
    .updateTable('items')
    .set({ ...set, updated_at: new Date() })
    .where('id', '=', id)
    .execute();
}

/** Where a blob is used: the items holding it and each file's own confidentiality. */
export async function filesUsingBlob(db: Db, sha256: string) {
  return db.selectFrom('item_files').select(['item_id', 'confidentiality']).where('blob_sha256', '=', sha256).execute();
}

export async function vocabulariesWithTerms(db: Db) {
  const vocabularies = await db.selectFrom('vocabularies').selectAll().orderBy('id').execute();
  const terms = await db.selectFrom('vocabulary_terms').selectAll().orderBy('vocabulary_id').orderBy('term').execute();
  return { vocabularies, terms };
}

export async function vocabularyExists(db: Db, id: string): Promise<boolean> {
  return (await db.selectFrom('vocabularies').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

export async function insertVocabulary(db: Db, id: string, name: string): Promise<void> {
  await db.insertInto('vocabularies').values({ id, name }).execute();
}

export async function insertTerm(db: Db, id: string, vocabularyId: string, term: string): Promise<void> {
  await db.insertInto('vocabulary_terms').values({ id, vocabulary_id: vocabularyId, term }).execute();
}

/** A term of a vocabulary by its text, ignoring case (CSV import). */
export async function findTermIgnoringCase(db: Db, vocabularyId: string, term: string) {
  return db
    .selectFrom('vocabulary_terms')
    .select('id')
    .where('vocabulary_id', '=', vocabularyId)
    .where(sql<string>`lower(term)`, '=', term.toLowerCase())
    .executeTakeFirst();
}

/** Every item `visible` lets through (the items table aliased `i`), with its tags, relations and originals' hashes joined by `;`. */
export async function itemsForExport(db: Db, visible: Expression<SqlBool>) {
  const result = await sql<ItemRow & { tags: string | null; related: string | null; sha256: string | null }>`
    select i.*, 
      (select string_agg(vt.vocabulary_id || ':' || vt.term, ';' order by vt.vocabulary_id, vt.term) from item_tags t join vocabulary_terms vt on vt.id = t.term_id where t.item_id = i.id) as tags,
      (select string_agg(r.related_id::text, ';' order by r.related_id) from item_relations r where r.item_id = i.id) as related,
      (select string_agg(f.blob_sha256, ';' order by f.created_at) from item_files f where f.item_id = i.id and f.role = 'original') as sha256
    from items i where ${visible} order by i.created_at, i.id`.execute(db);
  return result.rows;
}
