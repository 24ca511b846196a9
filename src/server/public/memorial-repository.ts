import { sql, type Kysely, type QueryResult, type RawBuilder } from 'kysely';
import type { Database } from '../db/schema.ts';
import { likePattern } from '../db/helpers.ts';
import type { MemorialTables } from './memorial-tables.ts';

// The stored memorial's SQL: what a build writes (memorial-store.ts runs the build and decides when) and what the
// portal's pages read. Every read checks what readers are shown in the same statement (shownRow).

export type Db = Kysely<Database>;
type MemorialDb = Kysely<Database & MemorialTables>;
const store = (db: Db): MemorialDb => db.withTables<MemorialTables>();

/** The generation readers are shown and what it was built from (one row, memorial_state). */
export interface ShownMemorial {
  generation: number;
  runId: string;
  /** The published lists it was built from: a person's page shows their records in these lists only. */
  sources: string[];
  /** When its build started (with the generation, the key of what a process keeps of it). */
  builtAt: string;
}

/**
 * The stored memorial as readers may see it now: its last built generation, while the run it was built from is still
 * public and done, every list it was built from is still published, and the exclusions are those it applied. Null
 * when nothing is built or something was withdrawn or excluded since: the memorial then shows nobody until the job
 * has rebuilt it, never what was withdrawn (additions since the build simply wait for the job).
 */
export async function shownMemorial(db: Db): Promise<ShownMemorial | null> {
  const row = await sql<{ generation: number | string; run_id: string; sources: string[]; built_at: string }>`
    select s.generation, s.run_id::text as run_id, s.sources::text[] as sources, s.built_at::text as built_at from (${shownRow}) s`.execute(db);
  const shown = row.rows[0];
  return shown ? { generation: Number(shown.generation), runId: shown.run_id, sources: shown.sources, builtAt: shown.built_at } : null;
}

/** Every exclusion, in one digest: a reader compares it with the one the shown generation applied. */
const exclusionsDigest = sql<string>`select md5(coalesce(string_agg(x.source_id::text || '/' || x.source_record_id, E'\n' order by x.source_id, x.source_record_id), '')) from memorial_exclusions x`;

/**
 * The one row of memorial_state readers are shown (generation, run_id, sources, built_at), or none (see shownMemorial): a
 * subquery, so a page reads it in the same statement as its persons.
 */
const shownRow = sql`
  select s.generation, s.run_id, s.sources, s.built_at from memorial_state s
  where s.run_id is not null
    and exists (
      select 1 from linkage_runs r join publications p on p.subject_kind = 'casualty_stats' and p.subject_id = r.id::text
      where r.id = s.run_id and r.state = 'done' and p.state = 'public')
    and not exists (
      select 1 from unnest(s.sources) u(id)
      where not exists (select 1 from publications p where p.subject_kind = 'casualty_source' and p.subject_id = u.id::text and p.state = 'public'))
    and s.exclusions = (${exclusionsDigest})`;

// ---- what a build writes, statement by statement (memorial-store.ts rebuildMemorial) ----

/** The generation memorial_state shows now, and the run it was built from. */
export async function memorialState(db: Db) {
  return store(db).selectFrom('memorial_state').select(['generation', 'run_id']).executeTakeFirstOrThrow();
}

/** The newest change marker (a build takes the markers up to it), or null when none is pending. */
export async function lastChange(db: Db): Promise<string | number | null> {
  return (await sql<{ id: string | number | null }>`select max(id) as id from memorial_changes`.execute(db)).rows[0]?.id ?? null;
}

/** A new generation's number, its start time and the exclusions it applies, read before any person. */
export async function startGeneration(db: Db): Promise<{ at: Date; generation: number; exclusions: string }> {
  const started = await sql<{
    at: Date;
    generation: string | number;
    exclusions: string;
  }>`select now() as at, nextval('memorial_generation') as generation, (${exclusionsDigest}) as exclusions`.execute(db);
  return { ...started.rows[0], generation: Number(started.rows[0].generation) };
}

/** The newest public, finished linkage run, if any: the memorial's persons. */
export async function newestPublicRun(db: Db): Promise<string | null> {
  const run = await sql<{ id: string }>`
    select r.id from linkage_runs r join publications p on p.subject_kind = 'casualty_stats' and p.subject_id = r.id::text
    where p.state = 'public' and r.state = 'done' order by p.changed_at desc, r.id limit 1`.execute(db);
  return run.rows[0]?.id ?? null;
}

