import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../src/server/testing.ts';
import { parseVerifierKey } from '../../src/core/ledger/signed-note.ts';
import { dialogueMethod, dialogueFromTable, diffReceipts, verifyReceipt, type Receipt } from '../../src/core/receipts/index.ts';
import { codeVersion } from '../../src/server/receipts/code-version.ts';
import { createConversation, facilitatorHeaders, join, vote, type Headers } from './dialogue-helpers.ts';

/**
 * Dialogue report receipts: the report's vote counts, groups and consensus are recomputed exactly from the vote table
 * the receipt commits to; the table is for facilitators only; a changed vote is caught and named; bad tables and
 * bad requests are refused with a message, never passed.
 */
const statements = ['Rebuild the dam.', 'The upstream village took too much.', 'Pay compensation.', 'Downstream first.', 'Ask the water court.', 'Survey the river.', 'Shared schools.', 'Drinking water first.'];
const planted = (group: number, tid: number) => (tid >= 6 ? 'agree' : (tid < 3) === (group === 0) ? 'agree' : 'disagree');
const bytes = (text: string) => new TextEncoder().encode(text);

describe('dialogue report receipts', () => {
  let t: TestApp;
  let facilitator: Headers;
  let id = '';
  const cookies: string[] = [];
  const url = () => `/api/dialogue/conversations/${id}/report/receipt`;

  async function receiptWhenSettled(headers: Headers = {}): Promise<Receipt> {
    for (let i = 0; i < 50; i++) {
      const response = await t.app.inject({ method: 'GET', url: url(), headers });
      if (response.statusCode === 200) return response.json() as Receipt;
      expect([response.statusCode, response.json().error.code], response.body).toEqual([409, 'receipt_report_updating']);
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the report never settled');
  }

  beforeAll(async () => {
    t = await createTestApp({ dialogueVotesPerMinute: 1000, dialogueAnalysisDebounceMs: 50 });
    facilitator = await facilitatorHeaders(t);
    const created = await createConversation(t, facilitator, { seedStatements: statements.map((text) => ({ text, language: 'en' })) });
    id = created.id;
    for (let i = 0; i < 18; i++) {
      const joined = await join(t, created.invitations[i % 2].token);
      cookies.push(joined.cookie);
      for (let tid = 0; tid < statements.length; tid++) await vote(t, id, joined.cookie, tid, planted(i % 2, tid));
    }
    // a change of mind: the latest vote counts, in the report and in the table
    await vote(t, id, cookies[0], 7, 'pass');
  }, 120_000);
  afterAll(async () => t?.close());

  it('recomputes every figure of the report from its vote table, signed and in the ledger', async () => {
    const receipt = await receiptWhenSettled(facilitator);
    expect(receipt.figure.kind).toBe('dialogue-report');
    expect(receipt.inputs[0]).toMatchObject({ role: 'vote table', columns: ['participant', 'group', 'statement', 'vote'], rows: 18 * 8, leaves: null });
    expect(receipt.recorded?.ledger.entry).toMatchObject({ action: 'receipt.issued' });
    const report = (await t.app.inject({ method: 'GET', url: `/api/dialogue/conversations/${id}/report`, headers: facilitator })).json();
    expect(receipt.outputs['totals.votes']).toBe(report.totals.votes);
    expect(receipt.outputs['totals.participants']).toBe(18);
    expect(Object.keys(receipt.outputs).filter((k) => k.startsWith('consensus.agree.')).length).toBeGreaterThan(0);
    expect(Object.keys(receipt.outputs).filter((k) => /^groups\.\d+\.representative\.0\.count$/.test(k)).length).toBe(report.groups.length);
    expect(report.groups.length).toBeGreaterThan(1);

    const table = await t.app.inject({ method: 'GET', url: `${url()}/votes.csv`, headers: facilitator });
    expect(table.statusCode).toBe(200);
    expect(table.body).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/); // no account, token or participant id
    const key = parseVerifierKey((await t.app.inject({ method: 'GET', url: '/api/ledger/public-key' })).json().verifierKey);
    const check = (csv: string) => verifyReceipt(receipt, [{ name: 'votes.csv', bytes: bytes(csv) }], { methods: [dialogueMethod()], verifiers: [key], code: codeVersion() });
    const report1 = await check(table.body);
    expect(report1.reproduced, JSON.stringify(report1.checks)).toBe(true);

    // and from the command line, in a fresh process, as a facilitator given the table would
    const dir = mkdtempSync(joinPath(tmpdir(), 'reckon-dialogue-receipt-'));
    try {
      writeFileSync(joinPath(dir, 'receipt.json'), JSON.stringify(receipt));
      writeFileSync(joinPath(dir, 'votes.csv'), table.body);
      const verifierKey = (await t.app.inject({ method: 'GET', url: '/api/ledger/public-key' })).json().verifierKey as string;
      const root = fileURLToPath(new URL('../..', import.meta.url));
      const cli = spawnSync(process.execPath, [joinPath(root, 'bin', 'reckon.js'), 'receipt', 'verify', 'receipt.json', '--data', 'votes.csv', '--key', verifierKey], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 300_000 });
      expect(cli.stdout, cli.stderr).toMatch(/^REPRODUCED/m);
      expect(cli.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    // the same report gives the same stored receipt
    expect((await receiptWhenSettled(facilitator)).manifest).toBe(receipt.manifest);

    // one vote changed: the rows differ (never a pass), and the recomputed figures name what moved
    const lines = table.body.split('\n');
    const edited = [lines[0], lines[1].replace(/,(-?[01])$/, (_, v) => `,${v === '1' ? '-1' : '1'}`), ...lines.slice(2)].join('\n');
    const tampered = await check(edited);
    expect(tampered.reproduced).toBe(false);
    expect(tampered.checks.find((c) => c.part === 'input')?.status).toBe('fail');
    const parameters = receipt.parameters as never;
    const before = dialogueFromTable(table.body, parameters);
    const after = dialogueFromTable(edited, parameters);
    expect(Object.keys(before).filter((k) => before[k] !== after[k]).length).toBeGreaterThan(0);
  });

  it('serves the vote table to facilitators only, the receipt to whoever may read the report', async () => {
    expect((await t.app.inject({ method: 'GET', url: url() })).json().error.code).toBe('report_not_public');
    await t.app.inject({ method: 'PUT', url: `/api/dialogue/conversations/${id}/report-visibility`, headers: facilitator, payload: { public: true } });
    const anonymous = await receiptWhenSettled();
    expect(anonymous.figure.kind).toBe('dialogue-report');
    const table = await t.app.inject({ method: 'GET', url: `${url()}/votes.csv` });
    expect(table.statusCode).toBe(401);
    const participant = await t.app.inject({ method: 'GET', url: `${url()}/votes.csv`, headers: { cookie: cookies[1] } });
    expect(participant.statusCode).toBeGreaterThanOrEqual(401);
    expect(participant.statusCode).toBeLessThan(404);
  });

  it('gives a new receipt after new votes, and the two can be diffed', async () => {
    const first = await receiptWhenSettled(facilitator);
    await vote(t, id, cookies[2], 7, 'disagree');
    const second = await receiptWhenSettled(facilitator);
    expect(second.manifest).not.toBe(first.manifest);
    const d = diffReceipts(first, second);
    expect(d.inputs[0].same).toBe(false);
    expect(d.outputs.length).toBeGreaterThan(0);
  });

  it('refuses bad requests and bad vote tables with a message', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/dialogue/conversations/not-a-uuid/report/receipt', headers: facilitator })).statusCode).toBe(400);
    const missing = await t.app.inject({ method: 'GET', url: '/api/dialogue/conversations/00000000-0000-4000-8000-000000000000/report/receipt', headers: facilitator });
    expect(missing.statusCode).toBe(404);
    const p = { conversationId: id, statements: 8, shown: [0, 1, 2, 3, 4, 5, 6, 7], minGroupSize: 3, representativeLimit: 5, consensusLimit: 5, grouping: 'default' };
    const recompute = (text: string, parameters: Record<string, unknown> = p) => dialogueMethod().recompute([{ name: 'votes.csv', text }], parameters as never);
    await expect(recompute('participant,group,statement\n1,0,1\n')).rejects.toThrow(/lacks the column/);
    await expect(recompute('participant,group,statement,vote\n1,0,1,2\n')).rejects.toThrow(/vote must be/);
    await expect(recompute('participant,group,statement,vote\n1,0,1,-0\n')).rejects.toThrow(/vote must be/);
    await expect(recompute('participant,group,statement,vote\n../../etc,0,1,1\n')).rejects.toThrow(/whole numbers/);
    await expect(recompute('participant,group,statement,vote\n1,<script>,1,1\n')).rejects.toThrow(/group must be/);
    await expect(recompute('participant,group,statement,vote\n1,0,1,1\n1,0,1,-1\n')).rejects.toThrow(/two votes/);
    await expect(recompute('participant,group,statement,vote\n1,0,1,1\n1,1,2,1\n')).rejects.toThrow(/two groups/);
    await expect(recompute('participant,group,statement,vote\n1,0,99,1\n')).rejects.toThrow(/beyond/);
    await expect(recompute('participant,group,statement,vote\n1,0,1,1\n', { ...p, shown: 'all' })).rejects.toThrow(/shown/);
    const nul = await verifyReceipt(await receiptWhenSettled(facilitator), [{ name: 'votes.csv', bytes: bytes('participant,group,statement,vote\n1,0,1\u0000,1\n') }], { methods: [dialogueMethod()], code: codeVersion() });
    expect(nul.reproduced).toBe(false);
  });
});
