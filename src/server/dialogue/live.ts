import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { notFound } from '../errors.ts';
import type { AnalysisRunner } from './analysis-runner.ts';
import type { LiveResult } from './live-analysis.ts';
import type { PublishedResult } from './live-repository.ts';
import { communitiesOf } from './participant-repository.ts';
import { conversationVotes, findConversation, participantCommunities, statementsForAnalysis } from './repository.ts';
import type { ReportSummary } from './schemas.ts';
import type { ConversationRow, LocalizedText, StatementModeration } from './tables.ts';
import type { CommittedVote } from './vote-writer.ts';

export interface LiveStatement {
  id: string;
  tid: number;
  text: string;
  language: string;
  translations: LocalizedText;
  moderation: StatementModeration;
}

/** What the server knows about one conversation's live analysis. */
export interface LiveEntry {
  conversation: ConversationRow;
  statements: Map<number, LiveStatement>;
  communityIds: string[];
  communityNames: LocalizedText[];
  communityOf: Int32Array;
  result: LiveResult | null;
  version: number;
  updatedAt: Date;
  /** Votes committed since the worker last saw this conversation, in commit order. */
  pending: CommittedVote[];
  dirty: boolean;
  /** The worker generation holding this conversation's analyzer (-1: none; the next run resets it). */
  generation: number;
  listeners: Set<(summary: ReportSummary) => void>;
  timer: NodeJS.Timeout | null;
  running: Promise<void> | null;
  /**
   * 'sole': no other process shares the database. 'leader': this process analyses the conversation and publishes
   * each result for the others. 'follower': another process leads; this one reads what it published.
   */
  role: 'sole' | 'leader' | 'follower';
  /** Follower: the newest version the leader announced. */
  announced: number;
  refreshing: Promise<void> | null;
}

/** Who analyses a conversation when several processes share the database (bus.ts). */
export interface AnalysisLeadership {
  /** Takes the lead of a conversation unless another process holds it. */
  tryLead(conversationId: string): Promise<boolean>;
  release(conversationId: string): Promise<void>;
  /** Stores a result and announces its version to the other processes. */
  publish(conversationId: string, version: number, result: LiveResult | null): Promise<void>;
  latest(conversationId: string): Promise<PublishedResult | null>;
}

/** How often a follower checks whether its conversation's leader is gone (its lock released with its connection). */
const TAKEOVER_INTERVAL_MS = 1000;

/** Where a process announces what the other processes on the same database must apply (see bus.ts). */
export interface LiveOutbox {
  joined(conversationId: string, pid: number, communityId: string): void;
  changed(conversationId: string): void;
}

/**
 * One live analysis per conversation, loaded from the database on first use and then fed with the votes as they
 * commit. Updates are debounced (a burst of votes makes one update) and run in the analysis worker; listeners
 * (the events stream) hear a summary after each. The request path only appends to `pending`.
 */
