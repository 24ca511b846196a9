import { sql, type Kysely } from 'kysely';

/**
 * A batch of votes decided and written by one call (issue 17, item 7): the rate budgets of every vote
 * (reckon_rate_take_many), the checks against the conversation and its statements, the upsert and the
 * announcement to the other processes. Measured with pg_stat_statements, a batch took two round trips and two
 * commits (the rate call, then the vote statement), and the vote statement, sent as text, was planned again on every
 * call (0.6–1.3 ms a batch against 1.2–2.3 ms executing it); with two processes each process's batches are half as
 * large, so these fixed costs a batch weighed twice a vote. In a function the statement is planned once a connection
 * and kept, and the batch takes one round trip and one commit. Rate charges and votes now commit or roll back
 * together.
 *
 * reckon_dialogue_cast_votes(conversations, participants, pids, tids, values, check_votes, check_keys, check_limits,
 * current, previous, overlap, channel, at, per_notification): vote i (1-based) is (conversations[i], participants[i],
 * pids[i], tids[i], values[i]); rate check j belongs to vote check_votes[j] (in vote order, all of a vote's checks
 * together; a vote may have none). Returns one row a vote, in vote order: `rate_check`, the 1-based position among
 * the vote's checks of the first over its limit (0: charged or no checks); `refusal`, why the vote was not written
 * ('rate_limited' first, then as the statement decides: 'not_found', 'conversation_closed', 'statement_not_found',
 * 'statement_rejected', 'statement_pending'), or null; `inserted`, for the vote written for its participant and
 * statement (the batch's latest on that cell), true when it added a row and false when it replaced one, null
 * otherwise. A vote refused for its rate charges nothing; one refused by the conversation has been charged, as a
 * request is. The rate keys are locked first (advisory locks in key order), then the conversations `for share`, so
 * a concurrent close waits for the batch. With a channel, the written votes are announced on it as
 * `{k:'v', c, t, v:[pid, tid, value, …]}` messages of at most per_notification votes (dialogue/bus.ts), so a batch is
 * announced if and only if it commits.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function reckon_dialogue_cast_votes(
      p_conversations uuid[], p_participants uuid[], p_pids integer[], p_tids integer[], p_values smallint[],
      p_check_votes integer[], p_check_keys text[], p_check_limits double precision[],
      p_current bigint, p_previous bigint, p_overlap double precision,
      p_channel text, p_at bigint, p_per_notification integer)
    returns table (vote_rate_check integer, vote_refusal text, vote_inserted boolean)
    language plpgsql volatile as $$
    declare
      answers integer[];
    begin
      -- One answer a vote that has checks, in vote order (reckon_rate_take_many skips a request with none).
      answers := reckon_rate_take_many(coalesce(p_check_votes, '{}'), coalesce(p_check_keys, '{}'), coalesce(p_check_limits, '{}'), p_current, p_previous, p_overlap);
      return query
      with rate as (
        select r.v, answers[r.o::int] as rate_check
        from unnest(array(select distinct x from unnest(coalesce(p_check_votes, '{}')) as x order by x)) with ordinality as r(v, o)
      ),
      input as (
        select i.*, coalesce(rate.rate_check, 0) as rate_check
        from unnest(p_conversations, p_participants, p_pids, p_tids, p_values) with ordinality as i(conversation_id, participant_id, pid, tid, value, idx)
        left join rate on rate.v = i.idx
      ),
      conversation as (
        select c.id, c.state, c.moderation from dialogue_conversations c
        where c.id in (select distinct input.conversation_id from input where input.rate_check = 0)
        for share
      ),
      checked as (
        select i.*, s.id as statement_id,
          case
            when i.rate_check > 0 then 'rate_limited'
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
        select distinct on (k.participant_id, k.statement_id) k.idx, k.conversation_id, k.participant_id, k.statement_id, k.pid, k.tid, k.value
        from checked k where k.refusal is null
        order by k.participant_id, k.statement_id, k.idx desc
      ),
      written as (
        insert into dialogue_votes as d (conversation_id, participant_id, statement_id, value)
        select l.conversation_id, l.participant_id, l.statement_id, l.value from latest l
        on conflict (participant_id, statement_id) do update set value = excluded.value, updated_at = now()
        returning d.participant_id, d.statement_id, (d.xmax = 0) as inserted
      ),
      announced as (
        select count(pg_notify(p_channel, json_build_object('k', 'v', 'c', m.conversation_id, 't', p_at, 'v', m.triples)::text)) as n
        from (
          select numbered.conversation_id, json_agg(u.x order by numbered.idx, u.ord) as triples
          from (
            select l.*, (row_number() over (partition by l.conversation_id order by l.idx) - 1) / p_per_notification as part
            from latest l
          ) numbered
          cross join lateral unnest(array[numbered.pid, numbered.tid, numbered.value::int]) with ordinality as u(x, ord)
          group by numbered.conversation_id, numbered.part
        ) m
        where p_channel is not null
      )
      select k.rate_check, k.refusal, w.inserted
      from checked k
      left join latest l on l.idx = k.idx
      left join written w on w.participant_id = l.participant_id and w.statement_id = l.statement_id
      -- Joined so that the announcement is made whatever the planner would otherwise skip as unused.
      cross join announced
      order by k.idx;
    end $$
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop function reckon_dialogue_cast_votes(uuid[], uuid[], integer[], integer[], smallint[], integer[], text[], double precision[], bigint, bigint, double precision, text, bigint, integer)`.execute(
    db,
  );
}
