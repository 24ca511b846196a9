import { sql, type Kysely } from 'kysely';

/**
 * Many requests' rate budgets decided and charged by one call (issue 17, item 7). Measured with pg_stat_statements,
 * every vote called reckon_rate_take once, and every vote of one address (all of a school's or a camp's network
 * behind one gateway, and every vote of the benchmark) took that address's lock until its own commit: the votes of
 * all processes queued on one lock, one commit each (52 ms a call waiting with one process, 75 with two). Called with
 * a batch of requests, the lock of each key is taken once per batch and the batch commits once.
 *
 * reckon_rate_take_many(requests, keys, limits, current, previous, overlap): check i belongs to request
 * requests[i] (1-based, in request order: all of a request's checks together). It locks every distinct key of the
 * batch (transaction-scoped advisory locks, in key order, as reckon_rate_take does), reads each key's use once, then
 * decides the requests in order exactly as that many calls of reckon_rate_take in a row would: a request is refused
 * by its first check with `use ≥ limit` (the position within the request, 1-based) and charges nothing; an admitted
 * one charges each of its distinct keys once, which the later requests of the batch see. It returns one integer a
 * request (0: charged) and writes the charges in one upsert.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function reckon_rate_take_many(p_requests integer[], p_keys text[], p_limits double precision[], p_current bigint, p_previous bigint, p_overlap double precision)
    returns integer[] language plpgsql volatile as $$
    declare
      n integer := coalesce(array_length(p_keys, 1), 0);
      distinct_keys text[];
      -- For every check, the index of its key in distinct_keys; per distinct key, its use and this call's charges.
      key_of integer[];
      used double precision[];
      charged integer[];
      outcome integer[] := '{}';
      k text;
      i integer := 1;
      j integer;
      last integer;
      refused integer;
    begin
      if n = 0 then return outcome; end if;
      select array_agg(x order by x) into distinct_keys from (select distinct unnest(p_keys) as x) d;
      foreach k in array distinct_keys loop
        perform pg_advisory_xact_lock(hashtextextended('reckon.rate:' || k, 0));
      end loop;
      select array_agg(array_position(distinct_keys, c) order by o) into key_of from unnest(p_keys) with ordinality as t(c, o);
      select array_agg(coalesce(u.use, 0) order by d.o), array_agg(0 order by d.o) into used, charged
        from unnest(distinct_keys) with ordinality as d(key, o)
        left join (
          select key, sum(case when window_start = p_current then count else count * p_overlap end) as use
          from rate_windows where key = any(distinct_keys) and window_start in (p_current, p_previous) group by key
        ) u on u.key = d.key;
      while i <= n loop
        last := i;
        while last < n and p_requests[last + 1] = p_requests[i] loop last := last + 1; end loop;
        refused := 0;
        for j in i..last loop
          if used[key_of[j]] >= p_limits[j] then refused := j - i + 1; exit; end if;
        end loop;
        if refused = 0 then
          for j in i..last loop
            -- A key named twice by one request is charged once: the first time this request names it.
            if array_position(key_of[i:last], key_of[j]) = j - i + 1 then
              used[key_of[j]] := used[key_of[j]] + 1;
              charged[key_of[j]] := charged[key_of[j]] + 1;
            end if;
          end loop;
        end if;
        outcome := outcome || refused;
        i := last + 1;
      end loop;
      insert into rate_windows (key, window_start, count)
        select distinct_keys[o], p_current, charged[o] from generate_subscripts(distinct_keys, 1) as o where charged[o] > 0
        on conflict (key, window_start) do update set count = rate_windows.count + excluded.count;
      return outcome;
    end $$
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop function reckon_rate_take_many(integer[], text[], double precision[], bigint, bigint, double precision)`.execute(db);
}
