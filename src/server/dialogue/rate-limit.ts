import { DomainError } from '../errors.ts';

/**
 * Per-minute request budgets for the dialogue's participant routes, keyed by participant and by address, in
 * memory. A sliding window approximated from two fixed windows (the previous minute weighted by how much of it
 * still overlaps), so a flood straddling a window boundary cannot get twice the budget. A request is checked
 * against every key it concerns before any is charged, so a refused request costs nothing and writes nothing.
 */
export class WindowLimiter {
  private readonly windows = new Map<string, { start: number; count: number; previous: number }>();

  constructor(private readonly windowMs = 60_000) {}

  /** Charges one request to every key, or throws `rate_limited` (charging none) if any key is over its limit. */
  take(checks: Array<{ key: string; limit: number; scope: 'participant' | 'address' }>, now = Date.now()): void {
    for (const check of checks) {
      const used = this.estimate(check.key, now);
      if (used >= check.limit) {
        const w = this.windows.get(check.key)!;
        const retryAfterSeconds = Math.max(1, Math.ceil((w.start + this.windowMs - now) / 1000));
        throw new DomainError('rate_limited', 'rate_limited', `Too many requests from this ${check.scope}; try again in ${retryAfterSeconds} s`, {
          scope: check.scope,
          retryAfterSeconds,
        });
      }
    }
    for (const check of checks) this.windows.get(check.key)!.count += 1;
    if (this.windows.size > 200_000) this.prune(now);
  }

  private estimate(key: string, now: number): number {
    let w = this.windows.get(key);
    const start = now - (now % this.windowMs);
    if (!w) {
      w = { start, count: 0, previous: 0 };
      this.windows.set(key, w);
    } else if (w.start !== start) {
      w.previous = w.start === start - this.windowMs ? w.count : 0;
      w.count = 0;
      w.start = start;
    }
    const overlap = 1 - (now - start) / this.windowMs;
    return w.count + w.previous * overlap;
  }

  private prune(now: number): void {
    for (const [key, w] of this.windows) if (now - w.start > 2 * this.windowMs) this.windows.delete(key);
  }
}
