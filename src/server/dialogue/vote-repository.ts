import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { VoteValue } from './tables.ts';

export interface VoteRow {
  conversationId: string;
  participantId: string;
  pid: number;
  tid: number;
  value: VoteValue;
}

/** Why a vote may not be cast, as the statement below decides it; null: written. */
export type VoteRefusal = 'not_found' | 'conversation_closed' | 'statement_not_found' | 'statement_rejected' | 'statement_pending';

export interface VoteOutcome {
  refusal: VoteRefusal | null;
  /**
   * For the vote that was written for its participant and statement (the batch's latest on that cell): true when
   * it added a row, false when it replaced an earlier vote. Null for a refused vote and for one a later vote in the
   * same batch superseded.
   */
  inserted: boolean | null;
}

/** At most this many votes in one notification: 250 triples of small integers stay far below the 8,000-byte limit. */
export const VOTES_PER_NOTIFICATION = 250;

/**
 * Writes a batch of votes in one statement, and so in one round trip and one implicit transaction (a batch was six:
 * begin, conversations, statements, upsert, notify, commit — per batch, so halving the batches with a second process
 * doubled their cost per vote; issue 17).
 *
 * The conversations are read `for share`, so a concurrent close waits for the batch and no vote lands after the
 * close's checkpoint. A vote that may not be cast is refused with its reason; of several votes on one cell in the
 * batch the latest is written, as it would have been one transaction later; the primary key (participant,
 * statement) makes a repeated vote replace the earlier one. With `channel`, the written votes are announced on it
 * within the same statement (`{k:'v', c, t, v:[pid, tid, value, …]}`, as dialogue/bus.ts reads them), so a batch is
 * announced if and only if it commits.
 *
 * Returns one outcome per input vote, in input order. `perNotification` is smaller only in tests.
 */
export async function writeVoteBatch(
  db: Kysely<Database>,
  votes: readonly VoteRow[],
  channel: string | null,
  at: number,
  perNotification = VOTES_PER_NOTIFICATION,
): Promise<VoteOutcome[]> {
  const announce = channel
    ? sql`, announced as (
        select count(pg_notify(${channel}, json_build_object('k', 'v', 'c', conversation_id, 't', ${at}::bigint, 'v', triples)::text)) as n
        from (
          select conversation_id, json_agg(x order by idx, ord) as triples
          from (
            select l.*, (row_number() over (partition by conversation_id order by idx) - 1) / ${perNotification}::int as part
            from latest l
          ) numbered
          cross join lateral unnest(array[pid, tid, value::int]) with ordinality as u(x, ord)
          group by conversation_id, part
        ) messages
      )`
    : sql`, announced as (select 0::bigint as n)`;
  const { rows } = await sql<{ idx: number; refusal: VoteRefusal | null; inserted: boolean | null }>`
    with input as (
      select * from unnest(
        ${votes.map((_, i) => i)}::int[], ${votes.map((v) => v.conversationId)}::uuid[], ${votes.map((v) => v.participantId)}::uuid[],
        ${votes.map((v) => v.pid)}::int[], ${votes.map((v) => v.tid)}::int[], ${votes.map((v) => v.value)}::smallint[]
      ) as i(idx, conversation_id, participant_id, pid, tid, value)
    ),
    conversation as (
      select id, state, moderation from dialogue_conversations
      where id in (select distinct conversation_id from input)
      for share
    ),
    checked as (
      select i.*, s.id as statement_id,
        case
          when c.id is null then 'not_found'
          when c.state <> 'open' then 'conversation_closed'
          when s.id is null then 'statement_not_found'
          when s.moderation = 'rejected' then 'statement_rejected'
          when s.moderation = 'pending' and c.moderation = 'strict' then 'statement_pending'
        end as refusal
      from input i
      left join conversation c on c.id = i.conversation_id
      left join dialogue_statements s on s.conversation_id = i.conversation_id and s.tid = i.tid
    ),
    latest as (
      select distinct on (participant_id, statement_id) idx, conversation_id, participant_id, statement_id, pid, tid, value
      from checked where refusal is null
      order by participant_id, statement_id, idx desc
    ),
    written as (
      insert into dialogue_votes (conversation_id, participant_id, statement_id, value)
      select conversation_id, participant_id, statement_id, value from latest
      on conflict (participant_id, statement_id) do update set value = excluded.value, updated_at = now()
      returning participant_id, statement_id, (xmax = 0) as inserted
    )
    ${announce}
    select c.idx, c.refusal, w.inserted
    from checked c
    left join latest l on l.idx = c.idx
    left join written w on w.participant_id = l.participant_id and w.statement_id = l.statement_id
    -- Joined so that the announcement is made whatever the planner would otherwise skip as unused.
    cross join announced
    order by c.idx`.execute(db);
  return rows.map((row) => ({ refusal: row.refusal, inserted: row.inserted }));
}
