import fastifyRateLimit from '@fastify/rate-limit';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/connect.ts';
import { openTestDatabase, testEngine } from '../db/testing.ts';
import { sql } from 'kysely';
import { databaseRateStore, FLUSH_AFTER_MS } from './rate-store.ts';

describe(`route rate limits counted in the database (${testEngine()})`, () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase();
  });
  afterAll(async () => handle.close());

  /** One "process": its own Fastify app, sharing only the database with the others. */
  const processApp = async () => {
    const app = Fastify();
    await app.register(fastifyRateLimit, { global: false, store: databaseRateStore(handle.db) });
    app.post('/api/limited', { config: { rateLimit: { max: 5, timeWindow: 60_000 } } }, async () => ({ ok: true }));
    app.post('/api/other', { config: { rateLimit: { max: 5, timeWindow: 60_000 } } }, async () => ({ ok: true }));
    // A limit of 100 has a slack of 5: requests far from it are counted in batches (see rate-store.ts).
    app.get('/api/batched', { config: { rateLimit: { max: 100, timeWindow: 60_000 } } }, async () => ({ ok: true }));
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

  const stored = async (address: string) =>
    (await sql<{ n: number }>`select coalesce(sum(count), 0)::int as n from rate_windows where key = ${`http:GET /api/batched:${address}`}`.execute(handle.db))
      .rows[0].n;
  const batch = (app: Awaited<ReturnType<typeof processApp>>, address: string, n: number) =>
    Promise.all(Array.from({ length: n }, () => app.inject({ method: 'GET', url: '/api/batched', remoteAddress: address })));

  it('counts a large limit in batches, exactly in one process: the limit holds and every request reaches the database', async () => {
    const app = await processApp();
    try {
      const answers = [];
      for (let i = 0; i < 13; i++) answers.push(...(await batch(app, '10.2.0.1', 10)));
      expect(answers.filter((a) => a.statusCode === 200)).toHaveLength(100);
      expect(answers.filter((a) => a.statusCode === 429)).toHaveLength(30);
      // Near the limit every request is an upsert, so nothing is left unwritten at the end.
      expect(await stored('10.2.0.1')).toBe(130);
      // Far from it, three requests are admitted without a write, then written together within FLUSH_AFTER_MS.
      await batch(app, '10.2.0.2', 3);
      expect(await stored('10.2.0.2')).toBeLessThan(3);
      await new Promise((resolve) => setTimeout(resolve, FLUSH_AFTER_MS + 300));
      expect(await stored('10.2.0.2')).toBe(3);
    } finally {
      await app.close();
    }
  });

  it('holds a large limit across three processes within the documented bound (2 × processes × slack)', async () => {
    const apps = await Promise.all([processApp(), processApp(), processApp()]);
    try {
      const answers = [];
      for (let i = 0; i < 20; i++) answers.push(...(await Promise.all(apps.map((app) => batch(app, '10.3.0.1', 5)))).flat());
      const admitted = answers.filter((a) => a.statusCode === 200).length;
      expect(admitted).toBeGreaterThanOrEqual(100);
      expect(admitted).toBeLessThanOrEqual(100 + 2 * 3 * 5);
      expect(answers.filter((a) => a.statusCode === 429).length).toBe(300 - admitted);
    } finally {
      await Promise.all(apps.map((a) => a.close()));
    }
  });
});
