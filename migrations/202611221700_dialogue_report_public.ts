import { type Kysely } from 'kysely';

/**
 * A dialogue report is private until the facilitator publishes it: participants are told their votes are
 * analysed, not that the analysis is shown to the world while the conversation is still running.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('dialogue_conversations').addColumn('report_public', 'boolean', (c) => c.notNull().defaultTo(false)).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('dialogue_conversations').dropColumn('report_public').execute();
}
