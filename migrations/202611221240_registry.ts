import { sql, type Kysely } from 'kysely';

const DATE_CHECK = (column: string) => sql.raw(`${column} is null or ${column} ~ '^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$'`);
const VERIFICATION = sql`verification in ('primary-seen', 'reported', 'not-verified')`;

/**
 * The claims and recognition registry. Record ids are the dataset's own text ids (S01, C12, ...), so an export
 * imported into an empty instance reproduces the same records. `archive_item_id` names an archive item but has no
 * foreign key yet: the archive module is built in parallel.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('registry_sources')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('publisher', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.check(DATE_CHECK('date')))
    .addColumn('address', 'text')
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('news', 'government', 'ngo-report', 'court-judgment', 'academic', 'advocacy', 'other')`),
    )
    .addColumn('language', 'text')
    .addColumn('archive_item_id', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('registry_actors')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull().check(sql`type in ('person', 'organization')`))
    .addColumn('classification', 'text', (c) => c.notNull())
    .addColumn('country', 'text', (c) => c.check(sql`country is null or country ~ '^[A-Z]{2}$'`))
    .addColumn('subdivision', 'text', (c) => c.check(sql`subdivision is null or subdivision ~ '^[A-Z]{2}-[A-Z0-9]{1,3}$'`))
    .addColumn('wikidata', 'text', (c) => c.check(sql`wikidata is null or wikidata ~ '^Q[1-9][0-9]*$'`))
    .addColumn('parent_id', 'text', (c) => c.references('registry_actors.id'))
    .addColumn('description', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('registry_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('start_date', 'text', (c) => c.check(DATE_CHECK('start_date')))
    .addColumn('end_date', 'text', (c) => c.check(DATE_CHECK('end_date')))
    .addColumn('place', 'text')
    .addColumn('description', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('registry_claims')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('casualty-figure', 'recognition-act', 'court-finding', 'position', 'statement')`),
    )
    .addColumn('asserted_by', 'text', (c) => c.notNull().references('registry_actors.id'))
    .addColumn('attribution_note', 'text')
    .addColumn('event_id', 'text', (c) => c.references('registry_events.id'))
    .addColumn('statement', 'text', (c) => c.notNull())
    .addColumn('language', 'text')
    .addColumn('translations', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('value_text', 'text')
    .addColumn('figures', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('date', 'text', (c) => c.check(DATE_CHECK('date')))
    .addColumn('verification', 'text', (c) => c.notNull().check(VERIFICATION))
    .addColumn('notes', 'text')
    .addColumn('published', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('registry_claims_event').on('registry_claims').column('event_id').execute();
  await db.schema.createIndex('registry_claims_actor').on('registry_claims').column('asserted_by').execute();

  await db.schema
    .createTable('registry_claim_sources')
    .addColumn('claim_id', 'text', (c) => c.notNull().references('registry_claims.id').onDelete('cascade'))
    .addColumn('source_id', 'text', (c) => c.notNull().references('registry_sources.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('registry_claim_sources_pk', ['claim_id', 'source_id'])
    .execute();

  await db.schema
    .createTable('registry_claim_contests')
    .addColumn('claim_id', 'text', (c) => c.notNull().references('registry_claims.id').onDelete('cascade'))
    .addColumn('contested_id', 'text', (c) => c.notNull().references('registry_claims.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('registry_claim_contests_pk', ['claim_id', 'contested_id'])
    .addCheckConstraint('registry_claim_contests_not_self', sql`claim_id <> contested_id`)
    .execute();

  await db.schema
    .createTable('registry_recognition_acts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('body_id', 'text', (c) => c.notNull().references('registry_actors.id'))
    .addColumn('event_id', 'text', (c) => c.references('registry_events.id'))
    .addColumn('jurisdiction', 'text', (c) => c.check(sql`jurisdiction is null or jurisdiction ~ '^[A-Z]{2}(-[A-Z0-9]{1,3})?$'`))
    .addColumn('level', 'text', (c) =>
      c
        .notNull()
        .check(sql`level in ('national-legislature', 'national-executive', 'sub-national', 'international-organisation', 'court', 'other')`),
    )
    .addColumn('date', 'text', (c) => c.check(DATE_CHECK('date')))
    .addColumn('term', 'text')
    .addColumn('terms', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('instrument', 'text')
    .addColumn('document_source_id', 'text', (c) => c.references('registry_sources.id'))
    .addColumn('verification', 'text', (c) => c.notNull().check(VERIFICATION))
    .addColumn('notes', 'text')
    .addColumn('published', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('registry_act_sources')
    .addColumn('act_id', 'text', (c) => c.notNull().references('registry_recognition_acts.id').onDelete('cascade'))
    .addColumn('source_id', 'text', (c) => c.notNull().references('registry_sources.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('registry_act_sources_pk', ['act_id', 'source_id'])
    .execute();

  await db.schema
    .createTable('registry_imports')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('counts', 'jsonb', (c) => c.notNull())
    .addColumn('imported_by', 'text', (c) => c.notNull())
    .addColumn('imported_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('registry_imports_label').on('registry_imports').column('label').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'registry_imports',
    'registry_act_sources',
    'registry_recognition_acts',
    'registry_claim_contests',
    'registry_claim_sources',
    'registry_claims',
    'registry_events',
    'registry_actors',
    'registry_sources',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
