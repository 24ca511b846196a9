import { sql, type Kysely } from 'kysely';

/**
 * What linkage runs on the job queue need besides the first casualty schema: progress that the web app and CLI
 * can follow, the warnings of the engine, the review floor a run kept pairs from, a romanised search form of each
 * record's names (so a search for "aliyev" finds Алиев), and per-person summaries computed when the run is stored
 * (so statistics and estimation strata are group-bys, not a walk over every record). A person of one record has no
 * match probability, hence the nullable column.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('linkage_runs')
    .addColumn('progress', 'double precision', (c) => c.notNull().defaultTo(0).check(sql`progress >= 0 and progress <= 1`))
    .addColumn('progress_label', 'text')
    .addColumn('warnings', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('review_floor', 'double precision', (c) => c.notNull().defaultTo(0.2).check(sql`review_floor > 0 and review_floor < 1`))
    .execute();
  await db.schema.alterTable('casualty_records').addColumn('search_names', 'text').execute();
  await db.schema.createIndex('casualty_records_source_current').on('casualty_records').columns(['source_id', 'current']).execute();
  await db.schema.createIndex('linkage_pairs_run_probability').on('linkage_pairs').columns(['run_id', 'probability']).execute();
  await db.schema.createIndex('person_records_record').on('person_records').column('record_id').execute();
  await db.schema.createIndex('review_decisions_records').on('review_decisions').columns(['record_a', 'record_b']).execute();
  await sql`alter table person_records alter column probability drop not null`.execute(db);
  await db.schema
    .alterTable('persons')
    .addColumn('sex', 'text')
    .addColumn('age_band', 'text')
    .addColumn('status', 'text')
    .addColumn('death_date', 'text')
    .addColumn('place', 'text')
    .addColumn('disagreements', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const column of ['sex', 'age_band', 'status', 'death_date', 'place', 'disagreements']) {
    await db.schema.alterTable('persons').dropColumn(column).execute();
  }
  await sql`update person_records set probability = 1 where probability is null`.execute(db);
  await sql`alter table person_records alter column probability set not null`.execute(db);
  await db.schema.dropIndex('review_decisions_records').execute();
  await db.schema.dropIndex('person_records_record').execute();
  await db.schema.dropIndex('linkage_pairs_run_probability').execute();
  await db.schema.dropIndex('casualty_records_source_current').execute();
  await db.schema.alterTable('casualty_records').dropColumn('search_names').execute();
  for (const column of ['progress', 'progress_label', 'warnings', 'review_floor']) {
    await db.schema.alterTable('linkage_runs').dropColumn(column).execute();
  }
}
