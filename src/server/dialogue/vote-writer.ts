import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { conflict, DomainError } from '../errors.ts';
import type { VoteValue } from './tables.ts';

export interface QueuedVote {
  conversationId: string;
  participantId: string;
  pid: number;
  tid: number;
  value: VoteValue;
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

/** Most rows one flush writes: 4 parameters a row stays far below PostgreSQL's 65,535. */
const MAX_BATCH = 2000;

/**
 * Writes votes in batches: every vote waits in a queue, and whatever has queued while the previous transaction
 * was committing is written by the next one. Under light load a batch is a single vote (no added delay); under
 * a flood, hundreds share one commit. A vote is acknowledged only after its transaction has committed, so an
 * answered vote is never lost, and a failed transaction fails every vote in it (none is half-written).
 *
 * Per batch: the conversations are read `for share` (a concurrent close waits for the batch, and a vote never
 * lands after the close's checkpoint), the statements are looked up by number, votes that may not be cast are
 * refused one by one with their reason, and the rest go in as one upsert — the primary key (participant,
 * statement) makes a repeated vote replace the earlier one, never add a second row.
 */
export class VoteWriter {
  private queue: Pending[] = [];
  private running = false;
  /** Announces a batch to every process, inside its transaction (bus.ts); unset with a single process. */
  private announce: ((tx: Kysely<Database>, committed: Map<string, CommittedVote[]>) => Promise<void>) | null = null;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly onCommitted: (conversationId: string, votes: CommittedVote[]) => void,
  ) {}

  /** From now on every batch is announced inside its transaction, and the local callback is no longer called. */
  announceThrough(announce: (tx: Kysely<Database>, committed: Map<string, CommittedVote[]>) => Promise<void>): void {
    this.announce = announce;
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
    const accepted: Pending[] = [];
    const committed = new Map<string, CommittedVote[]>();
    try {
      const results = await this.db.transaction().execute(async (tx) => {
        const conversationIds = [...new Set(batch.map((v) => v.conversationId))];
        const conversations = await tx
          .selectFrom('dialogue_conversations')
          .select(['id', 'state', 'moderation'])
          .where('id', 'in', conversationIds)
          .forShare()
          .execute();
        const conversationOf = new Map(conversations.map((c) => [c.id, c]));
        const statements = await tx
          .selectFrom('dialogue_statements')
          .select(['id', 'conversation_id', 'tid', 'moderation'])
          .where((eb) => eb.or(conversationIds.map((id) => eb.and([eb('conversation_id', '=', id), eb('tid', 'in', [...new Set(batch.filter((v) => v.conversationId === id).map((v) => v.tid))])]))))
          .execute();
        const statementOf = new Map(statements.map((s) => [`${s.conversation_id}:${s.tid}`, s]));
        // Within one batch the latest vote on a cell wins, as it would have one transaction later.
        const latest = new Map<string, { vote: Pending; statementId: string }>();
        for (const vote of batch) {
          const conversation = conversationOf.get(vote.conversationId);
          const statement = statementOf.get(`${vote.conversationId}:${vote.tid}`);
          const refusal = !conversation
            ? new DomainError('not_found', 'not_found', 'Conversation not found')
            : conversation.state !== 'open'
              ? conflict('conversation_closed', 'The conversation is closed; votes are no longer taken')
              : !statement
                ? new DomainError('not_found', 'statement_not_found', `No statement ${vote.tid} in this conversation`)
                : statement.moderation === 'rejected'
                  ? conflict('statement_rejected', 'This statement was rejected by the moderators')
                  : statement.moderation === 'pending' && conversation.moderation === 'strict'
                    ? conflict('statement_pending', 'This statement is waiting for moderation')
                    : null;
          if (refusal) {
            vote.reject(refusal);
            continue;
          }
          accepted.push(vote);
          latest.set(`${vote.participantId}:${statement!.id}`, { vote, statementId: statement!.id });
        }
        if (latest.size === 0) return new Map<string, boolean>();
        const rows = await tx
          .insertInto('dialogue_votes')
          .values([...latest.values()].map(({ vote, statementId }) => ({ conversation_id: vote.conversationId, participant_id: vote.participantId, statement_id: statementId, value: vote.value })))
          .onConflict((oc) => oc.columns(['participant_id', 'statement_id']).doUpdateSet({ value: (eb) => eb.ref('excluded.value'), updated_at: sql`now()` }))
          .returning(['participant_id', 'statement_id', sql<boolean>`(xmax = 0)`.as('inserted')])
          .execute();
        const inserted = new Map(rows.map((r) => [`${r.participant_id}:${r.statement_id}`, r.inserted]));
        for (const { vote } of latest.values()) {
          const list = committed.get(vote.conversationId) ?? [];
          list.push({ pid: vote.pid, tid: vote.tid, value: vote.value });
          committed.set(vote.conversationId, list);
        }
        if (this.announce) await this.announce(tx, committed);
        return new Map([...latest.entries()].map(([key, { vote }]) => [`${vote.participantId}:${vote.tid}`, inserted.get(key) ?? false]));
      });
      // Committed: now, and only now, the answers go out.
      const seen = new Set<string>();
      for (let i = accepted.length - 1; i >= 0; i--) {
        const vote = accepted[i];
        const key = `${vote.participantId}:${vote.tid}`;
        // An earlier vote in the same batch was replaced by a later one: it counts as cast, then replaced.
        vote.resolve({ replaced: seen.has(key) ? false : results.get(key) === false });
        seen.add(key);
      }
      // Shared across processes, the votes come back through the announcement, in commit order with everyone else's.
      if (!this.announce) for (const [conversationId, votes] of committed) this.onCommitted(conversationId, votes);
    } catch (error) {
      for (const vote of accepted) vote.reject(error);
      if (accepted.length === 0) for (const vote of batch) vote.reject(error);
    }
  }
}
