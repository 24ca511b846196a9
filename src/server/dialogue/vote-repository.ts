import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { VoteValue } from './tables.ts';

export interface VoteRow {
  conversationId: string;
  participantId: string;
  pid: number;
  tid: number;
  value: VoteValue;
  /** The rate budgets the vote is charged to, decided in the same call before it is written (none: not limited). */
  checks?: readonly { key: string; limit: number }[];
}

/** The rate window a batch's checks are decided in: the current window's start, its length, and how much of the previous one still weighs. */
export interface RateWindow {
  current: number;
  windowMs: number;
  overlap: number;
}

/** Why a vote may not be cast, as the call below decides it; null: written. */
export type VoteRefusal = 'rate_limited' | 'not_found' | 'conversation_closed' | 'statement_not_found' | 'statement_rejected' | 'statement_pending';

export interface VoteOutcome {
  refusal: VoteRefusal | null;
  /**
   * For the vote that was written for its participant and statement (the batch's latest on that cell): true when
   * it added a row, false when it replaced an earlier vote. Null for a refused vote and for one a later vote in the
   * same batch superseded.
   */
  inserted: boolean | null;
  /** For a vote refused by its rate budgets: the position (0-based) of its first check over its limit. */
  rateCheck?: number;
}

/** At most this many votes in one notification: 250 triples of small integers stay far below the 8,000-byte limit. */
export const VOTES_PER_NOTIFICATION = 250;

const NO_WINDOW: RateWindow = { current: 0, windowMs: 60_000, overlap: 0 };

/**
 * Decides and writes a batch of votes in one call of reckon_dialogue_cast_votes (migration
 * 202612130410_dialogue_cast_votes), and so in one round trip and one transaction: each vote's rate budgets
 * (`checks`, decided in order in `window` as that many single checks would), then the conversation and statement
 * checks, the upsert and, with `channel`, the announcement to every process (`{k:'v', c, t, v:[pid, tid, value, …]}`,
 * as dialogue/bus.ts reads them). A batch used to be two round trips and two commits (the rate call, then the vote
 * statement, planned again on every call); in a function the statement is planned once a connection (issue 17).
 *
 * The conversations are read `for share`, so a concurrent close waits for the batch and no vote lands after the
 * close's checkpoint. A vote that may not be cast is refused with its reason (over its rate budget first, charging
 * nothing); of several votes on one cell in the batch the latest is written, as it would have been one transaction
 * later; the primary key (participant, statement) makes a repeated vote replace the earlier one. A batch is announced
 * if and only if it commits, and its rate charges commit with its votes.
 *
 * Returns one outcome per input vote, in input order. `perNotification` is smaller only in tests.
 */
export async function writeVoteBatch(
  db: Kysely<Database>,
  votes: readonly VoteRow[],
  channel: string | null,
  at: number,
  perNotification = VOTES_PER_NOTIFICATION,
  window: RateWindow = NO_WINDOW,
): Promise<VoteOutcome[]> {
  const checks = votes.flatMap((v, i) => (v.checks ?? []).map((c) => ({ vote: i + 1, ...c })));
  const { rows } = await sql<{ vote_rate_check: number; vote_refusal: VoteRefusal | null; vote_inserted: boolean | null }>`
    select vote_rate_check, vote_refusal, vote_inserted from reckon_dialogue_cast_votes(
      ${votes.map((v) => v.conversationId)}::uuid[], ${votes.map((v) => v.participantId)}::uuid[], ${votes.map((v) => v.pid)}::int[],
      ${votes.map((v) => v.tid)}::int[], ${votes.map((v) => v.value)}::smallint[],
      ${checks.map((c) => c.vote)}::int[], ${checks.map((c) => c.key)}::text[], ${checks.map((c) => c.limit)}::float8[],
      ${window.current}::bigint, ${window.current - window.windowMs}::bigint, ${window.overlap}::float8,
      ${channel}::text, ${at}::bigint, ${perNotification}::int
    )`.execute(db);
  return rows.map((row) =>
    row.vote_refusal === 'rate_limited'
      ? { refusal: row.vote_refusal, inserted: null, rateCheck: row.vote_rate_check - 1 }
      : { refusal: row.vote_refusal, inserted: row.vote_inserted },
  );
}
