/**
 * The SQL of the archive search (search.ts decides what to look for) and of its index (search-index.ts decides what
 * each audience may find): the search documents, the spelling dictionary, and the plans a search runs under. What the
 * heavy statements compile to is committed in src/queries/archive-search-*.sql.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Confidentiality, ItemExtractionState, ItemKind, ItemRow } from './tables.ts';
import type { Audience } from './visibility.ts';

type Db = Kysely<Database>;

/** An SQL array of parameters (each value bound, never spliced). */
export const arrayOf = (values: readonly string[], type: 'text' | 'uuid') =>
  values.length ? sql`array[${sql.join(values.map((v) => sql`${v}`))}]::${sql.raw(type)}[]` : sql`'{}'::${sql.raw(type)}[]`;

// ---------------------------------------------------------------------------------------------------------------
// Searching
// ---------------------------------------------------------------------------------------------------------------

export type SearchSort = 'relevance' | 'event_date' | 'added';

/** The column filters of a search, already checked (dates as day bounds, countries upper-case). */
export interface SearchFilter {
  audience: Audience;
  kind?: readonly ItemKind[];
  confidentiality?: readonly Confidentiality[];
  extractionState?: readonly ItemExtractionState[];
  state?: ReadonlyArray<'draft' | 'published'>;
  country?: readonly string[];
  language?: readonly string[];
  tag?: readonly string[];
  /** Event end on or after this day. */
  eventEndFrom?: string;
  /** Event start on or before this day. */
  eventStartTo?: string;
}

/** One search's WHERE clause, with the words' tsquery (null without words). */
export interface SearchWhere {
  tsquery: RawBuilder<unknown> | null;
  where: RawBuilder<unknown>;
  /** The WHERE clause with further lexemes in the index condition (the date windows of earliestFirst). */
  whereWith: (more: string | null) => RawBuilder<unknown>;
}

/**
 * The WHERE clause of a search: the audience flag (which selects the partial index), the columns, and in the index
 * condition the words (`text` from textQuery, `names` from spellingsQuery) and the filters' lexemes.
 */
export function searchWhere(filter: SearchFilter, text: string | null, names: RawBuilder<unknown> | null, filters: string | null): SearchWhere {
  const flag = sql.ref(`d.for_${filter.audience}`);
  const tsquery = text !== null ? (names ? sql`(${text}::tsquery || ${names})` : sql`${text}::tsquery`) : null;
  const conditions: RawBuilder<boolean>[] = [sql<boolean>`${flag}`];
  // The filters' lexemes go into the index condition with the words (`more`: further lexemes, for the date windows);
  // the columns below are still checked.
  const matching = (more: string | null = null) => {
    const lexemes = [filters, more].filter(Boolean).join(' & ');
    if (tsquery && lexemes) return sql<boolean>`d.vector @@ (${tsquery} && ${lexemes}::tsquery)`;
    if (tsquery) return sql<boolean>`d.vector @@ ${tsquery}`;
    return lexemes ? sql<boolean>`d.vector @@ ${lexemes}::tsquery` : sql<boolean>`true`;
  };
  if (filter.kind?.length) conditions.push(sql<boolean>`d.kind in (${sql.join(filter.kind)})`);
  if (filter.confidentiality?.length) conditions.push(sql<boolean>`d.confidentiality in (${sql.join(filter.confidentiality)})`);
  if (filter.extractionState?.length) conditions.push(sql<boolean>`d.extraction_state in (${sql.join(filter.extractionState)})`);
  if (filter.state?.length) conditions.push(sql<boolean>`d.state in (${sql.join(filter.state)})`);
  if (filter.country?.length) conditions.push(sql<boolean>`d.country in (${sql.join(filter.country)})`);
  if (filter.language?.length) conditions.push(sql<boolean>`d.languages && ${arrayOf(filter.language, 'text')}`);
  if (filter.tag?.length) conditions.push(sql<boolean>`d.tag_ids && ${arrayOf(filter.tag, 'uuid')}`);
  if (filter.eventEndFrom) conditions.push(sql<boolean>`d.event_end >= ${filter.eventEndFrom}`);
  if (filter.eventStartTo) conditions.push(sql<boolean>`d.event_start <= ${filter.eventStartTo}`);
  const whereWith = (more: string | null = null) => sql.join([...conditions, matching(more)], sql` and `);
  return { tsquery, where: whereWith(), whereWith };
}