/** The ids of the casualty lists published now, in id order. */
export async function publishedSourceIds(db: Db): Promise<string[]> {
  return (
    await sql<{ id: string }>`
      select s.id::text as id from casualty_sources s join publications p on p.subject_kind = 'casualty_source' and p.subject_id = s.id::text
      where p.state = 'public' order by s.id`.execute(db)
  ).rows.map((r) => r.id);
}

/** The lowest and highest person number of a run (lo > hi when it has none). */
export async function personRange(db: Db, runId: string): Promise<{ lo: number; hi: number }> {
  const range = (
    await sql<{
      lo: number | null;
      hi: number | null;
    }>`select min(person_id) as lo, max(person_id) as hi from person_records where run_id = ${runId}`.execute(db)
  ).rows[0];
  return { lo: range?.lo ?? 1, hi: range?.hi ?? 0 };
}

/**
 * Writes the persons numbered `from` to `to` of the run into a generation: each person's key, list count, search text,
 * places, years and name keys, from their current records in the published lists, leaving out every person one of
 * whose records is excluded. Returns how many persons were written.
 */
export async function writePersons(db: Db, w: { generation: number; runId: string; sources: string[]; from: number; to: number }): Promise<number> {
  const published = sql`array[${sql.join(w.sources)}]::uuid[]`;
  const written = await sql`
    with excluded as (
      select m2.person_id from memorial_exclusions x
      join casualty_records r2 on r2.source_id = x.source_id and r2.source_record_id = x.source_record_id
      join person_records m2 on m2.record_id = r2.id and m2.run_id = ${w.runId}
      where m2.person_id between ${w.from}::int and ${w.to}::int
    )
    insert into memorial_persons (generation, run_id, person_id, key, source_count, search, places, years, name_keys)
    select ${w.generation}::bigint, g.*, reckon_name_keys(g.search) from (
    select m.run_id, m.person_id, min(r.id::text)::uuid as key, count(distinct r.source_id)::int as source_count,
      string_agg(lower(r.names::text) || E'\n' || lower(coalesce(r.given_name, '') || ' ' || coalesce(r.family_name, '')) || E'\n' || coalesce(r.search_names, ''), E'\n' order by r.id) as search,
      coalesce(array_agg(distinct r.place) filter (where r.place is not null), '{}') as places,
      coalesce(array_agg(distinct left(r.death_date, 4)) filter (where r.death_date is not null), '{}') as years
    from person_records m join casualty_records r on r.id = m.record_id
    where m.run_id = ${w.runId} and m.person_id between ${w.from}::int and ${w.to}::int and r.current and r.source_id = any(${published})
      and m.person_id not in (select person_id from excluded)
    group by m.run_id, m.person_id) g`.execute(db);
  return Number(written.numAffectedRows ?? 0);
}

/** Planner statistics of the stored persons (after a build wrote many). */
export async function analyzePersons(db: Db): Promise<void> {
  await sql`analyze memorial_persons`.execute(db);
}

/**
 * Numbers the next `chunk` persons of a generation in key order after `after` (null: from the first), from `base` + 1,
 * and returns their keys (none when every person is numbered).
 */
export async function numberPersons(db: Db, n: { generation: number; runId: string; base: number; after: string | null; chunk: number }): Promise<string[]> {
  const after: RawBuilder<unknown> = n.after === null ? sql`true` : sql`key > ${n.after}::uuid`;
  const numbered: QueryResult<{ key: string }> = await sql<{ key: string }>`
    with n as materialized (
      select person_id, ${n.base}::int + row_number() over (order by key)::int as ordinal from memorial_persons
      where generation = ${n.generation} and ${after} order by key limit ${n.chunk})
    update memorial_persons p set ordinal = n.ordinal from n
    where p.generation = ${n.generation} and p.run_id = ${n.runId} and p.person_id = n.person_id
    returning p.key::text as key`.execute(db);
  return numbered.rows.map((r) => r.key);
}

/** A generation's index: persons per place, per year of death and in all, by how many lists name them. */
export async function writeIndex(db: Db, generation: number): Promise<void> {
  await sql`
    insert into memorial_index (generation, by, value, source_count, persons)
    select ${generation}::bigint, 'place', v, source_count, count(*)::int from memorial_persons, unnest(places) v where generation = ${generation} group by v, source_count
    union all
    select ${generation}::bigint, 'year', v, source_count, count(*)::int from memorial_persons, unnest(years) v where generation = ${generation} group by v, source_count
    union all
    select ${generation}::bigint, 'all', '', source_count, count(*)::int from memorial_persons where generation = ${generation} group by source_count`.execute(
    db,
  );
}

