import { sql, type Kysely } from 'kysely';

/**
 * Court packages made from the web app or through the API: each export runs as a job and writes one .zip or .tar
 * under `<dataDir>/packages/`; this row is what the requester polls (state, bytes written of the total) and what
 * the download checks (who asked, which file, until when). The custody record of the export itself is the
 * `item.exported` audit event, written when the package is complete; this table only tracks the work.
 * `recipient` holds the name and X25519 public key an identity is sealed for (public by nature, never a secret).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('package_exports')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('job_id', 'uuid')
    .addColumn('requested_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('requested_label', 'text', (c) => c.notNull())
    .addColumn('item_ids', sql`uuid[]`, (c) => c.notNull())
    .addColumn('container', 'text', (c) => c.notNull().check(sql`container in ('zip', 'tar')`))
    .addColumn('include_identity', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('recipient', 'jsonb')
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('queued').check(sql`state in ('queued', 'running', 'done', 'failed', 'expired')`))
    .addColumn('bytes_total', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('bytes_done', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('external_identifier', 'text')
    .addColumn('file_size', 'bigint')
    .addColumn('error', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('finished_at', 'timestamptz')
    .addColumn('expires_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('package_exports_requested_by').on('package_exports').columns(['requested_by', 'created_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('package_exports').execute();
}
