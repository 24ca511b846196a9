import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { publicActor } from '../accounts/actor.ts';
import { visibleSql } from '../archive/visibility.ts';
import { likePattern } from '../casualties/repository.ts';

type Db = Kysely<Database>;

// Every query here answers the anonymous public: items by the archive's own rule for the public, everything else by
// its publication state. Nothing here reads a protected identity, a contact, or a record of an unpublished list.

export async function publicItem(db: Db, id: string) {
  return db
    .selectFrom('items as i')
    .select(['i.id', 'i.kind', 'i.title', 'i.description', 'i.languages', 'i.event_date', 'i.place_name', 'i.country', 'i.latitude', 'i.longitude', 'i.provided_by', 'i.published_at'])
    .where('i.id', '=', id)
    .where(visibleSql(publicActor))
    .executeTakeFirst();
}

export async function publicFiles(db: Db, itemId: string) {
  return db
    .selectFrom('item_files as f')
    .innerJoin('blobs as b', 'b.sha256', 'f.blob_sha256')
    .select(['f.id', 'f.filename', 'f.role', 'f.blob_sha256', 'b.size', 'b.mime'])
    .where('f.item_id', '=', itemId)
    .where('f.confidentiality', '=', 'public')
    .orderBy('f.created_at')
    .orderBy('f.id')
    .execute();
}

export async function publicTestimonyPseudonym(db: Db, itemId: string) {
  return (await db.selectFrom('testimonies').select('pseudonym').where('item_id', '=', itemId).executeTakeFirst())?.pseudonym ?? null;
}

export async function publicItemIds(db: Db, limit: number) {
  return db
    .selectFrom('items as i')
    .select(['i.id', 'i.updated_at'])
    .where(visibleSql(publicActor))
    .orderBy('i.published_at', 'desc')
    .orderBy('i.id')
    .limit(limit)
    .execute();
}

export async function publicReports(db: Db) {
  return db
    .selectFrom('dialogue_conversations')
    .select(['id', 'topic', 'description', 'state', 'updated_at'])
    .where('report_public', '=', true)
    .orderBy('updated_at', 'desc')
    .orderBy('id')
    .execute();
}

export async function publicEstimates(db: Db) {
  return db
    .selectFrom('estimates as e')
    .innerJoin('publications as p', (j) => j.on('p.subject_kind', '=', 'estimate').on(sql`p.subject_id`, '=', sql`e.id::text`))
    .select(['e.id', 'e.title', 'e.input_kind', 'e.input_sha256', 'e.result', 'e.created_at', 'p.changed_at as published_at'])
    .where('p.state', '=', 'public')
    .where('e.state', '=', 'done')
    .orderBy('p.changed_at', 'desc')
    .orderBy('e.id')
    .execute();
}

export async function publicRuns(db: Db) {
  return db
    .selectFrom('linkage_runs as r')
    .innerJoin('publications as p', (j) => j.on('p.subject_kind', '=', 'casualty_stats').on(sql`p.subject_id`, '=', sql`r.id::text`))
    .select(['r.id', 'r.finished_at', 'p.changed_at as published_at'])
    .where('p.state', '=', 'public')
    .where('r.state', '=', 'done')
    .orderBy('p.changed_at', 'desc')
    .orderBy('r.id')
    .execute();
}

export async function publishedSources(db: Db) {
  return db
    .selectFrom('casualty_sources as s')
    .innerJoin('publications as p', (j) => j.on('p.subject_kind', '=', 'casualty_source').on(sql`p.subject_id`, '=', sql`s.id::text`))
    .select(['s.id', 's.name', 's.compiled_by', 's.compiled_at'])
    .where('p.state', '=', 'public')
    .orderBy('s.name')
    .orderBy('s.id')
    .execute();
}

// ---- the memorial ----

/**
 * The persons the memorial shows, from the newest published linkage run: a person appears when at least
 * `minSources` of the lists that hold them are published, and none of their records is excluded (a family asked).
 * Only the records of published lists are read; a person's key is the id of their first such record, stable across
 * re-runs for as long as that record stands.
 */
