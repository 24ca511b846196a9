import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { likePattern } from '../db/helpers.ts';

type Db = Kysely<Database>;

/**
 * The searches behind the cases forms' pickers: a few fields of the records whose names contain the text, so a form
 * never needs a pasted id. Each reads at most `limit` rows, ordered by name.
 */

/**
 * Current casualty records whose names contain the text as written (any script, case folded) or, romanised by the
 * casualty module's name machinery, contain its romanised form (so "Мамедов" finds "Mammadov").
 */
export async function searchVictims(db: Db, q: string, romanised: string | undefined, limit: number) {
  const written = likePattern(q.toLowerCase());
  return db
    .selectFrom('casualty_records as r')
    .innerJoin('casualty_sources as s', 's.id', 'r.source_id')
    .select([sql<string>`r.id::text`.as('id'), 'r.names', 'r.given_name', 'r.family_name', 'r.patronymic', 'r.death_date', 'r.place', 's.name as list'])
    .where('r.current', '=', true)
    .where((eb) => eb.or([eb(sql<string>`lower(r.names::text)`, 'like', written), eb(sql<string>`lower(concat_ws(' ', r.given_name, r.patronymic, r.family_name))`, 'like', written), ...(romanised ? [eb('r.search_names', 'like', likePattern(romanised))] : [])]))
    .orderBy(sql`coalesce(r.names->>0, concat_ws(' ', r.given_name, r.family_name))`)
    .orderBy('r.id')
    .limit(limit)
    .execute();
}

/** Registry events whose name or place contains the text as written or, romanised, its romanised form (as victims). */
export async function searchEvents(db: Db, q: string, romanised: string | undefined, limit: number) {
  const p = likePattern(q.toLowerCase());
  return db
    .selectFrom('registry_events')
    .select(['id', 'name', 'start_date', 'end_date', 'place'])
    .where((eb) =>
      eb.or([
        eb(sql<string>`lower(name)`, 'like', p),
        eb(sql<string>`lower(coalesce(place, ''))`, 'like', p),
        eb(sql<string>`lower(id)`, '=', q.toLowerCase()),
        ...(romanised ? [eb('search_names', 'like', likePattern(romanised))] : []),
      ]),
    )
    .orderBy('start_date')
    .orderBy('name')
    .limit(limit)
    .execute();
}

/** Registry actors whose name contains the text as written or, romanised, its romanised form ("Aliyev" finds "Əliyev"). */
export async function searchActors(db: Db, q: string, romanised: string | undefined, limit: number) {
  const p = likePattern(q.toLowerCase());
  return db
    .selectFrom('registry_actors')
    .select(['id', 'name', 'type', 'country'])
    .where((eb) =>
      eb.or([eb(sql<string>`lower(name)`, 'like', p), eb(sql<string>`lower(id)`, '=', q.toLowerCase()), ...(romanised ? [eb('search_names', 'like', likePattern(romanised))] : [])]),
    )
    .orderBy('name')
    .limit(limit)
    .execute();
}

/** Units, posts and organisations of the chain-of-command records whose name contains the text (persons are actors). */
export async function searchUnits(db: Db, q: string, limit: number) {
  const p = likePattern(q.toLowerCase());
  return db
    .selectFrom('cases_command_entities')
    .select(['id', 'name', 'kind'])
    .where('kind', '<>', 'person')
    .where((eb) => eb.or([eb(sql<string>`lower(name)`, 'like', p), eb(sql<string>`lower(id)`, '=', q.toLowerCase())]))
    .orderBy('name')
    .limit(limit)
    .execute();
}

/**
 * Places already named by incidents (with their country and position) and by registry events, each once; an
 * incident's place comes first, since it carries the most.
 */
export async function searchPlaces(db: Db, q: string, limit: number) {
  const p = likePattern(q.toLowerCase());
  const rows = await sql<{ name: string; country: string | null; latitude: number | null; longitude: number | null; origin: 'incident' | 'event' }>`
    select distinct on (lower(name), coalesce(country, '')) name, country, latitude, longitude, origin
      from (select place_name as name, place_country as country, latitude, longitude, 'incident' as origin, 0 as rank
              from cases_incidents where place_name is not null and lower(place_name) like ${p}
            union all
            select place as name, null, null, null, 'event', 1
              from registry_events where place is not null and lower(place) like ${p}) as found
     order by lower(name), coalesce(country, ''), rank, latitude nulls last
     limit ${limit}`.execute(db);
  return rows.rows;
}
