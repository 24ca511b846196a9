import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import * as repo from './repository.ts';

/**
 * Rate windows, the counters every module's limits share (submissions, the HTTP rate limiter, dialogue votes). Other
 * modules call these, not the system repository (docs/ARCHITECTURE.md, "Layers the tools enforce"). A window is a
 * key and the start of a fixed period (milliseconds since the epoch); its rows are purged by the scheduler.
 */
type Db = Kysely<Database>;

/** Counts one request in a key's window and returns the count so far (one atomic statement). */
export function countInWindow(db: Db, key: string, windowStart: number): Promise<number> {
  return repo.incrementRateWindow(db, key, windowStart);
}

/**
 * Takes up to `wanted` units of a key's window budget of `max` for this process to spend (one atomic statement): the
 * units granted and the window's count after. A window's count is then the units leased, never past max.
 */
export function leaseFromWindow(db: Db, key: string, windowStart: number, wanted: number, max: number): Promise<{ count: number; granted: number }> {
  return repo.leaseRateWindow(db, key, windowStart, wanted, max);
}

/** Gives leased units this process did not spend back to the key's window. */
export function giveBackToWindow(db: Db, key: string, windowStart: number, n: number): Promise<void> {
  return repo.returnToRateWindow(db, key, windowStart, n);
}

/** The count of a key's window so far (0 when nothing was counted). */
export function windowCount(db: Db, key: string, windowStart: number): Promise<number> {
  return repo.readRateWindow(db, key, windowStart);
}

/**
 * Decides many requests' budgets in one round trip, in order, as that many single checks in a row would: for each
 * request null when it was charged to every key's current window, or the position (0-based) of its first check over
 * its limit (`count + previous × overlap ≥ limit`), having charged none.
 */
export function takeFromWindowsMany(
  db: Db,
  requests: readonly (readonly { key: string; limit: number }[])[],
  current: number,
  windowMs: number,
  overlap: number,
): Promise<(number | null)[]> {
  return repo.takeRateWindowsMany(db, requests, current, windowMs, overlap);
}
