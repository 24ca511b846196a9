import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { giveBackToWindow, leaseFromWindow, windowCount } from '../system/rate-windows.ts';

type Result = { current: number; ttl: number };
type Callback = (error: Error | null, result?: Result) => void;

/**
 * The largest lease, as a share of a route's limit (a limit under 1 / LEASE_SHARE, 20 a window, leases one unit at a
 * time: every request is one statement, as the login route's and the small limits of tests are).
 */
const LEASE_SHARE = 0.05;
/**
 * A lease takes at most 1 / LEASE_DIVISOR of what the window has left (as this process last saw it), so the units
 * processes hold unspent shrink as the budget runs out, down to one unit a lease near the limit.
 */
const LEASE_DIVISOR = 4;
/** Leased units a process has not spent for this long are given back, so another process may spend them. */
export const GIVE_BACK_AFTER_MS = 1000;

interface Pending {
  done: Callback;
  ttl: number;
}

/** One key's current window as this process sees it. */
interface Window {
  start: number;
  timeWindow: number;
  max: number;
  /** Units leased from the database and not yet spent. */
  held: number;
  /** The window's count in the database after this process's last lease (every process's units). */
  known: number;
  /** The size of the next lease: 1 at first, doubling with each lease (so a lone request takes one unit). */
  next: number;
  /** Requests waiting for a lease, in arrival order. */
  waiting: Pending[];
  /** A lease under way: one at a time per key, so requests arriving meanwhile share the next one. */
  leasing: boolean;
  lastSpent: number;
  timer: NodeJS.Timeout | null;
}

/** A route's limit as a whole number of requests; 0 (admit nothing) for anything that is not at least 1. */
function usableMax(max: number): number {
  return max >= 1 ? Math.floor(max) : 0;
}

/**
 * Refuses, at start, a route whose limit is a number that is not a whole number of at least 1. @fastify/rate-limit
 * replaces a negative or non-finite `max` with its default of 1000 a window, so a limit computed wrongly (a setting
 * minus one, a division by zero) would silently admit a thousand requests; 0 or a share would admit none. Limits
 * given as functions are checked on each request instead (the store refuses every request when one is below 1).
 */
export function refuseInvalidRouteLimits(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    const limit = (route.config as { rateLimit?: unknown } | undefined)?.rateLimit;
    if (typeof limit !== 'object' || limit === null || !('max' in limit) || typeof limit.max === 'function') return;
    const { max } = limit;
    if (typeof max !== 'number' || !Number.isInteger(max) || max < 1) {
      const methods = Array.isArray(route.method) ? route.method.join(',') : route.method;
      throw new Error(`Route ${methods} ${route.url}: its rate limit (config.rateLimit.max) must be a whole number of at least 1, not ${String(max)}`);
    }
  });
}

