import { sql, type Kysely } from 'kysely';

/**
 * Agreement recorded back in the registry (issue 16, item 4): a statement every opinion group (and every community)
 * agreed with becomes, on a facilitator's confirmation, a registry claim made by the conversation's participants.
 * One row per statement: which claim it became, who confirmed it and when, and the figures the claim was written
 * from (agreement per group and per community at that moment), so the claim's page can show them as they were.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('dialogue_registry_claims')
    .addColumn('statement_id', 'uuid', (c) => c.primaryKey().references('dialogue_statements.id').onDelete('cascade'))
    .addColumn('conversation_id', 'uuid', (c) => c.notNull().references('dialogue_conversations.id').onDelete('cascade'))
    .addColumn('claim_id', 'text', (c) => c.notNull().unique())
    .addColumn('recorded_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('figures', 'jsonb', (c) => c.notNull().check(sql`jsonb_typeof(figures) = 'object' and octet_length(figures::text) <= 65536`))
    .execute();
  await db.schema.createIndex('dialogue_registry_claims_conversation').on('dialogue_registry_claims').column('conversation_id').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('dialogue_registry_claims').execute();
}
