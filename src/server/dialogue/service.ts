import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { actorId, hasRole, requireRole, systemActor, type Actor } from '../accounts/actor.ts';
import { recordAudit } from '../audit/service.ts';
import type { Database } from '../db/schema.ts';
import { conflict, DomainError, invalid, notFound } from '../errors.ts';
import * as repo from './repository.ts';
import { fitsScript } from '../../core/dialogue/script.ts';
import { LibreTranslateClient } from './machine-translation.ts';
import { MachineTranslations } from './translations.ts';
import {
  MAX_TRANSLATIONS,
  type EvidenceCard,
  type TranslationQueueView,
  type ModerationInput,
  type ConversationView,
  type CreateConversationInput,
  type SeedStatementInput,
  type StatementView,
} from './schemas.ts';
import type { ConversationRow, StatementRow } from './tables.ts';
import type { Config } from '../config.ts';
import { AnalysisRunner } from './analysis-runner.ts';
import { recordVoteCheckpoint } from './checkpoint.ts';
import { LiveDialogue } from './live.ts';
import { ParticipantService } from './participants.ts';
import { archiveItemIdsOf, claimStatement, evidenceCard, noEvidenceSources, shownEvidence, type EvidenceSources } from './evidence.ts';
import { WindowLimiter } from './rate-limit.ts';
import { RegistryAgreement } from './registry-agreement.ts';
import { newToken, sha256Hex } from './tokens.ts';
import { VoteWriter } from './vote-writer.ts';
import { DIALOGUE_CHANNEL, DialogueBus } from './bus.ts';
import type { NotificationListener } from '../db/notifications.ts';

const primaryTag = (tag: string) => tag.toLowerCase().split('-')[0];

/** Who may write translations: translators, and facilitators (admins pass every role check). */
const TRANSLATORS = ['facilitator', 'translator'] as const;
/** Statements listed in one answer of the translators' queue (the total of translations needed is always given). */
const TRANSLATION_QUEUE_LIMIT = 200;

/**
 * For each language the conversation's communities read: whether the statement is there in the original, a human
 * translation, an unchecked machine translation, nothing (missing), or nothing because the service failed.
 */
export function translationStatus(
  row: Pick<StatementRow, 'language' | 'translations' | 'machine_translations' | 'machine_translation_failures'>,
  languages: readonly string[],
) {
  const status: StatementView['translationStatus'] = {};
  const has = (texts: Record<string, string>, tag: string) => Object.keys(texts).some((t) => primaryTag(t) === primaryTag(tag));
  for (const tag of languages) {
    status[tag] =
      primaryTag(tag) === primaryTag(row.language)
        ? 'original'
        : has(row.translations, tag)
          ? 'human'
          : has(row.machine_translations, tag)
            ? 'machine'
            : has(row.machine_translation_failures, tag)
              ? 'failed'
              : 'missing';
  }
  return status;
}

