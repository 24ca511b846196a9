import { sql, type Kysely } from 'kysely';

/**
 * Statements grounded in evidence (issue 16, item 4): a statement seeded from a registry claim carries an evidence
 * card, a copy of the claim as it stood when it was seeded (what is claimed, who claims it according to which
 * sources, its verification level, and the archive items its sources cite). The copy keeps the card the
 * participants voted on even if the registry record changes later; whether each archive item may be shown is
 * decided when the card is shown, by the archive's rule for the public.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('dialogue_statements')
    .addColumn('evidence', 'jsonb', (c) => c.check(sql`evidence is null or (jsonb_typeof(evidence) = 'object' and octet_length(evidence::text) <= 65536)`))
    .execute();
  // One statement per registry claim in a conversation (a second seeding of the same claim is refused).
  await sql`create unique index dialogue_statements_evidence_claim on dialogue_statements (conversation_id, (evidence ->> 'claimId')) where evidence is not null`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists dialogue_statements_evidence_claim`.execute(db);
  await db.schema.alterTable('dialogue_statements').dropColumn('evidence').execute();
}
