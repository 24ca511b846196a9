import { sql, type Kysely } from 'kysely';

// The evidence archive: content-addressed blobs, items and their files, managed vocabularies, testimonies with
// consent, and the search columns. Originals are never updated in place: a redaction is a new row in item_files.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('blobs')
    .addColumn('sha256', 'text', (c) => c.primaryKey().check(sql`sha256 ~ '^[0-9a-f]{64}$'`))
    .addColumn('sha512', 'text', (c) => c.notNull().check(sql`sha512 ~ '^[0-9a-f]{128}$'`))
    .addColumn('size', 'bigint', (c) => c.notNull().check(sql`size >= 0`))
    .addColumn('mime', 'text')
    .addColumn('encrypted', 'boolean', (c) => c.notNull())
    .addColumn('wrapped_key', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('blobs_key_iff_encrypted', sql`encrypted = (wrapped_key is not null)`)
    .execute();

  await db.schema
    .createTable('vocabularies')
    .addColumn('id', 'text', (c) => c.primaryKey().check(sql`id ~ '^[a-z][a-z0-9_-]{0,62}$'`))
    .addColumn('name', 'text', (c) => c.notNull().check(sql`length(name) between 1 and 200`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createTable('vocabulary_terms')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('vocabulary_id', 'text', (c) => c.notNull().references('vocabularies.id').onDelete('cascade'))
    .addColumn('term', 'text', (c) => c.notNull().check(sql`length(term) between 1 and 200`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create unique index vocabulary_terms_unique on vocabulary_terms (vocabulary_id, lower(term))`.execute(db);

  await db.schema
    .createTable('items')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('document','image','video','audio','testimony','web_capture','forensic_report','dataset','other')`),
    )
    .addColumn('title', 'text', (c) => c.notNull().check(sql`length(title) between 1 and 1000`))
    .addColumn('description', 'text', (c) => c.notNull().defaultTo('').check(sql`length(description) <= 100000`))
    .addColumn('languages', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('event_date', 'text')
    // ISO dates as text: they sort and compare correctly, and neither database driver shifts them by a time zone.
    .addColumn('event_start', 'text', (c) => c.check(sql`event_start ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'`))
    .addColumn('event_end', 'text', (c) => c.check(sql`event_end ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'`))
    .addColumn('place_name', 'text')
    .addColumn('country', 'text', (c) => c.check(sql`country ~ '^[A-Z]{2}$'`))
    .addColumn('latitude', 'double precision', (c) => c.check(sql`latitude between -90 and 90`))
    .addColumn('longitude', 'double precision', (c) => c.check(sql`longitude between -180 and 180`))
    .addColumn('provided_by', 'text')
    .addColumn('confidentiality', 'text', (c) => c.notNull().check(sql`confidentiality in ('public','restricted','confidential')`))
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('draft').check(sql`state in ('draft','published')`))
    // Null for items that are not testimonies; otherwise the consent scopes still in force.
    .addColumn('consent_scopes', sql`text[]`)
    .addColumn('extraction_state', 'text', (c) => c.notNull().defaultTo('none').check(sql`extraction_state in ('none','pending','done','failed')`))
    .addColumn('created_by', 'uuid')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('published_at', 'timestamptz')
    .addColumn('search_vector', sql`tsvector`, (c) => c.notNull().defaultTo(sql`''::tsvector`))
    // Only what the public may read (title, description, text of public files): a public search must not match
    // words that exist only in a restricted original or an unpublished transcript.
    .addColumn('public_search_vector', sql`tsvector`, (c) => c.notNull().defaultTo(sql`''::tsvector`))
    .addColumn('search_key', 'text', (c) => c.notNull().defaultTo(''))
    .addCheckConstraint('items_event_range', sql`event_start is null or event_end is null or event_start <= event_end`)
    .addCheckConstraint('items_coordinates_pair', sql`(latitude is null) = (longitude is null)`)
    .execute();
  await sql`create index items_search on items using gin (search_vector)`.execute(db);
  await sql`create index items_public_search on items using gin (public_search_vector)`.execute(db);
  await sql`create index items_search_key on items using gin (search_key gin_trgm_ops)`.execute(db);
  await sql`create index items_created on items (created_at desc, id)`.execute(db);
  await sql`create index items_event on items (event_start, id)`.execute(db);
  await sql`create index items_visibility on items (state, confidentiality)`.execute(db);

  await db.schema
    .createTable('item_tags')
    .addColumn('item_id', 'uuid', (c) => c.notNull().references('items.id').onDelete('cascade'))
    .addColumn('term_id', 'uuid', (c) => c.notNull().references('vocabulary_terms.id').onDelete('restrict'))
    .addPrimaryKeyConstraint('item_tags_pkey', ['item_id', 'term_id'])
    .execute();
  await db.schema.createIndex('item_tags_term').on('item_tags').column('term_id').execute();

  await db.schema
    .createTable('item_relations')
    .addColumn('item_id', 'uuid', (c) => c.notNull().references('items.id').onDelete('cascade'))
    .addColumn('related_id', 'uuid', (c) => c.notNull().references('items.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('item_relations_pkey', ['item_id', 'related_id'])
    .addCheckConstraint('item_relations_not_self', sql`item_id <> related_id`)
    .execute();

  await db.schema
    .createTable('item_files')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('item_id', 'uuid', (c) => c.notNull().references('items.id').onDelete('cascade'))
    .addColumn('blob_sha256', 'text', (c) => c.notNull().references('blobs.sha256').onDelete('restrict'))
    .addColumn('filename', 'text', (c) => c.notNull().check(sql`length(filename) between 1 and 255`))
    .addColumn('original_filename', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('original','derivative')`))
    .addColumn('derived_from', 'uuid', (c) => c.references('item_files.id').onDelete('restrict'))
    .addColumn('confidentiality', 'text', (c) => c.notNull().check(sql`confidentiality in ('public','restricted','confidential')`))
    .addColumn('redaction', 'jsonb')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('item_files_derivation', sql`(role = 'original') = (derived_from is null)`)
    .execute();
  await db.schema.createIndex('item_files_item').on('item_files').column('item_id').execute();
  await db.schema.createIndex('item_files_blob').on('item_files').column('blob_sha256').execute();

  await db.schema
    .createTable('testimonies')
    .addColumn('item_id', 'uuid', (c) => c.primaryKey().references('items.id').onDelete('cascade'))
    .addColumn('pseudonym', 'text', (c) => c.notNull().check(sql`length(pseudonym) between 1 and 200`))
    // AES-256-GCM sealed JSON of {name, contact, location}; never readable from the database alone.
    .addColumn('protected_identity', 'text')
    .addColumn('interviewer', 'text')
    .addColumn('interview_date', 'text', (c) => c.check(sql`interview_date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'`))
    .addColumn('interview_place', 'text')
    .addColumn('language', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createTable('testimony_consents')
    .addColumn('item_id', 'uuid', (c) => c.notNull().references('testimonies.item_id').onDelete('cascade'))
    .addColumn('scope', 'text', (c) => c.notNull().check(sql`scope in ('internal_use','publication','court_use')`))
    .addColumn('given_on', 'text', (c) => c.notNull().check(sql`given_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'`))
    .addColumn('withdrawn_on', 'text', (c) => c.check(sql`withdrawn_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'`))
    .addPrimaryKeyConstraint('testimony_consents_pkey', ['item_id', 'scope'])
    .addCheckConstraint('testimony_consents_order', sql`withdrawn_on is null or withdrawn_on >= given_on`)
    .execute();
  await db.schema
    .createTable('testimony_texts')
    .addColumn('item_id', 'uuid', (c) => c.notNull().references('testimonies.item_id').onDelete('cascade'))
    .addColumn('language', 'text', (c) => c.notNull().check(sql`language ~ '^[a-z]{2,3}$'`))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('transcript','translation')`))
    .addColumn('text', 'text', (c) => c.notNull().check(sql`length(text) <= 2000000`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('testimony_texts_pkey', ['item_id', 'language'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['testimony_texts', 'testimony_consents', 'testimonies', 'item_files', 'item_relations', 'item_tags', 'items', 'vocabulary_terms', 'vocabularies', 'blobs']) {
    await db.schema.dropTable(table).execute();
  }
}
