import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // RFC 3161 tokens arrive after their checkpoint is signed (the authority may be slow or down), while checkpoint rows
  // never change; so each token is its own append-only row, at most one per checkpoint.
  await db.schema
    .createTable('ledger_timestamps')
    .addColumn('checkpoint_id', 'bigint', (c) => c.primaryKey().references('ledger_checkpoints.id'))
    .addColumn('authority', 'text', (c) => c.notNull())
    .addColumn('token', 'bytea', (c) => c.notNull())
    .addColumn('gen_time', 'timestamptz', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create trigger ledger_timestamps_append_only before update or delete on ledger_timestamps
    for each row execute function reckon_forbid_change()`.execute(db);
  await sql`create trigger ledger_timestamps_no_truncate before truncate on ledger_timestamps
    for each statement execute function reckon_forbid_change()`.execute(db);
  // Failed requests, so the admin page can say why a checkpoint is still waiting and the retry can back off.
  await db.schema
    .createTable('ledger_timestamp_attempts')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('checkpoint_id', 'bigint', (c) => c.notNull().references('ledger_checkpoints.id'))
    .addColumn('authority', 'text', (c) => c.notNull())
    .addColumn('attempted_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('error', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ledger_timestamp_attempts_checkpoint').on('ledger_timestamp_attempts').column('checkpoint_id').execute();
  // The placeholder columns of 202611221300 were never written (the table is append-only, so a token could not
  // be added to a row later); ledger_timestamps replaces them.
  await db.schema.alterTable('ledger_checkpoints').dropColumn('timestamp_token').execute();
  await db.schema.alterTable('ledger_checkpoints').dropColumn('timestamp_authority').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('ledger_checkpoints').addColumn('timestamp_token', 'bytea').execute();
  await db.schema.alterTable('ledger_checkpoints').addColumn('timestamp_authority', 'text').execute();
  await db.schema.dropTable('ledger_timestamp_attempts').execute();
  await db.schema.dropTable('ledger_timestamps').execute();
}
