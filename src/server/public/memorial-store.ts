import { sql, type Kysely, type QueryResult, type RawBuilder } from 'kysely';
import type { Database } from '../db/schema.ts';
import { likePattern } from '../db/helpers.ts';
import type { MemorialTables } from './memorial-tables.ts';

type Db = Kysely<Database>;
type MemorialDb = Kysely<Database & MemorialTables>;
const store = (db: Db): MemorialDb => db.withTables<MemorialTables>();

/** The job that rebuilds the stored memorial (queued by the change trigger, migration 202612110800). */
export const MEMORIAL_JOB = 'memorial.rebuild';
/** Persons written per statement: each statement is short, so readers (on PGlite's one connection too) get in between. */
const CHUNK = 5000;

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

/**
 * Registers the rebuild with a process's job runner (every process that runs jobs: the server, tests' drains). One
 * rebuild of 100,000 persons took 40 to 85 s on a loaded machine; an hour is its limit.
 */
export function registerMemorialJob(
  jobs: {
    hasHandler(kind: string): boolean;
    register(
      kind: string,
      handler: (payload: Record<string, unknown>, run: { signal: AbortSignal }) => Promise<Record<string, unknown>>,
      options?: { timeLimitMs?: number },
    ): void;
  },
  db: Db,
): void {
  if (jobs.hasHandler(MEMORIAL_JOB)) return;
  jobs.register(MEMORIAL_JOB, async (_payload, run) => ({ ...(await rebuildMemorial(db, { signal: run.signal })) }), { timeLimitMs: 3_600_000 });
}

export interface RebuildHooks {
  /** Called after each statement of the new generation is written (tests read the memorial here). */
  afterChunk?: () => Promise<void>;
  signal?: AbortSignal;
  chunk?: number;
}

/**
 * Builds a new generation of the stored memorial from the newest public run and the lists published now, then makes it
 * the one shown and takes the change markers it covers (those committed before it started; a change committed during
 * the build keeps its marker and its queued job, and causes the next build). Two builds at once (two runners) each
 * write their own generation; the newer one is shown. Returns whether a generation was built.
 */
