import type { Kysely, RawBuilder } from 'kysely';
import type { Actor } from '../accounts/actor.ts';
import type { Database } from '../db/schema.ts';
import { invalid } from '../errors.ts';
import { phoneticToken } from '../../core/names/index.ts';
import { queryConfigs, searchKey } from './search-index.ts';
import * as store from './search-repository.ts';
import { comparableWord, formQuery } from './search-spellings.ts';
import type { Confidentiality, ItemExtractionState, ItemKind, ItemRow } from './tables.ts';
import { audienceOf } from './visibility.ts';
import { listPreviews, type ListPreview } from './list-previews.ts';
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
  items: Array<ItemView & { rank: number | null } & ListPreview>;
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

/** A search request after its checks: the words trimmed, the page bounded, the dates as days, the order chosen. */
interface Request {
  q: string;
  limit: number;
  offset: number;
  sort: store.SearchSort;
  dateFrom?: string;
  dateTo?: string;
}

/**
 * Full-text and trigram search with facets over `search_documents`, where each audience has at most one row per item
 * holding only the text it may read (see refreshItemSearch); the audience flag is part of the WHERE clause of the
 * page, the total and every facet, and selects the partial index, so no count includes an item or a word the actor
 * may not see. See search-repository.ts for how the matches are read.
 */
export async function searchItems(db: Db, actor: Actor, query: SearchQuery): Promise<SearchResult> {
  const request = checkRequest(query);
  const where = await matchesOf(db, actor, query, request);
  const [sample, ordered] = await Promise.all([
    store.sampleMatches(db, where, { sort: request.sort, limit: request.limit, offset: request.offset, sampleLimit: SAMPLE_LIMIT }),
    request.sort === 'relevance' ? null : store.orderedPage(db, where, request.sort, request.limit, request.offset),
  ]);
  const complete = Number(sample.total) <= SAMPLE_LIMIT;
  const page = await pageOf(db, where, request, sample, ordered, complete);
  const items = await store.itemsByIds(
    db,
    page.map(([id]) => id),
  );
  return resultOf(request, sample, page, items, complete, await listPreviews(db, actor, items, request.q));
}

/** Step 1: the request checked (a clear error for a long query or a malformed date) and bounded. */
function checkRequest(query: SearchQuery): Request {
  const q = (query.q ?? '').trim();
  if (q.length > MAX_QUERY) throw invalid('query_too_long', `q: at most ${MAX_QUERY} characters`, { field: 'q' });
  return {
    q,
    limit: Math.min(Math.max(query.limit ?? 20, 1), 100),
    offset: Math.min(Math.max(query.offset ?? 0, 0), MAX_OFFSET),
    sort: query.sort ?? (q ? 'relevance' : 'added'),
    dateFrom: query.dateFrom ? dayBound(query.dateFrom, false, 'dateFrom') : undefined,
    dateTo: query.dateTo ? dayBound(query.dateTo, true, 'dateTo') : undefined,
  };
}

/** Step 2: what matches, for the actor's audience: the words (as written and as spelled elsewhere) and the filters. */
async function matchesOf(db: Db, actor: Actor, query: SearchQuery, request: Request): Promise<store.SearchWhere> {
  const q = request.q;
  const [names, text] = q ? await Promise.all([nameQuery(db, q), store.textQuery(db, q, queryConfigs)]) : [null, null];
  return store.searchWhere(
    {
      audience: audienceOf(actor),
      kind: query.kind,
      confidentiality: query.confidentiality,
      extractionState: query.extractionState,
      state: query.state,
      country: query.country?.map((c) => c.toUpperCase()),
      language: query.language,
      tag: query.tag,
      eventEndFrom: request.dateFrom,
      eventStartTo: request.dateTo,
    },
    text,
    names,
    filterLexemes(query, request),
  );
}

