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

/** The count of a key's window so far (0 when nothing was counted). */
export function windowCount(db: Db, key: string, windowStart: number): Promise<number> {
  return repo.readRateWindow(db, key, windowStart);
}

/**
 * Charges one request to every key's current window, or charges none and returns the position (0-based) of the
 * first check over its limit (`count + previous × overlap ≥ limit`); null when all were charged.
 */
export function takeFromWindows(
  db: Db,
  checks: readonly { key: string; limit: number }[],
  current: number,
  windowMs: number,
  overlap: number,
): Promise<number | null> {
  return repo.takeRateWindows(db, checks, current, windowMs, overlap);
}
