import { sql, type Insertable, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { batches, likePattern } from '../db/helpers.ts';
import type { MissingStatus } from '../../core/missing/statuses.ts';
import type { MissingTables } from './tables.ts';

export type Db = Kysely<Database>;
export type MissingDb = Kysely<Database & MissingTables>;
export const missingDb = (db: Db): MissingDb => db.withTables<MissingTables>();

export interface MissingListFilter {
  status?: MissingStatus;
  sourceId?: string;
  q?: { written: string; romanised: string | null };
  /** Only records of these lists (the public list: published lists only). */
  sourceIds?: string[];
  limit: number;
  offset: number;
}

/** Records that some source reports as missing (or with any other status): a status claim makes a record a missing person. */
export function listQuery(db: Db, f: MissingListFilter) {
  let q = missingDb(db)
    .selectFrom('casualty_records as r')
    .where('r.current', '=', true)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('missing_status_claims as c')
          .select(sql`1`.as('one'))
          .whereRef('c.record_id', '=', 'r.id'),
      ),
    );
  if (f.status) {
    const status = f.status;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('missing_status_claims as c2')
          .select(sql`1`.as('one'))
          .whereRef('c2.record_id', '=', 'r.id')
          .where('c2.status', '=', status),
      ),
    );
  }
  if (f.sourceId) q = q.where('r.source_id', '=', f.sourceId);
  if (f.sourceIds) q = f.sourceIds.length ? q.where('r.source_id', 'in', f.sourceIds) : q.where(sql<boolean>`false`);
  if (f.q) {
    const written = likePattern(f.q.written.toLowerCase());
    const romanised = f.q.romanised ? likePattern(f.q.romanised) : null;
    q = q.where((eb) => eb.or([eb(sql<string>`lower(r.names::text)`, 'like', written), ...(romanised ? [eb('r.search_names', 'like', romanised)] : [])]));
  }
  return q;
}

/** What a list and a person's page show of a casualty record (`r`) and its list (`s`). */
const PERSON_COLUMNS = [
  'r.id',
  'r.source_id',
  's.name as source',
  'r.source_record_id',
  'r.names',
  'r.given_name',
  'r.family_name',
  'r.patronymic',
  'r.sex',
  'r.birth_date',
  'r.place',
] as const;

export async function listMissing(db: Db, f: MissingListFilter) {
  const [total, rows] = await Promise.all([
    listQuery(db, f)
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow(),
    listQuery(db, f)
      .innerJoin('casualty_sources as s', 's.id', 'r.source_id')
      .select(PERSON_COLUMNS)
      .orderBy('r.search_names')
      .orderBy('r.id')
      .limit(f.limit)
      .offset(f.offset)
      .execute(),
  ]);
  return { total: total.n, rows };
}

export async function claimsOf(db: Db, recordIds: string[]) {
  if (!recordIds.length) return [];
  return missingDb(db)
    .selectFrom('missing_status_claims as c')
    .leftJoin('missing_places as p', 'p.id', 'c.place_id')
    .select(['c.id', 'c.record_id', 'c.status', 'c.status_date', 'c.reported_by', 'c.note', 'c.place_id', 'p.name as place_name', 'c.created_at'])
    .where('c.record_id', 'in', recordIds)
    .orderBy('c.record_id')
    .orderBy(sql`c.status_date nulls last`)
    .orderBy('c.created_at')
    .execute();
}

export async function lastSeenOf(db: Db, recordId: string) {
  return missingDb(db)
    .selectFrom('missing_last_seen as l')
    .leftJoin('missing_places as p', 'p.id', 'l.place_id')
    .select(['l.id', 'l.seen_on', 'l.place', 'l.place_id', 'p.name as place_name', 'p.latitude', 'p.longitude', 'l.reported_by', 'l.note', 'l.created_at'])
    .where('l.record_id', '=', recordId)
    .orderBy(sql`l.seen_on nulls last`)
    .orderBy('l.created_at')
    .execute();
}

export async function identificationOf(db: Db, recordId: string) {
  return missingDb(db).selectFrom('missing_identification').selectAll().where('record_id', '=', recordId).executeTakeFirst();
}

