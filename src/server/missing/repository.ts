import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { likePattern } from '../db/helpers.ts';
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
    .where((eb) => eb.exists(eb.selectFrom('missing_status_claims as c').select(sql`1`.as('one')).whereRef('c.record_id', '=', 'r.id')));
  if (f.status) {
    const status = f.status;
    q = q.where((eb) => eb.exists(eb.selectFrom('missing_status_claims as c2').select(sql`1`.as('one')).whereRef('c2.record_id', '=', 'r.id').where('c2.status', '=', status)));
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

export async function listMissing(db: Db, f: MissingListFilter) {
  const [total, rows] = await Promise.all([
    listQuery(db, f).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
    listQuery(db, f)
      .innerJoin('casualty_sources as s', 's.id', 'r.source_id')
      .select(['r.id', 'r.source_id', 's.name as source', 'r.source_record_id', 'r.names', 'r.given_name', 'r.family_name', 'r.patronymic', 'r.sex', 'r.birth_date', 'r.place'])
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
    .select(['r.id', 'r.source_id', 's.name as source', 'r.source_record_id', 'r.current', 'r.names', 'r.given_name', 'r.family_name', 'r.patronymic', 'r.sex', 'r.birth_date', 'r.death_date', 'r.place'])
    .where('r.id', '=', id)
    .executeTakeFirst();
}

export async function places(db: Db) {
  return missingDb(db).selectFrom('missing_places').select(['id', 'kind', 'name', 'latitude', 'longitude', 'description']).orderBy('kind').orderBy('name').orderBy('id').limit(5000).execute();
}

/** A place of the same kind whose name is the same but for case and surrounding spaces, if any. */
export async function samePlace(db: Db, kind: string, name: string) {
  return missingDb(db).selectFrom('missing_places').select('id').where(sql<boolean>`kind = ${kind} and lower(btrim(name)) = lower(${name.trim()})`).executeTakeFirst();
}

export async function placeExists(db: Db, id: string) {
  return !!(await missingDb(db).selectFrom('missing_places').select('id').where('id', '=', id).executeTakeFirst());
}
