import { sql, type Kysely } from 'kysely';
import { appendEntries } from '../src/server/ledger/append.ts';
import { auditEntry, type AuditFields } from '../src/server/ledger/audit-entry.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // One row per ledger entry: the exact canonical JSON (RFC 8785) that was hashed, so anyone can re-hash it.
  await db.schema
    .createTable('ledger_entries')
    .addColumn('seq', 'bigint', (c) => c.primaryKey())
    .addColumn('audit_event_id', 'bigint', (c) => c.unique())
    .addColumn('entry', 'text', (c) => c.notNull())
    .addColumn('leaf_hash', 'bytea', (c) => c.notNull())
    .execute();
  // Complete subtree hashes by (level, index): written once, never changed, so appends and proofs are O(log n).
  await db.schema
    .createTable('ledger_nodes')
    .addColumn('level', 'smallint', (c) => c.notNull())
    .addColumn('idx', 'bigint', (c) => c.notNull())
    .addColumn('hash', 'bytea', (c) => c.notNull())
    .addPrimaryKeyConstraint('ledger_nodes_pk', ['level', 'idx'])
    .execute();
  await db.schema
    .createTable('ledger_checkpoints')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('root_hash', 'bytea', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('timestamp_token', 'bytea')
    .addColumn('timestamp_authority', 'text')
    .execute();
  await db.schema.createIndex('ledger_checkpoints_size').on('ledger_checkpoints').column('size').execute();
  // Public keys ever used to sign checkpoints (verifier key strings), so old checkpoints stay checkable.
  await db.schema
    .createTable('ledger_keys')
    .addColumn('key_id', 'text', (c) => c.primaryKey())
    .addColumn('verifier_key', 'text', (c) => c.notNull())
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createTable('verification_runs')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('started_at', 'timestamptz', (c) => c.notNull())
    .addColumn('finished_at', 'timestamptz', (c) => c.notNull())
    .addColumn('ok', 'boolean', (c) => c.notNull())
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('summary', 'jsonb', (c) => c.notNull())
    .execute();

  for (const table of ['ledger_entries', 'ledger_nodes', 'ledger_checkpoints']) {
    await sql`create trigger ${sql.raw(`${table}_append_only`)} before update or delete on ${sql.table(table)}
      for each row execute function reckon_forbid_change()`.execute(db);
    await sql`create trigger ${sql.raw(`${table}_no_truncate`)} before truncate on ${sql.table(table)}
      for each statement execute function reckon_forbid_change()`.execute(db);
  }

  // Chain the audit events recorded before the ledger existed, in their order, so the ledger covers all history.
  const existing = await db.selectFrom('audit_events').selectAll().orderBy('id').execute();
  if (existing.length > 0) {
    const run = (tx: Kysely<any>) => // eslint-disable-line @typescript-eslint/no-explicit-any
      appendEntries(tx, existing.map((row) => ({ auditEventId: Number(row.id), entry: auditEntry(row as unknown as AuditFields) })));
    if (db.isTransaction) await run(db);
    else await db.transaction().execute(run);
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['verification_runs', 'ledger_keys', 'ledger_checkpoints', 'ledger_nodes', 'ledger_entries']) {
    await db.schema.dropTable(table).execute();
  }
}