const order = (alias: string, by: SearchSort) => {
  const a = sql.raw(alias);
  return by === 'relevance'
    ? sql`${a}.rank desc, ${a}.created_at desc, ${a}.item_id`
    : by === 'event_date'
      ? sql`${a}.event_start asc nulls last, ${a}.item_id`
      : sql`${a}.created_at desc, ${a}.item_id`;
};

/** The sample's row: its size (`total`, at most sampleLimit + 1), the facets and the page as JSON. */
export type SampleRow = Record<string, unknown>;

export interface SampleOptions {
  sort: SearchSort;
  limit: number;
  offset: number;
  /** Matches read at most (one more is read to tell whether there are more). */
  sampleLimit: number;
}

/** Pages of the table read for the dense case before asking the index (about 40,000 search documents). */
const PROBE_PAGES = 3_000;

/** Share of search documents a search must match for the first pages to be read before the index. */
const DENSE = 0.06;

/**
 * The first matches (total, facets and the page in relevance order among them). With words the matches come from the
 * GIN index, never from a scan of the table: the planner, seeing many matches and a LIMIT, otherwise bets that a
 * sequential scan finds them early, and on a word in one item of forty scans half a million rows. Filters alone are
 * left to the planner: a broad one (a language, a state) is cheaper found by reading the table until the bound than by
 * decoding its long list in the index.
 */
export function sampleMatches(db: Db, w: SearchWhere, options: SampleOptions): Promise<SampleRow> {
  // ts_rank (weights A–C, frequency) rather than ts_rank_cd (cover density): a quarter of the time per row, and the
  // rank is computed for every row of the sample.
  const rank = w.tsquery ? sql<number>`ts_rank(d.vector, ${w.tsquery})` : sql<number>`0`;
  const facet = (expression: RawBuilder<unknown>, from: RawBuilder<unknown> = sql``) =>
    sql`(select coalesce(json_agg(json_build_array(f.v, f.n)), '[]'::json) from (
          select ${expression} as v, count(*) as n from s m ${from} where ${expression} is not null
          group by 1 order by 2 desc, 1 limit 200) f)`;
  // The sample (total, facets, relevance page) and, for the other sorts, the page from the ordered index run at once,
  // each on its own pool connection when there is a pool (one after the other on PGlite); both carry the audience.
  const sampleOf = (probe: boolean) => sql<SampleRow>`
    with m as materialized (
      select d.item_id, d.kind, d.languages, d.country, d.confidentiality, d.extraction_state, d.event_start, d.tag_ids,
             d.created_at, ${rank} as rank
      from search_documents d where ${w.where} ${probe ? sql`and d.ctid < ${`(${PROBE_PAGES},0)`}::tid` : sql``}
      limit ${options.sampleLimit + 1}),
    -- The extra row only tells whether there are more; facets and the page use the sample itself.
    s as (select * from m limit ${options.sampleLimit})
    select (select count(*) from m) as total,
      ${probe ? sql`pg_relation_size('search_documents') <= ${PROBE_PAGES}::bigint * current_setting('block_size')::bigint` : sql`true`} as whole,
      ${facet(sql`m.kind`)} as kind,
      ${facet(sql`lang`, sql`cross join lateral unnest(m.languages) lang`)} as language,
      ${facet(sql`m.country`)} as country,
      ${facet(sql`m.confidentiality`)} as confidentiality,
      ${facet(sql`m.extraction_state`)} as extraction_state,
      ${facet(sql`substr(m.event_start, 1, 4)`)} as year,
      (select coalesce(json_agg(json_build_array(t.id, t.vocabulary_id, t.term, t.n) order by t.n desc, t.term), '[]'::json) from (
        select vt.id, vt.vocabulary_id, vt.term, count(*) as n
        from s m cross join lateral unnest(m.tag_ids) tag join vocabulary_terms vt on vt.id = tag
        group by vt.id, vt.vocabulary_id, vt.term order by 4 desc, 3 limit 200) t) as tag,
      (select coalesce(json_agg(json_build_array(p.item_id, p.rank)), '[]'::json) from (
        select m.item_id, m.rank from s m order by ${order('m', options.sort)} limit ${options.limit} offset ${options.offset}) p) as page`;
  // A word in one item of fifteen or more fills the sample from the first pages of the table faster than the index
  // can list its matches (146,000 of them for a common place name: 60 ms to list, 20 ms to find 2,001 by reading); a
  // rarer word does not, and is then looked up in the index. Both give the first matches in the table's order. Which
  // of the two is decided by the planner's estimate of the share of documents matching: reading the first pages for
  // a sparse word evaluates the query on every row there for nothing (60 ms for a rare pair of words).
  const viaIndex = () => planned(db, 'index', (tx) => sampleOf(false).execute(tx));
  const sampled =
    w.tsquery === null
      ? sampleOf(false).execute(db)
      : share(db, w.where).then(async (dense) => {
          if (!dense) return viaIndex();
          const probe = await planned(db, 'probe', (tx) => sampleOf(true).execute(tx));
          return Number(probe.rows[0].total) > options.sampleLimit || probe.rows[0].whole === true ? probe : viaIndex();
        });
  return sampled.then((result) => result.rows[0]);
}