function memorialPersons(db: Db, runId: string, sourceIds: string[], minSources: number) {
  return db
    .selectFrom('person_records as m')
    .innerJoin('casualty_records as r', 'r.id', 'm.record_id')
    .where('m.run_id', '=', runId)
    .where('r.source_id', 'in', sourceIds)
    .where('r.current', '=', true)
    .groupBy('m.person_id')
    .having(sql<boolean>`count(distinct r.source_id) >= ${minSources}`)
    // Excluded persons are found once, from the exclusions (few) through the record index, not per person.
    .where(
      sql<boolean>`m.person_id not in (select m2.person_id from memorial_exclusions x join casualty_records r2 on r2.source_id = x.source_id and r2.source_record_id = x.source_record_id join person_records m2 on m2.record_id = r2.id where m2.run_id = ${runId})`,
    )
    .select(['m.person_id', sql<string>`min(r.id::text)`.as('key')]);
}

export interface MemorialFilter {
  runId: string;
  sourceIds: string[];
  minSources: number;
  q?: { written: string; romanised: string | null };
  place?: string;
  year?: string;
  /** One person only (a person's page). */
  personId?: number;
  limit: number;
  offset: number;
}

export async function memorialPage(db: Db, f: MemorialFilter) {
  if (!f.sourceIds.length) return { total: 0, rows: [] };
  let persons = memorialPersons(db, f.runId, f.sourceIds, f.minSources);
  if (f.q) {
    const written = likePattern(f.q.written.toLowerCase());
    const romanised = f.q.romanised ? likePattern(f.q.romanised) : null;
    persons = persons.having(
      sql<boolean>`bool_or(lower(r.names::text) like ${written} or lower(coalesce(r.given_name, '') || ' ' || coalesce(r.family_name, '')) like ${written}${romanised ? sql` or r.search_names like ${romanised}` : sql``})`,
    );
  }
  if (f.personId !== undefined) persons = persons.where('m.person_id', '=', f.personId);
  if (f.place) persons = persons.having(sql<boolean>`bool_or(r.place = ${f.place})`);
  if (f.year) persons = persons.having(sql<boolean>`bool_or(left(r.death_date, 4) = ${f.year})`);
  const total = await db.selectFrom(persons.as('p')).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  const keys = await db.selectFrom(persons.as('p')).select(['p.person_id', 'p.key']).orderBy('p.key').limit(f.limit).offset(f.offset).execute();
  return { total: total.n, rows: keys };
}

export async function recordsOfPersons(db: Db, runId: string, personIds: number[], sourceIds: string[]) {
  if (!personIds.length || !sourceIds.length) return [];
  return db
    .selectFrom('person_records as m')
    .innerJoin('casualty_records as r', 'r.id', 'm.record_id')
    .select(['m.person_id', 'r.id', 'r.source_id', 'r.names', 'r.given_name', 'r.family_name', 'r.patronymic', 'r.birth_date', 'r.death_date', 'r.age', 'r.place', 'r.status'])
    .where('m.run_id', '=', runId)
    .where('m.person_id', 'in', personIds)
    .where('r.source_id', 'in', sourceIds)
    .where('r.current', '=', true)
    .orderBy('r.source_id')
    .orderBy('r.id')
    .execute();
}

export async function personOfRecord(db: Db, runId: string, recordId: string) {
  return db.selectFrom('person_records').select('person_id').where('run_id', '=', runId).where('record_id', '=', recordId).executeTakeFirst();
}

/** The index: places and death years of the memorial's persons, with how many persons each. */
export async function memorialIndex(db: Db, runId: string, sourceIds: string[], minSources: number, by: 'place' | 'year') {
  if (!sourceIds.length) return [];
  const persons = memorialPersons(db, runId, sourceIds, minSources);
  const value = by === 'place' ? sql<string>`r.place` : sql<string>`left(r.death_date, 4)`;
  return db
    .selectFrom(persons.as('p'))
    .innerJoin('person_records as m', (j) => j.onRef('m.person_id', '=', 'p.person_id').on('m.run_id', '=', runId))
    .innerJoin('casualty_records as r', 'r.id', 'm.record_id')
    .where('r.source_id', 'in', sourceIds)
    .where('r.current', '=', true)
    .where(value, 'is not', null)
    .select([value.as('value'), sql<number>`count(distinct p.person_id)::int`.as('persons')])
    .groupBy(value)
    .orderBy(value)
    .execute();
}
