import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { NotificationListener } from '../db/notifications.ts';
import type { LiveResult } from './live-analysis.ts';
import { findLiveResult, notifyChannel, storeLiveResult, type PublishedResult } from './live-repository.ts';
import type { AnalysisLeadership, LiveDialogue, LiveOutbox } from './live.ts';
import type { VoteValue } from './tables.ts';
import type { CommittedVote } from './vote-writer.ts';

/** The channel every Reckon process on one database listens on for dialogue changes. */
export const DIALOGUE_CHANNEL = 'reckon_dialogue';

type Message =
  /**
   * Votes committed (every process, the one that wrote them included, applies them from here, in commit order);
   * sent by the statement that writes them (vote-repository.ts), up to VOTES_PER_NOTIFICATION a message.
   */
  | { k: 'v'; c: string; t: number; v: number[] }
  /** A participant joined a community. */
  | { k: 'j'; o: string; c: string; p: number; m: string }
  /** Statements or the conversation changed: reread them. */
  | { k: 'c'; o: string; c: string }
  /** The leading process stored analysis version `n` of the conversation. */
  | { k: 'r'; o: string; c: string; n: number };

/**
 * Live dialogue analysis shared by every process on one PostgreSQL database. Without it each process analysed only
 * the votes that went through it (issue 17: 1,800 of 3,600 votes and the wrong groups). Votes are announced inside
 * the transaction that stores them (so a rolled-back batch is never announced and a committed one always is, once
 * the connection holds), and every process, the writer included, feeds its analysis from the announcements alone,
 * so all processes apply the same votes in the same (commit) order and their reports agree with the table.
 * Joins and changes are applied at once where they happen and announced to the others.
 *
 * When the listening connection is lost, announcements sent meanwhile are gone: on reconnection every loaded
 * analysis is rebuilt from the tables.
 */
export class DialogueBus implements LiveOutbox, AnalysisLeadership {
  readonly origin = randomUUID();

  private constructor(
    private readonly db: Kysely<Database>,
    private readonly listener: NotificationListener,
    private readonly live: LiveDialogue,
  ) {}

  static async attach(db: Kysely<Database>, listener: NotificationListener, live: LiveDialogue): Promise<DialogueBus> {
    const bus = new DialogueBus(db, listener, live);
    await listener.listen(DIALOGUE_CHANNEL, (payload) => bus.receive(payload));
    listener.onReconnect(() => void live.resync().catch(() => undefined));
    live.shareThrough(bus);
    live.leadWith(bus);
    return bus;
  }

  /**
   * One process analyses each conversation: the one holding its advisory lock on the listening connection. The lock
   * goes with that connection, so when the process dies or loses the connection, another takes the lead.
   */
  tryLead(conversationId: string): Promise<boolean> {
    return this.listener.tryLock(leadKey(conversationId));
  }

  async release(conversationId: string): Promise<void> {
    await this.listener.unlock(leadKey(conversationId));
  }

  /** Stores the analysis and announces it in one transaction, so an announced version is always there to read. */
  async publish(conversationId: string, version: number, result: LiveResult | null): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await storeLiveResult(tx, conversationId, version, result);
      await notify(tx, { k: 'r', o: this.origin, c: conversationId, n: version });
    });
  }

  latest(conversationId: string): Promise<PublishedResult | null> {
    return findLiveResult(this.db, conversationId);
  }

  joined(conversationId: string, pid: number, communityId: string): void {
    void notify(this.db, { k: 'j', o: this.origin, c: conversationId, p: pid, m: communityId }).catch(() => undefined);
  }

  changed(conversationId: string): void {
    void notify(this.db, { k: 'c', o: this.origin, c: conversationId }).catch(() => undefined);
  }

  private receive(payload: string): void {
    const message = parseMessage(payload);
    if (!message) return;
    if (message.k === 'v') {
      const votes: CommittedVote[] = [];
      for (let i = 0; i + 2 < message.v.length; i += 3)
        votes.push({ pid: message.v[i], tid: message.v[i + 1], value: message.v[i + 2] as VoteValue, at: message.t });
      this.live.votesCommitted(message.c, votes);
    } else if (message.o !== this.origin) {
      if (message.k === 'j') this.live.applyJoined(message.c, message.p, message.m);
      else if (message.k === 'r') this.live.resultPublished(message.c, message.n);
      else void this.live.reread(message.c).catch(() => undefined);
    }
  }
}

const leadKey = (conversationId: string) => `reckon.dialogue.analysis:${conversationId}`;

function notify(db: Kysely<Database>, message: Message): Promise<unknown> {
  return notifyChannel(db, DIALOGUE_CHANNEL, JSON.stringify(message));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A message from another process of this installation; anything malformed is ignored rather than trusted. */
export function parseMessage(payload: string): Message | null {
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const m = value as Record<string, unknown>;
  if (typeof m.c !== 'string' || !UUID.test(m.c)) return null;
  if (m.k === 'v') {
    if (typeof m.t !== 'number' || !Array.isArray(m.v) || m.v.length % 3 !== 0) return null;
    for (let i = 0; i < m.v.length; i += 3) {
      const [pid, tid, value] = [m.v[i], m.v[i + 1], m.v[i + 2]];
      if (!Number.isInteger(pid) || !Number.isInteger(tid) || (value !== -1 && value !== 0 && value !== 1)) return null;
    }
    return { k: 'v', c: m.c, t: m.t, v: m.v as number[] };
  }
  if (typeof m.o !== 'string') return null;
  if (m.k === 'j' && Number.isInteger(m.p) && typeof m.m === 'string' && UUID.test(m.m)) return { k: 'j', o: m.o, c: m.c, p: m.p as number, m: m.m };
  if (m.k === 'c') return { k: 'c', o: m.o, c: m.c };
  if (m.k === 'r' && Number.isInteger(m.n) && (m.n as number) >= 0) return { k: 'r', o: m.o, c: m.c, n: m.n as number };
  return null;
}
