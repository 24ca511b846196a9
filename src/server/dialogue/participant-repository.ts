import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { ConversationRow, StatementModeration } from './tables.ts';

type Db = Kysely<Database>;

/** The SQL of what participants do (participants.ts): joining, their own state, the next statement, unreadable marks. */

/** A conversation's communities as participants see them, in the order they were made. */
export const communitiesOf = (db: Db, conversationId: string) =>
  db
    .selectFrom('dialogue_communities')
    .select(['id', 'name', 'languages'])
    .where('conversation_id', '=', conversationId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();

export const findCommunityByInvitation = (db: Db, invitationHash: string) =>
  db.selectFrom('dialogue_communities').select(['id', 'conversation_id']).where('invitation_hash', '=', invitationHash).executeTakeFirst();

/** The conversation row, locked for the rest of the transaction: joins and statements of one conversation queue behind it. */
export const lockConversation = (tx: Db, id: string): Promise<ConversationRow> =>
  tx.selectFrom('dialogue_conversations').selectAll().where('id', '=', id).forUpdate().executeTakeFirstOrThrow();

export async function isAllowListed(db: Db, conversationId: string, externalId: string): Promise<boolean> {
  const row = await db
    .selectFrom('dialogue_allow_list')
    .select('external_id')
    .where('conversation_id', '=', conversationId)
    .where('external_id', '=', externalId)
    .executeTakeFirst();
  return row !== undefined;
}

export async function externalIdTaken(db: Db, conversationId: string, externalId: string): Promise<boolean> {
  const row = await db
    .selectFrom('dialogue_participants')
    .select('id')
    .where('conversation_id', '=', conversationId)
    .where('external_id', '=', externalId)
    .executeTakeFirst();
  return row !== undefined;
}

/** The next pseudonymous number in a conversation; the caller holds the conversation's lock. */
export async function nextPid(tx: Db, conversationId: string): Promise<number> {
  const row = await tx
    .selectFrom('dialogue_participants')
    .select((eb) => eb.fn.max<number | null>('pid').as('max'))
    .where('conversation_id', '=', conversationId)
    .executeTakeFirst();
  return row?.max === null || row?.max === undefined ? 0 : Number(row.max) + 1;
}

export const insertParticipant = (
  tx: Db,
  p: { id: string; conversationId: string; pid: number; communityId: string; externalId: string | null; tokenHash: string },
) =>
  tx
    .insertInto('dialogue_participants')
    .values({ id: p.id, conversation_id: p.conversationId, pid: p.pid, community_id: p.communityId, external_id: p.externalId, token_hash: p.tokenHash })
    .execute();

export const findParticipantByTokenHash = (db: Db, tokenHash: string) =>
  db.selectFrom('dialogue_participants').select(['id', 'conversation_id', 'pid', 'community_id']).where('token_hash', '=', tokenHash).executeTakeFirst();

/** A participant's votes by statement number. */
export const votesOf = (db: Db, participantId: string) =>
  db
    .selectFrom('dialogue_votes as v')
    .innerJoin('dialogue_statements as s', 's.id', 'v.statement_id')
    .select(['s.tid', 'v.value'])
    .where('v.participant_id', '=', participantId)
    .orderBy('s.tid')
    .execute();

export async function voteCount(db: Db, participantId: string): Promise<number> {
  const row = await db
    .selectFrom('dialogue_votes')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('participant_id', '=', participantId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

const OWN_STATEMENT = ['id', 'tid', 'text', 'language', 'moderation', 'moderation_reason', 'created_at'] as const;

/** The statements a participant wrote. */
export const statementsBy = (db: Db, conversationId: string, participantId: string) =>
  db
    .selectFrom('dialogue_statements')
    .select(OWN_STATEMENT)
    .where('conversation_id', '=', conversationId)
    .where('author_participant_id', '=', participantId)
    .orderBy('tid')
    .execute();

/**
 * Statements shown to a participant that they have not voted on, did not write, and did not mark unreadable: under
 * strict moderation approved ones only, otherwise all but the rejected.
 */
export function candidateStatements(db: Db, participantId: string, conversationId: string, moderation: ConversationRow['moderation']) {
  let query = db
    .selectFrom('dialogue_statements as s')
    .select(['s.id', 's.tid', 's.text', 's.language', 's.translations', 's.machine_translations', 's.evidence'])
    .where('s.conversation_id', '=', conversationId)
    .where((eb) => eb.or([eb('s.author_participant_id', 'is', null), eb('s.author_participant_id', '!=', participantId)]))
    .where((eb) =>
      eb.not(
        eb.exists(
          eb.selectFrom('dialogue_votes as v').select('v.statement_id').where('v.participant_id', '=', participantId).whereRef('v.statement_id', '=', 's.id'),
        ),
      ),
    )
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('dialogue_unreadable as u')
            .select('u.statement_id')
            .where('u.participant_id', '=', participantId)
            .whereRef('u.statement_id', '=', 's.id'),
        ),
      ),
    );
  query = moderation === 'strict' ? query.where('s.moderation', '=', 'approved') : query.where('s.moderation', '!=', 'rejected');
  return query.orderBy('s.tid').execute();
}

export const findStatementByTid = (db: Db, conversationId: string, tid: number) =>
  db.selectFrom('dialogue_statements').select(['id', 'moderation']).where('conversation_id', '=', conversationId).where('tid', '=', tid).executeTakeFirst();

/** Marks a statement unreadable for a participant; marking twice changes nothing. */
export const markUnreadable = (db: Db, m: { conversationId: string; participantId: string; statementId: string; language: string }) =>
  db
    .insertInto('dialogue_unreadable')
    .values({ conversation_id: m.conversationId, participant_id: m.participantId, statement_id: m.statementId, language: m.language })
    .onConflict((oc) => oc.columns(['participant_id', 'statement_id']).doNothing())
    .execute();

/** Every statement's text in a conversation, to refuse a duplicate. */
export async function statementTexts(db: Db, conversationId: string): Promise<string[]> {
  return (await db.selectFrom('dialogue_statements').select('text').where('conversation_id', '=', conversationId).execute()).map((r) => r.text);
}

export const insertParticipantStatement = (
  tx: Db,
  s: { id: string; conversationId: string; tid: number; participantId: string; text: string; language: string; moderation: StatementModeration },
) =>
  tx
    .insertInto('dialogue_statements')
    .values({
      id: s.id,
      conversation_id: s.conversationId,
      tid: s.tid,
      author_participant_id: s.participantId,
      author_user_id: null,
      text: s.text,
      language: s.language,
      seed: false,
      moderation: s.moderation,
    })
    .returning(OWN_STATEMENT)
    .executeTakeFirstOrThrow();
