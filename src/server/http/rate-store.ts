import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { countInWindow, windowCount } from '../system/rate-windows.ts';

type Result = { current: number; ttl: number };
type Callback = (error: Error | null, result?: Result) => void;

/**
 * A store for @fastify/rate-limit that counts in the database (table `rate_windows`), so a route's limit holds
 * across every process on it rather than per process. Fixed windows, one atomic upsert per request. The plugin
 * makes the store with `new Store(options)`, so the database is bound by a class made for it.
 */
export function databaseRateStore(db: Kysely<Database>) {
  return class DatabaseRateStore {
    constructor(
      _options?: unknown,
      private readonly prefix = 'http:',
    ) {}

    incr(key: string, done: Callback, timeWindow: number): void {
      const now = Date.now();
      const start = now - (now % timeWindow);
      countInWindow(db, `${this.prefix}${key}`, start).then(
        (current) => done(null, { current, ttl: start + timeWindow - now }),
        (error: Error) => done(error, { current: 0, ttl: 0 }),
      );
    }

    read(key: string, done: Callback, timeWindow: number): void {
      const now = Date.now();
      const start = now - (now % timeWindow);
      windowCount(db, `${this.prefix}${key}`, start).then(
        (current) => done(null, { current, ttl: current ? start + timeWindow - now : 0 }),
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
  };
}
