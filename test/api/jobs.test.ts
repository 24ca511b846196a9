import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/server/accounts/actor.ts';
import { createTestApp, type TestApp } from '../../src/server/testing.ts';

describe('jobs API', () => {
  let t: TestApp;
  let admin: { headers: Record<string, string> };
  let viewer: { headers: Record<string, string> };
  let doneId: string;
  let failedId: string;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.login(t.admin.username, t.admin.password);
    await t.ctx.accounts.createUser(systemActor('test'), {
      username: 'viewer1',
      displayName: 'Viewer',
      role: 'viewer',
      password: 'first password 123',
      mustChangePassword: false,
    });
    viewer = await t.login('viewer1', 'first password 123');
    t.ctx.jobs.register('test-ok', async () => ({ pages: 3 }));
    t.ctx.jobs.register('test-fail', async () => {
      throw new Error('the file is damaged');
    });
    doneId = await t.ctx.jobs.enqueue(t.ctx.db, 'test-ok', { secret: 'do not show' }, { subjectType: 'testcase', subjectId: 'item-1' });
    failedId = await t.ctx.jobs.enqueue(t.ctx.db, 'test-fail', {}, { subjectType: 'testcase', subjectId: 'item-1', maxAttempts: 1 });
    await t.ctx.jobs.drain();
  });
  afterAll(async () => t.close());

  it('lists the jobs of a subject with their state, result and failure reason, never the payload', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/jobs?subjectType=testcase&subjectId=item-1', headers: viewer.headers });
    expect(response.statusCode).toBe(200);
    const jobs = response.json().jobs as Array<Record<string, unknown>>;
    expect(jobs).toHaveLength(2);
    expect(jobs.find((j) => j.id === doneId)).toMatchObject({ kind: 'test-ok', state: 'done', result: { pages: 3 }, attempts: 1 });
    expect(jobs.find((j) => j.id === failedId)).toMatchObject({ state: 'failed', error: 'the file is damaged' });
    expect(response.body).not.toContain('do not show');
    expect(jobs[0]).not.toHaveProperty('payload');
  });

  it('shows one job by id', async () => {
    const response = await t.app.inject({ method: 'GET', url: `/api/jobs/${doneId}`, headers: viewer.headers });
    expect(response.statusCode).toBe(200);
    expect(response.json().job).toMatchObject({ id: doneId, state: 'done' });
  });

  it('answers the public with 401 and unknown or malformed ids with 404 or 400', async () => {
    expect((await t.app.inject({ method: 'GET', url: `/api/jobs/${doneId}` })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/api/jobs?subjectType=testcase&subjectId=item-1' })).statusCode).toBe(401);
    const unknown = await t.app.inject({ method: 'GET', url: '/api/jobs/00000000-0000-4000-8000-000000000000', headers: viewer.headers });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('not_found');
    const malformed = await t.app.inject({ method: 'GET', url: "/api/jobs/1'%20or%20'1'='1", headers: viewer.headers });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.code).toBe('invalid_request');
  });

  it('refuses a listing without a subject, with a hostile subject type, or an oversized id, and stores hostile ids as text', async () => {
    for (const query of ['', '?subjectType=testcase', '?subjectType=<script>&subjectId=x', `?subjectType=testcase&subjectId=${'x'.repeat(300)}`, '?subjectType=testcase&subjectId=x&limit=100000']) {
      const response = await t.app.inject({ method: 'GET', url: `/api/jobs${query}`, headers: viewer.headers });
      expect(response.statusCode, query).toBe(400);
      expect(response.json().error.code).toBe('invalid_request');
    }
    const hostile = "x'); drop table jobs; --";
    await t.ctx.jobs.enqueue(t.ctx.db, 'test-ok', {}, { subjectType: 'testcase', subjectId: hostile });
    const response = await t.app.inject({ method: 'GET', url: `/api/jobs?subjectType=testcase&subjectId=${encodeURIComponent(hostile)}`, headers: viewer.headers });
    expect(response.statusCode).toBe(200);
    expect(response.json().jobs).toHaveLength(1);
    const count = await sql<{ n: number }>`select count(*)::int as n from jobs`.execute(t.ctx.db);
    expect(count.rows[0].n).toBe(3);
  });

  it('hides jobs about a subject the user may not see when its module registers a guard', async () => {
    t.ctx.jobs.registerSubjectGuard('testcase', async (actor, id) => actor.kind === 'user' && (actor.role === 'admin' || id !== 'item-1'));
    const hidden = await t.app.inject({ method: 'GET', url: '/api/jobs?subjectType=testcase&subjectId=item-1', headers: viewer.headers });
    expect(hidden.json().jobs).toEqual([]);
    expect((await t.app.inject({ method: 'GET', url: `/api/jobs/${doneId}`, headers: viewer.headers })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: `/api/jobs/${doneId}`, headers: admin.headers })).statusCode).toBe(200);
  });

  it('lists the job endpoints in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/jobs', '/api/jobs/{id}']));
  });
});
