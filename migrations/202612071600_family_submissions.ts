import { sql, type Kysely } from 'kysely';

/**
 * Families add and correct (issue 19, item 6). A submission from the public form waits here for a moderator; its
 * contact details and photo are sealed (AES-256-GCM under the master key) and read only in the moderator's view. An
 * accepted submission becomes a NEW record of the families' own source (named in `submission_settings`), never a
 * change to another source's record; a photo becomes a new confidential archive item. The form token's nonce is
 * unique, so one signed form cannot be submitted twice.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('family_submissions')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('correction', 'photo', 'missing_name')`))
    .addColumn('person_key', 'text')
    .addColumn('names', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('birth_date', 'text')
    .addColumn('death_date', 'text')
    .addColumn('place', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('unknown').check(sql`status in ('civilian', 'combatant', 'unknown')`))
    .addColumn('message', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('relation', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('contact_sealed', 'text', (c) => c.notNull())
    .addColumn('photo_sealed', 'text')
    .addColumn('photo_name', 'text')
    .addColumn('photo_size', 'integer')
    .addColumn('language', 'text', (c) => c.notNull().defaultTo('en'))
    .addColumn('form_nonce', 'text', (c) => c.notNull().unique())
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('pending').check(sql`state in ('pending', 'accepted', 'rejected')`))
    .addColumn('reason', 'text')
    .addColumn('decided_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('decided_at', 'timestamptz')
    .addColumn('record_id', 'uuid', (c) => c.references('casualty_records.id'))
    .addColumn('item_id', 'uuid', (c) => c.references('items.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('family_submissions_decided', sql`(state = 'pending') = (decided_at is null)`)
    .addCheckConstraint('family_submissions_rejected_reason', sql`state <> 'rejected' or reason is not null`)
    .execute();
  await db.schema.createIndex('family_submissions_queue').on('family_submissions').columns(['state', 'created_at']).execute();
  await db.schema
    .createTable('submission_settings')
    .addColumn('singleton', 'boolean', (c) => c.primaryKey().defaultTo(true).check(sql`singleton`))
    .addColumn('source_id', 'uuid', (c) => c.notNull().references('casualty_sources.id'))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('submission_settings').execute();
  await db.schema.dropTable('family_submissions').execute();
}
