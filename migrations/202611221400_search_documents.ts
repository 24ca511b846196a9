import { sql, type Kysely } from 'kysely';

// Archive search moves from two vectors on `items` to a denormalised table: one row per distinct searchable text of
// an item (tier `public`: public text only; `internal`: plus restricted files and transcripts; `full`: plus
// confidential files), each row flagged with the audiences that search it. An audience has at most one row per
// item, so a search never touches text that audience may not read, and the flags filter inside partial GIN
// indexes. The facet columns are copied so that totals and facets never join `items`.
const audiences = ['public', 'member', 'documenter', 'admin'] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('search_documents')
    .addColumn('item_id', 'uuid', (c) => c.notNull().references('items.id').onDelete('cascade'))
    .addColumn('tier', 'text', (c) => c.notNull().check(sql`tier in ('public','internal','full')`))
    .addColumn('for_public', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('for_member', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('for_documenter', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('for_admin', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('languages', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('country', 'text')
    .addColumn('confidentiality', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('extraction_state', 'text', (c) => c.notNull())
    .addColumn('event_start', 'text')
    .addColumn('event_end', 'text')
    .addColumn('tag_ids', sql`uuid[]`, (c) => c.notNull().defaultTo(sql`'{}'::uuid[]`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('vector', sql`tsvector`, (c) => c.notNull())
    .addColumn('search_key', 'text', (c) => c.notNull().defaultTo(''))
    .addPrimaryKeyConstraint('search_documents_pkey', ['item_id', 'tier'])
    .execute();
  for (const audience of audiences) {
    await sql`create index ${sql.id(`search_documents_text_${audience}`)} on search_documents using gin (vector) where ${sql.ref(`for_${audience}`)}`.execute(db);
  }
  await sql`create index search_documents_key on search_documents using gin (search_key gin_trgm_ops)`.execute(db);
  await sql`create index search_documents_created on search_documents (created_at desc, item_id)`.execute(db);
  await sql`create index search_documents_event on search_documents (event_start, item_id)`.execute(db);

  // Existing rows: a conservative copy (members get the public vector until `reckon archive reindex` rebuilds each
  // item with the exact tiers), so the migration itself can never widen what anyone finds.
  const tags = sql`coalesce((select array_agg(t.term_id) from item_tags t where t.item_id = i.id), '{}'::uuid[])`;
  const publicUse = sql`(i.state = 'published' and i.confidentiality = 'public' and (i.consent_scopes is null or 'publication' = any(i.consent_scopes)))`;
  const internal = sql`(i.consent_scopes is null or 'internal_use' = any(i.consent_scopes))`;
  await sql`insert into search_documents (item_id, tier, for_public, for_member, for_documenter, for_admin, kind, languages, country,
      confidentiality, state, extraction_state, event_start, event_end, tag_ids, created_at, vector, search_key)
    select i.id, 'public', ${publicUse}, ${publicUse} or (i.confidentiality <> 'confidential' and ${internal}), false, false,
      i.kind, i.languages, i.country, i.confidentiality, i.state, i.extraction_state, i.event_start, i.event_end, ${tags},
      i.created_at, i.public_search_vector, i.search_key
    from items i`.execute(db);
  await sql`insert into search_documents (item_id, tier, for_public, for_member, for_documenter, for_admin, kind, languages, country,
      confidentiality, state, extraction_state, event_start, event_end, tag_ids, created_at, vector, search_key)
    select i.id, 'full', false, false, ${publicUse} or ${internal} or 'court_use' = any(coalesce(i.consent_scopes, '{}'::text[])), true,
      i.kind, i.languages, i.country, i.confidentiality, i.state, i.extraction_state, i.event_start, i.event_end, ${tags},
      i.created_at, i.search_vector, i.search_key
    from items i`.execute(db);

  await sql`drop index items_search`.execute(db);
  await sql`drop index items_public_search`.execute(db);
  await sql`drop index items_search_key`.execute(db);
  await db.schema.alterTable('items').dropColumn('search_vector').execute();
  await db.schema.alterTable('items').dropColumn('public_search_vector').execute();
  await db.schema.alterTable('items').dropColumn('search_key').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('items').addColumn('search_vector', sql`tsvector`, (c) => c.notNull().defaultTo(sql`''::tsvector`)).execute();
  await db.schema.alterTable('items').addColumn('public_search_vector', sql`tsvector`, (c) => c.notNull().defaultTo(sql`''::tsvector`)).execute();
  await db.schema.alterTable('items').addColumn('search_key', 'text', (c) => c.notNull().defaultTo('')).execute();
  // The lowest tier row (always `public`, merged rows take the lowest tier) back into the public vector, the row
  // admins search back into the full vector.
  await sql`update items i set public_search_vector = d.vector, search_key = d.search_key from search_documents d where d.item_id = i.id and d.tier = 'public'`.execute(db);
  await sql`update items i set search_vector = d.vector from search_documents d where d.item_id = i.id and d.for_admin`.execute(db);
  await sql`create index items_search on items using gin (search_vector)`.execute(db);
  await sql`create index items_public_search on items using gin (public_search_vector)`.execute(db);
  await sql`create index items_search_key on items using gin (search_key gin_trgm_ops)`.execute(db);
  await db.schema.dropTable('search_documents').execute();
}
