import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { likePattern } from '../casualties/repository.ts';
import type { MemorialTables } from './memorial-tables.ts';

type Db = Kysely<Database>;
type MemorialDb = Kysely<Database & MemorialTables>;
const store = (db: Db): MemorialDb => db.withTables<MemorialTables>();

/**
 * The stored memorial: one row per person of the newest public linkage run (whose statistics are public), built from
 * the current records of the published lists only, with persons excluded by a memorial exclusion left out. Database
 * triggers mark it changed (a row in memorial_changes) when a publication, an exclusion, a record or a run's persons
 * change; the first read after that rebuilds it, under an advisory lock so two readers never rebuild at once. The
 * organisation's minimum number of lists is applied when reading (source_count), so changing it needs no rebuild.
 */
export async function freshMemorial(db: Db): Promise<void> {
  const pending = await sql<{ p: boolean }>`select exists (select 1 from memorial_changes) as p`.execute(db);
  if (!pending.rows[0]?.p) return;
  await db.transaction().execute(async (tx) => {
    await sql`select pg_advisory_xact_lock(hashtext('reckon.memorial.rebuild'))`.execute(tx);
    // Only markers committed before this point are taken; one committed later stays and causes the next rebuild.
    const taken = await store(tx).deleteFrom('memorial_changes').returning('id').execute();
    if (!taken.length) return; // another reader rebuilt it while this one waited
    await rebuildMemorial(tx);
  });
}

async function rebuildMemorial(tx: Db): Promise<void> {
  // Every view cached under the old generation (the public statistics) is now out of date.
  await sql`update public_cache_generation set n = n + 1`.execute(tx);
  await sql`delete from public_stats_cache`.execute(tx);
  await sql`delete from memorial_persons`.execute(tx);
  await sql`delete from memorial_index`.execute(tx);
  const run = await sql<{ id: string }>`
    select r.id from linkage_runs r join publications p on p.subject_kind = 'casualty_stats' and p.subject_id = r.id::text
    where p.state = 'public' and r.state = 'done' order by p.changed_at desc, r.id limit 1`.execute(tx);
  const runId = run.rows[0]?.id;
  if (!runId) return;
  await sql`
    with published as (
      select s.id from casualty_sources s join publications p on p.subject_kind = 'casualty_source' and p.subject_id = s.id::text
      where p.state = 'public'
    ), excluded as (
      select m2.person_id from memorial_exclusions x
      join casualty_records r2 on r2.source_id = x.source_id and r2.source_record_id = x.source_record_id
      join person_records m2 on m2.record_id = r2.id and m2.run_id = ${runId}
    )
    insert into memorial_persons (run_id, person_id, key, source_count, search, places, years, name_keys, ordinal)
    select g.*, reckon_name_keys(g.search), row_number() over (order by g.key)::int from (
    select m.run_id, m.person_id, min(r.id::text)::uuid as key, count(distinct r.source_id)::int as source_count,
      string_agg(lower(r.names::text) || E'\n' || lower(coalesce(r.given_name, '') || ' ' || coalesce(r.family_name, '')) || E'\n' || coalesce(r.search_names, ''), E'\n' order by r.id) as search,
      coalesce(array_agg(distinct r.place) filter (where r.place is not null), '{}') as places,
      coalesce(array_agg(distinct left(r.death_date, 4)) filter (where r.death_date is not null), '{}') as years
    from person_records m join casualty_records r on r.id = m.record_id
    where m.run_id = ${runId} and r.current and r.source_id in (select id from published)
      and m.person_id not in (select person_id from excluded)
    group by m.run_id, m.person_id) g`.execute(tx);
  await sql`
    insert into memorial_index (by, value, source_count, persons)
    select 'place', v, source_count, count(*)::int from memorial_persons, unnest(places) v group by v, source_count
    union all
    select 'year', v, source_count, count(*)::int from memorial_persons, unnest(years) v group by v, source_count
    union all
    select 'all', '', source_count, count(*)::int from memorial_persons group by source_count`.execute(tx);
  await sql`analyze memorial_persons`.execute(tx);
}

