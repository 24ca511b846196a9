import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/cli.ts';
import { formatSignerKey, formatVerifierKey, generateSigner } from '../../core/ledger/signed-note.ts';

const dir = mkdtempSync(join(tmpdir(), 'reckon-receipt-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const path = (name: string) => join(dir, name);
const TABLE = 'A,B,C,count\n0,0,1,30\n0,1,0,40\n0,1,1,12\n1,0,0,50\n1,0,1,9\n1,1,0,14\n1,1,1,6\n';
const FAST = ['--chains', '2', '--burnin', '20', '--thinning', '2', '--samples', '30', '--workers', '1'];

// synthetic person records (invented names): two people written twice, one once
const RECORDS = 'id,given_name,family_name,birth_date,sex\n1,Arin,Velasko,1961-03-02,M\n2,Arin,Velasco,1961-03-02,M\n3,Mirel,Tosunyan,1970-11-20,F\n4,Mirel,Tosunian,1970-11-20,F\n5,Oskar,Lindqvar,1955-01-09,M\n';

describe('reckon receipt', () => {
  it('verifies an estimate receipt, names a changed row, and refuses a receipt signed by another key', async () => {
    writeFileSync(path('t.csv'), TABLE);
    const key = generateSigner('reckon.test');
    writeFileSync(path('signer.key'), formatSignerKey(key));
    const made = await runCli(['estimate', path('t.csv'), '--method', 'lcmcr,dga', ...FAST, '--receipt', path('r.json'), '--receipt-key', path('signer.key')]);
    expect(made.err).toBe('');
    expect(made.code).toBe(0);
    const receipt = JSON.parse(readFileSync(path('r.json'), 'utf8'));
    expect(receipt).toMatchObject({ format: 'reckon-receipt/1', signed: true, figure: { kind: 'estimate', label: 't.csv' } });
    expect(receipt.parameters).toMatchObject({ seed: 1, 'lcmcr.chains': 2, 'lcmcr.thinning': 2, methods: ['lcmcr', 'dga'] });

    const ok = await runCli(['receipt', 'verify', path('r.json'), '--data', path('t.csv'), '--key', formatVerifierKey(key)]);
    expect(ok.out).toMatch(/ok {3}signature: signed by reckon\.test/);
    expect(ok.out).toMatch(/REPRODUCED/);
    expect(ok.code).toBe(0);
    // the headline figures, recomputed, to compare with the published page: the receipt's own values
    const shown = /^figures recomputed: (.*)$/m.exec(ok.out)![1];
    for (const method of ['lcmcr', 'dga']) for (const field of ['estimate', 'lower', 'upper']) expect(shown).toContain(`total.${method}.${field} ${JSON.stringify(receipt.outputs[`total.${method}.${field}`])}`);
    expect(shown).not.toContain('diagnostics');

    writeFileSync(path('t2.csv'), TABLE.replace('1,0,0,50', '1,0,0,51'));
    const changed = await runCli(['receipt', 'verify', path('r.json'), '--data', path('t2.csv'), '--key', formatVerifierKey(key)]);
    expect(changed.code).toBe(1);
    expect(changed.out).toMatch(/entered: line 5 \{"A":"1","B":"0","C":"0","count":"51"\}/);
    expect(changed.out).toMatch(/NOT REPRODUCED: differs in input/);
    expect(changed.out).not.toMatch(/figures recomputed/);

    const other = await runCli(['receipt', 'verify', path('r.json'), '--data', path('t.csv'), '--key', formatVerifierKey(generateSigner('someone.else'))]);
    expect(other.code).toBe(1);
    expect(other.out).toMatch(/FAIL signature: signed by reckon\.test\+[0-9a-f]{8}, not by the key you gave/);

    writeFileSync(path('t8.csv'), Buffer.from(TABLE, 'utf16le'));
    const utf16 = await runCli(['receipt', 'verify', path('r.json'), '--data', path('t8.csv')]);
    expect(utf16.out).toMatch(/save it as UTF-8/);
    expect(utf16.out).toMatch(/NOT REPRODUCED/);
    expect(utf16.code).toBe(1);

    // no data given: never a pass, and the message says what to supply
    const none = await runCli(['receipt', 'verify', path('r.json'), '--key', formatVerifierKey(key)]);
    expect(none.out).toMatch(/no data given.*supply them with --data/);
    expect(none.out).not.toMatch(/^REPRODUCED/m);
    expect(none.code).toBe(1);

    // the same rows in another order: named as such, not reproduced, and the order to supply them in
    const [head, ...rows] = TABLE.trim().split('\n');
    writeFileSync(path('t-reordered.csv'), `${[head, ...rows.reverse()].join('\n')}\n`);
    const reordered = await runCli(['receipt', 'verify', path('r.json'), '--data', path('t-reordered.csv'), '--key', formatVerifierKey(key)]);
    expect(reordered.out).toMatch(/in a different order.*supply the rows in the order/);
    expect(reordered.out).toMatch(/NOT REPRODUCED/);
    expect(reordered.code).toBe(1);
  }, 120_000);

  it('diffs two receipts: the row that changed and the parameter', async () => {
    writeFileSync(path('d1.csv'), TABLE);
    writeFileSync(path('d2.csv'), TABLE.replace('0,1,1,12', '0,1,1,13'));
    expect((await runCli(['estimate', path('d1.csv'), '--method', 'dga', '--receipt', path('d1.json')])).code).toBe(0);
    expect((await runCli(['estimate', path('d2.csv'), '--method', 'dga', '--prior', '1/N^2', '--receipt', path('d2.json')])).code).toBe(0);
    const d = await runCli(['receipt', 'diff', path('d1.json'), path('d2.json')]);
    expect(d.code).toBe(0);
    expect(d.out).toMatch(/1 left \(rows 3 of the first\), 1 entered \(rows 3 of the second\)/);
    expect(d.out).toMatch(/parameters changed: dga\.prior "1\/N" → "1\/N\^2"/);
  }, 120_000);

  it('refuses what it cannot read with a message: no receipt, not JSON, a newer format', async () => {
    const missing = await runCli(['receipt', 'verify', path('missing.json')]);
    expect(missing.err).toMatch(/no such file/);
    expect(missing.code).not.toBe(0);
    writeFileSync(path('bad.json'), '{"format":');
    const bad = await runCli(['receipt', 'verify', path('bad.json')]);
    expect(bad.err).toMatch(/not valid JSON/);
    expect(bad.code).not.toBe(0);
    writeFileSync(path('new.json'), JSON.stringify({ format: 'reckon-receipt/9', code: { version: '9.0.0' } }));
    const newer = await runCli(['receipt', 'verify', path('new.json'), '--data', path('t.csv')]);
    expect(newer.err).toMatch(/newer Reckon \(Reckon 9\.0\.0\)/);
    expect(newer.code).toBe(1);
  });

  it('writes and verifies a linkage receipt, and names a record that left', async () => {
    writeFileSync(path('people.csv'), RECORDS);
    const made = await runCli(['link', path('people.csv'), '--out', path('persons.csv'), '--receipt', path('l.json')]);
    expect(made.code).toBe(0);
    const receipt = JSON.parse(readFileSync(path('l.json'), 'utf8'));
    expect(receipt.outputs).toMatchObject({ records: 5 });
    const ok = await runCli(['receipt', 'verify', path('l.json'), '--data', path('people.csv')]);
    expect(ok.out).toMatch(/REPRODUCED/);
    writeFileSync(path('fewer.csv'), RECORDS.split('\n').filter((l) => !l.startsWith('3,')).join('\n'));
    const fewer = await runCli(['receipt', 'verify', path('l.json'), '--data', path('fewer.csv')]);
    expect(fewer.out).toMatch(/left: committed row 3 \(leaf 2\)/);
  }, 120_000);
});

describe('reckon receipt registry', () => {
  it('writes a receipt of the example case’s published casualty figures and verifies it from the same files', async () => {
    const folder = fileURLToPath(new URL('../../../examples/khojaly-1992', import.meta.url));
    const made = await runCli(['receipt', 'registry', folder, '--receipt', path('k.json'), '--label', 'Khojaly 1992']);
    expect(made.code, made.err).toBe(0);
    expect(made.out).toMatch(/published casualty-figure claim\(s\)/);
    const files = ['sources.csv', 'actors.csv', 'events.csv', 'claims.csv'].map((f) => join(folder, f));
    const ok = await runCli(['receipt', 'verify', path('k.json'), '--data', ...files]);
    expect(ok.out).toMatch(/REPRODUCED/);
    const missing = await runCli(['receipt', 'registry', dir, '--receipt', path('none.json')]);
    expect(missing.code).not.toBe(0);
    expect(missing.err).toMatch(/sources\.csv: no such file/);
  }, 120_000);
});
