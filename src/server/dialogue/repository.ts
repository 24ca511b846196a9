import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

type Db = Kysely<Database>;

export const findConversation = (db: Db, id: string) =>
  db.selectFrom('dialogue_conversations').selectAll().where('id', '=', id).executeTakeFirst();

export const listConversations = (db: Db) =>
  db.selectFrom('dialogue_conversations').selectAll().orderBy('created_at', 'desc').orderBy('id').execute();

export const listCommunities = (db: Db, conversationIds: readonly string[]) =>
  conversationIds.length === 0
    ? Promise.resolve([])
    : db.selectFrom('dialogue_communities').select(['id', 'conversation_id', 'name']).where('conversation_id', 'in', conversationIds).orderBy('created_at').orderBy('id').execute();

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