/** Makes a generation the one shown, unless a newer one already is; returns whether it was switched. */
export async function showGeneration(
  db: Db,
  g: { generation: number; runId: string | null; sources: string[]; exclusions: string; builtAt: Date },
): Promise<boolean> {
  const switched = await sql`
    update memorial_state set generation = ${g.generation}, run_id = ${g.runId}, sources = ${g.sources.length ? sql`array[${sql.join(g.sources)}]::uuid[]` : sql`'{}'::uuid[]`}, exclusions = ${g.exclusions}, built_at = ${g.builtAt}::timestamptz
    where generation < ${g.generation}`.execute(db);
  return Boolean(Number(switched.numAffectedRows ?? 0));
}

/** Takes the change markers up to `taken` (those a build covers). */
export async function takeChanges(db: Db, taken: string | number): Promise<void> {
  await sql`delete from memorial_changes where id <= ${taken}`.execute(db);
}

/** Puts every view cached under the old generation (the public statistics) out of date. */
export async function expireCachedViews(db: Db): Promise<void> {
  await sql`update public_cache_generation set n = n + 1`.execute(db);
  await sql`delete from public_stats_cache`.execute(db);
}

/** Which generations are stale: those before the one shown, or (a build that was not shown) the build's own. */
export type StaleGenerations = { before: number } | { only: number };
const staleWhere = (stale: StaleGenerations) => ('before' in stale ? sql`generation < ${stale.before}` : sql`generation = ${stale.only}`);

/** Deletes up to `chunk` persons of stale generations; returns how many. */
export async function deleteStalePersons(db: Db, stale: StaleGenerations, chunk: number): Promise<number> {
  const gone =
    await sql`delete from memorial_persons where (generation, run_id, person_id) in (select generation, run_id, person_id from memorial_persons where ${staleWhere(stale)} limit ${chunk})`.execute(
      db,
    );
  return Number(gone.numAffectedRows ?? 0);
}

/** Deletes the index rows of stale generations. */
export async function deleteStaleIndex(db: Db, stale: StaleGenerations): Promise<void> {
  await sql`delete from memorial_index where ${staleWhere(stale)}`.execute(db);
}

// ---- what the portal reads ----

export interface StoredMemorialFilter {
  /** The generation shown (shownMemorial), or the expression that reads it in the same statement. */
  generation: number | RawBuilder<number>;
  minSources: number;
  q?: { written: string; romanised: string | null };
  place?: string;
  year?: string;
  limit: number;
  offset: number;
}

