import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { addToWindow, windowCount } from '../system/rate-windows.ts';

type Result = { current: number; ttl: number };
type Callback = (error: Error | null, result?: Result) => void;

/**
 * The share of a route's limit a process may admit without asking the database (the slack S of docs/ARCHITECTURE.md,
 * "Rate limits counted in batches"). A limit under 1 / SLACK_SHARE (20 a window) gets no slack: every request is one
 * atomic upsert, as the login route's and the small limits of tests are.
 */
const SLACK_SHARE = 0.05;
/** Requests counted here and not yet in the database are written at the latest this long after the first of them. */
export const FLUSH_AFTER_MS = 1000;

/** One key's current window as this process sees it. */
interface Window {
  start: number;
  /** The database's count at this process's last write of the window (every process's requests). */
  known: number;
  /** Counted here, not yet acknowledged by the database (being written or waiting to be). */
  unacknowledged: number;
  /** Of those, not yet sent. */
  unsent: number;
  /** Requests waiting for the database's count, each with its place among the unsent (1-based). */
  waiting: Array<{ place: number; settle: (error: Error | null, count: number) => void }>;
  /** The write under way: a window's writes go one at a time, so each count includes every earlier write's. */
  writing: Promise<void> | null;
  timer: NodeJS.Timeout | null;
}

/**
 * A store for @fastify/rate-limit that counts in the database (table `rate_windows`), so a route's limit holds
 * across every process on it rather than per process. Fixed windows. The plugin makes the store with
 * `new Store(options)`, so the database is bound by a class made for it.
 *
 * Counting every anonymous page view with its own upsert cost each public page a round trip (20–35 ms at load 25), so
 * a request far from its limit is admitted on this process's own count (the database's count at the last write plus
 * what was counted here since), and the counts are written in batches: when a process holds S uncounted requests of a
 * key (S = 5 % of the limit), or a second after the first of them. Near the limit (this process's count above max − S),
 * or with S uncounted requests still unacknowledged, a request waits for its own upsert and is decided by the
 * database's count, as every request was before. One process is therefore exact; P processes admit at most about
 * 2·P·S more than the limit in a window (docs/ARCHITECTURE.md gives the reasoning).
 */
export function databaseRateStore(db: Kysely<Database>) {
  return class DatabaseRateStore {
    private readonly windows = new Map<string, Window>();

    constructor(
      _options?: unknown,
      private readonly prefix = 'http:',
    ) {}

    incr(key: string, done: Callback, timeWindow: number, max?: number): void {
      const now = Date.now();
      const start = now - (now % timeWindow);
      const ttl = start + timeWindow - now;
      const window = this.windowOf(key, start);
      const slack = Math.floor((max ?? 0) * SLACK_SHARE);
      window.unacknowledged += 1;
      window.unsent += 1;
      const estimate = window.known + window.unacknowledged;
      if (slack >= 1 && max !== undefined && estimate <= max - slack && window.unacknowledged <= slack) {
        done(null, { current: estimate, ttl });
        if (window.unsent >= slack) this.write(key, window);
        else window.timer ??= setTimeout(() => this.write(key, window), FLUSH_AFTER_MS).unref();
        return;
      }
      // Decided by the database's count: the request's place in the write that carries it (with every request counted
      // here and not yet sent), as if each had been its own upsert.
      window.waiting.push({
        place: window.unsent,
        settle: (error, count) => (error ? done(error, { current: 0, ttl: 0 }) : done(null, { current: count, ttl })),
      });
      this.write(key, window);
    }

    read(key: string, done: Callback, timeWindow: number): void {
      const now = Date.now();
      const start = now - (now % timeWindow);
      const window = this.windows.get(key);
      const local = window?.start === start ? window.unacknowledged : 0;
      windowCount(db, `${this.prefix}${key}`, start).then(
        (stored) => done(null, { current: stored + local, ttl: stored + local ? start + timeWindow - now : 0 }),
        (error: Error) => done(error, { current: 0, ttl: 0 }),
      );
    }

    /**
     * Each route with its own limit counts under its own prefix (method and URL pattern). The plugin passes the
     * merged limit options with `routeInfo` (the route, or {} for a limiter made in code), wider than its typings say.
     */
    child(routeOptions: object): DatabaseRateStore {
      const info = (routeOptions as { routeInfo?: { method?: unknown; url?: unknown } }).routeInfo ?? {};
      return new DatabaseRateStore(undefined, `${this.prefix}${String(info.method ?? '')} ${String(info.url ?? '')}:`);
    }

    /** The key's window starting at `start`; an older one is forgotten (its unsent counts no longer weigh on anything). */
    private windowOf(key: string, start: number): Window {
      const current = this.windows.get(key);
      if (current?.start === start) return current;
      if (current?.timer) clearTimeout(current.timer);
      if (this.windows.size > 10_000) this.forgetBefore(start);
      const fresh: Window = { start, known: 0, unacknowledged: 0, unsent: 0, waiting: [], writing: null, timer: null };
      this.windows.set(key, fresh);
      return fresh;
    }

    private forgetBefore(start: number): void {
      for (const [key, window] of this.windows) {
        if (window.start < start && !window.unsent) this.windows.delete(key);
      }
    }

    /**
     * Writes the window's unsent counts in one upsert, after the write under way if any, and tells each waiting request
     * its count: the database's count before this write plus its place in it.
     */
    private write(key: string, window: Window): void {
      if (window.timer) clearTimeout(window.timer);
      window.timer = null;
      if (window.writing) return; // the write under way starts the next one when it ends
      const sending = window.unsent;
      const waiting = window.waiting;
      if (!sending) return;
      window.unsent = 0;
      window.waiting = [];
      window.writing = addToWindow(db, `${this.prefix}${key}`, window.start, sending).then(
        (stored) => {
          window.unacknowledged -= sending;
          window.known = Math.max(window.known, stored);
          for (const w of waiting) w.settle(null, stored - sending + w.place);
        },
        (error: Error) => {
          // Not retried (a closed or unreachable database would be asked every second): the admitted requests of this
          // write go uncounted, at most the slack, and the waiting ones get the error, as their own upsert's would be.
          window.unacknowledged -= sending;
          for (const w of waiting) w.settle(error, 0);
        },
      );
      void window.writing.then(() => {
        window.writing = null;
        if (window.waiting.length || window.unsent >= 1) this.write(key, window);
      });
    }
  };
}
