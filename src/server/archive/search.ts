import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Actor } from '../accounts/actor.ts';
import type { Database } from '../db/schema.ts';
import { invalid } from '../errors.ts';
import { phoneticToken } from '../../core/names/index.ts';
import { arrayOf, queryConfigs, searchKey } from './search-index.ts';
import { comparableWord, formQuery } from './search-spellings.ts';
import type { Confidentiality, ItemExtractionState, ItemKind } from './tables.ts';
import { audienceOf } from './visibility.ts';
import { toItemView, type ItemView } from './views.ts';

type Db = Kysely<Database>;

export interface SearchQuery {
  q?: string;
  kind?: ItemKind[];
  language?: string[];
  country?: string[];
  tag?: string[];
  confidentiality?: Confidentiality[];
  extractionState?: ItemExtractionState[];
  state?: Array<'draft' | 'published'>;
  /** Event dates overlapping [from, to] (ISO dates or years). */
  dateFrom?: string;
  dateTo?: string;
  sort?: 'relevance' | 'event_date' | 'added';
  limit?: number;
  offset?: number;
}

export interface FacetCount {
  value: string;
  count: number;
}

export interface SearchResult {
  /** Exact when `totalExact`; otherwise a lower bound (there are at least this many matches). */
  total: number;
  totalExact: boolean;
  /**
   * False when the facets were counted over a sample (the first SAMPLE_LIMIT matches the index yields) because
   * the match set was larger; relevance order is then the order within that sample.
   */
  facetsExact: boolean;
  items: Array<ItemView & { rank: number | null; snippet: string | null }>;
  facets: {
    kind: FacetCount[];
    language: FacetCount[];
    country: FacetCount[];
    tag: Array<FacetCount & { vocabulary: string; term: string }>;
    confidentiality: FacetCount[];
    extractionState: FacetCount[];
    year: FacetCount[];
  };
}

/**
 * Bounded work per search, whatever the size of the archive. The cost of a search is in reading matching rows, each
 * a random read (the full-text index cannot answer a count by itself: every match it yields is rechecked against its
 * row); a broad word in a million items would otherwise read hundreds of thousands of rows. So a search reads the
 * rows of at most SAMPLE_LIMIT + 1 matches: the total is exact up to SAMPLE_LIMIT (above it the answer is "at least
 * SAMPLE_LIMIT", `totalExact` false) and facets and relevance ranking are over those matches (exact when there are no
 * more, else a sample: the first matches the index yields, `facetsExact` false). Counting further, to 10,000, read
 * ten times as many rows and was most of the time of a broad search at 1,000,000 items; a sample of 2,000 instead of
 * 1,000 put the p95 of the benchmark at 1,000,000 items at 129–155 ms instead of 89 ms (docs/bench/archive.md).
 */
export const SAMPLE_LIMIT = 1_000;
/** Totals are exact up to this many matches. */
export const EXACT_LIMIT = SAMPLE_LIMIT;
/** Pages in date or "added" order come from the ordered index and may go this deep. */
export const MAX_OFFSET = 10_000;

const MAX_QUERY = 500;

function dayBound(value: string, end: boolean, field: string): string {
  const text = value.trim();
  if (/^\d{4}$/.test(text)) return end ? `${text}-12-31` : `${text}-01-01`;
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return text;
  throw invalid('invalid_date', `${field}: give a year or a date YYYY-MM-DD`, { field });
}

/**
 * Full-text and trigram search with facets over `search_documents`, where each audience has at most one row per item
 * holding only the text it may read (see refreshItemSearch); the audience flag is part of the WHERE clause of the
 * page, the total and every facet, and selects the partial index, so no count includes an item or a word the actor
 * may not see.
 */