/** Where a name is cut into words: the same classes as reckon_name_keys() (migration 202612100600). */
const WORD_BREAK = /[\][\s"'.,;:!?()|/\\{}<>=+*&%$#@~^_-]+|[0-9]+/u;
const MAX_KEY = 20;

/**
 * A query's words as name keys (lower-cased, each cut to the longest prefix stored), or null when a word is a single
 * letter (an initial): such a query is matched as a substring of the stored names instead.
 */
export function nameKeys(text: string): string[] | null {
  const words = text.toLowerCase().split(WORD_BREAK).filter(Boolean);
  if (!words.length || words.some((w) => [...w].length < 2)) return null;
  return [...new Set(words.map((w) => [...w].slice(0, MAX_KEY).join('')))];
}

function filtered(db: Db, f: StoredMemorialFilter) {
  let q = store(db).selectFrom('memorial_persons as p').where('p.generation', '=', f.generation).where('p.source_count', '>=', f.minSources);
  const written = f.q ? nameKeys(f.q.written) : null;
  const romanised = f.q?.romanised ? nameKeys(f.q.romanised) : null;
  if (f.q && written) {
    // Every word of the query begins a word of the person's names, as written or romanised: read from the GIN index.
    const has = (keys: string[]) => sql<boolean>`p.name_keys @> array[${sql.join(keys)}]::text[]`;
    q = q.where((eb) => (romanised ? eb.or([has(written), has(romanised)]) : has(written)));
  } else if (f.q) {
    const written = likePattern(f.q.written.toLowerCase());
    const romanised = f.q.romanised ? likePattern(f.q.romanised) : null;
    q = q.where((eb) => (romanised ? eb.or([eb('p.search', 'like', written), eb('p.search', 'like', romanised)]) : eb('p.search', 'like', written)));
  }
  if (f.place) q = q.where(sql<boolean>`p.places @> array[${f.place}]::text[]`);
  if (f.year) q = q.where(sql<boolean>`p.years @> array[${f.year}]::text[]`);
  return q;
}

/**
 * A page of persons. The whole memorial, when every stored person is shown (each is named by at least one published
 * list, so a minimum of one list hides nobody): a range of the stored ordinals, the same persons in the same order as
 * the key order with an offset, without reading the rows before it.
 */
function pageQuery(db: Db, f: StoredMemorialFilter) {
  const whole = !f.q && !f.place && !f.year && f.minSources <= 1;
  return whole
    ? store(db)
        .selectFrom('memorial_persons as p')
        .select(['p.person_id', sql<string>`p.key::text`.as('key')])
        .where('p.generation', '=', f.generation)
        .where('p.ordinal', '>', f.offset)
        .where('p.ordinal', '<=', f.offset + f.limit)
        .orderBy('p.ordinal')
    : filtered(db, f)
        .select(['p.person_id', sql<string>`p.key::text`.as('key')])
        .orderBy('p.key')
        .limit(f.limit)
        .offset(f.offset);
}

/** A record of a shown person, as the portal shows it (only records of the lists the shown generation was built from). */
export interface ShownRecord {
  id: string;
  source_id: string;
  names: string[];
  given_name: string | null;
  family_name: string | null;
  patronymic: string | null;
  birth_date: string | null;
  death_date: string | null;
  age: number | null;
  place: string | null;
  status: string | null;
  /** Whether a list of the missing holds a status claim for the record (its statuses are then read apart). */
  has_claims: boolean;
}

export interface MemorialRead {
  shown: ShownMemorial | null;
  /** The lists published now (id and name). */
  sources: Array<{ id: string; name: string }>;
  /** The filter's total when asked for (a name search's count), else null. */
  total: number | null;
  persons: Array<{ person_id: number; key: string; records: ShownRecord[] }>;
}

/**
 * One statement for a memorial page: what readers are shown (shownMemorial's checks, so a withdrawal or an exclusion
 * hides everyone at once), the lists published now, and a page of persons (or one person by `key`, or nobody when
 * neither is given) of that generation
 * with their current records in the lists it was built from; and beside it, when `total` is asked, the filter's count.
 * It used to be three or four statements one after the other, each a wait of 6–35 ms on a loaded machine.
 */
export async function readMemorial(
  db: Db,
  read: { minSources: number; filter?: Omit<StoredMemorialFilter, 'generation'>; key?: string; total?: boolean },
): Promise<MemorialRead> {
  const generation = sql<number>`(select generation from shown)`;
  const f: StoredMemorialFilter = { ...(read.filter ?? { limit: 1, offset: 0 }), minSources: read.minSources, generation };
  const page = read.filter
    ? pageQuery(db, f)
    : read.key
      ? store(db)
          .selectFrom('memorial_persons as p')
          .select(['p.person_id', 'p.key'])
          .where('p.generation', '=', generation)
          .where('p.key', '=', read.key)
          .where('p.source_count', '>=', read.minSources)
      : sql`select null::int as person_id, null::uuid as key where false`;
  // A name search's count runs beside the page, on its own connection where there is a pool (it reads what is shown
  // itself: a switch to a new generation between the two statements can only make one answer's count that of the
  // other generation, never show anyone hidden).
  const counted =
    read.total && read.filter
      ? sql<{ n: number }>`with shown as materialized (${shownRow}) ${filtered(db, f).select(sql<number>`count(*)::int`.as('n'))}`.execute(db)
      : null;
  const reading = sql<{
    shown: { generation: number | string; run_id: string; sources: string[]; built_at: string } | null;
    sources: Array<{ id: string; name: string }>;
    persons: MemorialRead['persons'];
  }>`
    with shown as materialized (${shownRow}),
    page as materialized (${page})
    select
      (select json_build_object('generation', generation, 'run_id', run_id, 'sources', sources, 'built_at', built_at::text) from shown) as shown,
      (select coalesce(json_agg(json_build_object('id', s.id, 'name', s.name) order by s.name, s.id), '[]'::json)
         from casualty_sources s join publications p on p.subject_kind = 'casualty_source' and p.subject_id = s.id::text
         where p.state = 'public') as sources,
      (select coalesce(json_agg(json_build_object('person_id', g.person_id, 'key', g.key, 'records', (
         select coalesce(json_agg(json_build_object('id', r.id, 'source_id', r.source_id, 'names', r.names, 'given_name', r.given_name,
           'family_name', r.family_name, 'patronymic', r.patronymic, 'birth_date', r.birth_date, 'death_date', r.death_date, 'age', r.age,
           'place', r.place, 'status', r.status,
           'has_claims', exists (select 1 from missing_status_claims c where c.record_id = r.id)) order by r.source_id, r.id), '[]'::json)
         from shown, person_records m join casualty_records r on r.id = m.record_id
         where m.run_id = shown.run_id and m.person_id = g.person_id and r.source_id = any(shown.sources) and r.current)) order by g.key), '[]'::json)
       from page g) as persons`.execute(db);
  const [row, total] = await Promise.all([reading, counted]);
  const out = row.rows[0];
  const shown = out.shown
    ? { generation: Number(out.shown.generation), runId: out.shown.run_id, sources: out.shown.sources, builtAt: out.shown.built_at }
    : null;
  return { shown, sources: out.sources, total: total ? Number(total.rows[0].n) : null, persons: out.persons };
}

/**
 * How many persons the memorial shows, as an expression for another statement (the portal's home counts): the stored
 * total of the generation shown, with the same checks as every memorial page, and 0 when no list is published.
 */
export function shownTotal(minSources: number): RawBuilder<number> {
  return sql<number>`(select coalesce(sum(i.persons), 0)::int from memorial_index i join (${shownRow}) s on i.generation = s.generation
    where i.by = 'all' and i.value = '' and i.source_count >= ${minSources}
      and exists (select 1 from publications p where p.subject_kind = 'casualty_source' and p.state = 'public'))`;
}

/** How many persons a generation holds (stored by the rebuild): for counts, without reading any person. */
export async function storedMemorialTotal(db: Db, generation: number, minSources: number): Promise<number> {
  const row = await store(db)
    .selectFrom('memorial_index')
    .select(sql<number>`coalesce(sum(persons), 0)::int`.as('n'))
    .where('generation', '=', generation)
    .where('by', '=', 'all')
    .where('value', '=', '')
    .where('source_count', '>=', minSources)
    .executeTakeFirstOrThrow();
  return row.n;
}

/** Places or years of death with how many shown persons each. */
export async function storedMemorialIndex(db: Db, generation: number, by: 'place' | 'year', minSources: number) {
  return store(db)
    .selectFrom('memorial_index')
    .select(['value', sql<number>`sum(persons)::int`.as('persons')])
    .where('generation', '=', generation)
    .where('by', '=', by)
    .where('source_count', '>=', minSources)
    .groupBy('value')
    .orderBy('value')
    .execute();
}

/** Every shown person's key, in address order, for the sitemap (keyset-paged by the caller). */
export async function storedMemorialKeys(db: Db, generation: number, minSources: number, after: string | null, limit: number) {
  let q = store(db)
    .selectFrom('memorial_persons')
    .select(sql<string>`key::text`.as('key'))
    .where('generation', '=', generation)
    .where('source_count', '>=', minSources);
  if (after) q = q.where('key', '>', after);
  return (await q.orderBy('key').limit(limit).execute()).map((r) => r.key);
}

// ---- the statistics cached under the memorial's generation (memorial-store.ts cachedStats) ----

/** The generation cached views are kept under (public_cache_generation). */
export async function cacheGeneration(db: Db): Promise<string | number> {
  return (await store(db).selectFrom('public_cache_generation').select('n').executeTakeFirstOrThrow()).n;
}

/** A view cached for a run and minimum cell at that generation, if any. */
export async function cachedView(db: Db, runId: string, minCell: number, generation: string | number): Promise<{ view: unknown } | undefined> {
  return store(db)
    .selectFrom('public_stats_cache')
    .select('view')
    .where('run_id', '=', runId)
    .where('min_cell', '=', minCell)
    .where('generation', '=', generation)
    .executeTakeFirst();
}

/** Whether a change marker is pending (a rebuild is due). */
export async function changesPending(db: Db): Promise<boolean> {
  return Boolean((await sql<{ p: boolean }>`select exists (select 1 from memorial_changes) as p`.execute(db)).rows[0]?.p);
}

/** Keeps a computed view for a run and minimum cell under a generation (replacing an older one). */
export async function storeView(db: Db, v: { runId: string; minCell: number; generation: string | number; view: unknown }): Promise<void> {
  await store(db)
    .insertInto('public_stats_cache')
    .values({ run_id: v.runId, min_cell: v.minCell, generation: v.generation, view: JSON.stringify(v.view) })
    .onConflict((oc) => oc.columns(['run_id', 'min_cell']).doUpdateSet({ generation: v.generation, view: JSON.stringify(v.view) }))
    .execute();
}
