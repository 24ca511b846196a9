import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { systemActor } from '../../src/server/accounts/actor.ts';
import { createTestApp, type TestApp } from '../../src/server/testing.ts';
import { parseVerifierKey, formatVerifierKey, generateSigner } from '../../src/core/ledger/signed-note.ts';
import { estimateMethod, verifyReceipt, type Receipt } from '../../src/core/receipts/index.ts';
import { codeVersion } from '../../src/server/receipts/code-version.ts';

const SMALL = { burnin: 100, thinning: 2, samples: 100, chains: 2 };
const TABLE = 'A,B,C,count\n1,0,0,60\n0,1,0,50\n0,0,1,55\n1,1,0,20\n1,0,1,18\n0,1,1,16\n1,1,1,8\n';

describe('receipts API', () => {
  let t: TestApp;
  let editor: { headers: Record<string, string> };
  let viewer: { headers: Record<string, string> };

  beforeAll(async () => {
    t = await createTestApp();
    for (const role of ['viewer', 'editor'] as const) {
      await t.ctx.accounts.createUser(systemActor('test'), { username: `rc-${role}`, displayName: role, role, password: `pw-${role}-long-enough-1`, mustChangePassword: false });
    }
    editor = await t.login('rc-editor', 'pw-editor-long-enough-1');
    viewer = await t.login('rc-viewer', 'pw-viewer-long-enough-1');
  });
  afterAll(async () => t.close());

  it('serves a signed receipt beside an estimate, recorded once in the ledger, that recomputes to the same figures', async () => {
    const created = await t.app.inject({ method: 'POST', url: '/api/estimates', headers: editor.headers, payload: { title: 'Three lists', csv: TABLE, options: { methods: ['lcmcr', 'dga', 'loglinear'], ...SMALL } } });
    expect(created.statusCode).toBe(202);
    const id = created.json().estimate.id as string;
    const early = await t.app.inject({ method: 'GET', url: `/api/estimates/${id}/receipt`, headers: viewer.headers });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('estimate_not_done');
    await t.ctx.jobs.drain();

    const res = await t.app.inject({ method: 'GET', url: `/api/estimates/${id}/receipt`, headers: viewer.headers });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain(`estimate-${id}-receipt.json`);
    const receipt = res.json() as Receipt;
    expect(receipt).toMatchObject({ format: 'reckon-receipt/1', signed: true, figure: { kind: 'estimate', label: 'Three lists' } });
    expect(receipt.recorded?.checkpoint).toBeTruthy();
    expect((receipt.recorded?.ledger.entry as { action: string }).action).toBe('receipt.issued');

    const input = await t.app.inject({ method: 'GET', url: `/api/estimates/${id}/receipt/input.csv`, headers: viewer.headers });
    expect(input.body).toBe(TABLE);
    const key = parseVerifierKey((await t.app.inject({ method: 'GET', url: '/api/ledger/public-key' })).json().verifierKey);
    const report = await verifyReceipt(receipt, [{ name: 'input.csv', bytes: new TextEncoder().encode(input.body) }], { methods: [estimateMethod()], verifiers: [key], code: codeVersion() });
    // the code check is a note when this checkout has uncommitted changes (the commit reads '<sha>+modified')
    expect(report.checks.filter((c) => c.status !== 'pass' && !(c.part === 'code' && c.status === 'note'))).toEqual([]);
    expect(report.reproduced).toBe(true);

    // another key: the signature and the checkpoint fail, and say so
    const other = parseVerifierKey(formatVerifierKey(generateSigner('other.example')));
    const wrong = await verifyReceipt(receipt, [{ name: 'input.csv', bytes: new TextEncoder().encode(input.body) }], { methods: [estimateMethod()], verifiers: [other], code: codeVersion() });
    expect(wrong.reproduced).toBe(false);
    expect(wrong.checks.find((c) => c.part === 'signature')?.status).toBe('fail');

    // served again: the same receipt, still one ledger entry
    const again = (await t.app.inject({ method: 'GET', url: `/api/estimates/${id}/receipt`, headers: editor.headers })).json() as Receipt;
    expect(again.manifest).toBe(receipt.manifest);
    const issued = await sql<{ n: number }>`select count(*)::int as n from audit_events where action = 'receipt.issued' and subject_id = ${id}`.execute(t.ctx.db);
    expect(issued.rows[0].n).toBe(1);
  }, 180_000);

  it('refuses the public, a malformed id and an unknown estimate', async () => {
    const id = '00000000-0000-4000-8000-000000000000';
    expect((await t.app.inject({ method: 'GET', url: `/api/estimates/${id}/receipt` })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/api/estimates/not-a-uuid/receipt', headers: viewer.headers })).statusCode).toBe(400);
    expect((await t.app.inject({ method: 'GET', url: `/api/estimates/${id}/receipt`, headers: viewer.headers })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/api/estimates/%00/receipt', headers: viewer.headers })).statusCode).toBe(400);
  });
});