/** A page of matching item ids in date or "added" order, from the ordered index. */
export async function orderedPage(db: Db, w: SearchWhere, by: SearchSort, limit: number, offset: number): Promise<string[]> {
  const rows = by === 'event_date' && w.tsquery !== null ? await earliestFirst(db, w.whereWith, limit, offset) : null;
  if (rows) return rows;
  const all = await sql<{ item_id: string }>`
      select d.item_id from search_documents d where ${w.where}
      order by ${order('d', by)} limit ${limit} offset ${offset}`.execute(db);
  return all.rows.map((r) => r.item_id);
}

/** The items of a page (any order). */
export async function itemsByIds(db: Db, ids: readonly string[]): Promise<ItemRow[]> {
  return ids.length ? db.selectFrom('items').selectAll().where('id', 'in', ids).execute() : [];
}

/** Does the planner expect at least DENSE of the search documents to match (from its statistics, without running)? */
async function share(db: Db, where: RawBuilder<unknown>): Promise<boolean> {
  const [plan, size] = await Promise.all([
    sql<Record<string, unknown>>`explain (format json) select 1 from search_documents d where ${where}`.execute(db),
    sql<{ n: number }>`select greatest(reltuples, 1)::float8 as n from pg_class where oid = 'search_documents'::regclass`.execute(db),
  ]);
  const top = json<Array<{ Plan: { 'Plan Rows': number } }>>(Object.values(plan.rows[0] ?? {})[0])[0]?.Plan;
  return (top?.['Plan Rows'] ?? 0) >= DENSE * Number(size.rows[0]?.n ?? 1);
}

/**
 * Runs a statement under a plan chosen here, in a transaction of its own (unless already in one, where the planner
 * chooses): `index` rules out reading the whole table (and gives a bitmap of a broad word room to stay exact);
 * `probe` leaves only the read of the first pages by their row addresses.
 */
async function planned<T>(db: Db, plan: 'index' | 'probe', run: (db: Db) => Promise<T>): Promise<T> {
  if (db.isTransaction) return run(db);
  return db.transaction().execute(async (tx) => {
    // A ruled-out plan still costs 10^10 in the planner's arithmetic, which would set off JIT compilation (seconds).
    // One statement for the settings: under load every round trip waits for a core.
    const probe = plan === 'probe' ? 'off' : 'on';
    await sql`select set_config('jit', 'off', true), set_config('enable_seqscan', 'off', true), set_config('work_mem', '16MB', true),
      set_config('enable_bitmapscan', ${probe}, true), set_config('enable_indexscan', ${probe}, true)`.execute(tx);
    return run(tx);
  });
}

/** Year windows tried, from the earliest event date, before sorting every match. */
const WINDOWS = [1, 8];

/**
 * The page in event-date order without sorting every match: a broad word in a million items has tens of thousands of
 * matches scattered over the table, and reading them all to sort them took 150 ms. Every search document carries a
 * lexeme per year of its event ("y=wide" for a long or odd one), so the index can give the matches of the first
 * years alone; when the page is filled from them and its last row starts before the window ends, no match outside the
 * window can come earlier (each has its start year in its lexemes, and no start is earlier than the archive's
 * earliest), so the page is exact. Otherwise the next window, and at last the full sort (null as the caller's cue).
 */
