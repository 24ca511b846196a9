import { sql, type Kysely } from 'kysely';

// At 100,000 persons on PostgreSQL (bench/public-portal.bench.ts) the memorial's name search took 0.5 s p50 and 1 s
// p95: `search like '%азер гулиев%'` over the stored search text, whose trigram index is no help for common names
// (every trigram of "азер" or "гулиев" is in one row in eight, so the planner scanned all 100,000 rows, 0.7 s), and a
// deep page (?page=2500) read 50,000 rows through the key index to skip them (0.4 s). Two precomputed keys, written by
// the rebuild of the stored memorial:
// - name_keys: every word of the person's names (as written, lower-cased, and romanised) and each of its prefixes of
//   two to twenty letters, in a GIN index, so a query's words are looked up as keys and their person sets
//   intersected: a name search is a containment (`name_keys @> array['азер', 'гулиев']`), read from the index;
// - ordinal: the person's place in address order within the run, so a page of the whole memorial is a range of
//   ordinals instead of an offset.
// reckon_name_keys() is the one definition of a word (split at spaces, punctuation and digits); the portal splits a
// query the same way (src/server/public/memorial-store.ts). The next read rebuilds the memorial with both.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function reckon_name_keys(t text) returns text[] language sql immutable parallel safe as $$
      select coalesce(array_agg(distinct left(w, n)), '{}')
      from regexp_split_to_table(coalesce(t, ''), '[][[:space:]"''.,;:!?()|/\\\\{}<>=+*&%$#@~^_-]+|[0-9]+') w
      cross join lateral generate_series(2, least(char_length(w), 20)) n
      where char_length(w) >= 2
    $$`.execute(db);
  await sql`alter table memorial_persons add column name_keys text[] not null default '{}'`.execute(db);
  await sql`alter table memorial_persons add column ordinal integer`.execute(db);
  await sql`create index memorial_persons_name_keys on memorial_persons using gin (name_keys)`.execute(db);
  await sql`create index memorial_persons_ordinal on memorial_persons (run_id, ordinal)`.execute(db);
  await sql`insert into memorial_changes default values`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index memorial_persons_ordinal`.execute(db);
  await sql`drop index memorial_persons_name_keys`.execute(db);
  await sql`alter table memorial_persons drop column ordinal`.execute(db);
  await sql`alter table memorial_persons drop column name_keys`.execute(db);
  await sql`drop function reckon_name_keys(text)`.execute(db);
}
