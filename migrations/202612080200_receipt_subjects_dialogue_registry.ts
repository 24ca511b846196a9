import { sql, type Kysely } from 'kysely';

/**
 * Receipts beside dialogue reports (`dialogue_report`, subject id `<conversation id>:<hash of the vote table>`) and
 * registry figure summaries (`registry_figures`), besides estimates and casualty statistics (issue 15).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table receipts drop constraint if exists receipts_subject_type_check`.execute(db);
  await sql`alter table receipts add constraint receipts_subject_type_check check (subject_type in ('estimate', 'casualty_statistics', 'dialogue_report', 'registry_figures'))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`delete from receipts where subject_type in ('dialogue_report', 'registry_figures')`.execute(db);
  await sql`alter table receipts drop constraint if exists receipts_subject_type_check`.execute(db);
  await sql`alter table receipts add constraint receipts_subject_type_check check (subject_type in ('estimate', 'casualty_statistics'))`.execute(db);
}
