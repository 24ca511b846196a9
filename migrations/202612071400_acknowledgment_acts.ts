import { sql, type Kysely } from 'kysely';

const KINDS = sql`kind in ('recognition', 'apology', 'commemoration', 'reparation', 'investigation-opened', 'indictment', 'trial', 'verdict', 'denial', 'relativisation', 'justification')`;

/**
 * Recognition acts become acts of acknowledgment of every kind. The table keeps its name (publication and the
 * audit trail's subject type `registry_recognition_act` refer to it); every existing row becomes kind =
 * recognition through the column's default, so nothing is lost. Prosecution steps may name a court (an actor) and
 * persons' roles.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('registry_recognition_acts')
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('recognition').check(KINDS))
    .execute();
  await db.schema
    .alterTable('registry_recognition_acts')
    .addColumn('court_id', 'text', (c) => c.references('registry_actors.id'))
    .execute();
  await db.schema
    .alterTable('registry_recognition_acts')
    .addColumn('roles', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`).check(sql`jsonb_typeof(roles) = 'array'`))
    .execute();
  await db.schema.createIndex('registry_recognition_acts_kind').on('registry_recognition_acts').column('kind').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('registry_recognition_acts_kind').execute();
  await db.schema.alterTable('registry_recognition_acts').dropColumn('roles').execute();
  await db.schema.alterTable('registry_recognition_acts').dropColumn('court_id').execute();
  await db.schema.alterTable('registry_recognition_acts').dropColumn('kind').execute();
}
