import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/server/accounts/actor.ts';
import { createTestApp, type TestApp } from '../../src/server/testing.ts';
import { hasShared, sharedPath } from '../shared-data.ts';

const SMALL = { burnin: 200, thinning: 5, samples: 200, chains: 2 };
const THREE_LISTS = 'A,B,C,count\n1,0,0,60\n0,1,0,50\n0,0,1,55\n1,1,0,20\n1,0,1,18\n0,1,1,16\n1,1,1,8\n';

describe('estimation API', () => {
  let t: TestApp;
  let admin: { headers: Record<string, string> };
  let viewer: { headers: Record<string, string> };
  let editor: { headers: Record<string, string> };

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.login(t.admin.username, t.admin.password);
    for (const role of ['viewer', 'editor'] as const) {
      await t.ctx.accounts.createUser(systemActor('test'), { username: `est-${role}`, displayName: role, role, password: `pw-${role}-long-enough-1`, mustChangePassword: false });
    }
    viewer = await t.login('est-viewer', 'pw-viewer-long-enough-1');
    editor = await t.login('est-editor', 'pw-editor-long-enough-1');
  });
  afterAll(async () => t.close());

  const post = (headers: Record<string, string>, payload: unknown) => t.app.inject({ method: 'POST', url: '/api/estimates', headers, payload: payload as Record<string, unknown> });
  const count = async () => (await sql<{ n: number }>`select count(*)::int as n from estimates`.execute(t.ctx.db)).rows[0].n;

  it('runs an estimate in the background, stores its report, audits the input hash, and serves the reports', async () => {
    const created = await post(editor.headers, { title: 'Three lists <b>test</b>', csv: THREE_LISTS, options: { methods: ['lcmcr', 'loglinear'], ...SMALL } });
    expect(created.statusCode).toBe(202);
    const { estimate } = created.json();
    expect(estimate.state).toBe('queued');
    expect(estimate.inputSha256).toMatch(/^[0-9a-f]{64}$/);
    await t.ctx.jobs.drain();
    const detail = (await t.app.inject({ method: 'GET', url: `/api/estimates/${estimate.id}`, headers: viewer.headers })).json();
    expect(detail.state).toBe('done');
    expect(detail.progress).toBe(1);
    expect(detail.result.observed).toBe(227);
    const lcmcr = detail.result.total.find((m: { method: string }) => m.method === 'lcmcr');
    expect(lcmcr.estimate).toBeGreaterThan(227);
    expect(lcmcr.posterior.length).toBeGreaterThan(0);
    expect(lcmcr.posterior.length).toBeLessThanOrEqual(2000);
    expect(lcmcr.diagnostics).toHaveProperty('rhat');
    const audit = await sql<{ details: { inputSha256: string } }>`select details from audit_events where action = 'estimate.created' and subject_id = ${estimate.id}`.execute(t.ctx.db);
    expect(audit.rows[0].details.inputSha256).toBe(estimate.inputSha256);

    const html = await t.app.inject({ method: 'GET', url: `/api/estimates/${estimate.id}/report`, headers: viewer.headers });
    expect(html.statusCode).toBe(200);
    expect(html.headers['content-type']).toMatch(/text\/html/);
    expect(html.body).not.toMatch(/<script/i);
    expect(html.body).toContain('&lt;b&gt;test&lt;/b&gt;');
    expect(html.body).toContain('Assumptions');
    const json = await t.app.inject({ method: 'GET', url: `/api/estimates/${estimate.id}/report.json`, headers: viewer.headers });
    expect(json.json().result.observed).toBe(227);
    const list = (await t.app.inject({ method: 'GET', url: '/api/estimates', headers: viewer.headers })).json();
    expect(list.estimates.map((e: { id: string }) => e.id)).toContain(estimate.id);
  });

  it.skipIf(!hasShared('data', 'mse', 'kosovo-4lists.csv'))('estimates the Kosovo table near the published figure', async () => {
    const csv = readFileSync(sharedPath('data', 'mse', 'kosovo-4lists.csv'), 'utf8');
    const created = await post(admin.headers, { title: 'Kosovo 1999', csv, options: { methods: ['lcmcr', 'dga'], ...SMALL } });
    expect(created.statusCode).toBe(202);
    await t.ctx.jobs.drain();
    const detail = (await t.app.inject({ method: 'GET', url: `/api/estimates/${created.json().estimate.id}`, headers: admin.headers })).json();
    expect(detail.state).toBe('done');
    expect(detail.result.lists).toEqual(['EXH', 'ABA', 'OSCE', 'HRW']);
    for (const m of detail.result.total) {
      // Ball et al. (2002) published about 10,400 killings; short chains may wander, so the check is loose.
      expect(m.estimate).toBeGreaterThan(detail.result.observed);
      expect(m.estimate).toBeLessThan(20_000);
    }
  });

  it('lets a viewer read but not create, and the public neither', async () => {
    const before = await count();
    const byViewer = await post(viewer.headers, { title: 'x', csv: THREE_LISTS });
    expect(byViewer.statusCode).toBe(403);
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/estimates' });
    expect(anonymous.statusCode).toBe(401);
    expect(await count()).toBe(before);
  });

  it('refuses bad tables with a 400 naming the line, and writes nothing', async () => {
    const before = await count();
    const cases: [string, RegExp][] = [
      ['A,count\n1,5\n', /list/i],
      ['A,B,count\n1,0,5\n0,1,-3\n1,1,2\n', /line 3/],
      ['A,B,count\n1,0,5\n1,0,6\n1,1,2\n', /line 3/],
      ['A,B,count\n1,0,five\n', /line 2/],
      ["A,B,count\n1,0,5\n0,1,'; drop table estimates; --\n", /line 3/],
    ];
    for (const [csv, message] of cases) {
      const response = await post(editor.headers, { title: 'bad', csv, options: { methods: ['chapman'] } });
      expect(response.statusCode, csv).toBe(400);
      expect(response.json().error.code).toBe('invalid_table');
      expect(response.json().error.message).toMatch(message);
    }
    expect(await count()).toBe(before);
  });

  it('refuses oversized tables, unknown options, unavailable inputs and missing estimates', async () => {
    const before = await count();
    const big = 'A,B,count\n' + '1,0,1\n'.repeat(200_000);
    expect([400, 413]).toContain((await post(editor.headers, { title: 'big', csv: big })).statusCode);
    const bad = await post(editor.headers, { title: 'x', csv: THREE_LISTS, options: { methods: ['magic'] } });
    expect(bad.statusCode).toBe(400);
    const extra = await post(editor.headers, { title: 'x', csv: THREE_LISTS, options: { burnin: -1 } });
    expect(extra.statusCode).toBe(400);
    // no linkage run has finished yet: nothing to build the table from
    const casualties = await post(editor.headers, { title: 'x', csv: '', inputKind: 'casualties' });
    expect(casualties.statusCode).toBe(404);
    expect(casualties.json().error.message).toMatch(/linkage run/i);
    const noMethod = await post(editor.headers, { title: 'x', csv: THREE_LISTS, options: { methods: ['chapman'] } });
    expect(noMethod.json().error.code).toBe('no_method_applies');
    const hostileTitle = await post(editor.headers, { title: '', csv: THREE_LISTS });
    expect(hostileTitle.statusCode).toBe(400);
    expect(await count()).toBe(before);
    const missing = await t.app.inject({ method: 'GET', url: '/api/estimates/00000000-0000-4000-8000-000000000000', headers: viewer.headers });
    expect(missing.statusCode).toBe(404);
    const notUuid = await t.app.inject({ method: 'GET', url: "/api/estimates/1'%20or%201=1", headers: viewer.headers });
    expect(notUuid.statusCode).toBe(400);
  });
});
