import type { Insertable, Kysely, Updateable } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { ConsentScope, TestimoniesTable, TestimonyConsentsTable } from './tables.ts';

/** The SQL of testimonies, their consents and their texts (testimonies.ts decides; this only reads and writes). */
type Db = Kysely<Database>;

export async function findTestimony(db: Db, itemId: string, options: { forUpdate?: boolean } = {}) {
  const query = db.selectFrom('testimonies').selectAll().where('item_id', '=', itemId);
  return (options.forUpdate ? query.forUpdate() : query).executeTakeFirst();
}

export async function sealedIdentityOf(db: Db, itemId: string) {
  return db.selectFrom('testimonies').select('protected_identity').where('item_id', '=', itemId).executeTakeFirst();
}

export async function insertTestimony(db: Db, row: Insertable<TestimoniesTable>): Promise<void> {
  await db.insertInto('testimonies').values(row).execute();
}

export async function updateTestimony(db: Db, itemId: string, set: Updateable<TestimoniesTable>): Promise<void> {
  await db
    .updateTable('testimonies')
    .set({ ...set, updated_at: new Date() })
    .where('item_id', '=', itemId)
    .execute();
}

export async function consentsOf(db: Db, itemId: string) {
  return db.selectFrom('testimony_consents').selectAll().where('item_id', '=', itemId).orderBy('scope').execute();
}

export async function findConsent(db: Db, itemId: string, scope: ConsentScope) {
  return db.selectFrom('testimony_consents').selectAll().where('item_id', '=', itemId).where('scope', '=', scope).executeTakeFirst();
}

export async function insertConsents(db: Db, rows: Insertable<TestimonyConsentsTable>[]): Promise<void> {
  if (rows.length) await db.insertInto('testimony_consents').values(rows).execute();
}

export async function updateConsent(db: Db, itemId: string, scope: ConsentScope, set: { given_on?: string; withdrawn_on: string | null }): Promise<void> {
  await db.updateTable('testimony_consents').set(set).where('item_id', '=', itemId).where('scope', '=', scope).execute();
}

/**
 * Writes the scopes in force onto the item, where search and visibility read them. `touch` also moves the item's
 * updated_at (a consent changed later); at creation the item was just written.
 */
export async function storeScopesInForce(db: Db, itemId: string, touch: boolean): Promise<ConsentScope[]> {
  const rows = await db
    .selectFrom('testimony_consents')
    .select('scope')
    .where('item_id', '=', itemId)
    .where('withdrawn_on', 'is', null)
    .orderBy('scope')
    .execute();
  const scopes = rows.map((r) => r.scope);
  await db
    .updateTable('items')
    .set(touch ? { consent_scopes: scopes, updated_at: new Date() } : { consent_scopes: scopes })
    .where('id', '=', itemId)
    .execute();
  return scopes;
}

export async function textsOf(db: Db, itemId: string) {
  return db.selectFrom('testimony_texts').select(['language', 'kind', 'text']).where('item_id', '=', itemId).orderBy('language').execute();
}

export async function findText(db: Db, itemId: string, language: string) {
  return db.selectFrom('testimony_texts').selectAll().where('item_id', '=', itemId).where('language', '=', language).executeTakeFirst();
}

export async function upsertText(db: Db, itemId: string, language: string, kind: 'transcript' | 'translation', text: string): Promise<void> {
  await db
    .insertInto('testimony_texts')
    .values({ item_id: itemId, language, kind, text })
    .onConflict((oc) => oc.columns(['item_id', 'language']).doUpdateSet({ kind, text, updated_at: new Date() }))
    .execute();
}

/** Every sealed identity, in item order (master-key rotation). */
export async function sealedIdentities(db: Db) {
  return db.selectFrom('testimonies').select(['item_id', 'protected_identity']).where('protected_identity', 'is not', null).orderBy('item_id').execute();
}

/** Replaces a sealed identity only if it is still `sealed` (compare-and-set). */
export async function resealIdentity(db: Db, itemId: string, sealed: string, resealed: string): Promise<void> {
  await db.updateTable('testimonies').set({ protected_identity: resealed }).where('item_id', '=', itemId).where('protected_identity', '=', sealed).execute();
}
