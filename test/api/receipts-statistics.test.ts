import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../src/server/testing.ts';
import { systemActor } from '../../src/server/accounts/actor.ts';
import { personsTableOf, statisticsMismatch } from '../../src/server/receipts/service.ts';
import { casualtyStatsMethod, statisticsFromTable, STATISTICS_KIND } from '../../src/server/receipts/casualty-stats.ts';
import { commitInput, makeReceipt, verifyReceipt, type Receipt } from '../../src/core/receipts/index.ts';
import { formatVerifierKey, generateSigner, parseVerifierKey } from '../../src/core/ledger/signed-note.ts';
import { codeVersion } from '../../src/server/receipts/code-version.ts';
import { statisticsOutputs, statisticsParameterRecord } from '../../src/server/receipts/casualty-stats.ts';
import { FIXTURE_MAPPING, threeLists } from './casualties-fixtures.ts';
import { loginAs, type Headers } from './archive-helpers.ts';

/**
 * Casualty statistics receipts: the figures recomputed in plain code from a run's persons table equal the ones the
 * server counts in SQL at every minimum cell (suppression included), the receipt names what changed, and a persons
 * table that is malformed, hostile or in another order is refused with a message, never passed.
 */
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const bytes = (text: string) => new TextEncoder().encode(text);

