import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../src/server/testing.ts';
import { diffReceipts, LINKAGE_RUN_KIND, linkageRunMethod, makeReceipt, manifestText, verifyReceipt, type Receipt } from '../../src/core/receipts/index.ts';
import { formatVerifierKey, generateSigner, parseVerifierKey } from '../../src/core/ledger/signed-note.ts';
import { codeVersion } from '../../src/server/receipts/code-version.ts';
import { FIXTURE_MAPPING, threeLists } from './casualties-fixtures.ts';
import { loginAs, type Headers } from './archive-helpers.ts';

/**
 * A linkage run made on the server has a receipt (issue 15): it commits to the records as the engine read them and
 * the decisions it applied, and `reckon receipt verify` reruns the engine on the two downloaded tables, with no
 * database, and gets every person and capture history back; a change to a row, the order, the encoding, a parameter
 * or the key is named, never passed.
 */
const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const bytes = (text: string) => new TextEncoder().encode(text);

describe('receipts of linkage runs made on the server', () => {
  let test: TestApp;
  let as: Record<'editor' | 'reviewer' | 'viewer', Headers>;
  let run1 = '';
  let run2 = '';
  let key = '';
  const dir = mkdtempSync(join(tmpdir(), 'reckon-run-receipts-'));
  const call = (headers: Headers, url: string) => test.app.inject({ method: 'GET', url, headers });
  const tables = async (runId: string) => ({
    records: (await call(as.reviewer, `/api/casualties/runs/${runId}/receipt/records.csv`)).body,
    decisions: (await call(as.reviewer, `/api/casualties/runs/${runId}/receipt/decisions.csv`)).body,
  });
  const verify = (receipt: unknown, files: Array<string | Uint8Array>, verifierKey = key) =>
    verifyReceipt(
      receipt,
      files.map((f, i) => ({ name: i === 0 ? 'records.csv' : 'decisions.csv', bytes: typeof f === 'string' ? bytes(f) : f })),
      { methods: [linkageRunMethod(0)], verifiers: [parseVerifierKey(verifierKey)], code: codeVersion() },
    );
  const createRun = async (sourceIds: string[]) => {
    const run = await test.app.inject({ method: 'POST', url: '/api/casualties/runs', headers: as.editor, payload: { sourceIds } });
    expect(run.statusCode, run.body).toBe(202);
    await test.ctx.jobs.drain();
    return (run.json().run?.id ?? run.json().id) as string;
  };

  beforeAll(async () => {
    test = await createTestApp();
    as = await loginAs(test, ['editor', 'reviewer', 'viewer']);
    const lists = threeLists(60, 17);
    const ids: string[] = [];
    for (const [name, text] of Object.entries(lists.csv)) {
      const created = await test.app.inject({ method: 'POST', url: '/api/casualties/sources', headers: as.editor, payload: { name: `List ${name}` } });
      const id = created.json().source?.id ?? created.json().id;
      ids.push(id);
      const imported = await test.app.inject({
        method: 'POST',
        url: `/api/casualties/sources/${id}/import`,
        headers: as.editor,
        payload: { csvBase64: b64(text), mapping: FIXTURE_MAPPING },
      });
      expect(imported.statusCode, imported.body).toBe(200);
    }
    run1 = await createRun(ids);
    // a reviewer's decision, which the second run applies and its receipt commits to
    const queue = (await call(as.reviewer, `/api/casualties/runs/${run1}/review?min=0&max=1&limit=5`)).json();
    const pair = queue.pairs[0];
    const decided = await test.app.inject({
      method: 'POST',
      url: '/api/casualties/review-decisions',
      headers: as.reviewer,
      payload: { recordA: pair.recordA.id, recordB: pair.recordB.id, decision: 'non_match' },
    });
    expect(decided.statusCode, decided.body).toBe(201);
    run2 = await createRun(ids);
    key = (await test.app.inject({ method: 'GET', url: '/api/ledger/public-key' })).json().verifierKey as string;
  }, 300_000);
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await test?.close();
  });

  it("serves a signed receipt of the run's persons and capture histories, recorded in the ledger, that the engine reproduces from the two tables", async () => {
    const response = await call(as.reviewer, `/api/casualties/runs/${run2}/receipt`);
    expect(response.statusCode, response.body).toBe(200);
    const receipt = response.json() as Receipt;
    const run = (await call(as.reviewer, `/api/casualties/runs/${run2}`)).json();
    expect(receipt.figure.kind).toBe(LINKAGE_RUN_KIND);
    expect(receipt.signed).toBe(true);
    expect(receipt.recorded?.inclusionProof?.treeSize).toBeGreaterThan(0);
    expect(receipt.outputs.records).toBe(run.counts.records);
    expect(receipt.outputs.persons).toBe(run.counts.persons);
    expect(receipt.outputs.links).toBe(run.counts.links);
    const histories = Object.entries(receipt.outputs).filter(([k]) => k.startsWith('captureHistories.'));
    expect(histories.reduce((s, [, n]) => s + (n as number), 0)).toBe(run.counts.persons);
    expect(histories.every(([k]) => /^captureHistories\.[01]{3}$/.test(k))).toBe(true);
    // every record's person as stored: the persons table of the run gives the same capture histories
    const stored: Record<string, number> = {};
    for (let offset = 0, total = 1; offset < total; offset += 50) {
      const page = (await call(as.reviewer, `/api/casualties/runs/${run2}/persons?limit=50&offset=${offset}`)).json();
      total = page.total;
      for (const p of page.persons) stored[p.captureHistory] = (stored[p.captureHistory] ?? 0) + 1;
    }
    expect(Object.fromEntries(histories.map(([k, n]) => [k.slice('captureHistories.'.length), n]))).toEqual(stored);

    const { records, decisions } = await tables(run2);
    expect(records.split('\n')[0]).toContain('record_id');
    expect(records.split('\n')[0]).toMatch(/,list$/);
    expect(decisions.trim().split('\n')).toHaveLength(2); // the header and the one decision
    const report = await verify(receipt, [records, decisions]);
    expect(report.checks.filter((c) => c.status === 'fail')).toEqual([]);
    expect(report.reproduced).toBe(true);
    expect(report.checks.find((c) => c.part === 'output')?.message).toMatch(/bit for bit/);
    // made once: asked again, the same manifest
    expect(((await call(as.editor, `/api/casualties/runs/${run2}/receipt`)).json() as Receipt).manifest).toBe(receipt.manifest);

    // and the CLI, in a fresh process, from the downloaded files, as a reader would run it
    writeFileSync(join(dir, 'receipt.json'), response.body);
    writeFileSync(join(dir, 'records.csv'), records);
    writeFileSync(join(dir, 'decisions.csv'), decisions);
    const cli = spawnSync(
      process.execPath,
      [join(root, 'bin', 'reckon.js'), 'receipt', 'verify', 'receipt.json', '--data', 'records.csv', 'decisions.csv', '--key', key],
      {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1' },
        timeout: 300_000,
      },
    );
    expect(cli.status, cli.stdout + cli.stderr).toBe(0);
    expect(cli.stdout).toContain('REPRODUCED');
    expect(cli.stdout).toContain(`persons ${receipt.outputs.persons}`);
  }, 300_000);

  it('names a changed row, a row order, a missing table, another encoding, an edited parameter and another key; never passes', async () => {
    const receipt = (await call(as.reviewer, `/api/casualties/runs/${run2}/receipt`)).json() as Receipt;
    const { records, decisions } = await tables(run2);
    const lines = records.trimEnd().split('\n');
    const failed = (r: Awaited<ReturnType<typeof verify>>, part: string) => r.checks.filter((c) => c.status === 'fail' && c.part === part);

    // one cell of one record changed: the row is named by receipt row and data line
    const changed = [...lines];
    changed[3] = changed[3].replace(/^([^,]*),/, '$1x,');
    const cell = await verify(receipt, [`${changed.join('\n')}\n`, decisions]);
    expect(cell.reproduced).toBe(false);
    expect(failed(cell, 'input')[0].differences).toEqual(
      expect.arrayContaining(['left: committed row 3 (leaf 2) is not in the data given', expect.stringMatching(/^entered: line 4 /)]),
    );

    // two records swapped
    const swapped = [lines[0], lines[2], lines[1], ...lines.slice(3)];
    expect(failed(await verify(receipt, [`${swapped.join('\n')}\n`, decisions]), 'input')[0].message).toMatch(/in a different order/);

    // the decisions not given
    const one = await verify(receipt, [records]);
    expect(one.reproduced).toBe(false);
    expect(failed(one, 'input')[0].message).toMatch(/1 file\(s\) given, the receipt commits to 2: .*review decisions/);

    // the records saved as UTF-16: a message that asks for UTF-8
    const utf16 = new Uint8Array([0xff, 0xfe, ...Buffer.from(records, 'utf16le')]);
    const encoded = await verify(receipt, [utf16, decisions]);
    expect(encoded.reproduced).toBe(false);
    expect(failed(encoded, 'input')[0].message).toMatch(/UTF-16/);

    // NUL bytes in a cell
    const nul = await verify(receipt, [records.replace(/\n([^,\n]*),/, '\n$1\u0000,'), decisions]);
    expect(nul.reproduced).toBe(false);

    // the seed edited after signing: named, and the rerun with it is not passed either
    const edited = JSON.parse(JSON.stringify(receipt)) as Receipt;
    (edited.parameters.settings as { seed: number }).seed += 1;
    const seed = await verify(edited, [records, decisions]);
    expect(seed.reproduced).toBe(false);
    expect(failed(seed, 'parameters')[0].differences?.some((d) => d.startsWith('parameter "settings"'))).toBe(true);

    // an unsigned copy whose manifest was rewritten after the seed was edited: the manifest cannot catch it, so the
    // engine is rerun with the edited seed, and the receipt is marked as saying nothing about who published it
    const rewritten = JSON.parse(JSON.stringify(edited)) as Receipt;
    rewritten.signed = false;
    rewritten.manifest = manifestText(rewritten);
    const rerun = await verify(rewritten, [records, decisions]);
    expect(rerun.checks.find((c) => c.part === 'signature')?.status).toBe('note');
    expect(rerun.checks.find((c) => c.part === 'output')?.status).not.toBe('not-checked');

    // signed by another key
    const other = generateSigner('someone.else');
    const forged = makeReceipt({ ...receipt, recorded: undefined } as never, other);
    const byOther = await verify(forged, [records, decisions]);
    expect(byOther.reproduced).toBe(false);
    expect(failed(byOther, 'signature')[0].message).toMatch(/someone\.else/);
    // and with the other key given, the ledger still does not know it
    expect((await verify(forged, [records, decisions], formatVerifierKey(other))).checks.find((c) => c.part === 'ledger')?.status).not.toBe('pass');

    // a receipt from a newer Reckon is refused, never read in part
    await expect(verify({ ...receipt, format: 'reckon-receipt/2' }, [records, decisions])).rejects.toThrow(/newer/);

    // a decision naming a record that is not in the records table: the receipt's input differs, nothing is rerun
    const hostile = await verify(receipt, [records, `${decisions}../../etc/passwd,<script>alert(1)</script>,1\n`]);
    expect(hostile.reproduced).toBe(false);
    expect(hostile.checks.find((c) => c.part === 'output')?.status).toBe('not-checked');
  }, 300_000);

  it('diffs the receipts of two runs: the decision that entered and the run that changed', async () => {
    const a = (await call(as.reviewer, `/api/casualties/runs/${run1}/receipt`)).json() as Receipt;
    const b = (await call(as.reviewer, `/api/casualties/runs/${run2}/receipt`)).json() as Receipt;
    const d = diffReceipts(a, b);
    expect(d.inputs[0].same).toBe(true);
    expect(d.inputs[1].entered).toEqual([0]);
    expect(d.inputs[1].left).toEqual([]);
    expect(d.parameters.map((p) => p.name)).toContain('runId');
  });

  it('serves receipts and tables to editors and reviewers only, and refuses runs that cannot have one', async () => {
    expect((await call(as.viewer, `/api/casualties/runs/${run2}/receipt`)).statusCode).toBe(403);
    expect((await call(as.viewer, `/api/casualties/runs/${run2}/receipt/records.csv`)).statusCode).toBe(403);
    expect((await call(as.reviewer, `/api/casualties/runs/00000000-0000-4000-8000-000000000000/receipt`)).statusCode).toBe(404);
    const traversal = await call(as.reviewer, `/api/casualties/runs/${run2}/receipt/..%2F..%2Fetc%2Fpasswd`);
    expect(traversal.statusCode).toBe(400);
    expect(traversal.json().error.code).toBeTruthy();
    expect((await call(as.reviewer, `/api/casualties/runs/not-a-run/receipt`)).statusCode).toBe(400);
    // a run finished before runs kept their receipt inputs
    const run3 = await createRun((await call(as.reviewer, `/api/casualties/runs/${run2}`)).json().sources.map((s: { id: string }) => s.id));
    await sql`delete from linkage_run_receipt_inputs where run_id = ${run3}`.execute(test.ctx.db);
    const old = await call(as.reviewer, `/api/casualties/runs/${run3}/receipt`);
    expect(old.statusCode).toBe(409);
    expect(old.json().error.code).toBe('receipt_run_without_inputs');
    expect(old.json().error.message).toMatch(/run the linkage again/);
  }, 300_000);
});
