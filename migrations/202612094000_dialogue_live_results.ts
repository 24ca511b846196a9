import { sql, type Kysely } from 'kysely';

/**
 * The latest live analysis of each conversation, as the process that leads it published it (issue 17, item 7).
 * With several processes on one database, each used to analyse every vote itself, so a second process doubled the
 * analysis work instead of sharing it (votes a second: 1,258 with one process, 712 with two). Now one process per
 * conversation analyses and stores the result here; the others read it. `result` is the analysis serialised with
 * Node's structured-clone format (v8.serialize): typed arrays stay typed, and only Reckon reads it back.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('dialogue_live_results')
    .addColumn('conversation_id', 'uuid', (c) => c.primaryKey().references('dialogue_conversations.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('result', 'bytea')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('dialogue_live_results').execute();
}
