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
import * as repo from './participant-repository.ts';
import { findConversation, tidAfterLast } from './repository.ts';

const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
/** Statements sent ahead with the next one, for voting through a lost connection. */
const UPCOMING = 3;
const VALUE_OF: Record<VoteChoice, VoteValue> = { agree: 1, disagree: -1, pass: 0 };
const CHOICE_OF = new Map<number, VoteChoice>([
  [1, 'agree'],
  [-1, 'disagree'],
  [0, 'pass'],
]);

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
    const communities = await repo.communitiesOf(this.db, row.id);
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
    const community = await repo.findCommunityByInvitation(this.db, tokenHash(input.token));
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
      const conversation = await repo.lockConversation(tx, community.conversation_id);
      if (conversation.state !== 'open') throw conflict('conversation_closed', 'The conversation is closed; no one can join it now');
      if (conversation.allow_list_required) {
        if (!input.externalId) throw invalid('external_id_required', 'This conversation is open only to invited people: give the identifier you were sent');
        if (!(await repo.isAllowListed(tx, conversation.id, input.externalId)))
          throw new DomainError('forbidden', 'not_on_allow_list', 'This identifier is not on the conversation’s list of invited people');
      }
      const externalId = conversation.allow_list_required ? input.externalId! : null;
      if (externalId) {
        if (await repo.externalIdTaken(tx, conversation.id, externalId))
          throw conflict('external_id_taken', 'Someone has already joined with this identifier; use the device you joined with');
      }
      const pid = await repo.nextPid(tx, conversation.id);
      await repo.insertParticipant(tx, { id, conversationId: conversation.id, pid, communityId: community.id, externalId, tokenHash: hash });
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
    const row = await findConversation(this.db, id);
    if (!row) throw notFound('Conversation', id);
    return row;
  }

  private async findByToken(token: string): Promise<Participant | null> {
    const hash = tokenHash(token);
    const cached = this.byToken.get(hash);
    if (cached) return cached;
    const row = await repo.findParticipantByTokenHash(this.db, hash);
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
    const votes = await repo.votesOf(this.db, participant.id);
    const own = await repo.statementsBy(this.db, participant.conversationId, participant.id);
    const candidates = await repo.candidateStatements(this.db, participant.id, participant.conversationId, conversation.moderation);
    return {
      participant: { conversationId: participant.conversationId, pid: participant.pid, communityId: participant.communityId },
      conversation: await this.publicConversation(conversation),
      votes: votes.map((v) => ({ tid: v.tid, vote: CHOICE_OF.get(v.value)! })),
      statements: own.map((s): OwnStatementView => ({
        id: s.id,
        tid: s.tid,
        text: s.text,
        language: s.language,
        moderation: s.moderation,
        moderationReason: s.moderation_reason,
        createdAt: new Date(s.created_at).toISOString(),
      })),
      remaining: conversation.state === 'open' ? candidates.length : 0,
    };
  }

  /**
   * The next statement, drawn with the Pol.is priority as weight (src/core/dialogue/priority.ts). Priorities come
   * from the latest live analysis; a statement newer than it counts as unseen (S = 0: the new-statement boost).
   */
  async next(participant: Participant): Promise<NextStatementView> {
    const conversation = await this.conversationRow(participant.conversationId);
    const voted = await repo.voteCount(this.db, participant.id);
    if (conversation.state !== 'open') return { statement: null, remaining: 0, voted, upcoming: [] };
    const candidates = await repo.candidateStatements(this.db, participant.id, participant.conversationId, conversation.moderation);
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
    const statement = await repo.findStatementByTid(this.db, participant.conversationId, tid);
    if (!statement) throw new DomainError('not_found', 'statement_not_found', `No statement ${tid} in this conversation`);
    if (statement.moderation === 'rejected') throw conflict('statement_rejected', 'This statement was rejected by the moderators');
    if (statement.moderation === 'pending' && conversation.moderation === 'strict')
      throw conflict('statement_pending', 'This statement is waiting for moderation');
    await repo.markUnreadable(this.db, { conversationId: participant.conversationId, participantId: participant.id, statementId: statement.id, language });
    return this.next(participant);
  }

  async vote(participant: Participant, address: string, tid: number, choice: VoteChoice): Promise<{ replaced: boolean }> {
    // The budgets are decided in the database (shared by every process) by the call that writes the vote, in the
    // order the votes arrived (vote-writer.ts): one round trip and one commit a batch for both.
    return this.writer.submit({
      conversationId: participant.conversationId,
      participantId: participant.id,
      pid: participant.pid,
      tid,
      value: VALUE_OF[choice],
      checks: [
        { key: `vote:p:${participant.id}`, limit: this.config.dialogueVotesPerMinute, scope: 'participant' },
        { key: `vote:a:${address}`, limit: this.config.dialogueVotesPerMinutePerAddress, scope: 'address' },
      ],
    });
  }

  async submitStatement(participant: Participant, address: string, input: { text: string; language: string }): Promise<OwnStatementView> {
    await this.limiter.take([
      { key: `statement:p:${participant.id}`, limit: this.config.dialogueStatementsPerMinute, scope: 'participant' },
      { key: `statement:a:${address}`, limit: this.config.dialogueStatementsPerMinutePerAddress, scope: 'address' },
    ]);
    const id = randomUUID();
    const row = await this.db.transaction().execute(async (tx) => {
      const conversation = await repo.lockConversation(tx, participant.conversationId);
      if (conversation.state !== 'open') throw conflict('conversation_closed', 'The conversation is closed');
      const wanted = normalise(input.text);
      if ((await repo.statementTexts(tx, conversation.id)).some((text) => normalise(text) === wanted))
        throw conflict('duplicate_statement', 'The conversation already has this statement');
      const tid = await tidAfterLast(tx, conversation.id);
      const moderation = conversation.moderation === 'open' ? ('approved' as const) : ('pending' as const);
      const inserted = await repo.insertParticipantStatement(tx, {
        id,
        conversationId: conversation.id,
        tid,
        participantId: participant.id,
        text: input.text,
        language: input.language,
        moderation,
      });
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
