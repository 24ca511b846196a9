import { sql, type Kysely } from 'kysely';

/**
 * Sliding rate windows without the two-window approximation (issue 17: limits within 1 % of the configured values).
 * reckon_rate_take_many weighed a key's previous fixed window by the share of it still overlapping the last minute,
 * which assumes its requests were spread evenly: joins late in one minute and early in the next were weighed at a
 * falling share of their number, and a flood straddling the boundary got up to the limit again as the minute went on
 * (the behind-proxy test saw 41 joins admitted against 40; in the worst case 1.5 × the limit in a minute).
 *
 * The callers now count in buckets of 1/100 of the window (dialogue/rate-limit.ts, `windowAt`) and pass the current
 * bucket as p_current, the bucket one window earlier as p_previous and an overlap of 1. A key's use is the sum of
 * every bucket from p_previous to p_current (the oldest, which the last minute still partly covers, weighed by
 * p_overlap). With an overlap of 1 that counts every request of the last minute and a few of just before it, so no
 * minute ever admits more than the limit, and a request is refused at most one bucket (0.6 s a minute) earlier than an
 * exact log of times would. Called as before (fixed windows: rows only at window starts) it decides as before.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create or replace function reckon_rate_take_many(p_requests integer[], p_keys text[], p_limits double precision[], p_current bigint, p_previous bigint, p_overlap double precision)
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
          select key, sum(case when window_start = p_previous then count * p_overlap else count end) as use
          from rate_windows where key = any(distinct_keys) and window_start between p_previous and p_current group by key
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

/** Back to the two fixed windows. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    create or replace function reckon_rate_take_many(p_requests integer[], p_keys text[], p_limits double precision[], p_current bigint, p_previous bigint, p_overlap double precision)
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