export class LiveDialogue {
  private readonly entries = new Map<string, Promise<LiveEntry>>();
  private closed = false;
  private outbox: LiveOutbox | null = null;
  private leadership: AnalysisLeadership | null = null;
  private takeoverTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly runner: AnalysisRunner,
    private readonly debounceMs: number,
  ) {}

  /** The entry, loading it from the database the first time. */
  entry(conversationId: string): Promise<LiveEntry> {
    let entry = this.entries.get(conversationId);
    if (!entry) {
      // Registered before the database is read: votes committing meanwhile are queued and replayed on top.
      const shell = { pending: [] as CommittedVote[], communityJoins: [] as Array<{ pid: number; communityId: string }> };
      this.shells.set(conversationId, shell);
      entry = this.load(conversationId, shell).finally(() => this.shells.delete(conversationId));
      entry.then(
        // Votes already stored: analyse them soon, so the next-statement priorities exist before anyone votes.
        (loaded) => {
          if (loaded.pending.length > 0) this.schedule(loaded);
        },
        () => this.entries.delete(conversationId),
      );
      this.entries.set(conversationId, entry);
    }
    return entry;
  }

  private readonly shells = new Map<string, { pending: CommittedVote[]; communityJoins: Array<{ pid: number; communityId: string }> }>();

  private async load(
    conversationId: string,
    shell: { pending: CommittedVote[]; communityJoins: Array<{ pid: number; communityId: string }> },
  ): Promise<LiveEntry> {
    const conversation = await findConversation(this.db, conversationId);
    if (!conversation) throw notFound('Conversation', conversationId);
    const role = !this.leadership ? 'sole' : (await this.leadership.tryLead(conversationId)) ? 'leader' : 'follower';
    const communities = await communitiesOf(this.db, conversationId);
    const participants = await participantCommunities(this.db, conversationId);
    // A follower never analyses, so it needs no votes: it reads the leader's result instead.
    const votes = role === 'follower' ? [] : await this.storedVotes(conversationId);
    const entry: LiveEntry = {
      conversation,
      statements: await this.loadStatements(conversationId),
      communityIds: communities.map((c) => c.id),
      communityNames: communities.map((c) => c.name),
      communityOf: new Int32Array(0),
      result: null,
      version: 0,
      updatedAt: new Date(),
      pending: role === 'follower' ? [] : [...votes, ...shell.pending],
      dirty: role !== 'follower',
      generation: -1,
      listeners: new Set(),
      timer: null,
      running: null,
      role,
      announced: 0,
      refreshing: null,
    };
    for (const p of [...participants.map((p) => ({ pid: p.pid, communityId: p.community_id })), ...shell.communityJoins])
      this.setCommunity(entry, p.pid, p.communityId);
    if (role === 'follower') await this.refresh(entry);
    // A new leader numbers its results after the last one published, so versions never go back.
    if (role === 'leader') entry.version = (await this.leadership!.latest(conversationId))?.version ?? 0;
    return entry;
  }

  private async loadStatements(conversationId: string): Promise<Map<number, LiveStatement>> {
    const rows = await statementsForAnalysis(this.db, conversationId);
    return new Map(rows.map((r) => [r.tid, r]));
  }

  private setCommunity(entry: LiveEntry, pid: number, communityId: string): void {
    if (pid >= entry.communityOf.length) {
      const grown = new Int32Array(Math.max(pid + 1, entry.communityOf.length * 2, 16)).fill(-1);
      grown.set(entry.communityOf);
      entry.communityOf = grown;
    }
    entry.communityOf[pid] = entry.communityIds.indexOf(communityId);
  }

  /** Called by the vote writer after a commit. */
  votesCommitted(conversationId: string, votes: CommittedVote[]): void {
    this.sinceCheckpoint.set(conversationId, (this.sinceCheckpoint.get(conversationId) ?? 0) + votes.length);
    const shell = this.shells.get(conversationId);
    if (shell) {
      shell.pending.push(...votes);
      return;
    }
    const loaded = this.entries.get(conversationId);
    if (!loaded) return; // not loaded yet: the first load reads these votes from the database
    void loaded.then(
      (entry) => {
        if (entry.role === 'follower') return; // the leader analyses them
        entry.pending.push(...votes);
        this.schedule(entry);
      },
      () => undefined,
    );
  }

  /** Joins and changes from now on are also announced to the other processes (votes are announced by the writer). */
  shareThrough(outbox: LiveOutbox): void {
    this.outbox = outbox;
  }

  /**
   * From now on one process analyses each conversation (issue 17: with every process analysing every vote, a
   * second process halved the votes a second instead of adding capacity). Conversations loaded from here on take
   * the lead or follow; followers check every second whether the lead is free (its holder exited).
   */
  leadWith(leadership: AnalysisLeadership): void {
    this.leadership = leadership;
    if (this.takeoverTimer) return;
    this.takeoverTimer = setInterval(() => void this.takeOverFreeLeads().catch(() => undefined), TAKEOVER_INTERVAL_MS);
    this.takeoverTimer.unref();
  }

  /** Another process published a newer analysis of a conversation this process follows. */
  resultPublished(conversationId: string, version: number): void {
    if (this.shells.has(conversationId)) return; // loading: the load reads the latest result
    void this.entries.get(conversationId)?.then(
      (entry) => {
        if (entry.role !== 'follower') return;
        entry.announced = Math.max(entry.announced, version);
        if (version > entry.version) void this.refresh(entry).catch(() => undefined);
      },
      () => undefined,
    );
  }

  /** Reads the leader's latest result (one read at a time; a newer announcement meanwhile reads again). */
  private refresh(entry: LiveEntry): Promise<void> {
    if (entry.refreshing) return entry.refreshing;
    const wanted = entry.announced;
    entry.refreshing = this.leadership!.latest(entry.conversation.id)
      .then((published) => {
        if (!published || published.version <= entry.version) return;
        entry.result = published.result;
        entry.version = published.version;
        entry.updatedAt = published.updatedAt;
        const summary = this.summary(entry);
        for (const listener of entry.listeners) listener(summary);
      })
      .finally(() => {
        entry.refreshing = null;
        if (entry.announced > wanted && entry.announced > entry.version) void this.refresh(entry).catch(() => undefined);
      });
    return entry.refreshing;
  }

  private async takeOverFreeLeads(): Promise<void> {
    if (this.closed || !this.leadership) return;
    for (const promise of this.entries.values()) {
      const entry = await promise.catch(() => null);
      if (entry?.role !== 'follower' || !(await this.leadership.tryLead(entry.conversation.id))) continue;
      await this.becomeLeader(entry);
    }
  }

  /** Takes over the analysis: from every stored vote, as the worker has no analyzer for it yet. */
  private async becomeLeader(entry: LiveEntry): Promise<void> {
    entry.role = 'leader';
    entry.generation = -1;
    const published = await this.leadership!.latest(entry.conversation.id);
    entry.version = Math.max(entry.version, published?.version ?? 0);
    if (entry.result === null) entry.pending = await this.storedVotes(entry.conversation.id);
    entry.dirty = true;
    this.schedule(entry);
  }

  participantJoined(conversationId: string, pid: number, communityId: string): void {
    this.applyJoined(conversationId, pid, communityId);
    this.outbox?.joined(conversationId, pid, communityId);
  }

  /** A join, here or announced by another process. */
  applyJoined(conversationId: string, pid: number, communityId: string): void {
    const shell = this.shells.get(conversationId);
    if (shell) {
      shell.communityJoins.push({ pid, communityId });
      return;
    }
    void this.entries.get(conversationId)?.then(
      (entry) => this.setCommunity(entry, pid, communityId),
      () => undefined,
    );
  }

  /** Statements added or moderated, or the conversation changed (state, report visibility): reread and reanalyse. */
  async conversationChanged(conversationId: string): Promise<void> {
    this.outbox?.changed(conversationId);
    await this.reread(conversationId);
  }

  /** Rereads a conversation and its statements (a change here, or announced by another process). */
  async reread(conversationId: string): Promise<void> {
    const loaded = this.entries.get(conversationId);
    if (!loaded) return;
    const entry = await loaded.catch(() => null);
    if (!entry) return;
    const conversation = await findConversation(this.db, conversationId);
    if (conversation) entry.conversation = conversation;
    entry.statements = await this.loadStatements(conversationId);
    entry.dirty = true;
    this.schedule(entry);
  }

  /** The latest analysis, bringing it up to date first if votes are waiting (or it never ran). */
  async current(conversationId: string): Promise<LiveEntry> {
    const entry = await this.entry(conversationId);
    if (entry.role === 'follower') {
      if (entry.refreshing) await entry.refreshing;
      else if (entry.announced > entry.version) await this.refresh(entry);
      return entry;
    }
    if (entry.running) await entry.running;
    if (entry.result === null || entry.dirty || entry.pending.length > 0) await this.run(entry);
    return entry;
  }

  subscribe(entry: LiveEntry, listener: (summary: ReportSummary) => void): () => void {
    entry.listeners.add(listener);
    return () => entry.listeners.delete(listener);
  }

  summary(entry: LiveEntry): ReportSummary {
    return {
      version: entry.version,
      updatedAt: entry.updatedAt.toISOString(),
      state: entry.conversation.state,
      participants: entry.result ? countVoters(entry.result) : 0,
      votes: entry.result?.votes ?? 0,
      groups: entry.result ? entry.result.groups.filter((g) => !g.suppressed).length : 0,
    };
  }

  private schedule(entry: LiveEntry): void {
    if (this.closed || entry.timer || entry.role === 'follower') return;
    entry.timer = setTimeout(() => {
      entry.timer = null;
      void this.run(entry).catch(() => undefined);
    }, this.debounceMs);
    entry.timer.unref();
  }

  private run(entry: LiveEntry): Promise<void> {
    if (entry.role === 'follower') return Promise.resolve();
    if (entry.running) return entry.running.then(() => (entry.pending.length > 0 || entry.dirty ? this.run(entry) : undefined));
    entry.running = this.analyse(entry).finally(() => {
      entry.running = null;
    });
    return entry.running;
  }

  private async analyse(entry: LiveEntry): Promise<void> {
    const votes = entry.pending;
    entry.pending = [];
    entry.dirty = false;
    const reset = entry.generation !== this.runner.generation;
    if (reset && entry.result !== null) {
      // The worker restarted and lost this conversation's analyzer: reload every vote from the database.
      const fresh = await this.storedVotes(entry.conversation.id);
      votes.splice(0, votes.length, ...fresh);
    }
    const nStatements = Math.max(0, ...[...entry.statements.keys()].map((t) => t + 1));
    const active = new Uint8Array(nStatements);
    for (const s of entry.statements.values()) active[s.tid] = isShown(s.moderation, entry.conversation.moderation) ? 1 : 0;
    const flat = new Int32Array(votes.length * 3);
    votes.forEach((v, i) => flat.set([v.pid, v.tid, v.value], i * 3));
    const now = Date.now();
    const times = Float64Array.from(votes, (v) => v.at ?? now);
    try {
      const generation = this.runner.generation;
      if (votes.length === 0 && (entry.result === null || reset)) {
        entry.result = null;
      } else {
        entry.result = await this.runner.analyse({
          key: entry.conversation.id,
          reset,
          minGroupSize: entry.conversation.min_group_size,
          nStatements,
          active,
          communityOf: entry.communityOf,
          communityNames: entry.communityIds,
          votes: flat,
          times,
          grouping: entry.conversation.grouping_mode,
        });
        entry.generation = generation;
      }
    } catch (error) {
      // Put the votes back so the next run sees them; a reset reload happens if the worker died.
      entry.pending = [...votes, ...entry.pending];
      entry.generation = -1;
      throw error;
    }
    entry.version += 1;
    entry.updatedAt = new Date();
    const summary = this.summary(entry);
    for (const listener of entry.listeners) listener(summary);
    // The others show it once it is stored; a failed store is made good by the next result.
    if (entry.role === 'leader') await this.leadership!.publish(entry.conversation.id, entry.version, entry.result).catch(() => undefined);
  }

  /** Every stored vote of the conversation, oldest change first (the latest vote of a cell replays last). */
  private async storedVotes(conversationId: string): Promise<CommittedVote[]> {
    const rows = await conversationVotes(this.db, conversationId, 'time');
    return rows.map((v) => ({ pid: v.pid, tid: v.tid, value: v.value, at: new Date(v.updated_at).getTime() }));
  }

  /**
   * Rebuilds every loaded analysis from the tables: after the announcements of other processes may have been missed
   * (the listening connection was lost). Subscribers keep their entries and hear the rebuilt report.
   */
  async resync(): Promise<void> {
    for (const [conversationId, promise] of this.entries) {
      const entry = await promise.catch(() => null);
      if (!entry) continue;
      // The lead was held by the lost connection: take it again, or follow whoever took it meanwhile.
      if (entry.role !== 'sole' && this.leadership) {
        const leads = await this.leadership.tryLead(conversationId);
        if (!leads && entry.role === 'leader') {
          entry.role = 'follower';
          entry.pending = [];
          await this.runner.drop(conversationId).catch(() => undefined);
        }
        if (leads && entry.role === 'follower') await this.becomeLeader(entry);
        if (entry.role === 'follower') {
          await this.reread(conversationId);
          await this.refresh(entry);
          continue;
        }
      }
      const participants = await participantCommunities(this.db, conversationId);
      for (const p of participants) this.setCommunity(entry, p.pid, p.community_id);
      if (entry.result === null) entry.pending = await this.storedVotes(conversationId);
      // A generation no worker has makes the next analysis start over from every stored vote.
      entry.generation = -1;
      await this.reread(conversationId);
    }
  }

  /** Conversations with votes since their last checkpoint (for the periodic checkpoint). */
  takeCheckpointDue(): string[] {
    const due = [...this.sinceCheckpoint.keys()];
    this.sinceCheckpoint.clear();
    return due;
  }

  /** Votes committed per conversation since its last scheduled checkpoint (loaded or not). */
  private readonly sinceCheckpoint = new Map<string, number>();

  async close(): Promise<void> {
    this.closed = true;
    if (this.takeoverTimer) clearInterval(this.takeoverTimer);
    for (const promise of this.entries.values()) {
      const entry = await promise.catch(() => null);
      if (entry?.timer) clearTimeout(entry.timer);
      if (entry?.running) await entry.running.catch(() => undefined);
    }
    await this.runner.close();
  }
}

/** Strict moderation shows approved statements only; open shows everything not rejected. */
export function isShown(moderation: StatementModeration, mode: 'strict' | 'open'): boolean {
  return moderation === 'approved' || (moderation === 'pending' && mode === 'open');
}

export function countVoters(result: LiveResult): number {
  let n = 0;
  for (let p = 0; p < result.votesPerParticipant.length; p++) if (result.votesPerParticipant[p] > 0) n += 1;
  return n;
}
