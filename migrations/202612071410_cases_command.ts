import { sql, type Kysely } from 'kysely';

const DATE_CHECK = (column: string) => sql.raw(`${column} is null or ${column} ~ '^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$'`);
const ID_CHECK = (column: string) => sql.raw(`${column} ~ '^[A-Za-z0-9][A-Za-z0-9._:-]{0,119}$'`);

/**
 * Units and chains of command (issue 21 item 6), as WhoWasInCommand models them: organisations, units, posts and
 * persons, with dated relations (member of, commands, subordinate to, area of operation), each citing registry
 * sources. Cycles and relations that end before they start are refused by the service (src/core/cases/command-check.ts);
 * the database refuses malformed dates and self relations too.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('cases_command_entities')
    .addColumn('id', 'text', (c) => c.primaryKey().check(ID_CHECK('id')))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('organisation', 'unit', 'post', 'person')`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.references('registry_actors.id'))
    .addColumn('description', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createTable('cases_command_relations')
    .addColumn('id', 'text', (c) => c.primaryKey().check(ID_CHECK('id')))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('member-of', 'commands', 'subordinate-to', 'area-of-operation')`))
    .addColumn('from_id', 'text', (c) => c.notNull().references('cases_command_entities.id'))
    // An entity id, or for area-of-operation a place as the incident names it.
    .addColumn('to_id', 'text', (c) => c.notNull())
    .addColumn('start_date', 'text', (c) => c.check(DATE_CHECK('start_date')))
    .addColumn('end_date', 'text', (c) => c.check(DATE_CHECK('end_date')))
    .addColumn('notes', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('cases_command_relations_not_self', sql`from_id <> to_id`)
    .execute();
  await db.schema.createIndex('cases_command_relations_from').on('cases_command_relations').column('from_id').execute();
  await db.schema.createIndex('cases_command_relations_to').on('cases_command_relations').column('to_id').execute();
  await db.schema
    .createTable('cases_command_relation_sources')
    .addColumn('relation_id', 'text', (c) => c.notNull().references('cases_command_relations.id').onDelete('cascade'))
    .addColumn('source_id', 'text', (c) => c.notNull().references('registry_sources.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('cases_command_relation_sources_pk', ['relation_id', 'source_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('cases_command_relation_sources').execute();
  await db.schema.dropTable('cases_command_relations').execute();
  await db.schema.dropTable('cases_command_entities').execute();
}
