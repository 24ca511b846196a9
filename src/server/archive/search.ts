import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Actor } from '../accounts/actor.ts';
import type { Database } from '../db/schema.ts';
import { invalid } from '../errors.ts';
import { queryConfigs, searchKey } from './search-index.ts';
import type { Confidentiality, ItemExtractionState, ItemKind, ItemRow } from './tables.ts';
import { usesPublicIndex, visibleSql } from './visibility.ts';
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
  total: number;
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

const MAX_QUERY = 500;

function dayBound(value: string, end: boolean, field: string): string {
  const text = value.trim();
  if (/^\d{4}$/.test(text)) return end ? `${text}-12-31` : `${text}-01-01`;
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return text;
  throw invalid('invalid_date', `${field}: give a year or a date YYYY-MM-DD`, { field });
}

/**
 * Full-text and trigram search with facets. The visibility rule is part of the WHERE clause of the result, the
 * total and every facet, so no count ever includes an item the actor may not see. The public searches a separate
 * vector built only from public text.
 */
export async function searchItems(db: Db, actor: Actor, query: SearchQuery): Promise<SearchResult> {
  const q = (query.q ?? '').trim();
  if (q.length > MAX_QUERY) throw invalid('query_too_long', `q: at most ${MAX_QUERY} characters`, { field: 'q' });
  const limit = Math.min(Math.max(query.limit ?? 20, 1), 100);
  const offset = Math.min(Math.max(query.offset ?? 0, 0), 10_000);
  const vector = usesPublicIndex(actor) ? sql.ref('i.public_search_vector') : sql.ref('i.search_vector');

  const tsquery = q ? sql.join(queryConfigs.map((c) => sql`websearch_to_tsquery(${c}::regconfig, ${q})`), sql` || `) : null;
  const key = q ? searchKey(q) : '';
  // Names and places across transliterations: the trigram key, for the public only over public fields (title, place).
  const textMatch: RawBuilder<boolean> | null = tsquery
    ? sql<boolean>`(${vector} @@ (${tsquery}) or i.search_key %> ${key})`
    : null;

  const conditions: RawBuilder<boolean>[] = [visibleSql(actor)];
  if (textMatch) conditions.push(textMatch);
  if (query.kind?.length) conditions.push(sql<boolean>`i.kind in (${sql.join(query.kind)})`);
  if (query.confidentiality?.length) conditions.push(sql<boolean>`i.confidentiality in (${sql.join(query.confidentiality)})`);
  if (query.extractionState?.length) conditions.push(sql<boolean>`i.extraction_state in (${sql.join(query.extractionState)})`);
  if (query.state?.length) conditions.push(sql<boolean>`i.state in (${sql.join(query.state)})`);
  if (query.country?.length) conditions.push(sql<boolean>`i.country in (${sql.join(query.country.map((c) => c.toUpperCase()))})`);
  if (query.language?.length) conditions.push(sql<boolean>`i.languages && ${sql`array[${sql.join(query.language)}]::text[]`}`);
  if (query.tag?.length) {
    conditions.push(sql<boolean>`exists (select 1 from item_tags t where t.item_id = i.id and t.term_id::text in (${sql.join(query.tag)}))`);
  }
  if (query.dateFrom) conditions.push(sql<boolean>`i.event_end >= ${dayBound(query.dateFrom, false, 'dateFrom')}`);
  if (query.dateTo) conditions.push(sql<boolean>`i.event_start <= ${dayBound(query.dateTo, true, 'dateTo')}`);
  const where = sql.join(conditions, sql` and `);

  const rank = tsquery
    ? sql<number>`(ts_rank_cd(${vector}, ${tsquery}) + word_similarity(${key}, i.search_key))`
    : sql<number>`0`;
  const sort = query.sort ?? (q ? 'relevance' : 'added');
  const order =
    sort === 'relevance'
      ? sql`rank desc, i.created_at desc, i.id`
      : sort === 'event_date'
        ? sql`i.event_start asc nulls last, i.id`
        : sql`i.created_at desc, i.id`;

  const rows = await sql<ItemRow & { rank: number; total: number }>`
    select i.id, i.kind, i.title, i.description, i.languages, i.event_date, i.event_start, i.event_end, i.place_name,
           i.country, i.latitude, i.longitude, i.provided_by, i.confidentiality, i.state, i.consent_scopes,
           i.extraction_state, i.created_by, i.created_at, i.updated_at, i.published_at,
           ${rank} as rank, count(*) over () as total
    from items i
    where ${where}
    order by ${order}
    limit ${limit} offset ${offset}`.execute(db);

  let total = rows.rows.length ? Number(rows.rows[0].total) : 0;
  if (!rows.rows.length && offset > 0) {
    const counted = await sql<{ n: number }>`select count(*) as n from items i where ${where}`.execute(db);
    total = Number(counted.rows[0].n);
  }

  const facet = async (expression: RawBuilder<unknown>, from: RawBuilder<unknown> = sql``) => {
    const result = await sql<{ value: string | null; count: number }>`
      select ${expression} as value, count(*) as count from items i ${from} where ${where}
      group by 1 order by 2 desc, 1 limit 200`.execute(db);
    return result.rows.filter((r) => r.value !== null).map((r) => ({ value: String(r.value), count: Number(r.count) }));
  };
  const [kind, language, country, confidentiality, extractionState, year, tagRows] = await Promise.all([
    facet(sql`i.kind`),
    facet(sql`lang`, sql`cross join lateral unnest(i.languages) lang`),
    facet(sql`i.country`),
    facet(sql`i.confidentiality`),
    facet(sql`i.extraction_state`),
    facet(sql`substr(i.event_start, 1, 4)`),
    sql<{ value: string; vocabulary: string; term: string; count: number }>`
      select vt.id as value, vt.vocabulary_id as vocabulary, vt.term, count(*) as count
      from items i join item_tags it on it.item_id = i.id join vocabulary_terms vt on vt.id = it.term_id
      where ${where} group by vt.id, vt.vocabulary_id, vt.term order by 4 desc, 3 limit 200`.execute(db),
  ]);

  return {
    total,
    items: rows.rows.map((r) => ({ ...toItemView(r), rank: q ? Number(r.rank) : null, snippet: null })),
    facets: {
      kind,
      language,
      country,
      tag: tagRows.rows.map((r) => ({ value: r.value, vocabulary: r.vocabulary, term: r.term, count: Number(r.count) })),
      confidentiality,
      extractionState,
      year,
    },
  };
}
