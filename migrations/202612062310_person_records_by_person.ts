import { sql, type Kysely } from 'kysely';

// The memorial reads a run's persons back from their records (person → records); person_records was indexed by run
// and record only, so each person's lookup scanned the whole run.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index person_records_person on person_records (run_id, person_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index person_records_person`.execute(db);
}
