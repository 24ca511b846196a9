import { sql, type Insertable, type Kysely, type Updateable } from 'kysely';
import type { Database } from '../db/schema.ts';
import { batches } from '../db/helpers.ts';
import type { EvidenceCard } from './schemas.ts';

type Db = Kysely<Database>;

export const findConversation = (db: Db, id: string) => db.selectFrom('dialogue_conversations').selectAll().where('id', '=', id).executeTakeFirst();

export const listConversations = (db: Db) => db.selectFrom('dialogue_conversations').selectAll().orderBy('created_at', 'desc').orderBy('id').execute();

export const listCommunities = (db: Db, conversationIds: readonly string[]) =>
  conversationIds.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom('dialogue_communities')
        .select(['id', 'conversation_id', 'name', 'languages'])
        .where('conversation_id', 'in', conversationIds)
        .orderBy('created_at')
        .orderBy('id')
        .execute();

export const findCommunity = (db: Db, id: string) =>
  db.selectFrom('dialogue_communities').select(['id', 'conversation_id']).where('id', '=', id).executeTakeFirst();

export const findStatement = (db: Db, id: string) => db.selectFrom('dialogue_statements').selectAll().where('id', '=', id).executeTakeFirst();

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
  return tidAfterLast(tx, conversationId);
}

/** The number after the conversation's last statement; the caller holds the conversation's lock (see nextTid). */
export async function tidAfterLast(tx: Db, conversationId: string): Promise<number> {
  const row = await tx
    .selectFrom('dialogue_statements')
    .select((eb) => eb.fn.max<number | null>('tid').as('max'))
    .where('conversation_id', '=', conversationId)
    .executeTakeFirst();
  return row?.max === null || row?.max === undefined ? 0 : Number(row.max) + 1;
}

