import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { conflict, DomainError } from '../errors.ts';
import { rateLimited, windowAt, type RateCheck } from './rate-limit.ts';
import type { VoteValue } from './tables.ts';
import { writeVoteBatch, type VoteOutcome, type VoteRefusal } from './vote-repository.ts';

export interface QueuedVote {
  conversationId: string;
  participantId: string;
  pid: number;
  tid: number;
  value: VoteValue;
  /** The rate budgets to charge the vote to, decided in the call that writes it (none: not limited). */
  checks?: readonly RateCheck[];
}

export interface CommittedVote {
  pid: number;
  tid: number;
  value: VoteValue;
  /** When the vote was cast (ms); the Pol.is-compatible replay orders and batches by it. Absent: now. */
  at?: number;
}

interface Pending extends QueuedVote {
  resolve: (result: { replaced: boolean }) => void;
  reject: (error: unknown) => void;
}

/**
 * Most votes one call writes (the votes travel as arrays, so this bounds the call's time, not its parameters; the
 * rate function walks the votes one by one, as the dialogue's other limits' batches of at most 500 do).
 */
const MAX_BATCH = 500;

/** The length of a rate window (one minute, as every dialogue limit is per minute). */
const WINDOW_MS = 60_000;

/**
 * Writes votes in batches: every vote waits in a queue, and whatever has queued while the previous transaction
 * was committing is written by the next one. Under light load a batch is a single vote (no added delay); under
 * a flood, hundreds share one commit. A vote is acknowledged only after its transaction has committed, so an
 * answered vote is never lost, and a failed transaction fails every vote in it (none is half-written).
 *
 * A batch is one call (vote-repository.ts): each vote's rate budgets are decided first, in arrival order, as the
 * other limits are (rate-limit.ts); votes that may not be cast are refused one by one with their reason, the rest go
 * in as one upsert, and with several processes the batch is announced to all of them. A participant's votes reach the
 * queue in the order they arrived and are decided in that order, so the latest wins.
 */
export class VoteWriter {
  private queue: Pending[] = [];
  private running = false;
  /** The channel every batch is announced on to every process, within its statement (bus.ts); unset with one process. */
  private channel: string | null = null;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly onCommitted: (conversationId: string, votes: CommittedVote[]) => void,
    /** The time a batch's rate budgets are decided at (tests give their own). */
    private readonly clock: () => number = Date.now,
  ) {}

  /** From now on every batch is announced on `channel` as it commits, and the local callback is no longer called. */
  announceOn(channel: string): void {
    this.channel = channel;
  }

  submit(vote: QueuedVote): Promise<{ replaced: boolean }> {
    return new Promise((resolve, reject) => {
      this.queue.push({ ...vote, resolve, reject });
      if (!this.running) {
        this.running = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  /** Resolves once everything queued so far is written (for shutdown and tests). */
  async idle(): Promise<void> {
    while (this.running || this.queue.length > 0) await new Promise((r) => setTimeout(r, 2));
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, MAX_BATCH);
        await this.write(batch);
        // The embedded database runs in this thread and resolves in microtasks, so a transaction keeps the event
        // loop to itself; yielding a turn lets the requests that arrived meanwhile reach the queue and share the
        // next commit (without it, every batch was a single vote).
        await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      this.running = false;
    }
  }

  private async write(batch: Pending[]): Promise<void> {
    let outcomes: VoteOutcome[];
    const now = this.clock();
    const { current, overlap, retryAfterSeconds } = windowAt(now, WINDOW_MS);
    try {
      outcomes = await writeVoteBatch(this.db, batch, this.channel, now, undefined, { current, windowMs: WINDOW_MS, overlap });
    } catch (error) {
      // One statement: nothing of the batch was written.
      for (const vote of batch) vote.reject(error);
      return;
    }
    // Committed: now, and only now, the answers go out.
    const committed = new Map<string, CommittedVote[]>();
    const written = new Map<string, boolean>();
    batch.forEach((vote, i) => {
      const { inserted } = outcomes[i];
      if (inserted === null) return;
      written.set(`${vote.participantId}:${vote.tid}`, inserted);
      const list = committed.get(vote.conversationId) ?? [];
      list.push({ pid: vote.pid, tid: vote.tid, value: vote.value });
      committed.set(vote.conversationId, list);
    });
    const seen = new Set<string>();
    for (let i = batch.length - 1; i >= 0; i--) {
      const vote = batch[i];
      const { refusal, rateCheck } = outcomes[i];
      if (refusal === 'rate_limited') {
        vote.reject(rateLimited(vote.checks![rateCheck!].scope, retryAfterSeconds));
        continue;
      }
      if (refusal) {
        vote.reject(refusalError(refusal, vote.tid));
        continue;
      }
      const key = `${vote.participantId}:${vote.tid}`;
      // An earlier vote in the same batch was replaced by a later one: it counts as cast, then replaced.
      vote.resolve({ replaced: seen.has(key) ? false : written.get(key) === false });
      seen.add(key);
    }
    // Shared across processes, the votes come back through the announcement, in commit order with everyone else's.
    if (!this.channel) for (const [conversationId, votes] of committed) this.onCommitted(conversationId, votes);
  }
}

function refusalError(refusal: Exclude<VoteRefusal, 'rate_limited'>, tid: number): DomainError {
  switch (refusal) {
    case 'not_found':
      return new DomainError('not_found', 'not_found', 'Conversation not found');
    case 'conversation_closed':
      return conflict('conversation_closed', 'The conversation is closed; votes are no longer taken');
    case 'statement_not_found':
      return new DomainError('not_found', 'statement_not_found', `No statement ${tid} in this conversation`);
    case 'statement_rejected':
      return conflict('statement_rejected', 'This statement was rejected by the moderators');
    case 'statement_pending':
      return conflict('statement_pending', 'This statement is waiting for moderation');
  }
}
