import { sql, type Kysely } from 'kysely';

/**
 * One call that decides and charges a request's rate budgets (issue 17, item 7: per-vote CPU). The limiter used to
 * open a transaction and send four statements (create the window rows, lock them, charge, commit) for every vote;
 * the same steps in one function take one round trip, which is most of a vote's database work.
 *
 * reckon_rate_take(keys, limits, current, previous, overlap) takes a transaction-scoped advisory lock per distinct key
 * (in key order, so two processes never wait on each other in opposite orders, and a key with no row yet is locked
 * all the same), then checks each key in turn against `count + previous × overlap < limit`. It returns 0 after
 * charging every distinct key once, or the 1-based position of the first refusing check, having written nothing.
 * (Returning rather than raising keeps a flood of refused votes out of the server's error log.) Each statement of
 * a volatile function takes a new snapshot, so the counts read after the lock include the previous holder's charge.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function reckon_rate_take(p_keys text[], p_limits double precision[], p_current bigint, p_previous bigint, p_overlap double precision)
    returns integer language plpgsql volatile as $$
    declare
      n integer := coalesce(array_length(p_keys, 1), 0);
      k text;
      i integer;
      used double precision;
    begin
      if n = 0 then return 0; end if;
      for k in select distinct unnest(p_keys) order by 1 loop
        perform pg_advisory_xact_lock(hashtextextended('reckon.rate:' || k, 0));
      end loop;
      for i in 1..n loop
        select coalesce(sum(case when window_start = p_current then count else count * p_overlap end), 0) into used
          from rate_windows where key = p_keys[i] and window_start in (p_current, p_previous);
        if used >= p_limits[i] then return i; end if;
      end loop;
      insert into rate_windows (key, window_start, count)
        select distinct k2, p_current, 1 from unnest(p_keys) as k2
        on conflict (key, window_start) do update set count = rate_windows.count + 1;
      return 0;
    end $$
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop function reckon_rate_take(text[], double precision[], bigint, bigint, double precision)`.execute(db);
}
