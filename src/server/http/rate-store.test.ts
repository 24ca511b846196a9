import fastifyRateLimit from '@fastify/rate-limit';
import Fastify from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DatabaseHandle } from '../db/connect.ts';
import { openTestDatabase, testEngine } from '../db/testing.ts';
import { sql } from 'kysely';
import { databaseRateStore, GIVE_BACK_AFTER_MS, refuseInvalidRouteLimits } from './rate-store.ts';

describe(`route rate limits counted in the database (${testEngine()})`, () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase();
  });
  afterAll(async () => handle.close());
  afterEach(() => vi.useRealTimers());
  /**
   * Fixes the clock 1 s into a minute, so a test's requests cannot straddle a window's end (timers stay real);
   * `later` moves it on.
   */
  const clockAt = (later = 0) => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(1_800_000_000_000 + 1_000 + later);
  };

  /** One "process": its own Fastify app, sharing only the database with the others. */
  const processApp = async () => {
    const app = Fastify();
    await app.register(fastifyRateLimit, { global: false, store: databaseRateStore(handle.db) });
    app.post('/api/limited', { config: { rateLimit: { max: 5, timeWindow: 60_000 } } }, async () => ({ ok: true }));
    app.post('/api/other', { config: { rateLimit: { max: 5, timeWindow: 60_000 } } }, async () => ({ ok: true }));
    // A limit of 100 leases at most 5 units at a time, one of 300 at most 15 (see rate-store.ts).
    app.get('/api/batched', { config: { rateLimit: { max: 100, timeWindow: 60_000 } } }, async () => ({ ok: true }));
    app.get('/api/big', { config: { rateLimit: { max: 300, timeWindow: 60_000 } } }, async () => ({ ok: true }));
    await app.ready();
    return app;
  };

  it('holds a route limit across three processes, and counts each route on its own', async () => {
    const apps = await Promise.all([processApp(), processApp(), processApp()]);
    try {
      const answers = await Promise.all(
        Array.from({ length: 12 }, (_, i) => apps[i % 3].inject({ method: 'POST', url: '/api/limited', remoteAddress: '10.1.2.3' })),
      );
      expect(answers.filter((a) => a.statusCode === 200)).toHaveLength(5);
      expect(answers.filter((a) => a.statusCode === 429)).toHaveLength(7);
      const limited = answers.find((a) => a.statusCode === 429)!;
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      // Another address, and another route for the same address, have their own budgets.
      expect((await apps[1].inject({ method: 'POST', url: '/api/limited', remoteAddress: '10.9.9.9' })).statusCode).toBe(200);
      expect((await apps[2].inject({ method: 'POST', url: '/api/other', remoteAddress: '10.1.2.3' })).statusCode).toBe(200);
    } finally {
      await Promise.all(apps.map((a) => a.close()));
    }
  });

  const stored = async (address: string, route = 'GET /api/batched') =>
    (await sql<{ n: number }>`select coalesce(sum(count), 0)::int as n from rate_windows where key = ${`http:${route}:${address}`}`.execute(handle.db)).rows[0]
      .n;
  const batch = (app: Awaited<ReturnType<typeof processApp>>, address: string, n: number, url = '/api/batched') =>
    Promise.all(Array.from({ length: n }, () => app.inject({ method: 'GET', url, remoteAddress: address })));
  const admittedOf = (answers: Array<{ statusCode: number }>) => answers.filter((a) => a.statusCode === 200).length;

  it('leases a large limit in blocks, exactly in one process: the limit holds and the database counts what was admitted', async () => {
    const app = await processApp();
    clockAt();
    try {
      const answers = [];
      for (let i = 0; i < 13; i++) answers.push(...(await batch(app, '10.2.0.1', 10)));
      expect(admittedOf(answers)).toBe(100);
      expect(answers.filter((a) => a.statusCode === 429)).toHaveLength(30);
      expect(Number(answers.find((a) => a.statusCode === 429)!.headers['retry-after'])).toBeGreaterThan(0);
      // The window's count is the units leased: the limit, never more.
      expect(await stored('10.2.0.1')).toBe(100);
      // Leases grow 1, 2, 4, 5 (5 % of 100): eight requests one after the other take four leases, and the units
      // leased and not spent are given back after GIVE_BACK_AFTER_MS, so the window counts what was admitted.
      for (let i = 0; i < 8; i++) expect((await app.inject({ method: 'GET', url: '/api/batched', remoteAddress: '10.2.0.2' })).statusCode).toBe(200);
      expect(await stored('10.2.0.2')).toBe(1 + 2 + 4 + 5);
      clockAt(GIVE_BACK_AFTER_MS + 1);
      await new Promise((resolve) => setTimeout(resolve, GIVE_BACK_AFTER_MS + 400));
      expect(await stored('10.2.0.2')).toBe(8);
    } finally {
      await app.close();
    }
  });

  it('holds a large limit exactly across three processes under concurrent requests, and no unit is lost', async () => {
    const apps = await Promise.all([processApp(), processApp(), processApp()]);
    clockAt(10_000);
    try {
      const answers = [];
      // 300 requests for a limit of 300 (the public limit's order), 100 through each process, all at once; then a
      // flood past it. On PostgreSQL the processes' leases run on separate connections at the same time.
      answers.push(...(await Promise.all(apps.map((app) => batch(app, '10.3.0.1', 100, '/api/big')))).flat());
      for (let i = 0; i < 6; i++) answers.push(...(await Promise.all(apps.map((app) => batch(app, '10.3.0.1', 25, '/api/big')))).flat());
      const admitted = admittedOf(answers);
      expect(admitted).toBeLessThanOrEqual(300);
      expect(await stored('10.3.0.1', 'GET /api/big')).toBe(300);
      // Some units may be held by a process that a later request did not reach; given back, they are admitted.
      clockAt(10_000 + GIVE_BACK_AFTER_MS + 1);
      await new Promise((resolve) => setTimeout(resolve, GIVE_BACK_AFTER_MS + 400));
      const late = (await Promise.all(apps.map((app) => batch(app, '10.3.0.1', 10, '/api/big')))).flat();
      expect(admitted + admittedOf(late)).toBe(300);
    } finally {
      await Promise.all(apps.map((a) => a.close()));
    }
  });

  it('fails closed on a database error and counts nothing for it', async () => {
    const Store = databaseRateStore(handle.db);
    const store = new Store();
    const answer = await new Promise<{ error: Error | null; current?: number }>((resolve) =>
      // A NUL byte cannot be stored in text: the lease fails, and the request gets the error, not an admission.
      store.incr('bad\u0000key', (error, result) => resolve({ error, current: result?.current }), 60_000, 300),
    );
    expect(answer.error).toBeInstanceOf(Error);
    // The next request of a good key is decided as usual.
    const good = await new Promise<number | undefined>((resolve) => store.incr('good', (_e, r) => resolve(r?.current), 60_000, 300));
    expect(good).toBe(1);
  });
  it('refuses at start a route whose limit is not a whole number of at least 1 (the plugin would make it 1000)', async () => {
    for (const max of [0, -1, 0.5, 2.5, Number.NaN, Number.POSITIVE_INFINITY, '10']) {
      const app = Fastify();
      refuseInvalidRouteLimits(app);
      await app.register(fastifyRateLimit, { global: false, store: databaseRateStore(handle.db) });
      // Registered in a plugin, as the modules' routes are: the error stops the app's start.
      app.register(async (scope) => {
        scope.get('/api/wrong', { config: { rateLimit: { max: max as number, timeWindow: 60_000 } } }, async () => ({ ok: true }));
      });
      await expect(app.ready()).rejects.toThrow(
        `Route GET /api/wrong: its rate limit (config.rateLimit.max) must be a whole number of at least 1, not ${String(max)}`,
      );
      await app.close().catch(() => undefined);
    }
    // Good limits, limits computed per request and routes without a limit start.
    const app = Fastify();
    refuseInvalidRouteLimits(app);
    await app.register(fastifyRateLimit, { global: false, store: databaseRateStore(handle.db) });
    app.get('/api/one', { config: { rateLimit: { max: 1, timeWindow: 60_000 } } }, async () => ({ ok: true }));
    app.get('/api/computed', { config: { rateLimit: { max: () => 3, timeWindow: 60_000 } } }, async () => ({ ok: true }));
    app.get('/api/free', async () => ({ ok: true }));
    await app.ready();
    await app.close();
  });

  it('admits nothing on a limit computed below 1 and fails closed on one that is not a number, counting nothing', async () => {
    const app = Fastify();
    await app.register(fastifyRateLimit, { global: false, store: databaseRateStore(handle.db) });
    const limits: Record<string, () => number> = {
      zero: () => 0,
      share: () => 0.5,
      negative: () => -3,
      nan: () => Number.NaN,
      infinite: () => Infinity,
      fraction: () => 2.9,
    };
    for (const [name, max] of Object.entries(limits))
      app.get(`/api/computed-${name}`, { config: { rateLimit: { max, timeWindow: 60_000 } } }, async () => ({ ok: true }));
    await app.ready();
    clockAt(20_000);
    try {
      const statuses = async (name: string) =>
        (await Promise.all(Array.from({ length: 4 }, () => app.inject({ method: 'GET', url: `/api/computed-${name}`, remoteAddress: '10.4.0.1' })))).map(
          (a) => a.statusCode,
        );
      for (const name of ['zero', 'share', 'negative']) expect(await statuses(name)).toEqual([429, 429, 429, 429]);
      // Not a number: the request fails (500) rather than being admitted by a comparison with NaN.
      for (const name of ['nan', 'infinite']) expect(await statuses(name)).toEqual([500, 500, 500, 500]);
      // A share above 1 counts as the whole number below it.
      expect((await statuses('fraction')).sort()).toEqual([200, 200, 429, 429]);
      for (const name of ['zero', 'share', 'negative', 'nan', 'infinite']) expect(await stored('10.4.0.1', `GET /api/computed-${name}`)).toBe(0);
      expect(await stored('10.4.0.1', 'GET /api/computed-fraction')).toBe(2);
    } finally {
      await app.close();
    }
  });
});