/** Step 3: the page as [item id, rank]. Relevance order exists only within the sample; pages past it continue newest first. */
async function pageOf(
  db: Db,
  where: store.SearchWhere,
  request: Request,
  sample: store.SampleRow,
  ordered: string[] | null,
  complete: boolean,
): Promise<Array<[string, number]>> {
  if (ordered) return ordered.map((id) => [id, 0]);
  if (!complete && request.offset + request.limit > SAMPLE_LIMIT) {
    return (await store.orderedPage(db, where, 'added', request.limit, request.offset)).map((id) => [id, 0]);
  }
  return store.json<Array<[string, number]>>(sample.page);
}

/** Step 4: the answer, with the items in page order (an item deleted meanwhile left out) and the facets. */
function resultOf(
  request: Request,
  row: store.SampleRow,
  page: Array<[string, number]>,
  items: ItemRow[],
  complete: boolean,
  previews: Map<string, ListPreview>,
): SearchResult {
  const byId = new Map(items.map((i) => [i.id, i]));
  const facetOf = (value: unknown): FacetCount[] => store.json<Array<[string, number]>>(value).map(([v, n]) => ({ value: String(v), count: Number(n) }));
  return {
    total: complete ? Number(row.total) : EXACT_LIMIT,
    totalExact: complete,
    facetsExact: complete,
    items: page
      .filter(([id]) => byId.has(id))
      .map(([id, r]) => ({ ...toItemView(byId.get(id)!), rank: request.q ? Number(r) : null, thumbnailFileId: null, snippet: null, ...previews.get(id) })),
    facets: {
      kind: facetOf(row.kind),
      language: facetOf(row.language),
      country: facetOf(row.country),
      tag: store.json<Array<[string, string, string, number]>>(row.tag).map(([value, vocabulary, term, n]) => ({ value, vocabulary, term, count: Number(n) })),
      confidentiality: facetOf(row.confidentiality),
      extractionState: facetOf(row.extraction_state),
      year: facetOf(row.year),
    },
  };
}

const MAX_YEARS = 60;
const lexeme = store.facetLexeme;

/**
 * The filters as a tsquery over the facet lexemes each search document carries: values of one filter OR-ed, filters
 * AND-ed. A prefilter only (the columns are checked as well), so it may let through more than the filter, never less.
 */
function filterLexemes(query: SearchQuery, request: Request): string | null {
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
  if (request.dateFrom && request.dateTo) {
    const from = Number(request.dateFrom.slice(0, 4));
    const to = Number(request.dateTo.slice(0, 4));
    if (to >= from && to - from <= MAX_YEARS) {
      groups.push([...Array.from({ length: to - from + 1 }, (_, n) => lexeme('y', String(from + n))), lexeme('y', 'wide')]);
    }
  }
  return groups.length ? groups.map((g) => `(${g.join(' | ')})`).join(' & ') : null;
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
  const words = q
    .split(/[\s,;:!?()"'«»]+/u)
    .filter((w) => w.length >= 3)
    .slice(0, NAME_WORDS);
  if (!words.length) return null;
  const variantsOf = words.map((word) => [
    ...new Set(
      searchKey(word)
        .split(/\s+/)
        .filter((v) => v.length >= 3),
    ),
  ]);
  if (variantsOf.some((v) => !v.length)) return null;
  // One dictionary look-up per word, all at once.
  const groups = await Promise.all(
    variantsOf.map(async (variants, k) => {
      const form = comparableWord(words[k]);
      const terms = await store.similarSpellings(db, {
        variants: form ? [...variants, form] : variants,
        form: form ? { form, sound: phoneticToken(form) } : null,
        similarity: SIMILARITY,
        soundSimilarity: SOUND_SIMILARITY,
        spellings: SPELLINGS,
        soundCandidates: SOUND_CANDIDATES,
      });
      const spellings = [...new Set([...variants, ...terms])];
      const forms = [...new Set([...(form ? [form] : []), ...terms.filter((t) => comparableWord(t) === t)])].slice(0, SPELLINGS * 2);
      return { spellings, formQueries: forms.map(formQuery) };
    }),
  );
  return store.spellingsQuery(groups);
}
