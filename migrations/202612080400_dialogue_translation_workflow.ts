import { sql, type Kysely } from 'kysely';

/**
 * The translation workflow and moderation with reasons (issue 16):
 * - the languages each community reads, so the console knows which translations each statement still lacks;
 * - machine translations kept apart from human ones (machine-made and unchecked until a person saves a translation),
 *   and the languages a translation service failed on, so a statement is marked untranslated instead of blocked;
 * - the reason a statement was rejected, shown to its author and the facilitators;
 * - "I can't read this": one row per participant and statement, counted but never a vote.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('dialogue_communities')
    .addColumn('languages', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`).check(sql`jsonb_typeof(languages) = 'array'`))
    .execute();
  await db.schema
    .alterTable('dialogue_statements')
    .addColumn('machine_translations', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`).check(sql`jsonb_typeof(machine_translations) = 'object'`))
    .addColumn('machine_translation_failures', 'jsonb', (c) =>
      c.notNull().defaultTo(sql`'{}'::jsonb`).check(sql`jsonb_typeof(machine_translation_failures) = 'object'`),
    )
    .addColumn('moderation_reason', 'text', (c) => c.check(sql`char_length(moderation_reason) <= 500`))
    .execute();
  await db.schema
    .createTable('dialogue_unreadable')
    .addColumn('conversation_id', 'uuid', (c) => c.notNull().references('dialogue_conversations.id').onDelete('cascade'))
    .addColumn('participant_id', 'uuid', (c) => c.notNull())
    .addColumn('statement_id', 'uuid', (c) => c.notNull())
    /** The interface language the participant was reading in. */
    .addColumn('language', 'text', (c) => c.notNull().check(sql`char_length(language) between 2 and 35`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('dialogue_unreadable_pk', ['participant_id', 'statement_id'])
    // the participant and the statement belong to the same conversation, as votes do
    .addForeignKeyConstraint('dialogue_unreadable_participant', ['conversation_id', 'participant_id'], 'dialogue_participants', ['conversation_id', 'id'], (c) => c.onDelete('cascade'))
    .addForeignKeyConstraint('dialogue_unreadable_statement', ['conversation_id', 'statement_id'], 'dialogue_statements', ['conversation_id', 'id'], (c) => c.onDelete('cascade'))
    .execute();
  await db.schema.createIndex('dialogue_unreadable_by_statement').on('dialogue_unreadable').column('statement_id').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('dialogue_unreadable').execute();
  await db.schema.alterTable('dialogue_statements').dropColumn('moderation_reason').dropColumn('machine_translation_failures').dropColumn('machine_translations').execute();
  await db.schema.alterTable('dialogue_communities').dropColumn('languages').execute();
}