export async function rebuildMemorial(db: Db, hooks: RebuildHooks = {}): Promise<{ built: boolean; generation?: number; persons?: number }> {
  const chunk = hooks.chunk ?? CHUNK;
  const state = await store(db).selectFrom('memorial_state').select(['generation', 'run_id']).executeTakeFirstOrThrow();
  const taken = (await sql<{ id: string | number | null }>`select max(id) as id from memorial_changes`.execute(db)).rows[0]?.id ?? null;
  if (taken === null && Number(state.generation) > 0) return { built: false };
  // What this generation is built from, read before any person: the run, the lists and the exclusions.
  const started = await sql<{
    at: Date;
    generation: string | number;
    exclusions: string;
  }>`select now() as at, nextval('memorial_generation') as generation, (${exclusionsDigest}) as exclusions`.execute(db);
  const generation = Number(started.rows[0].generation);
  const run = await sql<{ id: string }>`
    select r.id from linkage_runs r join publications p on p.subject_kind = 'casualty_stats' and p.subject_id = r.id::text
    where p.state = 'public' and r.state = 'done' order by p.changed_at desc, r.id limit 1`.execute(db);
  const runId = run.rows[0]?.id ?? null;
  const sources = (
    await sql<{ id: string }>`
      select s.id::text as id from casualty_sources s join publications p on p.subject_kind = 'casualty_source' and p.subject_id = s.id::text
      where p.state = 'public' order by s.id`.execute(db)
  ).rows.map((r) => r.id);
  let persons = 0;
  if (runId && sources.length) {
    const range = (
      await sql<{
        lo: number | null;
        hi: number | null;
      }>`select min(person_id) as lo, max(person_id) as hi from person_records where run_id = ${runId}`.execute(db)
    ).rows[0];
    const lo = range?.lo ?? 1;
    const hi = range?.hi ?? 0;
    const published = sql`array[${sql.join(sources)}]::uuid[]`;
    for (let from = lo; from <= hi; from += chunk) {
      hooks.signal?.throwIfAborted();
      const to = Math.min(hi, from + chunk - 1);
      const written = await sql`
        with excluded as (
          select m2.person_id from memorial_exclusions x
          join casualty_records r2 on r2.source_id = x.source_id and r2.source_record_id = x.source_record_id
          join person_records m2 on m2.record_id = r2.id and m2.run_id = ${runId}
          where m2.person_id between ${from}::int and ${to}::int
        )
        insert into memorial_persons (generation, run_id, person_id, key, source_count, search, places, years, name_keys)
        select ${generation}::bigint, g.*, reckon_name_keys(g.search) from (
        select m.run_id, m.person_id, min(r.id::text)::uuid as key, count(distinct r.source_id)::int as source_count,
          string_agg(lower(r.names::text) || E'\n' || lower(coalesce(r.given_name, '') || ' ' || coalesce(r.family_name, '')) || E'\n' || coalesce(r.search_names, ''), E'\n' order by r.id) as search,
          coalesce(array_agg(distinct r.place) filter (where r.place is not null), '{}') as places,
          coalesce(array_agg(distinct left(r.death_date, 4)) filter (where r.death_date is not null), '{}') as years
        from person_records m join casualty_records r on r.id = m.record_id
        where m.run_id = ${runId} and m.person_id between ${from}::int and ${to}::int and r.current and r.source_id = any(${published})
          and m.person_id not in (select person_id from excluded)
        group by m.run_id, m.person_id) g`.execute(db);
      persons += Number(written.numAffectedRows ?? 0);
      await hooks.afterChunk?.();
    }
    // Statistics of the new rows before they are read back: without them the planner took the table for its older
    // size and numbered the first chunk by a nested loop over every row (ten minutes at 100,000 persons).
    await sql`analyze memorial_persons`.execute(db);
    // Ordinals (the person's place in address order), a chunk of keys at a time.
    let last: string | null = null;
    for (let base = 0; ; base += chunk) {
      hooks.signal?.throwIfAborted();
      const after: RawBuilder<unknown> = last === null ? sql`true` : sql`key > ${last}::uuid`;
      const numbered: QueryResult<{ key: string }> = await sql<{ key: string }>`
        with n as materialized (
          select person_id, ${base}::int + row_number() over (order by key)::int as ordinal from memorial_persons
          where generation = ${generation} and ${after} order by key limit ${chunk})
        update memorial_persons p set ordinal = n.ordinal from n
        where p.generation = ${generation} and p.run_id = ${runId} and p.person_id = n.person_id
        returning p.key::text as key`.execute(db);
      if (!numbered.rows.length) break;
      last = numbered.rows.reduce((max: string, r) => (r.key > max ? r.key : max), numbered.rows[0].key);
      await hooks.afterChunk?.();
    }
    await sql`
      insert into memorial_index (generation, by, value, source_count, persons)
      select ${generation}::bigint, 'place', v, source_count, count(*)::int from memorial_persons, unnest(places) v where generation = ${generation} group by v, source_count
      union all
      select ${generation}::bigint, 'year', v, source_count, count(*)::int from memorial_persons, unnest(years) v where generation = ${generation} group by v, source_count
      union all
      select ${generation}::bigint, 'all', '', source_count, count(*)::int from memorial_persons where generation = ${generation} group by source_count`.execute(
      db,
    );
    await sql`analyze memorial_persons`.execute(db);
  }
  // One short transaction: this generation is shown (unless a newer one already is), the markers it covers are taken,
  // and every view cached under the old generation (the public statistics) goes out of date.
  const shown = await db.transaction().execute(async (tx) => {
    const switched = await sql`
      update memorial_state set generation = ${generation}, run_id = ${runId}, sources = ${sources.length ? sql`array[${sql.join(sources)}]::uuid[]` : sql`'{}'::uuid[]`}, exclusions = ${started.rows[0].exclusions}, built_at = ${started.rows[0].at}::timestamptz
      where generation < ${generation}`.execute(tx);
    if (!Number(switched.numAffectedRows ?? 0)) return false;
    if (taken !== null) await sql`delete from memorial_changes where id <= ${taken}`.execute(tx);
    await sql`update public_cache_generation set n = n + 1`.execute(tx);
    await sql`delete from public_stats_cache`.execute(tx);
    return true;
  });
  // The generations no reader is shown any more, a chunk at a time (a build still running has a newer number).
  const current = Number((await store(db).selectFrom('memorial_state').select('generation').executeTakeFirstOrThrow()).generation);
  const stale = shown ? sql`generation < ${current}` : sql`generation = ${generation}`;
  for (;;) {
    const gone =
      await sql`delete from memorial_persons where (generation, run_id, person_id) in (select generation, run_id, person_id from memorial_persons where ${stale} limit ${chunk})`.execute(
        db,
      );
    if (!Number(gone.numAffectedRows ?? 0)) break;
  }
  await sql`delete from memorial_index where ${stale}`.execute(db);
  return { built: shown, generation, persons };
}

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
 * The total a filter matches: stored by the rebuild for the whole memorial and for one place or year (memorial_index),
 * counted only for a name search, whose trigram index narrows the rows first.
 */
