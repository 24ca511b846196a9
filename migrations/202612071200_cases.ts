import { sql, type Kysely } from 'kysely';

const DATE = (column: string) => sql.raw(`${column} is null or ${column} ~ '^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$'`);
const ID = (column: string) => sql.raw(`${column} ~ '^[A-Za-z0-9][A-Za-z0-9._:-]{0,119}$'`);
const VERIFICATION = sql`verification in ('primary-seen', 'reported', 'not-verified')`;

/**
 * The justice module (issue 21), part one: legal frameworks as data (crimes, their elements, modes of liability),
 * incidents with their acts, and allegations — claims that an actor characterises an incident in a legal way, each
 * with its proponent and sources. Ids are text so that a framework or an incident file imported into another
 * instance keeps its ids. `perpetrator_unit_id` names a unit of the chain-of-command tables (added by a later
 * migration in this range), so it has no foreign key here.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('cases_frameworks')
    .addColumn('id', 'text', (c) => c.primaryKey().check(ID('id')))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('instrument', 'text', (c) => c.notNull())
    .addColumn('jurisdiction', 'text')
    .addColumn('summary_source', 'text')
    .addColumn('language', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('cases_crimes')
    .addColumn('id', 'text', (c) => c.primaryKey().check(ID('id')))
    .addColumn('framework_id', 'text', (c) => c.notNull().references('cases_frameworks.id'))
    .addColumn('parent_id', 'text', (c) => c.references('cases_crimes.id'))
    .addColumn('category', 'text', (c) =>
      c.notNull().check(sql`category in ('genocide', 'crime-against-humanity', 'war-crime', 'other')`),
    )
    .addColumn('article', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('quoted_terms', 'text')
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addCheckConstraint('cases_crimes_not_own_parent', sql`parent_id is null or parent_id <> id`)
    .execute();
  await db.schema.createIndex('cases_crimes_framework').on('cases_crimes').column('framework_id').execute();

  await db.schema
    .createTable('cases_liability_modes')
    .addColumn('id', 'text', (c) => c.primaryKey().check(ID('id')))
    .addColumn('framework_id', 'text', (c) => c.notNull().references('cases_frameworks.id'))
    .addColumn('article', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('quoted_terms', 'text')
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('cases_elements')
    .addColumn('id', 'text', (c) => c.primaryKey().check(ID('id')))
    .addColumn('crime_id', 'text', (c) => c.references('cases_crimes.id').onDelete('cascade'))
    .addColumn('mode_id', 'text', (c) => c.references('cases_liability_modes.id').onDelete('cascade'))
    .addColumn('number', 'integer', (c) => c.notNull().check(sql`number >= 1`))
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('conduct', 'consequence', 'circumstance', 'contextual', 'mental')`),
    )
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('quoted_terms', 'text')
    .addColumn('citation', 'text', (c) => c.notNull())
    .addCheckConstraint('cases_elements_one_owner', sql`(crime_id is null) <> (mode_id is null)`)
    .execute();
  await sql`create unique index cases_elements_crime_number on cases_elements (crime_id, number) where crime_id is not null`.execute(db);
  await sql`create unique index cases_elements_mode_number on cases_elements (mode_id, number) where mode_id is not null`.execute(db);

  await db.schema
    .createTable('cases_incidents')
    .addColumn('id', 'text', (c) => c.primaryKey().check(ID('id')))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('date_kind', 'text', (c) => c.notNull().check(sql`date_kind in ('exact', 'partial', 'range', 'unknown')`))
    .addColumn('date_start', 'text', (c) => c.check(DATE('date_start')))
    .addColumn('date_end', 'text', (c) => c.check(DATE('date_end')))
    .addColumn('place_name', 'text')
    .addColumn('place_country', 'text', (c) => c.check(sql`place_country is null or place_country ~ '^[A-Z]{2}$'`))
    .addColumn('latitude', 'double precision', (c) => c.check(sql`latitude is null or (latitude >= -90 and latitude <= 90)`))
    .addColumn('longitude', 'double precision', (c) => c.check(sql`longitude is null or (longitude >= -180 and longitude <= 180)`))
    .addColumn('published', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('cases_incidents_range', sql`(date_kind = 'range') = (date_end is not null)`)
    .addCheckConstraint('cases_incidents_dated', sql`(date_kind = 'unknown') = (date_start is null)`)
    .execute();

  await db.schema
    .createTable('cases_incident_events')
    .addColumn('incident_id', 'text', (c) => c.notNull().references('cases_incidents.id').onDelete('cascade'))
    .addColumn('event_id', 'text', (c) => c.notNull().references('registry_events.id'))
    .addPrimaryKeyConstraint('cases_incident_events_pk', ['incident_id', 'event_id'])
    .execute();

  await db.schema
    .createTable('cases_acts')
    .addColumn('id', 'text', (c) => c.primaryKey().check(ID('id')))
    .addColumn('incident_id', 'text', (c) => c.notNull().references('cases_incidents.id').onDelete('cascade'))
    .addColumn('act_type', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.check(DATE('date')))
    .addColumn('victim_record_id', 'uuid', (c) => c.references('casualty_records.id'))
    .addColumn('victim_description', 'text')
    .addColumn('perpetrator_actor_id', 'text', (c) => c.references('registry_actors.id'))
    .addColumn('perpetrator_unit_id', 'text')
    .addColumn('perpetrator_description', 'text')
    .addColumn('involvement', 'text', (c) =>
      c.notNull().check(sql`involvement in ('direct', 'ordered', 'commanded', 'aided', 'present', 'failed-to-prevent', 'unknown')`),
    )
    .addColumn('source_id', 'text', (c) => c.notNull().references('registry_sources.id'))
    .addColumn('pinpoint', 'text')
    .addColumn('verification', 'text', (c) => c.notNull().check(VERIFICATION))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('cases_acts_incident').on('cases_acts').column('incident_id').execute();
  await db.schema.createIndex('cases_acts_victim').on('cases_acts').column('victim_record_id').execute();

  await db.schema
    .createTable('cases_allegations')
    .addColumn('id', 'text', (c) => c.primaryKey().check(ID('id')))
    .addColumn('incident_id', 'text', (c) => c.notNull().references('cases_incidents.id').onDelete('cascade'))
    .addColumn('proponent_id', 'text', (c) => c.notNull().references('registry_actors.id'))
    .addColumn('characterisation', 'text', (c) =>
      c
        .notNull()
        .check(
          sql`characterisation in ('genocide', 'crime-against-humanity', 'war-crime', 'other-crime', 'lawful-act-of-war', 'not-attributable', 'other')`,
        ),
    )
    .addColumn('crime_id', 'text', (c) => c.references('cases_crimes.id'))
    .addColumn('mode_id', 'text', (c) => c.references('cases_liability_modes.id'))
    .addColumn('perpetrator_actor_id', 'text', (c) => c.references('registry_actors.id'))
    .addColumn('perpetrator_unit_id', 'text')
    .addColumn('perpetrator_description', 'text')
    .addColumn('statement', 'text', (c) => c.notNull())
    .addColumn('language', 'text')
    .addColumn('date', 'text', (c) => c.check(DATE('date')))
    .addColumn('verification', 'text', (c) => c.notNull().check(VERIFICATION))
    .addColumn('notes', 'text')
    .addColumn('published', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('cases_allegations_incident').on('cases_allegations').column('incident_id').execute();

  await db.schema
    .createTable('cases_allegation_sources')
    .addColumn('allegation_id', 'text', (c) => c.notNull().references('cases_allegations.id').onDelete('cascade'))
    .addColumn('source_id', 'text', (c) => c.notNull().references('registry_sources.id'))
    .addColumn('pinpoint', 'text')
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('cases_allegation_sources_pk', ['allegation_id', 'source_id'])
    .execute();

  await db.schema
    .createTable('cases_allegation_elements')
    .addColumn('allegation_id', 'text', (c) => c.notNull().references('cases_allegations.id').onDelete('cascade'))
    .addColumn('element_id', 'text', (c) => c.notNull().references('cases_elements.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('cases_allegation_elements_pk', ['allegation_id', 'element_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'cases_allegation_elements',
    'cases_allegation_sources',
    'cases_allegations',
    'cases_acts',
    'cases_incident_events',
    'cases_incidents',
    'cases_elements',
    'cases_liability_modes',
    'cases_crimes',
    'cases_frameworks',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