export async function recordById(db: Db, id: string) {
  return db
    .selectFrom('casualty_records as r')
    .innerJoin('casualty_sources as s', 's.id', 'r.source_id')
    .select([...PERSON_COLUMNS, 'r.current', 'r.death_date'])
    .where('r.id', '=', id)
    .executeTakeFirst();
}

export async function places(db: Db) {
  return missingDb(db)
    .selectFrom('missing_places')
    .select(['id', 'kind', 'name', 'latitude', 'longitude', 'description'])
    .orderBy('kind')
    .orderBy('name')
    .orderBy('id')
    .limit(5000)
    .execute();
}

/** A place of the same kind whose name is the same but for case and surrounding spaces, if any. */
export async function samePlace(db: Db, kind: string, name: string) {
  return missingDb(db)
    .selectFrom('missing_places')
    .select('id')
    .where(sql<boolean>`kind = ${kind} and lower(btrim(name)) = lower(${name.trim()})`)
    .executeTakeFirst();
}

export async function placeExists(db: Db, id: string) {
  return !!(await missingDb(db).selectFrom('missing_places').select('id').where('id', '=', id).executeTakeFirst());
}

type Insert<T extends keyof MissingTables> = Insertable<MissingTables[T]>;

export const insertStatusClaims = async (db: Db, rows: readonly Insert<'missing_status_claims'>[]) => {
  for (const chunk of batches(rows)) await missingDb(db).insertInto('missing_status_claims').values(chunk).execute();
};

export const insertLastSeen = async (db: Db, rows: readonly Insert<'missing_last_seen'>[]) => {
  for (const chunk of batches(rows)) await missingDb(db).insertInto('missing_last_seen').values(chunk).execute();
};

/** Sets a record's identification stage and the sealed fields given (the others keep their values). */
export const upsertIdentification = (db: Db, row: Insert<'missing_identification'>) => {
  const { record_id: _recordId, ...change } = row;
  return missingDb(db)
    .insertInto('missing_identification')
    .values(row)
    .onConflict((oc) => oc.column('record_id').doUpdateSet(change))
    .execute();
};

/**
 * Inserts a place of interest unless one of the same kind and name is there (case and surrounding spaces aside),
 * under a transaction-wide lock so that two editors adding "School No. 2" at once do not split its reports. The id
 * of the place already recorded, or null when this one was added.
 */
export async function insertPlaceOnce(tx: Db, row: Insert<'missing_places'>): Promise<{ sameAs: string | null }> {
  await sql`select pg_advisory_xact_lock(hashtext('reckon.missing.places'))`.execute(tx);
  const same = await samePlace(tx, row.kind, row.name);
  if (same) return { sameAs: same.id };
  await missingDb(tx).insertInto('missing_places').values(row).execute();
  return { sameAs: null };
}

export const findSource = (db: Db, id: string) => db.selectFrom('casualty_sources').select(['id', 'name']).where('id', '=', id).executeTakeFirst();

/** The ids of a list's records first imported under these source record ids (version 1, current), by source record id. */
export async function firstImportedIds(db: Db, sourceId: string, sourceRecordIds: readonly string[]): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const chunk of batches(sourceRecordIds, 5000)) {
    const found = await db
      .selectFrom('casualty_records')
      .select(['id', 'source_record_id'])
      .where('source_id', '=', sourceId)
      .where('current', '=', true)
      .where('source_record_id', 'in', chunk)
      .where('version', '=', 1)
      .execute();
    for (const f of found) ids.set(f.source_record_id, f.id);
  }
  return ids;
}

/** Of these records, those some status claim already names. */
export async function recordsWithClaims(db: Db, recordIds: readonly string[]): Promise<Set<string>> {
  const named = new Set<string>();
  for (const chunk of batches(recordIds)) {
    for (const r of await missingDb(db).selectFrom('missing_status_claims').select('record_id').distinct().where('record_id', 'in', chunk).execute())
      named.add(r.record_id);
  }
  return named;
}

// ---- what the public sees (missing/public.ts) ----

