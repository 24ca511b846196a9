import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { InstanceKeyTable } from './tables.ts';

type Db = Kysely<Database>;
export type KeyKind = InstanceKeyTable['kind'];

/** Records a key's fingerprint unless one is recorded for its kind; returns the one on record (the first). */
export async function recordKeyIfFirst(db: Db, kind: KeyKind, fingerprint: string): Promise<string> {
  await db
    .insertInto('instance_keys')
    .values({ kind, fingerprint, recorded_at: sql<Date>`now()` as unknown as Date })
    .onConflict((oc) => oc.column('kind').doNothing())
    .execute();
  const row = await db.selectFrom('instance_keys').select('fingerprint').where('kind', '=', kind).executeTakeFirstOrThrow();
  return row.fingerprint;
}

/** Replaces a key's recorded fingerprint: after a rotation, or when an operator adopts a new key on purpose. */
export async function replaceKeyFingerprint(db: Db, kind: KeyKind, fingerprint: string): Promise<void> {
  await db
    .insertInto('instance_keys')
    .values({ kind, fingerprint, recorded_at: sql<Date>`now()` as unknown as Date })
    .onConflict((oc) => oc.column('kind').doUpdateSet({ fingerprint, recorded_at: sql<Date>`now()` as unknown as Date }))
    .execute();
}

/**
 * Claims this interval's run of a schedule: true for exactly one caller per interval across every process (the
 * row is updated only when its last run is older than the interval, and the update is atomic).
 */
export async function claimScheduledRun(db: Db, name: string, intervalMs: number, runner: string): Promise<boolean> {
  await db
    .insertInto('schedule_runs')
    .values({ name, last_run_at: new Date(0), last_run_by: runner })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  // The margin lets a process whose timer fires a little early still take its turn.
  const due = sql<Date>`now() - make_interval(secs => ${(intervalMs * 0.9) / 1000}::double precision)`;
  const result = await db
    .updateTable('schedule_runs')
    .set({ last_run_at: sql<Date>`now()` as unknown as Date, last_run_by: runner })
    .where('name', '=', name)
    .where('last_run_at', '<=', due as unknown as Date)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Decides many requests' rate budgets at once, in order, as that many single calls in a row would: each request is
 * charged to every one of its keys' current windows, or charges none and gets the position (0-based) of its first
 * check over its limit (`count + previous × overlap ≥ limit`); a later request sees the charges of the earlier ones.
 * One round trip and one commit for the whole batch: the locking and counting happen in the database function
 * reckon_rate_take_many (migration 202612120400_rate_take_many).
 */
export async function takeRateWindowsMany(
  db: Db,
  requests: readonly (readonly { key: string; limit: number }[])[],
  current: number,
  windowMs: number,
  overlap: number,
): Promise<(number | null)[]> {
  const numbered = requests.flatMap((checks, r) => checks.map((c) => ({ r: r + 1, ...c })));
  if (numbered.length === 0) return requests.map(() => null);
  const result = await sql<{
    refused: number[];
  }>`select reckon_rate_take_many(${numbered.map((c) => c.r)}::int[], ${numbered.map((c) => c.key)}::text[], ${numbered.map((c) => c.limit)}::float8[], ${current}::bigint, ${current - windowMs}::bigint, ${overlap}::float8) as refused`.execute(
    db,
  );
  // The function answers for requests with at least one check; a request with none is admitted.
  const answers = result.rows[0].refused.map(Number);
  let next = 0;
  return requests.map((checks) => {
    if (checks.length === 0) return null;
    const refused = answers[next++];
    return refused === 0 ? null : refused - 1;
  });
}

/** Forgets windows that can no longer weigh on a decision. */
export async function purgeRateWindows(db: Db, before: number): Promise<number> {
  const result = await db.deleteFrom('rate_windows').where('window_start', '<', String(before)).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Counts `n` requests (one by default) in a key's window and returns the count so far (one atomic statement). */
export async function incrementRateWindow(db: Db, key: string, windowStart: number, n = 1): Promise<number> {
  const row = await db
    .insertInto('rate_windows')
    .values({ key, window_start: String(windowStart), count: n })
    .onConflict((oc) => oc.columns(['key', 'window_start']).doUpdateSet((eb) => ({ count: eb('rate_windows.count', '+', n) })))
    .returning('count')
    .executeTakeFirstOrThrow();
  return row.count;
}

/**
 * Leases up to `wanted` units of a window's budget of `max` (reckon_rate_lease, migration 202612150400_rate_lease):
 * the units granted (0 when the budget is spent) and the window's count after the grant. The count never passes max.
 */
export async function leaseRateWindow(db: Db, key: string, windowStart: number, wanted: number, max: number): Promise<{ count: number; granted: number }> {
  const result = await sql<{
    lease_count: number;
    lease_granted: number;
  }>`select lease_count, lease_granted from reckon_rate_lease(${key}::text, ${windowStart}::bigint, ${wanted}::int, ${max}::int)`.execute(db);
  const row = result.rows[0];
  return { count: Number(row.lease_count), granted: Number(row.lease_granted) };
}

/** Gives `n` leased and unspent units back to a window's budget. */
export async function returnToRateWindow(db: Db, key: string, windowStart: number, n: number): Promise<void> {
  await db
    .updateTable('rate_windows')
    .set((eb) => ({ count: sql<number>`greatest(${eb.ref('count')} - ${n}, 0)` }))
    .where('key', '=', key)
    .where('window_start', '=', String(windowStart))
    .execute();
}

export async function readRateWindow(db: Db, key: string, windowStart: number): Promise<number> {
  const row = await db.selectFrom('rate_windows').select('count').where('key', '=', key).where('window_start', '=', String(windowStart)).executeTakeFirst();
  return row?.count ?? 0;
}