/**
 * A store for @fastify/rate-limit that counts in the database (table `rate_windows`), so a route's limit holds across
 * every process on it rather than per process. Fixed windows. The plugin makes the store with `new Store(options)`, so
 * the database is bound by a class made for it.
 *
 * A process admits a request only with a unit of the window's budget it has leased from the database
 * (reckon_rate_lease: one statement grants up to the units asked for and never counts past the limit), so the limit
 * is exact across any number of processes: no window admits more than its limit. Leases are small where it matters:
 * the first of a window is one unit, each next doubles, up to 5 % of the limit and a quarter of what the window has
 * left, so near the limit every request is its own lease, and a lone request costs one statement as before. Units a
 * process has not spent for a second are given back. So the requests refused while the limit is not reached are at
 * most the units other processes hold unspent, for at most a second. docs/ARCHITECTURE.md gives the reasoning.
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
      // A limit computed per request that is not a finite number fails the request closed (the plugin would compare
      // with NaN and admit it); one below 1 (0, a share, negative) admits nothing: its window is made with max 0.
      if (typeof max !== 'number' || !Number.isFinite(max)) {
        done(new Error(`a route's rate limit is not a finite number: ${String(max)}`), { current: 0, ttl: 0 });
        return;
      }
      const window = this.windowOf(key, start, timeWindow, usableMax(max));
      if (window.held > 0 && window.waiting.length === 0) {
        window.held -= 1;
        window.lastSpent = now;
        done(null, { current: Math.min(window.max, window.known - window.held), ttl });
        return;
      }
      window.waiting.push({ done, ttl });
      this.lease(key, window);
    }

    read(key: string, done: Callback, timeWindow: number): void {
      const now = Date.now();
      const start = now - (now % timeWindow);
      const window = this.windows.get(key);
      const held = window?.start === start ? window.held : 0;
      windowCount(db, `${this.prefix}${key}`, start).then(
        (stored) => {
          const current = Math.max(0, stored - held);
          done(null, { current, ttl: current ? start + timeWindow - now : 0 });
        },
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

    /** The key's window starting at `start`; an older one is forgotten (its unspent units can no longer be spent). */
    private windowOf(key: string, start: number, timeWindow: number, max: number): Window {
      const current = this.windows.get(key);
      if (current?.start === start) return current;
      if (current?.timer) clearTimeout(current.timer);
      if (this.windows.size > 10_000) this.forgetBefore(start);
      const fresh: Window = { start, timeWindow, max, held: 0, known: 0, next: 1, waiting: [], leasing: false, lastSpent: 0, timer: null };
      this.windows.set(key, fresh);
      return fresh;
    }

    private forgetBefore(start: number): void {
      for (const [key, window] of this.windows) {
        if (window.start < start && !window.leasing && !window.waiting.length) {
          if (window.timer) clearTimeout(window.timer);
          this.windows.delete(key);
        }
      }
    }

    /** The units the next lease asks for: every waiting request, plus spares while the budget is far from spent. */
    private wanted(window: Window): number {
      const cap = Math.max(1, Math.floor(window.max * LEASE_SHARE));
      const left = Math.max(0, window.max - window.known);
      const spare = Math.max(1, Math.min(window.next, cap, Math.floor(left / LEASE_DIVISOR)));
      return Math.max(window.waiting.length, spare);
    }

    /**
     * Leases units for the waiting requests (one lease at a time per key; the requests arriving meanwhile wait for the
     * next), then serves them in order: each granted unit admits one, the rest are refused (the budget is spent).
     */
    private lease(key: string, window: Window): void {
      if (window.leasing) return;
      if (window.max === 0) {
        for (const w of window.waiting.splice(0)) w.done(null, { current: 1, ttl: w.ttl });
        return;
      }
      window.leasing = true;
      const wanted = this.wanted(window);
      const asked = window.waiting.length;
      window.next = Math.min(window.next * 2, Math.max(1, Math.floor(window.max * LEASE_SHARE)));
      leaseFromWindow(db, `${this.prefix}${key}`, window.start, wanted, window.max).then(
        ({ count, granted }) => {
          window.leasing = false;
          window.known = Math.max(window.known, count);
          window.held += granted;
          const now = Date.now();
          // The requests this lease asked for are admitted or, past the units granted, refused (the budget is spent);
          // those that arrived while it was out are admitted from what is left, or wait for the next lease.
          for (const [i, w] of window.waiting.splice(0).entries()) {
            if (window.held > 0) {
              window.held -= 1;
              window.lastSpent = now;
              w.done(null, { current: Math.min(window.max, window.known - window.held), ttl: w.ttl });
            } else if (i < asked) {
              w.done(null, { current: window.max + 1, ttl: w.ttl });
            } else {
              window.waiting.push(w);
            }
          }
          if (window.waiting.length) this.lease(key, window);
          else if (window.held > 0) this.giveBackWhenIdle(key, window);
        },
        (error: Error) => {
          // Nothing was leased: the waiting requests get the error, as their own statement's would be.
          window.leasing = false;
          for (const w of window.waiting.splice(0)) w.done(error, { current: 0, ttl: 0 });
        },
      );
    }

    /** Gives the window's unspent units back once none has been spent for GIVE_BACK_AFTER_MS (while the window lasts). */
    private giveBackWhenIdle(key: string, window: Window): void {
      if (window.timer) return;
      const check = () => {
        window.timer = null;
        const now = Date.now();
        if (window.held === 0 || now >= window.start + window.timeWindow || this.windows.get(key) !== window) return;
        const idle = now - window.lastSpent;
        if (idle < GIVE_BACK_AFTER_MS) {
          window.timer = setTimeout(check, GIVE_BACK_AFTER_MS - idle).unref();
          return;
        }
        const n = window.held;
        window.held = 0;
        window.known = Math.max(0, window.known - n);
        window.next = 1;
        // Not retried: a failed give-back leaves units counted that nobody spent, so the window admits fewer, never more.
        giveBackToWindow(db, `${this.prefix}${key}`, window.start, n).catch(() => undefined);
      };
      window.timer = setTimeout(check, GIVE_BACK_AFTER_MS).unref();
    }
  };
}
