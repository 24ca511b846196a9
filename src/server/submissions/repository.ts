import type { Insertable, Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { FamilySubmissionRow, FamilySubmissionsTable, SubmissionState } from './tables.ts';

type Db = Kysely<Database>;

export async function insertSubmission(db: Db, row: Insertable<FamilySubmissionsTable>): Promise<void> {
  await db.insertInto('family_submissions').values(row).execute();
}

/** The queue without the sealed columns: a list never carries contact details or photos. */
export async function listSubmissions(db: Db, state: SubmissionState | undefined, limit: number, offset: number) {
  let query = db
    .selectFrom('family_submissions')
    .select(['id', 'kind', 'person_key', 'names', 'birth_date', 'death_date', 'place', 'status', 'message', 'relation', 'photo_name', 'photo_size', 'language', 'state', 'reason', 'decided_by', 'decided_at', 'record_id', 'item_id', 'created_at']);
  if (state) query = query.where('state', '=', state);
  const rows = await query.orderBy('created_at', state === 'pending' ? 'asc' : 'desc').orderBy('id').limit(limit).offset(offset).execute();
  let count = db.selectFrom('family_submissions').select((eb) => eb.fn.countAll<string>().as('n'));
  if (state) count = count.where('state', '=', state);
  const total = Number((await count.executeTakeFirstOrThrow()).n);
  return { rows, total };
}

export async function findSubmission(db: Db, id: string, options: { forUpdate?: boolean } = {}): Promise<FamilySubmissionRow | undefined> {
  let query = db.selectFrom('family_submissions').selectAll().where('id', '=', id);
  if (options.forUpdate) query = query.forUpdate();
  return query.executeTakeFirst();
}

export async function decide(db: Db, id: string, patch: { state: 'accepted' | 'rejected'; reason: string | null; decidedBy: string | null; recordId: string | null; itemId: string | null }): Promise<void> {
  await db
    .updateTable('family_submissions')
    .set({ state: patch.state, reason: patch.reason, decided_by: patch.decidedBy, decided_at: new Date(), record_id: patch.recordId, item_id: patch.itemId, photo_sealed: null })
    .where('id', '=', id)
    .where('state', '=', 'pending')
    .execute();
}

export async function familySourceId(db: Db): Promise<string | undefined> {
  return (await db.selectFrom('submission_settings').select('source_id').where('singleton', '=', true).executeTakeFirst())?.source_id;
}

export async function sourceNameTaken(db: Db, name: string): Promise<boolean> {
  return !!(await db.selectFrom('casualty_sources').select('id').where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase())).executeTakeFirst());
}

export async function setFamilySource(db: Db, sourceId: string): Promise<void> {
  await db.insertInto('submission_settings').values({ singleton: true, source_id: sourceId }).execute();
}

/** The families' source, made on first acceptance (submissions/service.ts `familySource`). */
export async function insertFamilySource(db: Db, row: Insertable<Database['casualty_sources']>): Promise<void> {
  await db.insertInto('casualty_sources').values(row).execute();
}

/** An accepted submission's casualty record, in the families' source. */
export async function insertAcceptedRecord(db: Db, row: Insertable<Database['casualty_records']>): Promise<void> {
  await db.insertInto('casualty_records').values(row).execute();
}
