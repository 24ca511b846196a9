import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/server/accounts/actor.ts';
import { estimatePublicationRefusal } from '../../src/server/estimation/publication-check.ts';
import { createTestApp, type TestApp } from '../../src/server/testing.ts';

// Chains far too short to converge, on purpose: 2 chains × 20 draws with no burn-in.
const SHORT = { burnin: 0, thinning: 1, samples: 20, chains: 2 };
const THREE_LISTS = 'A,B,C,count\n1,0,0,60\n0,1,0,50\n0,0,1,55\n1,1,0,20\n1,0,1,18\n0,1,1,16\n1,1,1,8\n';

describe('estimation API: defaults, convergence, draws and the publication override', () => {
  let t: TestApp;
  let viewer: { headers: Record<string, string> };
  let editor: { headers: Record<string, string> };

  beforeAll(async () => {
    t = await createTestApp();
    for (const role of ['viewer', 'editor'] as const) {
      await t.ctx.accounts.createUser(systemActor('test'), {
        username: `conv-${role}`,
        displayName: role,
        role,
        password: `pw-${role}-long-enough-1`,
        mustChangePassword: false,
      });
    }
    viewer = await t.login('conv-viewer', 'pw-viewer-long-enough-1');
    editor = await t.login('conv-editor', 'pw-editor-long-enough-1');
  });
  afterAll(async () => t.close());

  const post = (headers: Record<string, string>, url: string, payload: unknown) =>
    t.app.inject({ method: 'POST', url, headers, payload: payload as Record<string, unknown> });
  const get = (url: string) => t.app.inject({ method: 'GET', url, headers: viewer.headers });
  const run = async (options: Record<string, unknown>) => {
    const created = await post(editor.headers, '/api/estimates', { title: 'convergence test', csv: THREE_LISTS, options });
    expect(created.statusCode).toBe(202);
    await t.ctx.jobs.drain();
    return (await get(`/api/estimates/${created.json().estimate.id}`)).json();
  };

  it('serves the one set of defaults: HRDAG production settings and the documented convergence rule', async () => {
    const res = await get('/api/estimates/defaults');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.defaults).toMatchObject({ chains: 3, burnin: 10_000, thinning: 500, samples: 1000, prior: '1/N', criterion: 'aic' });
    expect(body.convergence).toMatchObject({ rhatBelow: 1.05, essAtLeast: 400 });
    expect((await t.app.inject({ method: 'GET', url: '/api/estimates/defaults' })).statusCode).toBe(401);
  });

  it('marks a run that did not converge everywhere: summary, report JSON, HTML; refuses publication until a person gives a reason', async () => {
    const detail = await run({ methods: ['lcmcr', 'dga'], ...SHORT, classes: 4, delta: 0.25, prior: '1/N^2' });
    expect(detail.state).toBe('done');
    expect(detail.converged).toBe(false);
    expect(detail.reportVersion).toBe(2);
    const lcmcr = detail.result.total.find((m: { method: string }) => m.method === 'lcmcr');
    expect(lcmcr.convergence.converged).toBe(false);
    expect(lcmcr.convergence.reasons.join(' ')).toMatch(/effectively independent draws/);
    expect(lcmcr.warnings.join(' ')).toMatch(/NOT CONVERGED/);
    expect(lcmcr.diagnostics.maxClasses).toBe(4);
    expect(lcmcr.diagnostics.occupiedClassesMax).toBeLessThanOrEqual(4);
    expect(lcmcr.perChain).toHaveLength(2);
    expect(lcmcr.chainDraws.map((c: number[]) => c.length)).toEqual([20, 20]);
    const dga = detail.result.total.find((m: { method: string }) => m.method === 'dga');
    expect(dga.pointEstimate).toMatch(/^Bayes estimate/);
    expect(dga.diagnostics).toMatchObject({ delta: 0.25, prior: '1/N^2' });
    expect(typeof dga.diagnostics.median).toBe('number');
    expect(dga.diagnostics.topModel).toMatch(/independence|[ABC]–[ABC]/);
    const list = (await get('/api/estimates')).json().estimates.find((e: { id: string }) => e.id === detail.id);
    expect(list.converged).toBe(false);

    const html = (await get(`/api/estimates/${detail.id}/report`)).body;
    expect(html).toContain('NOT CONVERGED');
    expect(html).toMatch(/hyper-Dirichlet δ = 0\.2500, prior on N 1\/N\^2/);
    expect(html).toContain('posterior median');

    const row = await t.ctx.db.selectFrom('estimates').select(['result', 'convergence_override']).where('id', '=', detail.id).executeTakeFirstOrThrow();
    expect(estimatePublicationRefusal(row)?.code).toBe('estimate_not_converged');

    // The publication step refuses it, with the reasons, until a person records why it may be published anyway.
    const publish = async () => {
      const preview = (await t.app.inject({ method: 'GET', url: `/api/publication/estimate/${detail.id}`, headers: editor.headers })).json();
      return post(editor.headers, `/api/publication/estimate/${detail.id}/public`, { digest: preview.disclosure.digest });
    };
    const preview = (await t.app.inject({ method: 'GET', url: `/api/publication/estimate/${detail.id}`, headers: editor.headers })).json();
    expect(preview.disclosure.refusal.code).toBe('estimate_not_converged');
    expect(preview.disclosure.refusal.message).toMatch(/did not converge/);
    const refused = await publish();
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('estimate_not_converged');

    const url = `/api/estimates/${detail.id}/convergence-override`;
    expect((await post(viewer.headers, url, { reason: 'I looked at the trace plots' })).statusCode).toBe(403);
    expect((await post(editor.headers, url, { reason: 'short' })).statusCode).toBe(400);
    expect((await post(editor.headers, url, { reason: 'a reason with a NUL \u0000 byte' })).statusCode).toBe(400);
    expect((await post(editor.headers, url, { reason: 'a lone surrogate \ud800 here' })).statusCode).toBe(400);
    expect((await post(editor.headers, url, { reason: 'x'.repeat(2001) })).statusCode).toBe(400);
    const ok = await post(editor.headers, url, { reason: 'Checked by hand: <script>alert(1)</script> the chains agree on the order of magnitude' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().convergenceOverride.reason).toContain('Checked by hand');
    expect((await post(editor.headers, url, { reason: 'a second reason, too late' })).statusCode).toBe(409);
    const after = await t.ctx.db.selectFrom('estimates').select(['result', 'convergence_override']).where('id', '=', detail.id).executeTakeFirstOrThrow();
    expect(estimatePublicationRefusal(after)).toBeNull();
    const audit = await sql<{
      details: { reason: string; unconverged: unknown[] };
    }>`select details from audit_events where action = 'estimate.convergence_overridden' and subject_id = ${detail.id}`.execute(t.ctx.db);
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0].details.unconverged.length).toBeGreaterThan(0);
    expect((await publish()).statusCode).toBe(200);
    const htmlAfter = (await get(`/api/estimates/${detail.id}/report`)).body;
    expect(htmlAfter).toContain('Override recorded');
    expect(htmlAfter).not.toContain('<script>alert');
  });

  it('serves every posterior draw as CSV: each LCMCR chain with its occupied classes, and dga draws', async () => {
    const detail = await run({ methods: ['lcmcr', 'dga'], ...SHORT });
    const res = await get(`/api/estimates/${detail.id}/draws.csv`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/csv/);
    const lines = res.body.trim().split('\n');
    expect(lines[0]).toBe('stratum,method,chain,draw,N,occupied_classes');
    const lcmcr = lines.filter((l) => l.startsWith('all,lcmcr,'));
    expect(lcmcr).toHaveLength(40);
    for (const l of lcmcr) expect(l).toMatch(/^all,lcmcr,[12],\d+,\d+,\d+$/);
    expect(lines.filter((l) => l.startsWith('all,dga,,')).length).toBeGreaterThan(0);
    expect((await get('/api/estimates/00000000-0000-4000-8000-000000000000/draws.csv')).statusCode).toBe(404);
  });

  it('runs a hand-chosen log-linear model and refuses a malformed or hostile one before queuing anything', async () => {
    const detail = await run({ methods: ['loglinear'], model: 'A×B, B*C', criterion: 'bic' });
    const ll = detail.result.total[0];
    expect(ll.diagnostics.model).toBe('[A×B, B×C]');
    expect(ll.diagnostics.criterion).toMatch(/chosen by hand/);
    expect(detail.converged).toBeNull();
    const override = await post(editor.headers, `/api/estimates/${detail.id}/convergence-override`, { reason: 'nothing to override here' });
    expect(override.statusCode).toBe(409);
    expect(override.json().error.code).toBe('estimate_converged');

    const before = (await sql<{ n: number }>`select count(*)::int as n from estimates`.execute(t.ctx.db)).rows[0].n;
    for (const model of ['A×Z', 'A×A', '<script>alert(1)</script>', 'A×B×C', 'A\u0000B', 'A×\udc00', '']) {
      const res = await post(editor.headers, '/api/estimates', { title: 'bad model', csv: THREE_LISTS, options: { methods: ['loglinear'], model } });
      expect(res.statusCode, model).toBe(400);
    }
    for (const options of [
      { classes: 0 },
      { classes: 51 },
      { delta: 0 },
      { delta: -1 },
      { thinning: 5001 },
      { chains: 9 },
      { criterion: 'cic' },
      { prior: '1/N^3' },
    ]) {
      const res = await post(editor.headers, '/api/estimates', { title: 'bad option', csv: THREE_LISTS, options });
      expect(res.statusCode, JSON.stringify(options)).toBe(400);
    }
    expect((await sql<{ n: number }>`select count(*)::int as n from estimates`.execute(t.ctx.db)).rows[0].n).toBe(before);
  });

  it('still renders a report stored before the convergence rule (version 1), judging it from its stored R-hat and ESS', async () => {
    const old = {
      lists: ['A', 'B', 'C'],
      strataColumns: [],
      observed: 227,
      warnings: [],
      total: [
        {
          method: 'lcmcr',
          estimate: 300,
          pointEstimate: 'posterior median',
          lower: 250,
          upper: 400,
          intervalKind: '95%',
          observed: 227,
          diagnostics: { rhat: 1.22, ess: 18, classes: 10, chains: 3 },
          warnings: [],
          posterior: [290, 300, 310],
        },
        {
          method: 'dga',
          estimate: 280,
          pointEstimate: 'posterior median',
          lower: 240,
          upper: 350,
          intervalKind: '95%',
          observed: 227,
          diagnostics: { bayesEstimate: 275, topModel: '1-2' },
          warnings: [],
          posterior: [270, 280],
        },
      ],
      strata: [{ label: '', values: [], observed: 227, overlaps: 62, estimable: true, warnings: [], methods: [] }],
    };
    const [row] = (
      await sql<{
        id: string;
      }>`insert into estimates (title, input_kind, input_csv, input_sha256, state, progress, result) values ('old report', 'table', ${THREE_LISTS}, ${'c'.repeat(64)}, 'done', 1, ${JSON.stringify(old)}) returning id`.execute(
        t.ctx.db,
      )
    ).rows;
    const detail = (await get(`/api/estimates/${row.id}`)).json();
    expect(detail.reportVersion).toBe(1);
    expect(detail.converged).toBe(false);
    // The answer's schema describes the report, and a field it does not name (the stratum's values, overlaps) is served as stored.
    expect(detail.result).toEqual(old);
    const html = await get(`/api/estimates/${row.id}/report`);
    expect(html.statusCode).toBe(200);
    expect(html.body).toContain('NOT CONVERGED');
    const csv = (await get(`/api/estimates/${row.id}/draws.csv`)).body.trim().split('\n');
    expect(csv).toEqual([
      'stratum,method,chain,draw,N,occupied_classes',
      'all,lcmcr,,1,290,',
      'all,lcmcr,,2,300,',
      'all,lcmcr,,3,310,',
      'all,dga,,1,270,',
      'all,dga,,2,280,',
    ]);
  });
});