async function filteredTotal(db: Db, f: StoredMemorialFilter): Promise<number> {
  const only = f.q
    ? null
    : f.place && !f.year
      ? { by: 'place' as const, value: f.place }
      : f.year && !f.place
        ? { by: 'year' as const, value: f.year }
        : !f.place && !f.year
          ? { by: 'all' as const, value: '' }
          : null;
  if (!only)
    return (
      await filtered(db, f)
        .select(sql<number>`count(*)::int`.as('n'))
        .executeTakeFirstOrThrow()
    ).n;
  const row = await store(db)
    .selectFrom('memorial_index')
    .select(sql<number>`coalesce(sum(persons), 0)::int`.as('n'))
    .where('generation', '=', f.generation)
    .where('by', '=', only.by)
    .where('value', '=', only.value)
    .where('source_count', '>=', f.minSources)
    .executeTakeFirstOrThrow();
  return row.n;
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

/** How many persons the memorial shows (stored by the rebuild): for counts, without reading any person. */
export async function storedMemorialTotal(db: Db, generation: number, minSources: number): Promise<number> {
  return filteredTotal(db, { generation, minSources, limit: 0, offset: 0 });
}

/** The person whose address is `key`, if the memorial shows them. */
export async function storedMemorialPerson(db: Db, generation: number, key: string, minSources: number) {
  return store(db)
    .selectFrom('memorial_persons')
    .select(['person_id', sql<string>`key::text`.as('key')])
    .where('generation', '=', generation)
    .where('key', '=', key)
    .where('source_count', '>=', minSources)
    .executeTakeFirst();
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

/**
 * A value cached under the stored memorial's generation: read when it was computed at the current generation, else
 * computed and stored. The computation runs in a repeatable-read transaction that sees no pending change marker, so
 * what it read is exactly the state of that generation; with a change pending it is computed and not stored.
 */
export async function cachedStats<T>(db: Db, runId: string, minCell: number, compute: (tx: Db) => Promise<T>): Promise<T> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (tx) => {
      const s = store(tx);
      const generation = (await s.selectFrom('public_cache_generation').select('n').executeTakeFirstOrThrow()).n;
      const cached = await s
        .selectFrom('public_stats_cache')
        .select('view')
        .where('run_id', '=', runId)
        .where('min_cell', '=', minCell)
        .where('generation', '=', generation)
        .executeTakeFirst();
      if (cached) return cached.view as T;
      const pending = (await sql<{ p: boolean }>`select exists (select 1 from memorial_changes) as p`.execute(tx)).rows[0]?.p;
      const view = await compute(tx);
      if (!pending) {
        await s
          .insertInto('public_stats_cache')
          .values({ run_id: runId, min_cell: minCell, generation, view: JSON.stringify(view) })
          .onConflict((oc) => oc.columns(['run_id', 'min_cell']).doUpdateSet({ generation, view: JSON.stringify(view) }))
          .execute();
      }
      return view;
    });
}
