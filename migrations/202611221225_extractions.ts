import { sql, type Kysely } from 'kysely';

// What was extracted from each stored blob, one row per (blob, extractor). Keyed by content hash rather than by
// item: identical content is stored once, so it is extracted once.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('extractions')
    .addColumn('blob_sha256', 'text', (c) => c.notNull().check(sql`blob_sha256 ~ '^[0-9a-f]{64}$'`))
    .addColumn('extractor', 'text', (c) => c.notNull().check(sql`extractor ~ '^[a-z][a-z0-9-]{0,39}$'`))
    .addColumn('state', 'text', (c) =>
      c.notNull().check(sql`state in ('pending', 'running', 'done', 'failed', 'unavailable')`),
    )
    .addColumn('error', 'text')
    .addColumn('text', 'text')
    .addColumn('metadata', 'jsonb')
    .addColumn('derived_sha256', 'text', (c) => c.check(sql`derived_sha256 ~ '^[0-9a-f]{64}$'`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('extractions_pkey', ['blob_sha256', 'extractor'])
    .execute();
  // A failure or an unavailable tool always says why.
  await sql`alter table extractions add constraint extractions_reason
    check (state not in ('failed', 'unavailable') or error is not null)`.execute(db);
  await db.schema.createIndex('extractions_state').on('extractions').column('state').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('extractions').execute();
}