/** Every language some community of the conversation reads, in the order they were first given. */
export async function conversationLanguages(db: Db, conversationId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('dialogue_communities')
    .select('languages')
    .where('conversation_id', '=', conversationId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
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

/**
 * Statements a facilitator wrote or chose (seed statements and statements from registry claims, then with their
 * evidence card): approved at once, since a facilitator chose them.
 */
export function insertSeedStatements(
  tx: Db,
  seeds: readonly {
    id: string;
    conversationId: string;
    tid: number;
    author: string;
    text: string;
    language: string;
    translations: Record<string, string>;
    evidence?: EvidenceCard;
  }[],
): Promise<void> {
  const moderatedAt = new Date();
  return insertStatements(
    tx,
    seeds.map((s) => ({
      id: s.id,
      conversation_id: s.conversationId,
      tid: s.tid,
      author_user_id: s.author,
      author_participant_id: null,
      text: s.text,
      language: s.language,
      translations: JSON.stringify(s.translations),
      ...(s.evidence ? { evidence: JSON.stringify(s.evidence) } : {}),
      seed: true,
      moderation: 'approved' as const,
      moderated_by: s.author,
      moderated_at: moderatedAt,
    })),
  );
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
    .values({
      statement_id: row.statementId,
      conversation_id: row.conversationId,
      claim_id: row.claimId,
      recorded_by: row.recordedBy,
      figures: JSON.stringify(row.figures),
    })
    .execute();

// Writing conversations, communities, statements and votes (the console, seeding and the Pol.is import) ----------

export const insertConversation = (tx: Db, row: Insertable<Database['dialogue_conversations']>) =>
  tx.insertInto('dialogue_conversations').values(row).execute();

/** Rows in chunks: one statement for each DEFAULT_BATCH rows, so a large import stays under the parameter limit. */
async function insertChunked<T extends 'dialogue_communities' | 'dialogue_participants' | 'dialogue_statements' | 'dialogue_votes'>(
  tx: Db,
  table: T,
  rows: readonly Insertable<Database[T]>[],
): Promise<void> {
  for (const chunk of batches(rows))
    await tx
      .insertInto(table)
      .values(chunk as never)
      .execute();
}

export const insertCommunities = (tx: Db, rows: readonly Insertable<Database['dialogue_communities']>[]) => insertChunked(tx, 'dialogue_communities', rows);
export const insertParticipants = (tx: Db, rows: readonly Insertable<Database['dialogue_participants']>[]) => insertChunked(tx, 'dialogue_participants', rows);
export const insertStatements = (tx: Db, rows: readonly Insertable<Database['dialogue_statements']>[]) => insertChunked(tx, 'dialogue_statements', rows);
export const insertVotes = (tx: Db, rows: readonly Insertable<Database['dialogue_votes']>[]) => insertChunked(tx, 'dialogue_votes', rows);

/** Ids of a conversation's statements, all or all but the rejected (what translation works on). */
export async function statementIdsOf(db: Db, conversationId: string, options: { withoutRejected?: boolean } = {}): Promise<string[]> {
  let query = db.selectFrom('dialogue_statements').select('id').where('conversation_id', '=', conversationId);
  if (options.withoutRejected) query = query.where('moderation', '!=', 'rejected');
  return (await query.execute()).map((r) => r.id);
}

/** The statement row, locked for the rest of the transaction (a person's translation and a machine's do not cross). */
export const lockStatement = (tx: Db, id: string) => tx.selectFrom('dialogue_statements').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();

export const updateStatement = (
  tx: Db,
  id: string,
  change: Pick<
    Updateable<Database['dialogue_statements']>,
    'moderation' | 'moderation_reason' | 'moderated_by' | 'moderated_at' | 'translations' | 'machine_translations' | 'machine_translation_failures'
  >,
) => tx.updateTable('dialogue_statements').set(change).where('id', '=', id).execute();

/** Changes a conversation's state, report visibility or allow-list switch, and when it changed. */
export const updateConversation = (
  tx: Db,
  id: string,
  change: Pick<Updateable<Database['dialogue_conversations']>, 'state' | 'report_public' | 'allow_list_required'>,
) =>
  tx
    .updateTable('dialogue_conversations')
    .set({ ...change, updated_at: new Date() })
    .where('id', '=', id)
    .execute();

export const updateCommunity = (tx: Db, id: string, change: Pick<Updateable<Database['dialogue_communities']>, 'languages' | 'invitation_hash'>) =>
  tx.updateTable('dialogue_communities').set(change).where('id', '=', id).execute();

export async function allowListOf(db: Db, conversationId: string): Promise<string[]> {
  return (await db.selectFrom('dialogue_allow_list').select('external_id').where('conversation_id', '=', conversationId).orderBy('external_id').execute()).map(
    (r) => r.external_id,
  );
}

export async function replaceAllowList(tx: Db, conversationId: string, externalIds: readonly string[]): Promise<void> {
  await tx.deleteFrom('dialogue_allow_list').where('conversation_id', '=', conversationId).execute();
  for (const chunk of batches(externalIds))
    await tx
      .insertInto('dialogue_allow_list')
      .values(chunk.map((external_id) => ({ conversation_id: conversationId, external_id })))
      .execute();
}

/**
 * Every vote of a conversation as (pid, tid, value) with its time: by pid then tid (the checkpoint hash's order), or
 * oldest change first (the Pol.is vote log, and replaying votes into an analysis: the latest vote of a cell last).
 */
export function conversationVotes(db: Db, conversationId: string, order: 'pid' | 'time') {
  const query = db
    .selectFrom('dialogue_votes as v')
    .innerJoin('dialogue_participants as p', 'p.id', 'v.participant_id')
    .innerJoin('dialogue_statements as s', 's.id', 'v.statement_id')
    .select(['p.pid', 's.tid', 'v.value', 'v.updated_at'])
    .where('v.conversation_id', '=', conversationId);
  return (order === 'time' ? query.orderBy('v.updated_at') : query).orderBy('p.pid').orderBy('s.tid').execute();
}

/** A conversation's statements with their authors' pseudonymous numbers, for the Pol.is comments file. */
export const statementsWithAuthors = (db: Db, conversationId: string) =>
  db
    .selectFrom('dialogue_statements as s')
    .leftJoin('dialogue_participants as p', 'p.id', 's.author_participant_id')
    .select(['s.tid', 's.text', 's.seed', 's.moderation', 's.created_at', 'p.pid'])
    .where('s.conversation_id', '=', conversationId)
    .orderBy('s.tid')
    .execute();

/** Each participant's community, by pseudonymous number. */
export const participantCommunities = (db: Db, conversationId: string) =>
  db.selectFrom('dialogue_participants').select(['pid', 'community_id']).where('conversation_id', '=', conversationId).execute();

/** A conversation's statements as the live analysis keeps them. */
export const statementsForAnalysis = (db: Db, conversationId: string) =>
  db
    .selectFrom('dialogue_statements')
    .select(['id', 'tid', 'text', 'language', 'translations', 'moderation'])
    .where('conversation_id', '=', conversationId)
    .execute();