export async function searchItems(db: Db, actor: Actor, query: SearchQuery): Promise<SearchResult> {
  const q = (query.q ?? '').trim();
  if (q.length > MAX_QUERY) throw invalid('query_too_long', `q: at most ${MAX_QUERY} characters`, { field: 'q' });
  const limit = Math.min(Math.max(query.limit ?? 20, 1), 100);
  const offset = Math.min(Math.max(query.offset ?? 0, 0), MAX_OFFSET);
  const flag = sql.ref(`d.for_${audienceOf(actor)}`);

  const [names, text] = q ? await Promise.all([nameQuery(db, q), textQuery(db, q)]) : [null, null];
  const tsquery = text !== null ? (names ? sql`(${text}::tsquery || ${names})` : sql`${text}::tsquery`) : null;
  const filters = filterLexemes(query);
  const conditions: RawBuilder<boolean>[] = [sql<boolean>`${flag}`];
  // The filters' lexemes go into the index condition with the words (`more`: further lexemes, for the date windows);
  // the columns below are still checked.
  const matching = (more: string | null = null) => {
    const lexemes = [filters, more].filter(Boolean).join(' & ');
    if (tsquery && lexemes) return sql<boolean>`d.vector @@ (${tsquery} && ${lexemes}::tsquery)`;
    if (tsquery) return sql<boolean>`d.vector @@ ${tsquery}`;
    return lexemes ? sql<boolean>`d.vector @@ ${lexemes}::tsquery` : sql<boolean>`true`;
  };
  if (query.kind?.length) conditions.push(sql<boolean>`d.kind in (${sql.join(query.kind)})`);
  if (query.confidentiality?.length) conditions.push(sql<boolean>`d.confidentiality in (${sql.join(query.confidentiality)})`);
  if (query.extractionState?.length) conditions.push(sql<boolean>`d.extraction_state in (${sql.join(query.extractionState)})`);
  if (query.state?.length) conditions.push(sql<boolean>`d.state in (${sql.join(query.state)})`);
  if (query.country?.length) conditions.push(sql<boolean>`d.country in (${sql.join(query.country.map((c) => c.toUpperCase()))})`);
  if (query.language?.length) conditions.push(sql<boolean>`d.languages && ${arrayOf(query.language, 'text')}`);
  if (query.tag?.length) conditions.push(sql<boolean>`d.tag_ids && ${arrayOf(query.tag, 'uuid')}`);
  if (query.dateFrom) conditions.push(sql<boolean>`d.event_end >= ${dayBound(query.dateFrom, false, 'dateFrom')}`);
  if (query.dateTo) conditions.push(sql<boolean>`d.event_start <= ${dayBound(query.dateTo, true, 'dateTo')}`);
  const whereWith = (more: string | null = null) => sql.join([...conditions, matching(more)], sql` and `);
  const where = whereWith();

  // ts_rank (weights A–C, frequency) rather than ts_rank_cd (cover density): a quarter of the time per row, and the
  // rank is computed for every row of the sample.
  const rank = tsquery ? sql<number>`ts_rank(d.vector, ${tsquery})` : sql<number>`0`;
  const sort = query.sort ?? (q ? 'relevance' : 'added');
  const order = (alias: string, by: typeof sort = sort) => {
    const a = sql.raw(alias);
    return by === 'relevance'
      ? sql`${a}.rank desc, ${a}.created_at desc, ${a}.item_id`
      : by === 'event_date'
        ? sql`${a}.event_start asc nulls last, ${a}.item_id`
        : sql`${a}.created_at desc, ${a}.item_id`;
  };

  // With words the matches come from the GIN index, never from a scan of the table: the planner, seeing
  // many matches and a LIMIT, otherwise bets that a sequential scan finds them early, and on a word in one item of
  // forty scans half a million rows. Filters alone are left to the planner: a broad one (a language, a state) is
  // cheaper found by reading the table until the bound than by decoding its long list in the index.
  const indexed = tsquery !== null;
  const facet = (expression: RawBuilder<unknown>, from: RawBuilder<unknown> = sql``) =>
    sql`(select coalesce(json_agg(json_build_array(f.v, f.n)), '[]'::json) from (
          select ${expression} as v, count(*) as n from s m ${from} where ${expression} is not null
          group by 1 order by 2 desc, 1 limit 200) f)`;
  // The sample (total, facets, relevance page) and, for the other sorts, the page from the ordered index run at once,
  // each on its own pool connection when there is a pool (one after the other on PGlite); both carry the audience.
  const sampleOf = (probe: boolean) => sql<Record<string, unknown>>`
    with m as materialized (
      select d.item_id, d.kind, d.languages, d.country, d.confidentiality, d.extraction_state, d.event_start, d.tag_ids,
             d.created_at, ${rank} as rank
      from search_documents d where ${where} ${probe ? sql`and d.ctid < ${`(${PROBE_PAGES},0)`}::tid` : sql``}
      limit ${SAMPLE_LIMIT + 1}),
    -- The extra row only tells whether there are more; facets and the page use the sample itself.
    s as (select * from m limit ${SAMPLE_LIMIT})
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
        select m.item_id, m.rank from s m order by ${order('m')} limit ${limit} offset ${offset}) p) as page`;
  // A word in one item of fifteen or more fills the sample from the first pages of the table faster than the index
  // can list its matches (146,000 of them for a common place name: 60 ms to list, 20 ms to find 2,001 by reading); a
  // rarer word does not, and is then looked up in the index. Both give the first matches in the table's order. Which
  // of the two is decided by the planner's estimate of the share of documents matching: reading the first pages for
  // a sparse word evaluates the query on every row there for nothing (60 ms for a rare pair of words).
  const viaIndex = () => planned(db, 'index', (tx) => sampleOf(false).execute(tx));
  const sampled = !indexed
    ? sampleOf(false).execute(db)
    : share(db, where).then(async (dense) => {
        if (!dense) return viaIndex();
        const probe = await planned(db, 'probe', (tx) => sampleOf(true).execute(tx));
        return Number(probe.rows[0].total) > SAMPLE_LIMIT || probe.rows[0].whole === true ? probe : viaIndex();
      });
  const orderedPage = async (by: typeof sort): Promise<Array<[string, number]>> => {
    const rows = by === 'event_date' && indexed ? await earliestFirst(db, whereWith, limit, offset) : null;
    if (rows) return rows.map((id) => [id, 0]);
    const all = await sql<{ item_id: string }>`
      select d.item_id from search_documents d where ${where}
      order by ${order('d', by)} limit ${limit} offset ${offset}`.execute(db);
    return all.rows.map((r) => [r.item_id, 0]);
  };
  const [sample, ordered] = await Promise.all([sampled, sort === 'relevance' ? null : orderedPage(sort)]);
  const row = sample.rows[0];
  const complete = Number(row.total) <= SAMPLE_LIMIT;

  // Relevance order exists only within the sample; pages past it continue newest first.
  let page = ordered ?? json<Array<[string, number]>>(row.page);
  if (!ordered && !complete && offset + limit > SAMPLE_LIMIT) page = await orderedPage('added');
  const ids = page.map(([id]) => id);
  const items = ids.length ? await db.selectFrom('items').selectAll().where('id', 'in', ids).execute() : [];
  const byId = new Map(items.map((i) => [i.id, i]));
  const facetOf = (value: unknown): FacetCount[] => json<Array<[string, number]>>(value).map(([v, n]) => ({ value: String(v), count: Number(n) }));

  return {
    total: complete ? Number(row.total) : EXACT_LIMIT,
    totalExact: complete,
    facetsExact: complete,
    items: page.filter(([id]) => byId.has(id)).map(([id, r]) => ({ ...toItemView(byId.get(id)!), rank: q ? Number(r) : null, snippet: null })),
    facets: {
      kind: facetOf(row.kind),
      language: facetOf(row.language),
      country: facetOf(row.country),
      tag: json<Array<[string, string, string, number]>>(row.tag).map(([value, vocabulary, term, n]) => ({ value, vocabulary, term, count: Number(n) })),
      confidentiality: facetOf(row.confidentiality),
      extractionState: facetOf(row.extraction_state),
      year: facetOf(row.year),
    },
  };
}