function statementView(row: StatementRow, languages: readonly string[] = [], unreadable = 0, publicItems: ReadonlySet<string> = new Set()): StatementView {
  return {
    id: row.id,
    tid: row.tid,
    text: row.text,
    language: row.language,
    translations: row.translations,
    machineTranslations: row.machine_translations,
    translationStatus: translationStatus(row, languages),
    machineTranslationFailures: row.machine_translation_failures,
    unreadable,
    seed: row.seed,
    moderation: row.moderation,
    moderationReason: row.moderation_reason,
    byParticipant: row.author_participant_id !== null,
    evidence: row.evidence ? shownEvidence(row.evidence, publicItems, 'facilitator') : null,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

/**
 * Dialogue administration: facilitators create conversations with their communities, seed and moderate statements,
 * open and close them, and hand out one invitation link per community. Every change is audited; statement texts
 * enter the audit trail as SHA-256 hashes, so the ledger proves what was moderated without copying what was said.
 */
export class DialogueService {
  readonly live: LiveDialogue;
  readonly votes: VoteWriter;
  readonly participants: ParticipantService;
  readonly translations: MachineTranslations;
  /** Agreement recorded back in the registry, and agreement on a registry claim across conversations. */
  readonly agreement: RegistryAgreement;
  private checkpointTimer: NodeJS.Timeout | null = null;
  private readonly checkpointMinutes: number;

  constructor(
    private readonly db: Kysely<Database>,
    config: Config,
    private readonly evidence: EvidenceSources = noEvidenceSources,
  ) {
    this.live = new LiveDialogue(db, new AnalysisRunner(), config.dialogueAnalysisDebounceMs);
    this.votes = new VoteWriter(db, (conversationId, votes) => this.live.votesCommitted(conversationId, votes));
    this.translations = new MachineTranslations(
      db,
      config.translationUrl ? new LibreTranslateClient(config.translationUrl, config.translationApiKey, config.translationTimeoutMs) : null,
      (conversationId) => void this.live.conversationChanged(conversationId).catch(() => undefined),
    );
    this.participants = new ParticipantService(
      db,
      config,
      new WindowLimiter(db),
      this.votes,
      this.live,
      (id) => this.translations.inBackground([id]),
      evidence,
    );
    this.agreement = new RegistryAgreement(db, this.live, evidence, config.publicUrl ?? null);
    this.checkpointMinutes = config.dialogueCheckpointMinutes;
  }

  /**
   * Several processes on one PostgreSQL database: every vote, join and change reaches every process's live
   * analysis (bus.ts), so each process's report and events stream show all of them.
   */
  async shareAcrossProcesses(listener: NotificationListener): Promise<void> {
    await DialogueBus.attach(this.db, listener, this.live);
    this.votes.announceOn(DIALOGUE_CHANNEL);
  }

  /**
   * The periodic vote checkpoint. `claim` says whether this process runs this interval (one of all the processes on
   * the database does; see system/schedule.ts); the others forget the interval's conversations, which the one that
   * runs has seen too (every process hears every vote when shared).
   */
  scheduleCheckpoints(claim: () => Promise<boolean>): void {
    if (this.checkpointMinutes <= 0 || this.checkpointTimer) return;
    this.checkpointTimer = setInterval(() => void this.scheduledCheckpoints(claim).catch(() => undefined), this.checkpointMinutes * 60_000);
    this.checkpointTimer.unref();
  }

  private async scheduledCheckpoints(claim: () => Promise<boolean>): Promise<void> {
    const due = this.live.takeCheckpointDue();
    if (due.length === 0 || !(await claim())) return;
    for (const id of due) await recordVoteCheckpoint(this.db, systemActor('dialogue checkpoint'), id, 'scheduled');
  }

  /** Stops timers and the analysis worker after the queued votes are written. */
  async close(): Promise<void> {
    if (this.checkpointTimer) clearInterval(this.checkpointTimer);
    await this.votes.idle();
    await this.translations.idle();
    await this.live.close();
  }

  async createConversation(
    actor: Actor,
    input: CreateConversationInput,
  ): Promise<{ conversation: ConversationView; invitations: Array<{ communityId: string; token: string }> }> {
    requireRole(actor, 'facilitator');
    const createdBy = actorId(actor);
    if (!createdBy) throw invalid('user_required', 'A conversation is created by a facilitator account, not a system actor');
    const id = randomUUID();
    const communities = input.communities.map((c) => ({ id: randomUUID(), name: c.name, ...newToken() }));
    const createdAt = Date.now();
    await this.db.transaction().execute(async (tx) => {
      await repo.insertConversation(tx, {
        id,
        topic: JSON.stringify(input.topic),
        description: JSON.stringify(input.description ?? {}),
        moderation: input.moderation,
        min_group_size: input.minGroupSize,
        created_by: createdBy,
      });
      // Communities are listed by creation time; a millisecond apart keeps the order the facilitator gave (one
      // insert would give them all the same time, and the random ids would decide).
      await repo.insertCommunities(
        tx,
        communities.map((c, i) => ({
          id: c.id,
          conversation_id: id,
          name: JSON.stringify(c.name),
          languages: JSON.stringify([...new Set(input.communities[i].languages ?? [])]),
          invitation_hash: c.hash,
          created_at: new Date(createdAt + i),
        })),
      );
      const seeds = (input.seedStatements ?? []).map((s, tid) => ({ ...s, id: randomUUID(), tid }));
      await repo.insertSeedStatements(
        tx,
        seeds.map((s) => ({
          id: s.id,
          conversationId: id,
          tid: s.tid,
          author: createdBy,
          text: s.text,
          language: s.language,
          translations: s.translations ?? {},
        })),
      );
      await recordAudit(tx, actor, {
        action: 'dialogue.conversation_created',
        subjectType: 'dialogue_conversation',
        subjectId: id,
        details: {
          topic: input.topic,
          moderation: input.moderation,
          minGroupSize: input.minGroupSize ?? 5,
          communities: communities.map((c, i) => ({ id: c.id, name: c.name, languages: input.communities[i].languages ?? [] })),
          seedStatements: seeds.map((s) => ({ id: s.id, tid: s.tid, language: s.language, sha256: sha256Hex(s.text) })),
        },
      });
    });
    this.translations.inBackground(await repo.statementIdsOf(this.db, id));
    return { conversation: await this.getConversation(actor, id), invitations: communities.map((c) => ({ communityId: c.id, token: c.token })) };
  }

  async listConversations(actor: Actor): Promise<ConversationView[]> {
    requireRole(actor, 'facilitator');
    const rows = await repo.listConversations(this.db);
    return this.withCommunities(rows);
  }

  async getConversation(actor: Actor, id: string): Promise<ConversationView> {
    requireRole(actor, 'facilitator');
    const row = await repo.findConversation(this.db, id);
    if (!row) throw notFound('Conversation', id);
    const [view] = await this.withCommunities([row]);
    return view;
  }

  private async withCommunities(rows: ConversationRow[]): Promise<ConversationView[]> {
    const communities = await repo.listCommunities(
      this.db,
      rows.map((r) => r.id),
    );
    return rows.map((r) => ({
      id: r.id,
      topic: r.topic,
      description: r.description,
      moderation: r.moderation,
      state: r.state,
      minGroupSize: r.min_group_size,
      createdAt: new Date(r.created_at).toISOString(),
      communities: communities.filter((c) => c.conversation_id === r.id).map((c) => ({ id: c.id, name: c.name, languages: c.languages })),
      reportPublic: r.report_public,
      allowListRequired: r.allow_list_required,
    }));
  }

  async seedStatement(actor: Actor, conversationId: string, input: SeedStatementInput): Promise<StatementView> {
    requireRole(actor, 'facilitator');
    const author = actorId(actor);
    if (!author) throw invalid('user_required', 'Seed statements are written by a facilitator account');
    const id = randomUUID();
    await this.db.transaction().execute(async (tx) => {
      const conversation = await repo.findConversation(tx, conversationId);
      if (!conversation) throw notFound('Conversation', conversationId);
      if (conversation.state === 'closed') throw conflict('conversation_closed', 'The conversation is closed');
      const existing = await repo.listStatements(tx, conversationId);
      if (existing.some((s) => s.text === input.text && s.language === input.language)) {
        throw conflict('duplicate_statement', 'The conversation already has this statement');
      }
      const tid = await repo.nextTid(tx, conversationId);
      await repo.insertSeedStatements(tx, [
        { id, conversationId, tid, author, text: input.text, language: input.language, translations: input.translations ?? {} },
      ]);
      await recordAudit(tx, actor, {
        action: 'dialogue.statement_seeded',
        subjectType: 'dialogue_statement',
        subjectId: id,
        details: { conversationId, tid, language: input.language, sha256: sha256Hex(input.text) },
      });
    });
    this.translations.inBackground([id]);
    void this.live.conversationChanged(conversationId).catch(() => undefined);
    return this.viewOf(id);
  }

  /**
   * Seeds statements from registry claims (issue 16, item 4): each claim becomes a statement in its own words, with
   * the registry's translations, carrying an evidence card (who claims it, according to which sources, how verified,
   * the archive items cited). Only claims the facilitator may see are used (published ones); all or nothing, and a
   * claim already in the conversation is refused. Audited with each statement's SHA-256 and claim id.
   */
  async seedFromClaims(actor: Actor, conversationId: string, claimIds: readonly string[]): Promise<StatementView[]> {
    requireRole(actor, 'facilitator');
    const author = actorId(actor);
    if (!author) throw invalid('user_required', 'Seed statements are written by a facilitator account');
    const seeds: Array<{ id: string; claimId: string; card: EvidenceCard; text: string; language: string; translations: Record<string, string> }> = [];
    for (const claimId of claimIds) {
      const claim = await this.evidence.claim(actor, claimId);
      if (!claim) throw new DomainError('not_found', 'claim_not_found', `No published registry claim ${claimId}`, { claimId });
      seeds.push({ id: randomUUID(), claimId, card: evidenceCard(claim), ...claimStatement(claim) });
    }
    await this.db.transaction().execute(async (tx) => {
      const conversation = await repo.findConversation(tx, conversationId);
      if (!conversation) throw notFound('Conversation', conversationId);
      if (conversation.state === 'closed') throw conflict('conversation_closed', 'The conversation is closed');
      let tid = await repo.nextTid(tx, conversationId);
      const existing = await repo.listStatements(tx, conversationId);
      for (const seed of seeds) {
        if (existing.some((s) => s.evidence?.claimId === seed.claimId)) {
          throw conflict('duplicate_claim', `Claim ${seed.claimId} is already a statement of this conversation`, { claimId: seed.claimId });
        }
        if (existing.some((s) => s.text === seed.text && s.language === seed.language)) {
          throw conflict('duplicate_statement', `The conversation already has the statement of claim ${seed.claimId}`, { claimId: seed.claimId });
        }
      }
      for (const seed of seeds) {
        await repo.insertSeedStatements(tx, [
          {
            id: seed.id,
            conversationId,
            tid,
            author,
            text: seed.text,
            language: seed.language,
            translations: seed.translations,
            evidence: seed.card,
          },
        ]);
        await recordAudit(tx, actor, {
          action: 'dialogue.statement_seeded',
          subjectType: 'dialogue_statement',
          subjectId: seed.id,
          details: { conversationId, tid, language: seed.language, sha256: sha256Hex(seed.text), claimId: seed.claimId },
        });
        tid += 1;
      }
    });
    this.translations.inBackground(seeds.map((s) => s.id));
    void this.live.conversationChanged(conversationId).catch(() => undefined);
    return Promise.all(seeds.map((s) => this.viewOf(s.id)));
  }

  /** One statement as the console shows it: with its translation status and "can't read" count. */
  private async viewOf(statementId: string): Promise<StatementView> {
    const row = await repo.findStatement(this.db, statementId);
    if (!row) throw notFound('Statement', statementId);
    const [languages, unreadable, publicItems] = await Promise.all([
      repo.conversationLanguages(this.db, row.conversation_id),
      repo.unreadableCounts(this.db, row.conversation_id),
      this.evidence.publicItems(archiveItemIdsOf([row.evidence])),
    ]);
    return statementView(row, languages, unreadable.get(row.id) ?? 0, publicItems);
  }

  async listStatements(actor: Actor, conversationId: string, moderation?: 'pending' | 'approved' | 'rejected'): Promise<StatementView[]> {
    requireRole(actor, 'facilitator');
    if (!(await repo.findConversation(this.db, conversationId))) throw notFound('Conversation', conversationId);
    const [rows, languages, unreadable] = await Promise.all([
      repo.listStatements(this.db, conversationId, moderation),
      repo.conversationLanguages(this.db, conversationId),
      repo.unreadableCounts(this.db, conversationId),
    ]);
    const publicItems = await this.evidence.publicItems(archiveItemIdsOf(rows.map((r) => r.evidence)));
    return rows.map((row) => statementView(row, languages, unreadable.get(row.id) ?? 0, publicItems));
  }

  /**
   * Approves or rejects a statement, or puts it back in the queue ('pending': the undo of a decision). A rejection
   * may carry a reason, which its author sees; the audit keeps the reason's SHA-256 only, as it does statements.
   */
  async moderateStatement(actor: Actor, statementId: string, input: ModerationInput): Promise<StatementView> {
    requireRole(actor, 'facilitator');
    const { moderation } = input;
    const reason = moderation === 'rejected' ? (input.reason ?? null) : null;
    if (input.reason !== undefined && moderation !== 'rejected') {
      throw invalid('reason_without_rejection', 'A reason is given only with a rejection');
    }
    const conversationId = await this.db.transaction().execute(async (tx) => {
      const row = await repo.findStatement(tx, statementId);
      if (!row) throw notFound('Statement', statementId);
      if (row.moderation === moderation && row.moderation_reason === reason) return row.conversation_id;
      await repo.updateStatement(tx, statementId, {
        moderation,
        moderation_reason: reason,
        moderated_by: moderation === 'pending' ? null : actorId(actor),
        moderated_at: moderation === 'pending' ? null : new Date(),
      });
      await recordAudit(tx, actor, {
        action: 'dialogue.statement_moderated',
        subjectType: 'dialogue_statement',
        subjectId: statementId,
        details: {
          conversationId: row.conversation_id,
          tid: row.tid,
          old: row.moderation,
          new: moderation,
          sha256: sha256Hex(row.text),
          reasonSha256: reason === null ? null : sha256Hex(reason),
        },
      });
      return row.conversation_id;
    });
    await this.live.conversationChanged(conversationId);
    return this.viewOf(statementId);
  }

  /** Sets the languages a community reads; the console then lists the translations its members still lack. */
  async setCommunityLanguages(actor: Actor, communityId: string, languages: string[]): Promise<ConversationView> {
    requireRole(actor, 'facilitator');
    const unique = [...new Set(languages)];
    const conversationId = await this.db.transaction().execute(async (tx) => {
      const community = await repo.findCommunity(tx, communityId);
      if (!community) throw notFound('Community', communityId);
      await repo.updateCommunity(tx, communityId, { languages: JSON.stringify(unique) });
      await recordAudit(tx, actor, {
        action: 'dialogue.community_languages_changed',
        subjectType: 'dialogue_community',
        subjectId: communityId,
        details: { conversationId: community.conversation_id, languages: unique },
      });
      return community.conversation_id;
    });
    const conversation = await this.getConversation(actor, conversationId);
    this.translations.inBackground(await repo.statementIdsOf(this.db, conversationId, { withoutRejected: true }));
    return conversation;
  }

  /**
   * Asks the configured translation service for every missing translation of the conversation's statements into
   * the languages its communities read. Without a service, says so and sends nothing anywhere.
   */
  async machineTranslate(actor: Actor, conversationId: string) {
    requireRole(actor, 'facilitator');
    if (!(await repo.findConversation(this.db, conversationId))) throw notFound('Conversation', conversationId);
    return this.translations.run(await repo.statementIdsOf(this.db, conversationId, { withoutRejected: true }), { retryFailed: true });
  }

  /**
   * Sets (text) or removes (null) the human translation of a statement into one language. The statement's own text
   * is never changed: a translation stands beside it, and participants see it when the interface speaks that
   * language. Audited with the SHA-256 of the translation, as statements are.
   */
  async setTranslation(actor: Actor, statementId: string, language: string, text: string | null): Promise<StatementView> {
    requireRole(actor, ...TRANSLATORS);
    const conversationId = await this.db.transaction().execute(async (tx) => {
      const row = await repo.findStatement(tx, statementId);
      if (!row) throw notFound('Statement', statementId);
      if (language === row.language) {
        throw invalid('translation_of_original', `The statement is written in ${language}; a translation must be into another language`);
      }
      if (text !== null && !fitsScript(text, language)) {
        throw invalid('wrong_script', `The translation is not written in the script ${language} is written in`, { language });
      }
      const translations: Record<string, string> = { ...row.translations };
      // a person's translation replaces (and so checks) a machine one
      const machine: Record<string, string> = { ...row.machine_translations };
      const failures: Record<string, string> = { ...row.machine_translation_failures };
      const hadMachine = machine[language] !== undefined;
      if (text !== null) {
        delete machine[language];
        delete failures[language];
      }
      const old = translations[language];
      if (text === null) {
        if (old === undefined) throw notFound('Translation', `${statementId}/${language}`);
        delete translations[language];
      } else {
        if (old === text && !hadMachine) return row.conversation_id;
        translations[language] = text;
        if (Object.keys(translations).length > MAX_TRANSLATIONS) {
          throw invalid('too_many_translations', `A statement has at most ${MAX_TRANSLATIONS} translations`);
        }
      }
      await repo.updateStatement(tx, statementId, {
        translations: JSON.stringify(translations),
        machine_translations: JSON.stringify(machine),
        machine_translation_failures: JSON.stringify(failures),
      });
      await recordAudit(tx, actor, {
        action: text === null ? 'dialogue.statement_translation_removed' : 'dialogue.statement_translated',
        subjectType: 'dialogue_statement',
        subjectId: statementId,
        details: {
          conversationId: row.conversation_id,
          tid: row.tid,
          language,
          old: old === undefined ? null : sha256Hex(old),
          new: text === null ? null : sha256Hex(text),
          replacedMachine: text !== null && hadMachine,
        },
      });
      return row.conversation_id;
    });
    void this.live.conversationChanged(conversationId).catch(() => undefined);
    return this.viewOf(statementId);
  }

  /**
   * The translators' queue: statements of open conversations that lack a translation into a language some community
   * reads (missing, or failed at the translation service), or whose machine translation no person has checked,
   * oldest conversation first. Translators see statements awaiting moderation too, so a moderator who does not read
   * the original can read a checked translation before deciding. Nothing about participants is in it.
   */
  async translationQueue(actor: Actor): Promise<TranslationQueueView> {
    requireRole(actor, ...TRANSLATORS);
    const conversations = (await repo.listConversations(this.db)).filter((c) => c.state === 'open').reverse();
    const items: TranslationQueueView['items'] = [];
    let total = 0;
    for (const conversation of conversations) {
      const [rows, languages] = await Promise.all([repo.listStatements(this.db, conversation.id), repo.conversationLanguages(this.db, conversation.id)]);
      if (languages.length === 0) continue;
      for (const row of rows) {
        if (row.moderation === 'rejected') continue;
        const status = translationStatus(row, languages);
        const needed = Object.entries(status)
          .filter(([, state]) => state === 'missing' || state === 'failed' || state === 'machine')
          .map(([language, state]) => ({ language, state: state as 'missing' | 'failed' | 'machine' }));
        if (needed.length === 0) continue;
        total += needed.length;
        if (items.length >= TRANSLATION_QUEUE_LIMIT) continue;
        items.push({ conversationId: conversation.id, topic: conversation.topic, statement: statementView(row, languages), needed });
      }
    }
    return { items, total };
  }

  async setState(actor: Actor, conversationId: string, state: 'open' | 'closed'): Promise<ConversationView> {
    requireRole(actor, 'facilitator');
    await this.db.transaction().execute(async (tx) => {
      const row = await repo.findConversation(tx, conversationId);
      if (!row) throw notFound('Conversation', conversationId);
      if (row.state === state) return;
      // The update takes the row lock, so a vote batch in flight (which holds it `for share`) commits first and is
      // in the checkpoint below, and none lands after it.
      await repo.updateConversation(tx, conversationId, { state });
      await recordAudit(tx, actor, {
        action: 'dialogue.conversation_state_changed',
        subjectType: 'dialogue_conversation',
        subjectId: conversationId,
        details: { old: row.state, new: state },
      });
      if (state === 'closed') await recordVoteCheckpoint(tx, actor, conversationId, 'closed');
    });
    await this.live.conversationChanged(conversationId);
    return this.getConversation(actor, conversationId);
  }

  /** Issues a new invitation link for a community; the previous one stops working. */
  async renewInvitation(actor: Actor, communityId: string): Promise<{ communityId: string; token: string }> {
    requireRole(actor, 'facilitator');
    const { token, hash } = newToken();
    await this.db.transaction().execute(async (tx) => {
      const community = await repo.findCommunity(tx, communityId);
      if (!community) throw notFound('Community', communityId);
      await repo.updateCommunity(tx, communityId, { invitation_hash: hash });
      await recordAudit(tx, actor, {
        action: 'dialogue.invitation_renewed',
        subjectType: 'dialogue_community',
        subjectId: communityId,
        details: { conversationId: community.conversation_id },
      });
    });
    return { communityId, token };
  }

  async setReportVisibility(actor: Actor, conversationId: string, isPublic: boolean): Promise<ConversationView> {
    requireRole(actor, 'facilitator');
    await this.db.transaction().execute(async (tx) => {
      const row = await repo.findConversation(tx, conversationId);
      if (!row) throw notFound('Conversation', conversationId);
      if (row.report_public === isPublic) return;
      await repo.updateConversation(tx, conversationId, { report_public: isPublic });
      await recordAudit(tx, actor, {
        action: 'dialogue.report_visibility_changed',
        subjectType: 'dialogue_conversation',
        subjectId: conversationId,
        details: { public: isPublic },
      });
    });
    await this.live.conversationChanged(conversationId);
    return this.getConversation(actor, conversationId);
  }

  async getAllowList(actor: Actor, conversationId: string): Promise<{ required: boolean; externalIds: string[] }> {
    requireRole(actor, 'facilitator');
    const row = await repo.findConversation(this.db, conversationId);
    if (!row) throw notFound('Conversation', conversationId);
    return { required: row.allow_list_required, externalIds: await repo.allowListOf(this.db, conversationId) };
  }

  /** Replaces the allow-list. The audit holds its size and a hash of the sorted ids, never the ids. */
  async setAllowList(
    actor: Actor,
    conversationId: string,
    input: { required: boolean; externalIds: string[] },
  ): Promise<{ required: boolean; externalIds: string[] }> {
    requireRole(actor, 'facilitator');
    const ids = [...new Set(input.externalIds)].sort();
    await this.db.transaction().execute(async (tx) => {
      const row = await repo.findConversation(tx, conversationId);
      if (!row) throw notFound('Conversation', conversationId);
      await repo.updateConversation(tx, conversationId, { allow_list_required: input.required });
      await repo.replaceAllowList(tx, conversationId, ids);
      await recordAudit(tx, actor, {
        action: 'dialogue.allow_list_changed',
        subjectType: 'dialogue_conversation',
        subjectId: conversationId,
        details: { required: input.required, count: ids.length, sha256: sha256Hex(ids.join('\n')) },
      });
    });
    return { required: input.required, externalIds: ids };
  }

  async checkpoint(actor: Actor, conversationId: string) {
    requireRole(actor, 'facilitator');
    if (!(await repo.findConversation(this.db, conversationId))) throw notFound('Conversation', conversationId);
    await this.votes.idle();
    return recordVoteCheckpoint(this.db, actor, conversationId, 'requested');
  }

  /**
   * Every stored vote of a conversation as (pid, tid, value), for the report's receipt. No role check: the receipts
   * module asks only after `reportEntry` let the actor see the report.
   */
  storedVotes(conversationId: string) {
    return repo.conversationVotes(this.db, conversationId, 'pid');
  }

  /** The live entry for a report or its events, if this actor may see it: the public only once it is published. */
  async reportEntry(actor: Actor, conversationId: string) {
    const row = await repo.findConversation(this.db, conversationId);
    if (!row) throw notFound('Conversation', conversationId);
    if (!row.report_public && !hasRole(actor, 'facilitator')) {
      throw new DomainError('forbidden', 'report_not_public', 'The facilitators have not published this report yet');
    }
    return this.live.current(conversationId);
  }
}