async function earliestFirst(db: Db, whereWith: (more: string) => RawBuilder<unknown>, limit: number, offset: number): Promise<string[] | null> {
  const first = (await sql<{ y: string | null }>`select substr(min(event_start), 1, 4) as y from search_documents`.execute(db)).rows[0]?.y;
  if (!first || !/^\d{4}$/.test(first)) return null;
  const want = offset + limit;
  for (const span of WINDOWS) {
    const from = Number(first);
    const years = `(${[...Array.from({ length: span }, (_, n) => facetLexeme('y', String(from + n))), facetLexeme('y', 'wide')].join(' | ')})`;
    const end = `${String(from + span).padStart(4, '0')}-01-01`;
    const rows = await planned(db, 'index', (tx) =>
      sql<{ item_id: string; before: boolean }>`
        select d.item_id, d.event_start < ${end} as before from search_documents d
        where ${whereWith(years)}
        order by d.event_start asc nulls last, d.item_id limit ${want}`.execute(tx),
    );
    if (rows.rows.length === want && rows.rows[want - 1].before) return rows.rows.slice(offset).map((r) => r.item_id);
  }
  return null;
}

/** The lexeme stored for a facet value (migration 202611221800_search_facet_lexemes), quoted for tsquery input. */
export const facetLexeme = (field: string, value: string) => `'${`${field}=${value}`.replace(/['\\]/g, (c) => c + c)}'`;

/**
 * The query in each configuration, OR-ed, as tsquery text with identical branches kept once (a word most
 * configurations leave as it is would otherwise be tested, and ranked, four times on every row).
 */
export async function textQuery(db: Db, q: string, configs: readonly string[]): Promise<string> {
  const row = await sql<{ q: string }>`
    select coalesce(string_agg(distinct '(' || b::text || ')', ' | '), '') as q
    from unnest(array[${sql.join(configs.map((c) => sql`websearch_to_tsquery(${c}::regconfig, ${q})`))}]) b
    where numnode(b) > 0`.execute(db);
  return row.rows[0]?.q ?? '';
}

export interface SpellingLookup {
  /** The word's spellings as written and romanised, and its comparable form. */
  variants: readonly string[];
  /** The comparable form and its sound, when the word has one. */
  form: { form: string; sound: string } | null;
  similarity: number;
  soundSimilarity: number;
  /** Spellings per variant at most. */
  spellings: number;
  /** Dictionary rows of one sound compared at most. */
  soundCandidates: number;
}

/** Dictionary spellings similar to a word's variants (trigrams), or sharing its sound with a looser similarity. */
export async function similarSpellings(db: Db, look: SpellingLookup): Promise<string[]> {
  const { form } = look;
  const sounded = form
    ? sql`union select c.term from (select term from search_terms where sound = ${form.sound} and term <> ${form.form}
              limit ${look.soundCandidates}) c where similarity(c.term, ${form.form}) >= ${look.soundSimilarity}`
    : sql``;
  const found = await sql<{ term: string }>`
        select s.term from unnest(${arrayOf(look.variants, 'text')}) v
        cross join lateral (select term from search_terms where term % v and similarity(term, v) >= ${look.similarity}
                            order by similarity(term, v) desc, term limit ${look.spellings}) s
        ${sounded}`.execute(db);
  return found.rows.map((r) => r.term);
}

/**
 * A tsquery over the lexemes every search document carries: each word's spellings (plain `simple` lexemes) and
 * comparable-form queries (tsquery text, see formQuery) OR-ed, the words AND-ed.
 */
export function spellingsQuery(words: ReadonlyArray<{ spellings: readonly string[]; formQueries: readonly string[] }>): RawBuilder<unknown> {
  const groups = words.map(
    (w) => sql`(${sql.join([...w.spellings.map((t) => sql`plainto_tsquery('simple', ${t})`), ...w.formQueries.map((f) => sql`${f}::tsquery`)], sql` || `)})`,
  );
  return sql`(${sql.join(groups, sql` && `)})`;
}

/** json columns arrive parsed from one driver and as text from another. */
export function json<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

// ---------------------------------------------------------------------------------------------------------------
// The index
// ---------------------------------------------------------------------------------------------------------------

let extractionsTable: boolean | undefined;

async function hasExtractions(db: Db): Promise<boolean> {
  if (extractionsTable === undefined) {
    const row = await sql<{ present: boolean }>`select to_regclass('extractions') is not null as present`.execute(db);
    extractionsTable = row.rows[0]?.present ?? false;
  }
  return extractionsTable;
}

