import fastifyRateLimit from '@fastify/rate-limit';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/connect.ts';
import { openTestDatabase, testEngine } from '../db/testing.ts';
import { databaseRateStore } from './rate-store.ts';

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
    await app.ready();
    return app;
  };

  it('holds a route limit across three processes, and counts each route on its own', async () => {
    const apps = await Promise.all([processApp(), processApp(), processApp()]);
    try {
      const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => apps[i % 3].inject({ method: 'POST', url: '/api/limited', remoteAddress: '10.1.2.3' })));
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
});
