import { createHash, randomInt, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { publicActor } from '../accounts/actor.ts';
import { recordAudit } from '../audit/service.ts';
import type { Config } from '../config.ts';
import type { Database } from '../db/schema.ts';
import { conflict, DomainError, invalid, notFound } from '../errors.ts';
import { drawWeighted, statementPriority } from '../../core/dialogue/priority.ts';
import type { LiveDialogue } from './live.ts';
import type { WindowLimiter } from './rate-limit.ts';
import type { NextStatementView, OwnStatementView, ParticipantStateView, PublicConversationView, VoteChoice } from './schemas.ts';
import { newToken, tokenHash } from './tokens.ts';
import type { ConversationRow, VoteValue } from './tables.ts';
import type { VoteWriter } from './vote-writer.ts';
import { archiveItemIdsOf, noEvidenceSources, shownEvidence, type EvidenceSources } from './evidence.ts';

const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
/** Statements sent ahead with the next one, for voting through a lost connection. */
const UPCOMING = 3;
const VALUE_OF: Record<VoteChoice, VoteValue> = { agree: 1, disagree: -1, pass: 0 };
const CHOICE_OF = new Map<number, VoteChoice>([[1, 'agree'], [-1, 'disagree'], [0, 'pass']]);

export interface Participant {
  id: string;
  conversationId: string;
  pid: number;
  communityId: string;
}

/** Statements are the same when they read the same ignoring case and spacing. */
const normalise = (text: string) => text.normalize('NFC').toLocaleLowerCase().replace(/\s+/gu, ' ').trim();

/**
 * What participants do: join with an invitation token, see the next statement, vote, write statements. They have
 * no account; the cookie's token (only its SHA-256 is stored) says who they are. Joins and statements are audited
 * (pseudonymous number only); votes are written in batches and checkpointed instead (see checkpoint.ts).
 */
export class ParticipantService {
  private readonly byToken = new Map<string, Participant>();
  /** Each participant's latest vote still having its budget checked (see `vote`). */
  private readonly voteTurns = new Map<string, Promise<unknown>>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly config: Config,
    private readonly limiter: WindowLimiter,
    private readonly writer: VoteWriter,
    private readonly live: LiveDialogue,
    /** Called with a new statement's id after it is stored (machine translation in the background). */
    private readonly written: (statementId: string) => void = () => undefined,
    private readonly evidence: Pick<EvidenceSources, 'publicItems'> = noEvidenceSources,
  ) {}

  async publicConversation(row: ConversationRow): Promise<PublicConversationView> {
    const communities = await this.db.selectFrom('dialogue_communities').select(['id', 'name', 'languages']).where('conversation_id', '=', row.id).orderBy('created_at').orderBy('id').execute();
    return {
      id: row.id,
      topic: row.topic,
      description: row.description,
      moderation: row.moderation,
      state: row.state,
      communities,
      reportPublic: row.report_public,
    };
  }

  /**
   * Joins the conversation the invitation belongs to, or finds the participant the cookie already names there.
   * Returns the cookie token to set when a participant was created.
   */
  async join(
    input: { token: string; externalId?: string },
    address: string,
    cookieFor: (conversationId: string) => string | undefined,
  ): Promise<{ participant: Participant; conversation: ConversationRow; rejoined: boolean; cookieToken: string | null }> {
    await this.limiter.take([{ key: `join:a:${address}`, limit: this.config.dialogueJoinsPerMinute, scope: 'address' }]);
    const community = await this.db
      .selectFrom('dialogue_communities')
      .select(['id', 'conversation_id'])
      .where('invitation_hash', '=', tokenHash(input.token))
      .executeTakeFirst();
    if (!community) throw new DomainError('not_found', 'invitation_not_found', 'This invitation link is not valid (it may have been replaced by a newer one)');
    const existingCookie = cookieFor(community.conversation_id);
    if (existingCookie) {
      const existing = await this.findByToken(existingCookie);
      if (existing && existing.conversationId === community.conversation_id) {
        const conversation = await this.conversationRow(community.conversation_id);
        return { participant: existing, conversation, rejoined: true, cookieToken: null };
      }
    }
    const { token, hash } = newToken();
    const id = randomUUID();
    const participant = await this.db.transaction().execute(async (tx) => {
      // The row lock serialises joins of one conversation, so two never take the same pid.
      const conversation = await tx.selectFrom('dialogue_conversations').selectAll().where('id', '=', community.conversation_id).forUpdate().executeTakeFirstOrThrow();
      if (conversation.state !== 'open') throw conflict('conversation_closed', 'The conversation is closed; no one can join it now');
      if (conversation.allow_list_required) {
        if (!input.externalId) throw invalid('external_id_required', 'This conversation is open only to invited people: give the identifier you were sent');
        const listed = await tx.selectFrom('dialogue_allow_list').select('external_id').where('conversation_id', '=', conversation.id).where('external_id', '=', input.externalId).executeTakeFirst();
        if (!listed) throw new DomainError('forbidden', 'not_on_allow_list', 'This identifier is not on the conversation’s list of invited people');
      }
      const externalId = conversation.allow_list_required ? input.externalId! : null;
      if (externalId) {
        const taken = await tx.selectFrom('dialogue_participants').select('id').where('conversation_id', '=', conversation.id).where('external_id', '=', externalId).executeTakeFirst();
        if (taken) throw conflict('external_id_taken', 'Someone has already joined with this identifier; use the device you joined with');
      }
      const max = await tx.selectFrom('dialogue_participants').select((eb) => eb.fn.max<number | null>('pid').as('max')).where('conversation_id', '=', conversation.id).executeTakeFirst();
      const pid = max?.max === null || max?.max === undefined ? 0 : Number(max.max) + 1;
      await tx.insertInto('dialogue_participants').values({ id, conversation_id: conversation.id, pid, community_id: community.id, external_id: externalId, token_hash: hash }).execute();
      await recordAudit(tx, publicActor, {
        action: 'dialogue.participant_joined',
        subjectType: 'dialogue_conversation',
        subjectId: conversation.id,
        details: { pid, communityId: community.id, allowListed: externalId !== null },
      });
      return { participant: { id, conversationId: conversation.id, pid, communityId: community.id }, conversation };
    });
    this.byToken.set(hash, participant.participant);
    this.live.participantJoined(participant.participant.conversationId, participant.participant.pid, community.id);
    return { ...participant, rejoined: false, cookieToken: token };
  }

  private async conversationRow(id: string): Promise<ConversationRow> {
    const row = await this.db.selectFrom('dialogue_conversations').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound('Conversation', id);
    return row;
  }

  private async findByToken(token: string): Promise<Participant | null> {
    const hash = tokenHash(token);
    const cached = this.byToken.get(hash);
    if (cached) return cached;
    const row = await this.db.selectFrom('dialogue_participants').select(['id', 'conversation_id', 'pid', 'community_id']).where('token_hash', '=', hash).executeTakeFirst();
    if (!row) return null;
    const participant = { id: row.id, conversationId: row.conversation_id, pid: row.pid, communityId: row.community_id };
    if (this.byToken.size > 200_000) this.byToken.clear();
    this.byToken.set(hash, participant);
    return participant;
  }

  /** The participant the cookie names in this conversation, or 401. */
  async require(conversationId: string, token: string | undefined): Promise<Participant> {
    const participant = token ? await this.findByToken(token) : null;
    if (!participant || participant.conversationId !== conversationId) {
      throw new DomainError('unauthenticated', 'not_a_participant', 'Join the conversation with its invitation link first');
    }
    return participant;
  }

  async state(participant: Participant): Promise<ParticipantStateView> {
    const conversation = await this.conversationRow(participant.conversationId);
    const votes = await this.db
      .selectFrom('dialogue_votes as v')
      .innerJoin('dialogue_statements as s', 's.id', 'v.statement_id')
      .select(['s.tid', 'v.value'])
      .where('v.participant_id', '=', participant.id)
      .orderBy('s.tid')
      .execute();
    const own = await this.db
      .selectFrom('dialogue_statements')
      .select(['id', 'tid', 'text', 'language', 'moderation', 'moderation_reason', 'created_at'])
      .where('conversation_id', '=', participant.conversationId)
      .where('author_participant_id', '=', participant.id)
      .orderBy('tid')
      .execute();
    const candidates = await this.candidates(participant, conversation);
    return {
      participant: { conversationId: participant.conversationId, pid: participant.pid, communityId: participant.communityId },
      conversation: await this.publicConversation(conversation),
      votes: votes.map((v) => ({ tid: v.tid, vote: CHOICE_OF.get(v.value)! })),
      statements: own.map(
        (s): OwnStatementView => ({
          id: s.id,
          tid: s.tid,
          text: s.text,
          language: s.language,
          moderation: s.moderation,
          moderationReason: s.moderation_reason,
          createdAt: new Date(s.created_at).toISOString(),
        }),
      ),
      remaining: conversation.state === 'open' ? candidates.length : 0,
    };
  }

  /** Statements shown to this participant that they have not voted on, did not write, and did not mark unreadable. */
  private async candidates(participant: Participant, conversation: ConversationRow) {
    let query = this.db
      .selectFrom('dialogue_statements as s')
      .select(['s.id', 's.tid', 's.text', 's.language', 's.translations', 's.machine_translations', 's.evidence'])
      .where('s.conversation_id', '=', participant.conversationId)
      .where((eb) => eb.or([eb('s.author_participant_id', 'is', null), eb('s.author_participant_id', '!=', participant.id)]))
      .where((eb) => eb.not(eb.exists(eb.selectFrom('dialogue_votes as v').select('v.statement_id').where('v.participant_id', '=', participant.id).whereRef('v.statement_id', '=', 's.id'))))
      .where((eb) => eb.not(eb.exists(eb.selectFrom('dialogue_unreadable as u').select('u.statement_id').where('u.participant_id', '=', participant.id).whereRef('u.statement_id', '=', 's.id'))));
    query = conversation.moderation === 'strict' ? query.where('s.moderation', '=', 'approved') : query.where('s.moderation', '!=', 'rejected');
    return query.orderBy('s.tid').execute();
  }

  /**
   * The next statement, drawn with the Pol.is priority as weight (src/core/dialogue/priority.ts). Priorities come
   * from the latest live analysis; a statement newer than it counts as unseen (S = 0: the new-statement boost).
   */
  async next(participant: Participant): Promise<NextStatementView> {
    const conversation = await this.conversationRow(participant.conversationId);
    const voted = Number(
      (await this.db.selectFrom('dialogue_votes').select((eb) => eb.fn.countAll().as('n')).where('participant_id', '=', participant.id).executeTakeFirstOrThrow()).n,
    );
    if (conversation.state !== 'open') return { statement: null, remaining: 0, voted, upcoming: [] };
    const candidates = await this.candidates(participant, conversation);
    const entry = await this.live.entry(participant.conversationId);
    const priorities = entry.result?.priorities;
    const fresh = statementPriority(0, 0, 0, 0);
    const tid = drawWeighted(
      candidates.map((c) => c.tid),
      (t) => (priorities && t < priorities.length && entry.result!.priorities[t] > 0 ? priorities[t] : fresh),
      () => randomInt(0, 2 ** 32) / 2 ** 32,
    );
    const chosen = candidates.find((c) => c.tid === tid);
    const priority = (t: number) => (priorities && t < priorities.length && priorities[t] > 0 ? priorities[t] : fresh);
    const upcoming = candidates
      .filter((c) => c.tid !== tid)
      .sort((a, b) => priority(b.tid) - priority(a.tid) || a.tid - b.tid)
      .slice(0, UPCOMING);
    const shown = chosen ? [chosen, ...upcoming] : [];
    // a participant sees the archive items of an evidence card only while the public may see them
    const publicItems = await this.evidence.publicItems(archiveItemIdsOf(shown.map((c) => c.evidence)));
    const view = (c: (typeof candidates)[number]) => ({
      id: c.id,
      tid: c.tid,
      text: c.text,
      language: c.language,
      translations: c.translations,
      machineTranslations: c.machine_translations,
      evidence: c.evidence ? shownEvidence(c.evidence, publicItems, 'participant') : null,
    });
    return { statement: chosen ? view(chosen) : null, remaining: candidates.length, voted, upcoming: chosen ? upcoming.map(view) : [] };
  }

  /**
   * "I can't read this": the statement is counted as unreadable for the language the participant reads in and is
   * not shown to them again; it is not a vote (the analysis never sees it). Marking twice changes nothing.
   */
  async unreadable(participant: Participant, address: string, tid: number, language: string): Promise<NextStatementView> {
    await this.limiter.take([
      { key: `vote:p:${participant.id}`, limit: this.config.dialogueVotesPerMinute, scope: 'participant' },
      { key: `vote:a:${address}`, limit: this.config.dialogueVotesPerMinutePerAddress, scope: 'address' },
    ]);
    const conversation = await this.conversationRow(participant.conversationId);
    if (conversation.state !== 'open') throw conflict('conversation_closed', 'The conversation is closed');
    const statement = await this.db
      .selectFrom('dialogue_statements')
      .select(['id', 'moderation'])
      .where('conversation_id', '=', participant.conversationId)
      .where('tid', '=', tid)
      .executeTakeFirst();
    if (!statement) throw new DomainError('not_found', 'statement_not_found', `No statement ${tid} in this conversation`);
    if (statement.moderation === 'rejected') throw conflict('statement_rejected', 'This statement was rejected by the moderators');
    if (statement.moderation === 'pending' && conversation.moderation === 'strict') throw conflict('statement_pending', 'This statement is waiting for moderation');
    await this.db
      .insertInto('dialogue_unreadable')
      .values({ conversation_id: participant.conversationId, participant_id: participant.id, statement_id: statement.id, language })
      .onConflict((oc) => oc.columns(['participant_id', 'statement_id']).doNothing())
      .execute();
    return this.next(participant);
  }

  async vote(participant: Participant, address: string, tid: number, choice: VoteChoice): Promise<{ replaced: boolean }> {
    // The budget is checked in the database (shared by every process), which takes a round trip; a participant's
    // votes wait for each other's check so that they reach the writer in the order they arrived (the latest wins).
    const previous = this.voteTurns.get(participant.id) ?? Promise.resolve();
    const turn = previous.then(() =>
      this.limiter.take([
        { key: `vote:p:${participant.id}`, limit: this.config.dialogueVotesPerMinute, scope: 'participant' },
        { key: `vote:a:${address}`, limit: this.config.dialogueVotesPerMinutePerAddress, scope: 'address' },
      ]),
    );
    const settled = turn.catch(() => undefined);
    this.voteTurns.set(participant.id, settled);
    void settled.then(() => {
      if (this.voteTurns.get(participant.id) === settled) this.voteTurns.delete(participant.id);
    });
    return turn.then(() => this.writer.submit({ conversationId: participant.conversationId, participantId: participant.id, pid: participant.pid, tid, value: VALUE_OF[choice] }));
  }

  async submitStatement(participant: Participant, address: string, input: { text: string; language: string }): Promise<OwnStatementView> {
    await this.limiter.take([
      { key: `statement:p:${participant.id}`, limit: this.config.dialogueStatementsPerMinute, scope: 'participant' },
      { key: `statement:a:${address}`, limit: this.config.dialogueStatementsPerMinutePerAddress, scope: 'address' },
    ]);
    const id = randomUUID();
    const row = await this.db.transaction().execute(async (tx) => {
      const conversation = await tx.selectFrom('dialogue_conversations').selectAll().where('id', '=', participant.conversationId).forUpdate().executeTakeFirstOrThrow();
      if (conversation.state !== 'open') throw conflict('conversation_closed', 'The conversation is closed');
      const wanted = normalise(input.text);
      const texts = await tx.selectFrom('dialogue_statements').select('text').where('conversation_id', '=', conversation.id).execute();
      if (texts.some((t) => normalise(t.text) === wanted)) throw conflict('duplicate_statement', 'The conversation already has this statement');
      const max = await tx.selectFrom('dialogue_statements').select((eb) => eb.fn.max<number | null>('tid').as('max')).where('conversation_id', '=', conversation.id).executeTakeFirst();
      const tid = max?.max === null || max?.max === undefined ? 0 : Number(max.max) + 1;
      const moderation = conversation.moderation === 'open' ? ('approved' as const) : ('pending' as const);
      const inserted = await tx
        .insertInto('dialogue_statements')
        .values({ id, conversation_id: conversation.id, tid, author_participant_id: participant.id, author_user_id: null, text: input.text, language: input.language, seed: false, moderation })
        .returning(['id', 'tid', 'text', 'language', 'moderation', 'moderation_reason', 'created_at'])
        .executeTakeFirstOrThrow();
      await recordAudit(tx, publicActor, {
        action: 'dialogue.statement_submitted',
        subjectType: 'dialogue_statement',
        subjectId: id,
        details: { conversationId: conversation.id, tid, pid: participant.pid, language: input.language, moderation, sha256: sha256Hex(input.text) },
      });
      return inserted;
    });
    void this.live.conversationChanged(participant.conversationId).catch(() => undefined);
    this.written(row.id);
    return {
      id: row.id,
      tid: row.tid,
      text: row.text,
      language: row.language,
      moderation: row.moderation,
      moderationReason: row.moderation_reason,
      createdAt: new Date(row.created_at).toISOString(),
    };
  }

}
