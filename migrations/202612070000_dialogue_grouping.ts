import { sql, type Kysely } from 'kysely';

/**
 * How a conversation forms opinion groups: 'default' (Reckon's analysis of the current votes) or 'polis' (the
 * Pol.is-compatible replay, chosen when a Pol.is conversation is imported; see docs/dialogue-grouping.md).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('dialogue_conversations')
    .addColumn('grouping_mode', 'text', (c) => c.notNull().defaultTo('default').check(sql`grouping_mode in ('default', 'polis')`))
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('dialogue_conversations').dropColumn('grouping_mode').execute();
}
