import { sql, type Kysely } from 'kysely';

// Filters inside the full-text index. A word combined with a filter on a column (country, dates, kind, …) used to
// find its matches in the GIN index and then read row after row to test the filter: a common word with a narrow
// filter read tens of thousands of rows to keep a few thousand. Each search document's vector now also carries one
// lexeme per facet value ("n=az", "k=video", "y=1991", …), written without the text parser (array_to_tsvector), so
// the same per-audience GIN index intersects the word with the filters before any row is read. The lexemes contain
// "=", which the text parser never leaves inside a word, so no typed query reaches them; and they are only a
// prefilter: every filter is still checked on its column, so a lexeme can narrow a search but never widen it.
//
// Years: one lexeme per calendar year the event overlaps; an event spanning more than MAX_YEARS years, or a date
// not in YYYY-… form, carries "y=wide" instead, which every date-filtered query includes.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create function search_facet_lexemes(kind text, languages text[], country text, confidentiality text, state text,
      extraction_state text, event_start text, event_end text, tag_ids uuid[]) returns text[]
    language sql immutable parallel safe as $$
      select array['k=' || kind, 'c=' || confidentiality, 's=' || state, 'x=' || extraction_state]
        || case when country is null then '{}'::text[] else array['n=' || lower(country)] end
        || coalesce((select array_agg(distinct 'l=' || lower(l)) from unnest(languages) l where l is not null), '{}'::text[])
        || coalesce((select array_agg(distinct 't=' || t::text) from unnest(tag_ids) t where t is not null), '{}'::text[])
        || case
             when coalesce(event_start, event_end) is null then '{}'::text[]
             when coalesce(event_start, event_end) !~ '^[0-9]{4}' or coalesce(event_end, event_start) !~ '^[0-9]{4}' then array['y=wide']
             when substr(coalesce(event_end, event_start), 1, 4)::int - substr(coalesce(event_start, event_end), 1, 4)::int not between 0 and 60
               then array['y=wide']
             else (select array_agg('y=' || y) from generate_series(substr(coalesce(event_start, event_end), 1, 4)::int,
                                                                   substr(coalesce(event_end, event_start), 1, 4)::int) y)
           end
    $$`.execute(db);
  await sql`update search_documents set vector = vector || array_to_tsvector(search_facet_lexemes(kind, languages, country,
      confidentiality, state, extraction_state, event_start, event_end, tag_ids))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`update search_documents set vector = ts_delete(vector, search_facet_lexemes(kind, languages, country,
      confidentiality, state, extraction_state, event_start, event_end, tag_ids))`.execute(db);
  await sql`drop function search_facet_lexemes`.execute(db);
}
