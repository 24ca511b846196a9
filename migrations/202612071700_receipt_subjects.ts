import { sql, type Kysely } from 'kysely';

/**
 * Receipts beside casualty statistics (issue 15): a run's statistics at one minimum cell size are a figure of their
 * own (`casualty_statistics`, subject id `<run id>:<min cell>`), besides estimates.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table receipts drop constraint if exists receipts_subject_type_check`.execute(db);
  await sql`alter table receipts add constraint receipts_subject_type_check check (subject_type in ('estimate', 'casualty_statistics'))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`delete from receipts where subject_type <> 'estimate'`.execute(db);
  await sql`alter table receipts drop constraint if exists receipts_subject_type_check`.execute(db);
  await sql`alter table receipts add constraint receipts_subject_type_check check (subject_type in ('estimate'))`.execute(db);
}