/** The public list's filter: the status, a name as written and romanised, or the records asked for (a person's page). */
export interface PublicMissingFilter {
  minSources: number;
  /** The stored memorial's generation readers are shown, with more than one list required (none: nobody qualifies). */
  generation?: number | null;
  status?: MissingStatus;
  q?: { written: string; romanised: string | null };
  recordIds?: string[];
}

/**
 * What the public may see of the missing, under the memorial's rules: records of published lists only, none whose
 * record (or whose linked person's record, in any run) the organisation excluded, and with more than one list
 * required, only persons the stored memorial counts in that many.
 */
function publicRecords(db: Db, f: PublicMissingFilter) {
  let q = missingDb(db)
    .selectFrom('casualty_records as r')
    .innerJoin('casualty_sources as s', 's.id', 'r.source_id')
    .innerJoin('publications as p', (j) =>
      j
        .on('p.subject_kind', '=', 'casualty_source')
        .on(sql`p.subject_id`, '=', sql`s.id::text`)
        .on('p.state', '=', 'public'),
    )
    .where('r.current', '=', true)
    .where(sql<boolean>`exists (select 1 from missing_status_claims c where c.record_id = r.id)`)
    .where(sql<boolean>`not exists (select 1 from memorial_exclusions x where x.source_id = r.source_id and x.source_record_id = r.source_record_id)`)
    .where(
      sql<boolean>`not exists (select 1 from person_records m join person_records m2 on m2.run_id = m.run_id and m2.person_id = m.person_id join casualty_records r2 on r2.id = m2.record_id join memorial_exclusions x on x.source_id = r2.source_id and x.source_record_id = r2.source_record_id where m.record_id = r.id)`,
    );
  if (f.minSources > 1)
    q = q.where(
      sql<boolean>`exists (select 1 from person_records m join memorial_persons mp on mp.generation = ${f.generation ?? -1} and mp.run_id = m.run_id and mp.person_id = m.person_id where m.record_id = r.id and mp.source_count >= ${f.minSources})`,
    );
  if (f.status) q = q.where(sql<boolean>`exists (select 1 from missing_status_claims c where c.record_id = r.id and c.status = ${f.status})`);
  if (f.recordIds) q = f.recordIds.length ? q.where('r.id', 'in', f.recordIds) : q.where(sql<boolean>`false`);
  if (f.q) {
    const written = likePattern(f.q.written.toLowerCase());
    const romanised = f.q.romanised;
    q = q.where((eb) =>
      eb.or([eb(sql<string>`lower(r.names::text)`, 'like', written), ...(romanised ? [eb('r.search_names', 'like', likePattern(romanised))] : [])]),
    );
  }
  return q;
}

/** The public columns of a record of the missing: names, birth date, place and the list's name, never more. */
const PUBLIC_COLUMNS = ['r.id', 'r.names', 'r.given_name', 'r.patronymic', 'r.family_name', 'r.birth_date', 'r.place', 's.name as list'] as const;

/** A page of the public list in name order, and the filter's total, side by side. */
export async function publicMissingPage(db: Db, f: PublicMissingFilter, page: { limit: number; offset: number }) {
  const [total, rows] = await Promise.all([
    publicRecords(db, f)
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow(),
    publicRecords(db, f).select(PUBLIC_COLUMNS).orderBy('r.search_names').orderBy('r.id').limit(page.limit).offset(page.offset).execute(),
  ]);
  return { total: total.n, rows };
}

/** The records of the public list among those asked for (`f.recordIds`), in id order. */
export async function publicMissingRecords(db: Db, f: PublicMissingFilter) {
  return publicRecords(db, f).select(PUBLIC_COLUMNS).orderBy('r.id').execute();
}

/** The public part of these records' status claims (status, date, who reports it), oldest date first. */
export async function publicClaimsOf(db: Db, recordIds: string[]) {
  if (!recordIds.length) return [];
  return missingDb(db)
    .selectFrom('missing_status_claims')
    .select(['record_id', 'status', 'status_date', 'reported_by'])
    .where('record_id', 'in', recordIds)
    .orderBy(sql`status_date nulls last`)
    .orderBy('created_at')
    .execute();
}
