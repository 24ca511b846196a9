import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { EvidenceCard } from './schemas.ts';

type Db = Kysely<Database>;

export const findConversation = (db: Db, id: string) =>
  db.selectFrom('dialogue_conversations').selectAll().where('id', '=', id).executeTakeFirst();

export const listConversations = (db: Db) =>
  db.selectFrom('dialogue_conversations').selectAll().orderBy('created_at', 'desc').orderBy('id').execute();

export const listCommunities = (db: Db, conversationIds: readonly string[]) =>
  conversationIds.length === 0
    ? Promise.resolve([])
    : db.selectFrom('dialogue_communities').select(['id', 'conversation_id', 'name', 'languages']).where('conversation_id', 'in', conversationIds).orderBy('created_at').orderBy('id').execute();

export const findCommunity = (db: Db, id: string) =>
  db.selectFrom('dialogue_communities').select(['id', 'conversation_id']).where('id', '=', id).executeTakeFirst();

export const findStatement = (db: Db, id: string) =>
  db.selectFrom('dialogue_statements').selectAll().where('id', '=', id).executeTakeFirst();

export const listStatements = (db: Db, conversationId: string, moderation?: 'pending' | 'approved' | 'rejected') => {
  let query = db.selectFrom('dialogue_statements').selectAll().where('conversation_id', '=', conversationId);
  if (moderation) query = query.where('moderation', '=', moderation);
  return query.orderBy('tid').execute();
};

/**
 * The next statement number in a conversation. Taking the conversation row's lock first serialises concurrent
 * writers of the same conversation, so two statements never race for one number.
 */
export async function nextTid(tx: Db, conversationId: string): Promise<number> {
  await tx.selectFrom('dialogue_conversations').select('id').where('id', '=', conversationId).forUpdate().executeTakeFirst();
  const row = await tx
    .selectFrom('dialogue_statements')
    .select((eb) => eb.fn.max<number | null>('tid').as('max'))
    .where('conversation_id', '=', conversationId)
    .executeTakeFirst();
  return row?.max === null || row?.max === undefined ? 0 : Number(row.max) + 1;
}

/** Every language some community of the conversation reads, in the order they were first given. */
export async function conversationLanguages(db: Db, conversationId: string): Promise<string[]> {
  const rows = await db.selectFrom('dialogue_communities').select('languages').where('conversation_id', '=', conversationId).orderBy('created_at').orderBy('id').execute();
  return [...new Set(rows.flatMap((r) => r.languages))];
}

/** How many participants marked each statement "I can't read this". */
export async function unreadableCounts(db: Db, conversationId: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('dialogue_unreadable')
    .select(['statement_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('conversation_id', '=', conversationId)
    .groupBy('statement_id')
    .execute();
  return new Map(rows.map((r) => [r.statement_id, Number(r.n)]));
}

/** A statement seeded from a registry claim: approved at once (a facilitator chose it), with its evidence card. */
export async function insertSeededClaim(
  tx: Db,
  s: { id: string; conversationId: string; tid: number; author: string; text: string; language: string; translations: Record<string, string>; evidence: EvidenceCard },
): Promise<void> {
  await tx
    .insertInto('dialogue_statements')
    .values({
      id: s.id,
      conversation_id: s.conversationId,
      tid: s.tid,
      author_user_id: s.author,
      author_participant_id: null,
      text: s.text,
      language: s.language,
      translations: JSON.stringify(s.translations),
      evidence: JSON.stringify(s.evidence),
      seed: true,
      moderation: 'approved',
      moderated_by: s.author,
      moderated_at: new Date(),
    })
    .execute();
}

/** Statements seeded from one registry claim, with their conversations, oldest conversation first. */
export const statementsSeededFrom = (db: Db, claimId: string) =>
  db
    .selectFrom('dialogue_statements as s')
    .innerJoin('dialogue_conversations as c', 'c.id', 's.conversation_id')
    .select(['s.id as statementId', 's.tid', 'c.id as conversationId', 'c.topic', 'c.state', 'c.report_public', 'c.created_at'])
    .where(sql<string>`s.evidence ->> 'claimId'`, '=', claimId)
    .where('s.moderation', '=', 'approved')
    .orderBy('c.created_at')
    .orderBy('c.id')
    .execute();

export const findRecordedAgreement = (db: Db, statementId: string) =>
  db.selectFrom('dialogue_registry_claims').selectAll().where('statement_id', '=', statementId).executeTakeFirst();

export const recordedAgreementsOf = (db: Db, statementIds: readonly string[]) =>
  statementIds.length === 0 ? Promise.resolve([]) : db.selectFrom('dialogue_registry_claims').selectAll().where('statement_id', 'in', statementIds).execute();

export const findAgreementByClaim = (db: Db, claimId: string) =>
  db.selectFrom('dialogue_registry_claims').selectAll().where('claim_id', '=', claimId).executeTakeFirst();

export const insertRecordedAgreement = (db: Db, row: { statementId: string; conversationId: string; claimId: string; recordedBy: string; figures: unknown }) =>
  db
    .insertInto('dialogue_registry_claims')
    .values({ statement_id: row.statementId, conversation_id: row.conversationId, claim_id: row.claimId, recorded_by: row.recordedBy, figures: JSON.stringify(row.figures) })
    .execute();
