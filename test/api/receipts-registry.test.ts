import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../src/server/testing.ts';
import { examplesDir } from '../../src/server/registry/demo.ts';
import { parseVerifierKey } from '../../src/core/ledger/signed-note.ts';
import { REGISTRY_INPUTS, registryFigures, registryMethod, verifyReceipt, type Receipt } from '../../src/core/receipts/index.ts';
import { codeVersion } from '../../src/server/receipts/code-version.ts';
import { userWithRole } from './registry-fixtures.ts';

/**
 * Registry figure summaries through the API: the Khojaly example's published casualty figures, served with a signed
 * receipt and the import files it commits to, reproduced from those files alone; a withdrawn claim leaves the files
 * and the figures; bad requests are refused.
 */
const exampleDir = join(examplesDir, 'khojaly-1992');
const bytes = (text: string) => new TextEncoder().encode(text);

describe.skipIf(!existsSync(join(exampleDir, 'claims.csv')))('registry figure receipts', () => {
  let t: TestApp;
  let editor: Record<string, string>;
  const files = async () => Object.fromEntries(await Promise.all(REGISTRY_INPUTS.map(async (name) => [name, (await t.app.inject({ method: 'GET', url: `/api/registry/figures/receipt/${name}` })).body] as const)));
  const check = async (receipt: Receipt, texts: Record<string, string>) => {
    const key = parseVerifierKey((await t.app.inject({ method: 'GET', url: '/api/ledger/public-key' })).json().verifierKey);
    return verifyReceipt(receipt, REGISTRY_INPUTS.map((name) => ({ name, bytes: bytes(texts[name]) })), { methods: [registryMethod()], verifiers: [key], code: codeVersion() });
  };

  beforeAll(async () => {
    t = await createTestApp();
    const admin = (await t.login(t.admin.username, t.admin.password)).headers;
    expect((await t.app.inject({ method: 'POST', url: '/api/registry/demo', headers: admin })).statusCode).toBe(201);
    editor = (await userWithRole(t, 'editor1', 'editor')).headers;
  }, 120_000);
  afterAll(async () => t?.close());

  it("reproduces the example's published figures from the served files alone, for anyone", async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/registry/figures/receipt' });
    expect(response.statusCode, response.body).toBe(200);
    const receipt = response.json() as Receipt;
    expect(receipt.figure.kind).toBe('registry-figures');
    expect(receipt.recorded?.ledger.entry).toMatchObject({ action: 'receipt.issued' });
    // the same figures as the example folder itself gives (every claim of it is published)
    const folder = Object.fromEntries(REGISTRY_INPUTS.map((n) => [n, readFileSync(join(exampleDir, n), 'utf8')]));
    expect(receipt.outputs).toEqual(registryFigures(folder, { event: null }));
    expect(receipt.outputs.claims).toBe(7);
    const texts = await files();
    const report = await check(receipt, texts);
    expect(report.reproduced, JSON.stringify(report.checks)).toBe(true);

    // one figure edited in claims.csv: not reproduced, and the row is named
    const edited = { ...texts, 'claims.csv': texts['claims.csv'].replace('613', '614') };
    const tampered = await check(receipt, edited);
    expect(tampered.reproduced).toBe(false);
    expect(JSON.stringify(tampered.checks.filter((c) => c.part === 'input' && c.status === 'fail'))).toMatch(/claims\.csv/);

    const ofEvent = await t.app.inject({ method: 'GET', url: '/api/registry/figures/receipt?event=E01' });
    expect(ofEvent.json().parameters).toEqual({ event: 'E01' });
  });

  it('leaves a withdrawn claim out of the files and the figures', async () => {
    expect((await t.app.inject({ method: 'PUT', url: '/api/registry/claims/C01/published', headers: editor, payload: { published: false } })).statusCode).toBe(204);
    const receipt = (await t.app.inject({ method: 'GET', url: '/api/registry/figures/receipt' })).json() as Receipt;
    expect(receipt.outputs.claims).toBe(6);
    const texts = await files();
    expect(texts['claims.csv']).not.toMatch(/^C01,/m);
    expect((await check(receipt, texts)).reproduced).toBe(true);
  });

  it('refuses bad requests with a message', async () => {
    for (const event of ['../etc/passwd', '<script>', 'x'.repeat(101), '']) {
      const r = await t.app.inject({ method: 'GET', url: `/api/registry/figures/receipt?event=${encodeURIComponent(event)}` });
      expect(r.statusCode, event).toBe(400);
      expect(r.json().error.code).toMatch(/invalid/);
    }
    expect((await t.app.inject({ method: 'GET', url: '/api/registry/figures/receipt?event=%00' })).statusCode).toBe(400);
    expect((await t.app.inject({ method: 'GET', url: '/api/registry/figures/receipt?event=E99' })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/api/registry/figures/receipt/recognition.csv' })).statusCode).toBe(400);
    expect((await t.app.inject({ method: 'GET', url: '/api/registry/figures/receipt/..%2F..%2Fpackage.json' })).statusCode).toBe(400);
  });
});