export async function itemForIndex(db: Db, itemId: string): Promise<ItemRow | undefined> {
  return db.selectFrom('items').selectAll().where('id', '=', itemId).executeTakeFirst();
}

export async function filesForIndex(db: Db, itemId: string) {
  return db.selectFrom('item_files').select(['blob_sha256', 'confidentiality']).where('item_id', '=', itemId).execute();
}

/** The text extracted from these blobs, or null when the extraction module's table is not there. */
export async function extractionsOf(db: Db, sha256s: readonly string[]) {
  if (!(await hasExtractions(db))) return null;
  return db
    .selectFrom('extractions')
    .select(['blob_sha256', 'state', 'text'])
    .where('blob_sha256', 'in', [...sha256s])
    .orderBy('blob_sha256')
    .orderBy('extractor')
    .execute();
}

export async function transcriptsForIndex(db: Db, itemId: string) {
  return db.selectFrom('testimony_texts').select(['language', 'text']).where('item_id', '=', itemId).orderBy('language').execute();
}

export async function pseudonymForIndex(db: Db, itemId: string) {
  return db.selectFrom('testimonies').select(['pseudonym']).where('item_id', '=', itemId).executeTakeFirst();
}

export async function tagIdsForIndex(db: Db, itemId: string) {
  return db.selectFrom('item_tags').select('term_id').where('item_id', '=', itemId).orderBy('term_id').execute();
}

/** One piece of a search document's vector, in the order given. */
export type VectorPart =
  /** The key words (names and places as written and romanised), as `simple` lexemes. */
  | { kind: 'key'; text: string; weight: 'A' | 'B' | 'C' }
  | { kind: 'text'; config: string; text: string; weight: 'A' | 'B' | 'C' }
  /** Lexemes as they are (the spelling lexemes of search-spellings.ts). */
  | { kind: 'lexemes'; lexemes: readonly string[]; weight: 'A' | 'B' | 'C' };

const vectorOf = (parts: readonly VectorPart[]) =>
  sql.join(
    parts.map((p) =>
      p.kind === 'key'
        ? sql`setweight(to_tsvector('simple', ${p.text}), ${sql.lit(p.weight)})`
        : p.kind === 'text'
          ? sql`setweight(to_tsvector(${p.config}::regconfig, ${p.text}), ${sql.lit(p.weight)})`
          : sql`setweight(array_to_tsvector(array(select distinct jsonb_array_elements_text(${JSON.stringify(p.lexemes)}::jsonb))), ${sql.lit(p.weight)})`,
    ),
    sql` || `,
  );

/** Adds comparable forms with their sounds to the spelling dictionary (a form known with a sound is left as it is). */
export async function addSpellingForms(db: Db, forms: ReadonlyArray<{ term: string; sound: string }>): Promise<void> {
  await sql`insert into search_terms (term, sound)
      select w.term, w.sound from jsonb_to_recordset(${JSON.stringify(forms)}::jsonb) as w(term text, sound text)
      where not exists (select 1 from search_terms t where t.term = w.term and t.sound is not null)
      order by w.term
      on conflict (term) do update set sound = excluded.sound`.execute(db);
}

/** Adds the `simple` words of a search key to the spelling dictionary. */
export async function addKeyWords(db: Db, key: string): Promise<void> {
  await sql`insert into search_terms (term)
    select distinct w from unnest(tsvector_to_array(to_tsvector('simple', ${key}))) w
    where length(w) between 3 and 100 and w ~ '[[:alpha:]]'
      -- Known words are skipped without touching the unique index, so concurrent ingests of similar documents do
      -- not queue behind each other's uncommitted inserts of the same word.
      and not exists (select 1 from search_terms t where t.term = w)
    order by w
    on conflict do nothing`.execute(db);
}

export interface SearchDocument {
  tier: string;
  audiences: ReadonlySet<Audience>;
  vector: readonly VectorPart[];
}