/** Pages of the table read for the dense case before asking the index (about 40,000 search documents). */
const PROBE_PAGES = 3_000;

/** Share of search documents a search must match for the first pages to be read before the index. */
const DENSE = 0.06;

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
    const years = `(${[...Array.from({ length: span }, (_, n) => lexeme('y', String(from + n))), lexeme('y', 'wide')].join(' | ')})`;
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
const lexeme = (field: string, value: string) => `'${`${field}=${value}`.replace(/['\\]/g, (c) => c + c)}'`;
const MAX_YEARS = 60;

/**
 * The filters as a tsquery over the facet lexemes each search document carries: values of one filter OR-ed, filters
 * AND-ed. A prefilter only (the columns are checked as well), so it may let through more than the filter, never less.
 */
function filterLexemes(query: SearchQuery): string | null {
  const groups: string[][] = [];
  const add = (field: string, values: readonly string[] | undefined, normalise = (v: string) => v) => {
    if (values?.length) groups.push(values.map((v) => lexeme(field, normalise(v))));
  };
  add('k', query.kind);
  add('c', query.confidentiality);
  add('x', query.extractionState);
  add('s', query.state);
  add('n', query.country, (v) => v.toLowerCase());
  add('l', query.language, (v) => v.toLowerCase());
  add('t', query.tag, (v) => v.toLowerCase());
  if (query.dateFrom && query.dateTo) {
    const from = Number(dayBound(query.dateFrom, false, 'dateFrom').slice(0, 4));
    const to = Number(dayBound(query.dateTo, true, 'dateTo').slice(0, 4));
    if (to >= from && to - from <= MAX_YEARS) {
      groups.push([...Array.from({ length: to - from + 1 }, (_, n) => lexeme('y', String(from + n))), lexeme('y', 'wide')]);
    }
  }
  return groups.length ? groups.map((g) => `(${g.join(' | ')})`).join(' & ') : null;
}

