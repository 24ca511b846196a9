import type { VoteChoice } from './api.ts';

/** Where queued votes wait: the browser's localStorage, or a stand-in in tests. */
export interface VoteStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface QueuedVote {
  tid: number;
  vote: VoteChoice;
}

/** A phone keeps at most this many unsent votes per conversation (more statements than any conversation shows at once). */
export const MAX_QUEUED = 500;
const CHOICES: readonly string[] = ['agree', 'disagree', 'pass'];

export const queueKey = (conversationId: string) => `reckon.dialogue.votes.${conversationId}`;

/** The votes waiting to be sent, oldest first; anything unreadable in storage is dropped rather than sent. */
export function readQueue(store: VoteStore, conversationId: string): QueuedVote[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(store.getItem(queueKey(conversationId)) ?? '[]');
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  return parsed
    .filter(
      (v): v is QueuedVote =>
        typeof v === 'object' && v !== null && Number.isInteger((v as QueuedVote).tid) && (v as QueuedVote).tid >= 0 && CHOICES.includes((v as QueuedVote).vote),
    )
    .map((v) => ({ tid: v.tid, vote: v.vote }));
}

function writeQueue(store: VoteStore, conversationId: string, queue: QueuedVote[]): void {
  if (queue.length === 0) store.removeItem(queueKey(conversationId));
  else store.setItem(queueKey(conversationId), JSON.stringify(queue));
}

/** Keeps a vote to send later; a second vote on the same statement replaces the first (the server keeps the latest too). */
export function enqueue(store: VoteStore, conversationId: string, vote: QueuedVote): QueuedVote[] {
  const queue = readQueue(store, conversationId).filter((v) => v.tid !== vote.tid);
  queue.push({ tid: vote.tid, vote: vote.vote });
  const kept = queue.slice(-MAX_QUEUED);
  writeQueue(store, conversationId, kept);
  return kept;
}

export type SendOutcome = 'sent' | 'retry' | 'drop';

/**
 * Sends the queued votes in the order they were made, one at a time, each removed from the queue only once the
 * server has acknowledged it. `send` says whether a vote was stored ('sent'), should wait for a better connection
 * ('retry': nothing after it is sent either, so the order holds), or can never be stored ('drop': the statement was
 * withdrawn or the conversation closed). Sending a vote twice is harmless: the server keeps one vote per statement.
 */
export async function flush(store: VoteStore, conversationId: string, send: (vote: QueuedVote) => Promise<SendOutcome>): Promise<{ sent: number; dropped: number; left: number }> {
  let sent = 0;
  let dropped = 0;
  for (;;) {
    const [first] = readQueue(store, conversationId);
    if (!first) return { sent, dropped, left: 0 };
    const outcome = await send(first);
    if (outcome === 'retry') return { sent, dropped, left: readQueue(store, conversationId).length };
    if (outcome === 'sent') sent++;
    else dropped++;
    // remove exactly what was sent: a newer vote on the same statement made meanwhile stays queued
    writeQueue(
      store,
      conversationId,
      readQueue(store, conversationId).filter((v, i) => !(i === 0 && v.tid === first.tid && v.vote === first.vote)),
    );
  }
}
