import { sql, type Kysely } from 'kysely';

/**
 * Receipts beside linkage runs made on the server (issue 15): a receipt subject `linkage_run`, and the inputs a run's
 * receipt commits to, kept when the run finishes (the records exactly as the engine read them and the review
 * decisions it applied, as CSV) with the figures the run produced. Records are corrected and decisions change after a
 * run; the receipt must commit to what this run read, so those are frozen here rather than rebuilt later. They go
 * with the run when it is deleted.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table receipts drop constraint if exists receipts_subject_type_check`.execute(db);
  await sql`alter table receipts add constraint receipts_subject_type_check check (subject_type in ('estimate', 'casualty_statistics', 'dialogue_report', 'registry_figures', 'linkage_run'))`.execute(
    db,
  );
  await db.schema
    .createTable('linkage_run_receipt_inputs')
    .addColumn('run_id', 'uuid', (c) => c.primaryKey().references('linkage_runs.id').onDelete('cascade'))
    .addColumn('records_csv', 'text', (c) => c.notNull())
    .addColumn('decisions_csv', 'text', (c) => c.notNull())
    // the engine settings the run was given (the run's own row holds them as the engine returned them)
    .addColumn('settings', 'jsonb', (c) => c.notNull())
    .addColumn('outputs', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('linkage_run_receipt_inputs').execute();
  await sql`delete from receipts where subject_type = 'linkage_run'`.execute(db);
  await sql`alter table receipts drop constraint if exists receipts_subject_type_check`.execute(db);
  await sql`alter table receipts add constraint receipts_subject_type_check check (subject_type in ('estimate', 'casualty_statistics', 'dialogue_report', 'registry_figures'))`.execute(
    db,
  );
}
