import { sql, type Kysely } from 'kysely';

// Names and places across transliterations without a trigram comparison per matching row: the words of every
// search key (title, place, pseudonym, each as written and romanised) go into a small dictionary with a trigram
// index, and into the search documents' vectors (config `simple`). A query word is expanded through the dictionary
// to the similar spellings that exist, and the expanded query runs through the same exact GIN index as the full
// text. The dictionary is never shown to anyone; it only widens the query, whose matches still pass each
// audience's flag. The per-row trigram index on search_documents is no longer used.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('search_terms')
    .addColumn('term', 'text', (c) => c.primaryKey().check(sql`length(term) between 3 and 100`))
    .execute();
  await sql`create index search_terms_trgm on search_terms using gin (term gin_trgm_ops)`.execute(db);
  await sql`insert into search_terms (term)
    select distinct w from search_documents d cross join lateral unnest(tsvector_to_array(to_tsvector('simple', d.search_key))) w
    where length(w) between 3 and 100 and w ~ '[[:alpha:]]'
    on conflict do nothing`.execute(db);
  await sql`update search_documents set vector = vector || setweight(to_tsvector('simple', search_key), 'A') where search_key <> ''`.execute(db);
  await sql`drop index search_documents_key`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`create index search_documents_key on search_documents using gin (search_key gin_trgm_ops)`.execute(db);
  await db.schema.dropTable('search_terms').execute();
}
