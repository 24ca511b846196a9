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

/** Counts of the current and previous window of each key, locking the current rows until the transaction ends. */
export async function lockRateWindows(db: Db, keys: readonly string[], current: number, windowMs: number): Promise<Map<string, { count: number; previous: number }>> {
  // Rows are created first (in key order, so two transactions never wait on each other in opposite orders), then
  // locked: a second process charging the same key waits here and then sees this one's charge.
  const sorted = [...new Set(keys)].sort();
  await db
    .insertInto('rate_windows')
    .values(sorted.map((key) => ({ key, window_start: String(current), count: 0 })))
    .onConflict((oc) => oc.columns(['key', 'window_start']).doNothing())
    .execute();
  const rows = await db
    .selectFrom('rate_windows')
    .select(['key', 'window_start', 'count'])
    .where('key', 'in', sorted)
    .where('window_start', 'in', [String(current), String(current - windowMs)])
    .orderBy('key')
    .orderBy('window_start')
    .forUpdate()
    .execute();
  const counts = new Map(sorted.map((key) => [key, { count: 0, previous: 0 }]));
  for (const row of rows) {
    const entry = counts.get(row.key)!;
    if (Number(row.window_start) === current) entry.count = row.count;
    else entry.previous = row.count;
  }
  return counts;
}

export async function chargeRateWindows(db: Db, keys: readonly string[], current: number): Promise<void> {
  await db
    .updateTable('rate_windows')
    .set((eb) => ({ count: eb('count', '+', 1) }))
    .where('key', 'in', [...new Set(keys)])
    .where('window_start', '=', String(current))
    .execute();
}

/** Forgets windows that can no longer weigh on a decision. */
export async function purgeRateWindows(db: Db, before: number): Promise<number> {
  const result = await db.deleteFrom('rate_windows').where('window_start', '<', String(before)).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Counts one request in a key's window and returns the count so far (one atomic statement). */
export async function incrementRateWindow(db: Db, key: string, windowStart: number): Promise<number> {
  const row = await db
    .insertInto('rate_windows')
    .values({ key, window_start: String(windowStart), count: 1 })
    .onConflict((oc) => oc.columns(['key', 'window_start']).doUpdateSet((eb) => ({ count: eb('rate_windows.count', '+', 1) })))
    .returning('count')
    .executeTakeFirstOrThrow();
  return row.count;
}

export async function readRateWindow(db: Db, key: string, windowStart: number): Promise<number> {
  const row = await db.selectFrom('rate_windows').select('count').where('key', '=', key).where('window_start', '=', String(windowStart)).executeTakeFirst();
  return row?.count ?? 0;
}
