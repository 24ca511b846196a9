import { sql, type Kysely } from 'kysely';

/**
 * Receipts of published figures (src/server/receipts): one per figure, made once and kept, so the receipt served
 * later is the one recorded in the ledger (its manifest's SHA-256 is in the ledger entry, `ledger_seq`).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('receipts')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('subject_type', 'text', (c) => c.notNull().check(sql`subject_type in ('estimate')`))
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('receipt', 'jsonb', (c) => c.notNull())
    .addColumn('manifest_sha256', 'text', (c) => c.notNull().check(sql`manifest_sha256 ~ '^[0-9a-f]{64}$'`))
    .addColumn('ledger_seq', 'bigint')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('receipts_subject_unique', ['subject_type', 'subject_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('receipts').execute();
}