/**
 * The query in each configuration, OR-ed, as tsquery text with identical branches kept once (a word most
 * configurations leave as it is would otherwise be tested, and ranked, four times on every row).
 */
async function textQuery(db: Db, q: string): Promise<string> {
  const row = await sql<{ q: string }>`
    select coalesce(string_agg(distinct '(' || b::text || ')', ' | '), '') as q
    from unnest(array[${sql.join(queryConfigs.map((c) => sql`websearch_to_tsquery(${c}::regconfig, ${q})`))}]) b
    where numnode(b) > 0`.execute(db);
  return row.rows[0]?.q ?? '';
}

const NAME_WORDS = 8;
const SPELLINGS = 12;
const SIMILARITY = 0.5;
/**
 * Spellings that share a word's sound (consonant classes) need less trigram overlap to count as the same word:
 * Agdam/aghdam score 0.44, Askeran/asgaran 0.33, while Hasanov/huseynova (same sound, different families) score
 * 0.13. Without the shared sound, 0.5 still applies.
 */
const SOUND_SIMILARITY = 0.3;
/** Dictionary rows of one sound compared with a query word at most (a common sound may have thousands). */
const SOUND_CANDIDATES = 5_000;

/**
 * The transliteration path: each query word, as written and romanised, is looked up in the dictionary of spellings
 * (search_terms) and replaced by the similar spellings that exist ("Khojaly" → khojali, xocalı, khojaly); the words
 * are AND-ed. Two kinds of entries: the key words of titles, places and pseudonyms (as written and romanised, plain
 * `simple` lexemes), found by trigram similarity; and the comparable forms of every word of every document (names
 * machinery, see search-spellings.ts), found by the same comparable form, by trigram similarity, or by the same
 * sound and a looser similarity, and matched as `r=` lexemes. The result is a tsquery over lexemes every search
 * document carries, so it runs through the same exact GIN index as the full text instead of a comparison per row.
 */
async function nameQuery(db: Db, q: string): Promise<RawBuilder<unknown> | null> {
  const words = q.split(/[\s,;:!?()"'«»]+/u).filter((w) => w.length >= 3).slice(0, NAME_WORDS);
  if (!words.length) return null;
  const variantsOf = words.map((word) => [...new Set(searchKey(word).split(/\s+/).filter((v) => v.length >= 3))]);
  if (variantsOf.some((v) => !v.length)) return null;
  // One dictionary look-up per word, all at once.
  const groups = await Promise.all(
    variantsOf.map(async (variants, k) => {
      const form = comparableWord(words[k]);
      const sounded = form
        ? sql`union select c.term from (select term from search_terms where sound = ${phoneticToken(form)} and term <> ${form}
              limit ${SOUND_CANDIDATES}) c where similarity(c.term, ${form}) >= ${SOUND_SIMILARITY}`
        : sql``;
      const found = await sql<{ term: string }>`
        select s.term from unnest(${arrayOf(form ? [...variants, form] : variants, 'text')}) v
        cross join lateral (select term from search_terms where term % v and similarity(term, v) >= ${SIMILARITY}
                            order by similarity(term, v) desc, term limit ${SPELLINGS}) s
        ${sounded}`.execute(db);
      const terms = found.rows.map((r) => r.term);
      const spellings = [...new Set([...variants, ...terms])];
      const forms = [...new Set([...(form ? [form] : []), ...terms.filter((t) => comparableWord(t) === t)])].slice(0, SPELLINGS * 2);
      return sql`(${sql.join(
        [...spellings.map((t) => sql`plainto_tsquery('simple', ${t})`), ...forms.map((f) => sql`${formQuery(f)}::tsquery`)],
        sql` || `,
      )})`;
    }),
  );
  return sql`(${sql.join(groups, sql` && `)})`;
}

/** json columns arrive parsed from one driver and as text from another. */
function json<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}
