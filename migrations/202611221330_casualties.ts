import { sql, type Kysely } from 'kysely';

// Partial dates as reported by a list: a year, a year-month or a full date.
const PARTIAL_DATE = (column: string) => sql.raw(`${column} is null or ${column} ~ '^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$'`);

/**
 * Casualty lists and record linkage. A record is never edited: a correction is a new row with a higher version
 * that names the row it supersedes, so every earlier reading of a list stays reproducible. Review decisions are
 * keyed by the two record ids, not by a run, so they survive re-runs.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('casualty_sources')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('compiled_by', 'text')
    .addColumn('compiled_at', 'text', (c) => c.check(PARTIAL_DATE('compiled_at')))
    .addColumn('method', 'text')
    .addColumn('archive_item_id', 'text')
    .addColumn('column_mapping', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('created_by', 'uuid')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create unique index casualty_sources_name_lower on casualty_sources (lower(name))`.execute(db);

  await db.schema
    .createTable('casualty_records')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('source_id', 'uuid', (c) => c.notNull().references('casualty_sources.id'))
    .addColumn('source_record_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().check(sql`version >= 1`))
    .addColumn('supersedes', 'uuid', (c) => c.references('casualty_records.id'))
    .addColumn('current', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('names', 'jsonb', (c) => c.notNull().check(sql`jsonb_typeof(names) = 'array' and jsonb_array_length(names) > 0`))
    .addColumn('sex', 'text', (c) => c.check(sql`sex is null or sex in ('female', 'male', 'unknown')`))
    .addColumn('age', 'integer', (c) => c.check(sql`age is null or (age >= 0 and age <= 130)`))
    .addColumn('birth_date', 'text', (c) => c.check(PARTIAL_DATE('birth_date')))
    .addColumn('death_date', 'text', (c) => c.check(PARTIAL_DATE('death_date')))
    .addColumn('place', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('unknown').check(sql`status in ('civilian', 'combatant', 'unknown')`))
    .addColumn('type', 'text')
    .addColumn('cause', 'text')
    .addColumn('perpetrator_reported', 'text')
    .addColumn('notes', 'text')
    .addColumn('raw_row', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('line', 'integer')
    .addColumn('created_by', 'uuid')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('casualty_records_first_version', sql`(version = 1) = (supersedes is null)`)
    .addCheckConstraint('casualty_records_not_self', sql`supersedes is null or supersedes <> id`)
    .execute();
  await sql`create unique index casualty_records_version on casualty_records (source_id, source_record_id, version)`.execute(db);
  // One current version per source record id: the uniqueness of source_record_id within a source.
  await sql`create unique index casualty_records_current on casualty_records (source_id, source_record_id) where current`.execute(db);
  await sql`create unique index casualty_records_supersedes on casualty_records (supersedes) where supersedes is not null`.execute(db);

  await db.schema
    .createTable('linkage_runs')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('source_ids', 'jsonb', (c) => c.notNull())
    .addColumn('settings', 'jsonb', (c) => c.notNull())
    .addColumn('model', 'jsonb')
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('queued', 'running', 'done', 'failed')`))
    .addColumn('counts', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('error', 'text')
    .addColumn('job_id', 'text')
    .addColumn('created_by', 'uuid')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('finished_at', 'timestamptz')
    .execute();

  await db.schema
    .createTable('linkage_pairs')
    .addColumn('run_id', 'uuid', (c) => c.notNull().references('linkage_runs.id').onDelete('cascade'))
    .addColumn('record_a', 'uuid', (c) => c.notNull().references('casualty_records.id'))
    .addColumn('record_b', 'uuid', (c) => c.notNull().references('casualty_records.id'))
    .addColumn('probability', 'double precision', (c) => c.notNull().check(sql`probability >= 0 and probability <= 1`))
    .addColumn('weight', 'double precision', (c) => c.notNull())
    .addColumn('explanation', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addPrimaryKeyConstraint('linkage_pairs_pk', ['run_id', 'record_a', 'record_b'])
    .addCheckConstraint('linkage_pairs_ordered', sql`record_a < record_b`)
    .execute();

  await db.schema
    .createTable('review_decisions')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('record_a', 'uuid', (c) => c.notNull().references('casualty_records.id'))
    .addColumn('record_b', 'uuid', (c) => c.notNull().references('casualty_records.id'))
    .addColumn('decision', 'text', (c) => c.notNull().check(sql`decision in ('match', 'non_match')`))
    .addColumn('reviewer_id', 'uuid', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('current', 'boolean', (c) => c.notNull().defaultTo(true))
    .addCheckConstraint('review_decisions_ordered', sql`record_a < record_b`)
    .execute();
  // A pair may be re-decided; earlier decisions stay as history, one is current.
  await sql`create unique index review_decisions_current on review_decisions (record_a, record_b) where current`.execute(db);

  await db.schema
    .createTable('persons')
    .addColumn('run_id', 'uuid', (c) => c.notNull().references('linkage_runs.id').onDelete('cascade'))
    .addColumn('person_id', 'integer', (c) => c.notNull())
    .addColumn('capture_history', 'text', (c) => c.notNull())
    .addColumn('record_count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('persons_pk', ['run_id', 'person_id'])
    .execute();

  await db.schema
    .createTable('person_records')
    .addColumn('run_id', 'uuid', (c) => c.notNull())
    .addColumn('person_id', 'integer', (c) => c.notNull())
    .addColumn('record_id', 'uuid', (c) => c.notNull().references('casualty_records.id'))
    .addColumn('probability', 'double precision', (c) => c.notNull().check(sql`probability >= 0 and probability <= 1`))
    .addPrimaryKeyConstraint('person_records_pk', ['run_id', 'record_id'])
    .addForeignKeyConstraint('person_records_person', ['run_id', 'person_id'], 'persons', ['run_id', 'person_id'], (c) => c.onDelete('cascade'))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('person_records').execute();
  await db.schema.dropTable('persons').execute();
  await db.schema.dropTable('review_decisions').execute();
  await db.schema.dropTable('linkage_pairs').execute();
  await db.schema.dropTable('linkage_runs').execute();
  await db.schema.dropTable('casualty_records').execute();
  await db.schema.dropTable('casualty_sources').execute();
}
