import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { DomainError } from '../errors.ts';
import { takeFromWindowsMany } from '../system/rate-windows.ts';

export interface RateCheck {
  key: string;
  limit: number;
  scope: 'participant' | 'address';
}

interface Waiting {
  checks: RateCheck[];
  /** The time the request is decided at: given (tests), or the time its batch is sent. */
  now: number | null;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** A window is counted in this many buckets: a request is refused at most one bucket early (1 % of the window). */
export const BUCKETS_PER_WINDOW = 100;

/**
 * Where a request at `now` is counted: `current`, the start of its bucket (1/100 of the window), where it is charged.
 * It is decided by every bucket from one window before `current` to `current` (migration
 * 202612150410_rate_sliding_buckets), the oldest counted in full (`overlap` 1) although the last window covers only
 * part of it, so no window's length ever holds more than the limit. `retryAfterSeconds` is a hint, as before the end
 * of the fixed window `now` is in: units come back as the buckets they were charged in grow a window old, which may be
 * sooner or, after a burst late in the window, later (the whole budget is back a window after the last charge).
 */
export function windowAt(now: number, windowMs: number): { current: number; overlap: number; retryAfterSeconds: number } {
  const bucket = Math.max(1, Math.floor(windowMs / BUCKETS_PER_WINDOW));
  const current = now - (now % bucket);
  const fixedStart = now - (now % windowMs);
  return { current, overlap: 1, retryAfterSeconds: Math.max(1, Math.ceil((fixedStart + windowMs - now) / 1000)) };
}

/** The refusal of a request over its budget for `scope`. */
export function rateLimited(scope: RateCheck['scope'], retryAfterSeconds: number): DomainError {
  return new DomainError('rate_limited', 'rate_limited', `Too many requests from this ${scope}; try again in ${retryAfterSeconds} s`, {
    scope,
    retryAfterSeconds,
  });
}

/** Most requests one call decides: the database function walks them one by one, so this bounds its time. */
const MAX_BATCH = 500;

/**
 * Per-minute request budgets for the dialogue's participant routes, keyed by participant and by address, counted in
 * the database so that every process on it charges the same counters (kept in memory, N processes allowed N times
 * the budget). A sliding window counted in buckets of 1/100 of it (`windowAt`): no span of a window's length admits
 * more than the limit, and a request is refused at most one bucket earlier than an exact log would (the two-window
 * approximation used before let joins straddling a minute's end past the limit). A request is checked
 * against every key it concerns before any is charged, so a refused request costs nothing and writes nothing; the
 * rows of the keys are locked while deciding, so two processes charging one key at once cannot both take its last
 * unit.
 *
 * Votes do not come here: their budgets are decided by the vote writer in the same call that writes them
 * (vote-writer.ts). Requests are decided in batches, as the vote writer writes votes: whatever arrived while the previous call was
 * out goes in the next one, in arrival order, and the database decides them in that order. Under light load a batch
 * is one request (no added delay); under a flood one call and one commit serve hundreds. One call a request made
 * every vote of an address (one school's network, or a whole benchmark) wait for that address's lock through the
 * previous vote's commit: measured, the votes of every process queued on it (issue 17).
 */
export class WindowLimiter {
  private queue: Waiting[] = [];
  private running = false;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly windowMs = 60_000,
  ) {}

  /** Charges one request to every key, or throws `rate_limited` (charging none) if any key is over its limit. */
  take(checks: RateCheck[], now?: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ checks, now: now ?? null, resolve, reject });
      if (!this.running) {
        this.running = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        // One call decides requests of one instant: those with no time of their own, or the same given time.
        const now = this.queue[0].now ?? Date.now();
        let n = 0;
        while (n < this.queue.length && n < MAX_BATCH && (this.queue[n].now ?? now) === now) n++;
        await this.decide(this.queue.splice(0, n), now);
        // With the embedded database a call resolves in microtasks: a turn of the event loop lets the requests that
        // arrived meanwhile join the next batch (as in vote-writer.ts).
        await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      this.running = false;
    }
  }

  private async decide(batch: Waiting[], now: number): Promise<void> {
    const { current, overlap, retryAfterSeconds } = windowAt(now, this.windowMs);
    let outcomes: (number | null)[];
    try {
      outcomes = await takeFromWindowsMany(
        this.db,
        batch.map((w) => w.checks),
        current,
        this.windowMs,
        overlap,
      );
    } catch (error) {
      // One statement: nothing of the batch was charged.
      for (const waiting of batch) waiting.reject(error);
      return;
    }
    batch.forEach((waiting, i) => {
      const refused = outcomes[i];
      if (refused === null) return waiting.resolve();
      waiting.reject(rateLimited(waiting.checks[refused].scope, retryAfterSeconds));
    });
  }
}