/** Replaces an item's search documents: one row per text tier, with the item's facet columns and lexemes. */
export async function replaceSearchDocuments(
  db: Db,
  item: ItemRow,
  extractionState: ItemExtractionState,
  tagIds: readonly string[],
  key: string,
  documents: readonly SearchDocument[],
): Promise<void> {
  const itemId = item.id;
  await sql`delete from search_documents where item_id = ${itemId}`.execute(db);
  for (const { tier, audiences: who, vector } of documents) {
    await sql`insert into search_documents (item_id, tier, for_public, for_member, for_documenter, for_admin, kind, languages, country,
        confidentiality, state, extraction_state, event_start, event_end, tag_ids, created_at, vector, search_key)
      values (${itemId}, ${tier}, ${who.has('public')}, ${who.has('member')}, ${who.has('documenter')}, ${who.has('admin')},
        ${item.kind}, ${arrayOf(item.languages, 'text')}, ${item.country},
        ${item.confidentiality}, ${item.state}, ${extractionState}, ${item.event_start}, ${item.event_end},
        ${arrayOf(tagIds, 'uuid')}, ${item.created_at},
        ${vectorOf(vector)} || array_to_tsvector(search_facet_lexemes(${item.kind}, ${arrayOf(item.languages, 'text')}, ${item.country},
          ${item.confidentiality}, ${item.state}, ${extractionState}, ${item.event_start}, ${item.event_end}, ${arrayOf(tagIds, 'uuid')})),
        ${key})`.execute(db);
  }
}

export async function setExtractionState(db: Db, itemId: string, state: ItemExtractionState): Promise<void> {
  await db.updateTable('items').set({ extraction_state: state }).where('id', '=', itemId).execute();
}

export async function itemsOfBlob(db: Db, sha256: string): Promise<string[]> {
  const rows = await db.selectFrom('item_files').select('item_id').distinct().where('blob_sha256', '=', sha256).execute();
  return rows.map((r) => r.item_id);
}

/** The files of a page of results, for their thumbnails and snippets (originals first, then in order added). */
export async function filesOfPage(db: Db, itemIds: readonly string[]) {
  if (!itemIds.length) return [];
  return db
    .selectFrom('item_files')
    .select(['item_id', 'id', 'blob_sha256', 'confidentiality', 'role'])
    .where('item_id', 'in', [...itemIds])
    .orderBy('item_id')
    .orderBy('role', 'desc')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/**
 * What extraction made of these blobs for a list: the derived preview (thumbnail, poster frame) and, when `withText`,
 * the extracted text; none when the extraction module's table is not there.
 */
export async function previewsOf(db: Db, sha256s: readonly string[], withText: boolean) {
  if (!sha256s.length || !(await hasExtractions(db))) return [];
  return db
    .selectFrom('extractions')
    .select(['blob_sha256', 'extractor', 'derived_sha256'])
    .$if(withText, (qb) => qb.select('text'))
    .where('blob_sha256', 'in', [...sha256s])
    .where('state', '=', 'done')
    .orderBy('blob_sha256')
    .orderBy('extractor')
    .execute() as Promise<Array<{ blob_sha256: string; extractor: string; derived_sha256: string | null; text?: string | null }>>;
}

/** The transcripts of a page of results, for snippets. */
export async function transcriptsOfPage(db: Db, itemIds: readonly string[]) {
  if (!itemIds.length) return [];
  return db
    .selectFrom('testimony_texts')
    .select(['item_id', 'text'])
    .where('item_id', 'in', [...itemIds])
    .orderBy('item_id')
    .orderBy('language')
    .execute();
}

/**
 * Which of the given words (lower-case, from texts the reader may read) share a lexeme with the searched words in one
 * of the search configurations: the matches the stemmer makes ("killing" for "killed", "свидетелей" for
 * "свидетель"), which a snippet marks as the search did. One statement for a page of results.
 */
export async function stemMatches(db: Db, searched: string, words: readonly string[], configs: readonly string[]): Promise<Set<string>> {
  if (!searched.trim() || !words.length) return new Set();
  const rows = await sql<{ w: string }>`
    with c as (select unnest(${arrayOf(configs, 'text')})::regconfig as config),
         q as (select array_agg(distinct l) as lexemes from c cross join lateral unnest(tsvector_to_array(to_tsvector(c.config, ${searched}))) l)
    select w from unnest(${arrayOf(words, 'text')}) w, q
    where exists (select 1 from c where tsvector_to_array(to_tsvector(c.config, w)) && q.lexemes)`.execute(db);
  return new Set(rows.rows.map((r) => r.w));
}
