import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Actor } from '../accounts/actor.ts';
import { recordAudit } from '../audit/service.ts';
import type { Database } from '../db/schema.ts';
import { conversationVotes } from './repository.ts';

export interface VoteCheckpoint {
  conversationId: string;
  votes: number;
  agree: number;
  disagree: number;
  pass: number;
  participants: number;
  sha256: string;
  auditEventId: number;
}

/**
 * Votes are too many to audit one by one (a single meeting can cast hundreds of thousands, and each ledger entry
 * is a hash-chained row), so the ledger gets checkpoints instead: the counts and a SHA-256 over the whole vote
 * table state of the conversation, lines `pid,tid,value\n` sorted by pid then tid. Anyone holding the exported
 * votes can recompute the hash and show the votes are the ones the ledger committed to at that time; what
 * changed between two checkpoints is visible only as changed counts and hash. Pseudonymous numbers only — never
 * participant tokens or external ids.
 */
export async function recordVoteCheckpoint(
  db: Kysely<Database>,
  actor: Actor,
  conversationId: string,
  reason: 'closed' | 'scheduled' | 'requested' | 'imported',
): Promise<VoteCheckpoint> {
  if (!db.isTransaction) return db.transaction().execute((tx) => recordVoteCheckpoint(tx, actor, conversationId, reason));
  const rows = await conversationVotes(db, conversationId, 'pid');
  const hash = createHash('sha256');
  const counts = { agree: 0, disagree: 0, pass: 0 };
  const participants = new Set<number>();
  for (const r of rows) {
    hash.update(`${r.pid},${r.tid},${r.value}\n`);
    participants.add(r.pid);
    if (r.value === 1) counts.agree += 1;
    else if (r.value === -1) counts.disagree += 1;
    else counts.pass += 1;
  }
  const summary = { conversationId, votes: rows.length, ...counts, participants: participants.size, sha256: hash.digest('hex') };
  const auditEventId = await recordAudit(db, actor, {
    action: 'dialogue.votes_checkpoint',
    subjectType: 'dialogue_conversation',
    subjectId: conversationId,
    details: { ...summary, reason, hashOf: 'pid,tid,value lines sorted by pid, tid' },
  });
  return { ...summary, auditEventId };
}

/** The same hash from vote triplets (for tests and for checking an export against a checkpoint). */
export function voteStateHash(votes: Array<{ pid: number; tid: number; value: number }>): string {
  const sorted = [...votes].sort((a, b) => a.pid - b.pid || a.tid - b.tid);
  const hash = createHash('sha256');
  for (const v of sorted) hash.update(`${v.pid},${v.tid},${v.value}\n`);
  return hash.digest('hex');
}
