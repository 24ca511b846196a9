import { sql, type Kysely } from 'kysely';

/**
 * Name parts on casualty records, and flags on a run's persons.
 *
 * Lists write a person's name either whole ("Алиев Рашид Гасан оглы") or spread over columns (Фамилия, Имя,
 * Отчество). Kept apart, the parts reach the linkage engine as what they are, instead of being taken for several
 * spellings of one whole name. `names` keeps the whole names a list gives, so it may now be empty: a row whose
 * name is in parts, or that gives no name at all, is still a record (linked on its other fields).
 *
 * `flags` on a person says why its records need a reviewer's eye (a merge refused inside it, incompatible birth
 * years or sex); flagged persons make up the cluster review queue.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('casualty_records')
    .addColumn('given_name', 'text')
    .addColumn('family_name', 'text')
    .addColumn('patronymic', 'text')
    .execute();
  await sql`alter table casualty_records drop constraint casualty_records_names_check`.execute(db);
  await sql`alter table casualty_records add constraint casualty_records_names_check check (jsonb_typeof(names) = 'array')`.execute(db);
  await db.schema.alterTable('persons').addColumn('flags', 'jsonb', (c) => c.notNull().defaultTo('[]')).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('persons').dropColumn('flags').execute();
  // a record without a whole name gets its parts as one, so the older rule (at least one name) holds again
  await sql`update casualty_records set names = jsonb_build_array(coalesce(nullif(concat_ws(' ', family_name, given_name, patronymic), ''), '(no name)'))
    where jsonb_array_length(names) = 0`.execute(db);
  await sql`alter table casualty_records drop constraint casualty_records_names_check`.execute(db);
  await sql`alter table casualty_records add constraint casualty_records_names_check check (jsonb_typeof(names) = 'array' and jsonb_array_length(names) > 0)`.execute(db);
  await db.schema.alterTable('casualty_records').dropColumn('given_name').dropColumn('family_name').dropColumn('patronymic').execute();
}