export interface StoredMemorialFilter {
  runId: string;
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
  let q = store(db).selectFrom('memorial_persons as p').where('p.run_id', '=', f.runId).where('p.source_count', '>=', f.minSources);
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
  const only = f.q ? null : f.place && !f.year ? { by: 'place' as const, value: f.place } : f.year && !f.place ? { by: 'year' as const, value: f.year } : !f.place && !f.year ? { by: 'all' as const, value: '' } : null;
  if (!only) return (await filtered(db, f).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n;
  const row = await store(db)
    .selectFrom('memorial_index')
    .select(sql<number>`coalesce(sum(persons), 0)::int`.as('n'))
    .where('by', '=', only.by)
    .where('value', '=', only.value)
    .where('source_count', '>=', f.minSources)
    .executeTakeFirstOrThrow();
  return row.n;
}

export async function storedMemorialPage(db: Db, f: StoredMemorialFilter, fresh = false) {
  if (!fresh) await freshMemorial(db);
  // The whole memorial, when every stored person is shown (each is named by at least one published list, so a minimum
  // of one list hides nobody): a page is a range of the stored ordinals, the same persons in the same order as the
  // key order with an offset, without reading the rows before it.
  const whole = !f.q && !f.place && !f.year && f.minSources <= 1;
  const page = whole
    ? store(db)
        .selectFrom('memorial_persons as p')
        .select(['p.person_id', sql<string>`p.key::text`.as('key')])
        .where('p.run_id', '=', f.runId)
        .where('p.ordinal', '>', f.offset)
        .where('p.ordinal', '<=', f.offset + f.limit)
        .orderBy('p.ordinal')
    : filtered(db, f).select(['p.person_id', sql<string>`p.key::text`.as('key')]).orderBy('p.key').limit(f.limit).offset(f.offset);
  const [total, rows] = await Promise.all([filteredTotal(db, f), page.execute()]);
  return { total, rows };
}

/** How many persons the memorial shows (stored by the rebuild): for counts, without reading any person. */
export async function storedMemorialTotal(db: Db, runId: string, minSources: number): Promise<number> {
  await freshMemorial(db);
  return filteredTotal(db, { runId, minSources, limit: 0, offset: 0 });
}

/** The person whose address is `key`, if the memorial shows them. */
export async function storedMemorialPerson(db: Db, runId: string, key: string, minSources: number) {
  await freshMemorial(db);
  return store(db)
    .selectFrom('memorial_persons')
    .select(['person_id', sql<string>`key::text`.as('key')])
    .where('run_id', '=', runId)
    .where('key', '=', key)
    .where('source_count', '>=', minSources)
    .executeTakeFirst();
}

/** Places or years of death with how many shown persons each. */
export async function storedMemorialIndex(db: Db, by: 'place' | 'year', minSources: number, fresh = false) {
  if (!fresh) await freshMemorial(db);
  return store(db)
    .selectFrom('memorial_index')
    .select(['value', sql<number>`sum(persons)::int`.as('persons')])
    .where('by', '=', by)
    .where('source_count', '>=', minSources)
    .groupBy('value')
    .orderBy('value')
    .execute();
}

/** Every shown person's key, in address order, for the sitemap (keyset-paged by the caller). */
export async function storedMemorialKeys(db: Db, runId: string, minSources: number, after: string | null, limit: number) {
  await freshMemorial(db);
  let q = store(db).selectFrom('memorial_persons').select(sql<string>`key::text`.as('key')).where('run_id', '=', runId).where('source_count', '>=', minSources);
  if (after) q = q.where('key', '>', after);
  return (await q.orderBy('key').limit(limit).execute()).map((r) => r.key);
}

/**
 * A value cached under the stored memorial's generation: read when it was computed at the current generation, else
 * computed and stored. The computation runs in a repeatable-read transaction that sees no pending change marker, so
 * what it read is exactly the state of that generation; with a change pending it is computed and not stored.
 */
export async function cachedStats<T>(db: Db, runId: string, minCell: number, compute: (tx: Db) => Promise<T>): Promise<T> {
  await freshMemorial(db);
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (tx) => {
      const s = store(tx);
      const generation = (await s.selectFrom('public_cache_generation').select('n').executeTakeFirstOrThrow()).n;
      const cached = await s.selectFrom('public_stats_cache').select('view').where('run_id', '=', runId).where('min_cell', '=', minCell).where('generation', '=', generation).executeTakeFirst();
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
