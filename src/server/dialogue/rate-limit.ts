import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { DomainError } from '../errors.ts';
import { takeRateWindows } from '../system/repository.ts';

export interface RateCheck {
  key: string;
  limit: number;
  scope: 'participant' | 'address';
}

/**
 * Per-minute request budgets for the dialogue's participant routes, keyed by participant and by address, counted in
 * the database so that every process on it charges the same counters (kept in memory, N processes allowed N times
 * the budget). A sliding window approximated from two fixed windows (the previous one weighted by how much of it
 * still overlaps), so a flood straddling a window boundary cannot get twice the budget. A request is checked
 * against every key it concerns before any is charged, so a refused request costs nothing and writes nothing; the
 * rows of the keys are locked while deciding, so two processes charging one key at once cannot both take its last
 * unit. All of it is one call of a database function: a vote pays one round trip for its budgets, not five.
 */
export class WindowLimiter {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly windowMs = 60_000,
  ) {}

  /** Charges one request to every key, or throws `rate_limited` (charging none) if any key is over its limit. */
  async take(checks: RateCheck[], now = Date.now()): Promise<void> {
    const current = now - (now % this.windowMs);
    const overlap = 1 - (now - current) / this.windowMs;
    const refused = await takeRateWindows(this.db, checks, current, this.windowMs, overlap);
    if (refused === null) return;
    const retryAfterSeconds = Math.max(1, Math.ceil((current + this.windowMs - now) / 1000));
    throw new DomainError('rate_limited', 'rate_limited', `Too many requests from this ${checks[refused].scope}; try again in ${retryAfterSeconds} s`, {
      scope: checks[refused].scope,
      retryAfterSeconds,
    });
  }
}