describe('casualty statistics receipts', () => {
  let test: TestApp;
  let as: Record<'editor' | 'viewer', Headers>;
  let runId = '';
  let csv = '';
  const dir = mkdtempSync(join(tmpdir(), 'reckon-stats-receipts-'));
  const signer = generateSigner('stats.test');
  const verifier = parseVerifierKey(formatVerifierKey(signer));
  const verify = (receipt: unknown, table: string | Uint8Array) =>
    verifyReceipt(receipt, [{ name: 'persons.csv', bytes: typeof table === 'string' ? bytes(table) : table }], { methods: [casualtyStatsMethod()], verifiers: [verifier], code: codeVersion() });

  beforeAll(async () => {
    test = await createTestApp();
    as = await loginAs(test, ['editor', 'viewer']);
    const lists = threeLists(120, 11);
    const ids: string[] = [];
    for (const [name, text] of Object.entries(lists.csv)) {
      const created = await test.app.inject({ method: 'POST', url: '/api/casualties/sources', headers: as.editor, payload: { name: `List ${name}` } });
      const id = created.json().source?.id ?? created.json().id;
      ids.push(id);
      const imported = await test.app.inject({ method: 'POST', url: `/api/casualties/sources/${id}/import`, headers: as.editor, payload: { csvBase64: b64(text), mapping: FIXTURE_MAPPING } });
      expect(imported.statusCode, imported.body).toBe(200);
    }
    const run = await test.app.inject({ method: 'POST', url: '/api/casualties/runs', headers: as.editor, payload: { sourceIds: ids } });
    runId = run.json().run?.id ?? run.json().id;
    await test.ctx.jobs.drain();
    const view = await test.ctx.casualties.results.stats(systemActor('test'), runId, {});
    csv = await personsTableOf(test.ctx.db, runId, view.sources.map((s) => s.id));
  }, 300_000);
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await test?.close();
  });

  it('recomputes exactly what the server counts, at every minimum cell, hidden cells included', async () => {
    const hiddenAt: number[] = [];
    for (const minCell of [0, 2, 3, 5, 10, 25]) {
      const view = await test.ctx.casualties.results.stats(systemActor('test'), runId, { minCell });
      expect(statisticsMismatch(view, csv), `min cell ${minCell}`).toEqual([]);
      hiddenAt.push(view.suppression.hidden);
    }
    // the check is not vacuous: larger cells hide more, and the exact view hides nothing
    expect(hiddenAt[0]).toBe(0);
    expect(hiddenAt.at(-1)).toBeGreaterThan(0);
    expect(csv.split('\n')[0]).toBe('person,lists,records,sex,age_band,status,death_date,place,disagreements');
    expect(csv).not.toMatch(/[A-Za-z]+ [A-Za-z]+ev\b/); // no names in the table
  });

  it('serves the receipt and the table to those who may read them, by role and cell size', async () => {
    const viewer = await test.app.inject({ method: 'GET', url: `/api/casualties/runs/${runId}/stats/receipt`, headers: as.viewer });
    expect(viewer.statusCode, viewer.body).toBe(200);
    const r = viewer.json() as Receipt;
    expect(r.figure.kind).toBe(STATISTICS_KIND);
    // a viewer never gets a view below the server's minimum cell, so neither does their receipt
    expect(r.parameters.minCell).toBeGreaterThanOrEqual(test.ctx.config.casualtyStatsMinCell);
    // which cells were hidden is part of the receipt: each hidden count is null with suppressed: true
    const hidden = Object.keys(r.outputs).filter((k) => k.endsWith('.suppressed') && r.outputs[k] === true);
    for (const k of hidden) expect(r.outputs[k.replace(/suppressed$/, 'persons')], k).toBeNull();
    expect((await test.app.inject({ method: 'GET', url: `/api/casualties/runs/${runId}/stats/receipt/persons.csv`, headers: as.viewer })).statusCode).toBe(403);
    const table = await test.app.inject({ method: 'GET', url: `/api/casualties/runs/${runId}/stats/receipt/persons.csv`, headers: as.editor });
    expect(table.statusCode).toBe(200);
    expect(table.body).toBe(csv);
    const exact = (await test.app.inject({ method: 'GET', url: `/api/casualties/runs/${runId}/stats/receipt?minCell=0`, headers: as.editor })).json() as Receipt;
    expect(exact.parameters.minCell).toBe(0);
    expect(exact.manifest).not.toBe(r.manifest);
    const key = parseVerifierKey((await test.app.inject({ method: 'GET', url: '/api/ledger/public-key' })).json().verifierKey);
    for (const receipt of [r, exact]) {
      const report = await verifyReceipt(receipt, [{ name: 'persons.csv', bytes: bytes(table.body) }], { methods: [casualtyStatsMethod()], verifiers: [key], code: codeVersion() });
      expect(report.checks.filter((c) => c.status !== 'pass' && !(c.part === 'code' && c.status === 'note'))).toEqual([]);
      expect(report.reproduced).toBe(true);
    }
    for (const bad of ['?minCell=-1', '?minCell=abc', '?minCell=1001', '?minCell=%00']) {
      expect((await test.app.inject({ method: 'GET', url: `/api/casualties/runs/${runId}/stats/receipt${bad}`, headers: as.editor })).statusCode, bad).toBe(400);
    }
    expect((await test.app.inject({ method: 'GET', url: `/api/casualties/runs/${runId}/stats/receipt` })).statusCode).toBe(401);
  });

  it('names a changed parameter and a changed figure, and refuses malformed, hostile or reordered tables', async () => {
    const view = await test.ctx.casualties.results.stats(systemActor('test'), runId, { minCell: 3 });
    const parameters = { runId, sources: view.sources, minCell: 3 };
    const receipt = JSON.parse(
      JSON.stringify(
        makeReceipt(
          { figure: { kind: STATISTICS_KIND, label: 'test' }, code: codeVersion(), createdAt: new Date().toISOString(), inputs: [commitInput('persons.csv', 'persons table', bytes(csv), { keepLeaves: false }).commitment], parameters: statisticsParameterRecord(parameters), outputs: statisticsOutputs(view) },
          signer,
        ),
      ),
    ) as Receipt;
    expect((await verify(receipt, csv)).reproduced).toBe(true);

    // a parameter edited after signing: named
    const edited = structuredClone(receipt);
    edited.parameters.minCell = 2;
    const e = await verify(edited, csv);
    expect(e.reproduced).toBe(false);
    expect(e.checks.find((c) => c.part === 'parameters')?.message).toMatch(/parameter "minCell"/);
    // an unsigned receipt with a rewritten manifest still fails where the figures move: recomputation names them
    const unsigned = JSON.parse(JSON.stringify(makeReceipt({ ...receipt, parameters: { ...receipt.parameters, minCell: 10 } }))) as Receipt;
    const u = await verify(unsigned, csv);
    expect(u.reproduced).toBe(false);
    expect(u.checks.find((c) => c.part === 'output')?.message).toMatch(/figures differ: .*suppressed/);

    // the rows in another order: said so, with what to supply
    const [header, ...rows] = csv.trimEnd().split('\n');
    const reordered = await verify(receipt, `${header}\n${[...rows].reverse().join('\n')}\n`);
    expect(reordered.reproduced).toBe(false);
    expect(reordered.checks.find((c) => c.part === 'input')?.message).toMatch(/rows differ .*only the Merkle root/);
    // other encodings and hostile bytes
    const utf16 = await verify(receipt, Buffer.from(csv, 'utf16le'));
    expect(utf16.checks.find((c) => c.part === 'input')?.message).toMatch(/save it as UTF-8/);
    const nul = await verify(receipt, csv.replace('\n', '\u0000\n'));
    expect(nul.reproduced).toBe(false);
    // a persons table that is not one: refused before anything is computed
    expect(() => statisticsFromTable('person,lists\n1,101\n', parameters)).toThrow(/lacks the column/);
    expect(() => statisticsFromTable(`${header}\n1,12,1 0 0,f,,,,,\n`, parameters)).toThrow(/line 2: "lists" and "records" need one entry per list/);
    expect(() => statisticsFromTable(`${header}\n1,101,1 x 1,f,,,,,\n`, parameters)).toThrow(/line 2/);
    expect(() => statisticsFromTable(`${header}\n1,"101,1 0 1,f\n`, parameters)).toThrow(/not valid CSV/);
    // an empty table is a table of nobody: every count zero, nothing hidden
    expect(statisticsFromTable(`${header}\n`, parameters).view.totals.persons).toBe(0);
  });

  it('writes a receipt with `reckon casualties stats --receipt`, and `reckon receipt verify` recomputes it from the table beside it', async () => {
    // the CLI opens its own embedded database: import the same lists there
    const { runCli } = await import('../cli.ts');
    const data = ['--data-dir', join(dir, 'data')];
    const lists = threeLists(40, 5);
    for (const [name, text] of Object.entries(lists.csv)) {
      writeFileSync(join(dir, `${name}.csv`), text);
      writeFileSync(join(dir, 'mapping.json'), JSON.stringify(FIXTURE_MAPPING));
      expect((await runCli(['casualties', 'import', `List ${name}`, join(dir, `${name}.csv`), '--mapping', join(dir, 'mapping.json'), '--create', ...data])).code).toBe(0);
    }
    expect((await runCli(['casualties', 'link', ...data])).code).toBe(0);
    expect((await runCli(['casualties', 'stats', 'latest', '--receipt-data', 'x.csv', ...data])).code).toBe(2);
    const made = await runCli(['casualties', 'stats', 'latest', '--min-cell', '3', '--receipt', join(dir, 'stats.json'), ...data]);
    expect(made.code, made.err).toBe(0);
    expect(made.err).toMatch(/receipt written to .*stats\.json, its persons table to .*stats\.persons\.csv/);
    const receipt = JSON.parse(readFileSync(join(dir, 'stats.json'), 'utf8')) as Receipt;
    expect(receipt.parameters.minCell).toBe(3);
    expect(receipt.signed).toBe(false);
    const ok = await runCli(['receipt', 'verify', join(dir, 'stats.json'), '--data', join(dir, 'stats.persons.csv')]);
    expect(ok.out).toMatch(/REPRODUCED/);
    expect(ok.code).toBe(0);
    const none = await runCli(['receipt', 'verify', join(dir, 'stats.json')]);
    expect(none.code).toBe(1);
    expect(none.out).toMatch(/no data given: .*persons table/);
  }, 300_000);
});
