import type { Insertable, Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { BlobRow, BlobsTable } from './tables.ts';

/** The SQL of the blobs table (service.ts decides and moves the bytes; this only reads and writes rows). */
type Db = Kysely<Database>;

export async function findBlob(db: Db, sha256: string): Promise<BlobRow | undefined> {
  return db.selectFrom('blobs').selectAll().where('sha256', '=', sha256).executeTakeFirst();
}

/** How a blob is stored: whether sealed, and its wrapped data key. */
export async function sealingOf(db: Db, sha256: string) {
  return db.selectFrom('blobs').select(['encrypted', 'wrapped_key']).where('sha256', '=', sha256).executeTakeFirst();
}

/** Inserts a blob's row unless one exists; undefined when it did. */
export async function insertBlob(db: Db, row: Insertable<BlobsTable>): Promise<BlobRow | undefined> {
  return db
    .insertInto('blobs')
    .values(row)
    .onConflict((oc) => oc.column('sha256').doNothing())
    .returningAll()
    .executeTakeFirst();
}

/** Marks a blob stored in clear as sealed under `wrappedKey`; throws when it is not (or no longer) in clear. */
export async function sealClearBlob(db: Db, sha256: string, wrappedKey: string | null): Promise<BlobRow> {
  return db
    .updateTable('blobs')
    .set({ encrypted: true, wrapped_key: wrappedKey })
    .where('sha256', '=', sha256)
    .where('encrypted', '=', false)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function setMime(db: Db, sha256: string, mime: string): Promise<void> {
  await db.updateTable('blobs').set({ mime }).where('sha256', '=', sha256).execute();
}

/** Every sealed blob's wrapped key, in name order (master-key rotation). */
export async function sealedBlobs(db: Db) {
  return db.selectFrom('blobs').select(['sha256', 'size', 'wrapped_key']).where('encrypted', '=', true).orderBy('sha256').execute();
}

export async function setWrappedKey(db: Db, sha256: string, wrappedKey: string): Promise<void> {
  await db.updateTable('blobs').set({ wrapped_key: wrappedKey }).where('sha256', '=', sha256).execute();
}
