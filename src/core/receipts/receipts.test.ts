import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hasShared, sharedPath } from '../../../test/shared-data.ts';
import { canonicalize } from '../ledger/canonical-json.ts';
import { formatVerifierKey, generateSigner, parseVerifierKey } from '../ledger/signed-note.ts';
import {
  commitInput,
  diffReceipts,
  estimateMethod,
  estimateParameterRecord,
  makeReceipt,
  parseReceipt,
  ReceiptError,
  runEstimateFigures,
  verifyReceipt,
  type EstimateParameters,
  type Receipt,
} from './index.ts';
import { hashLeaf, toHex } from '../ledger/hashing.ts';

const TABLE = 'A,B,C,count\n0,0,1,30\n0,1,0,40\n0,1,1,12\n1,0,0,50\n1,0,1,9\n1,1,0,14\n1,1,1,6\n';
const bytes = (text: string) => new TextEncoder().encode(text);
const PARAMS: EstimateParameters = {
  methods: ['lcmcr', 'dga', 'loglinear'],
  strata: [],
  seed: 7,
  chains: 2,
  burnin: 50,
  thinning: 2,
  samples: 40,
  classes: 4,
  prior: '1/N',
  delta: null,
  criterion: 'aic',
  model: null,
};
const CODE = { name: 'reckon', version: '0.1.0', commit: 'abc' };
const methods = [estimateMethod()];

async function receiptFor(text: string, p = PARAMS, signer?: ReturnType<typeof generateSigner>): Promise<Receipt> {
  const { outputs } = await runEstimateFigures(text, p);
  return makeReceipt(
    {
      figure: { kind: 'estimate', label: 'table.csv' },
      code: CODE,
      createdAt: '2026-12-06T16:00:00Z',
      inputs: [commitInput('table.csv', 'capture table', bytes(text)).commitment],
      parameters: estimateParameterRecord(p),
      outputs,
    },
    signer,
  );
}
const roundTrip = (r: Receipt): unknown => JSON.parse(JSON.stringify(r));
const verify = (r: unknown, data: string[], verifiers = [] as ReturnType<typeof parseVerifierKey>[]) =>
  verifyReceipt(
    r,
    data.map((d, i) => ({ name: `in${i}.csv`, bytes: bytes(d) })),
    { methods, verifiers, code: CODE },
  );
const statusOf = (report: Awaited<ReturnType<typeof verify>>, part: string) => report.checks.filter((c) => c.part === part).map((c) => c.status);

describe('row commitment', () => {
  it('hashes each row as RFC 8785 JSON of column to cell text, as written', () => {
    const c = commitInput('t.csv', 'records', bytes('b,a\n"x, y",1.0\n'));
    expect(c.rows[0].cells).toEqual({ b: 'x, y', a: '1.0' });
    expect(toHex(c.leafHashes[0])).toBe(toHex(hashLeaf(bytes('{"a":"1.0","b":"x, y"}'))));
    // a single leaf's tree hash is the leaf hash (RFC 9162 §2.1.1)
    expect(c.commitment.root).toBe(toHex(c.leafHashes[0]));
  });
  it('does not change when columns move or line endings change, and does when a row moves', () => {
    const base = commitInput('t', 'r', bytes('a,b\n1,2\n3,4\n')).commitment;
    expect(commitInput('t', 'r', bytes('b,a\r\n2,1\r\n4,3\r\n')).commitment.root).toBe(base.root);
    expect(commitInput('t', 'r', bytes('\uFEFFa,b\n1,2\n3,4\n')).commitment.root).toBe(base.root);
    expect(commitInput('t', 'r', bytes('a,b\n3,4\n1,2\n')).commitment.root).not.toBe(base.root);
    expect(commitInput('t', 'r', bytes('a,b\n1,2\n3,4.0\n')).commitment.root).not.toBe(base.root);
  });
  it('refuses other encodings, saying what the file looks like', () => {
    const utf16 = Buffer.concat([Buffer.of(0xff, 0xfe), Buffer.from('a,b\n1,2\n', 'utf16le')]);
    expect(() => commitInput('t.csv', 'r', utf16)).toThrow(/UTF-16 little-endian.*save it as UTF-8/);
    expect(() => commitInput('t.csv', 'r', Buffer.from([0x61, 0x2c, 0x62, 0x0a, 0xc1, 0xe0, 0x0a]))).toThrow(/not UTF-8.*Windows-1251/);
    expect(() => commitInput('t.csv', 'r', bytes('a,b\n1\0,2\n'))).toThrow(/NUL/);
  });
  it('names the line of a malformed row and refuses repeated columns', () => {
    expect(() => commitInput('t.csv', 'r', bytes('a,b\n1,2\n3\n'))).toThrow(/t\.csv:3: the row has 1 cells; the header has 2/);
    expect(() => commitInput('t.csv', 'r', bytes('a,a\n1,2\n'))).toThrow(/appears twice/);
    expect(() => commitInput('t.csv', 'r', bytes(''))).toThrow(/empty/);
  });
  it('keeps text with script, lone-surrogate-free Unicode and quotes as data', () => {
    const c = commitInput('t.csv', 'r', bytes('name\n"<script>alert(1)</script>"\nМамедов Əli\n'));
    expect(c.rows.map((r) => r.cells.name)).toEqual(['<script>alert(1)</script>', 'Мамедов Əli']);
  });
});

describe('verifyReceipt', () => {
  it('recomputes every figure bit for bit with the recorded seed', async () => {
    const r = await receiptFor(TABLE);
    expect(Object.keys(r.outputs).length).toBeGreaterThan(10);
    const report = await verify(roundTrip(r), [TABLE]);
    expect(report.checks.find((c) => c.part === 'output')?.message).toMatch(/bit for bit/);
    expect(report.reproduced).toBe(true);
  });
  it('names rows that left and entered, by receipt row and by line', async () => {
    const r = roundTrip(await receiptFor(TABLE));
    const changed = TABLE.replace('0,1,0,40', '0,1,0,41');
    const report = await verify(r, [changed]);
    expect(report.reproduced).toBe(false);
    const input = report.checks.find((c) => c.part === 'input')!;
    expect(input.status).toBe('fail');
    expect(input.differences).toEqual([
      'left: committed row 2 (leaf 1) is not in the data given',
      'entered: line 3 {"A":"0","B":"1","C":"0","count":"41"} is not in the receipt',
    ]);
    expect(statusOf(report, 'output')).toEqual(['not-checked']);
  });
  it('says the rows are the same in another order, and what to supply', async () => {
    const lines = TABLE.trim().split('\n');
    const reordered = [lines[0], ...lines.slice(1).reverse()].join('\n') + '\n';
    const report = await verify(roundTrip(await receiptFor(TABLE)), [reordered]);
    expect(report.checks.find((c) => c.part === 'input')?.message).toMatch(/same 7 rows in a different order.*supply the rows in the order/);
    expect(report.reproduced).toBe(false);
  });
  it('accepts other line endings but says the bytes differ', async () => {
    const report = await verify(roundTrip(await receiptFor(TABLE)), [TABLE.replace(/\n/g, '\r\n')]);
    expect(report.reproduced).toBe(true);
    expect(report.checks.find((c) => c.part === 'input')?.message).toMatch(/file bytes differ/);
  });
  it('asks for the data when none is given, naming each input', async () => {
    const report = await verify(roundTrip(await receiptFor(TABLE)), []);
    expect(report.reproduced).toBe(false);
    expect(report.checks.find((c) => c.part === 'input')?.message).toMatch(/no data given.*"table.csv" \(capture table: 7 rows.*supply them with --data/);
  });
  it('refuses data in another encoding with the expected file named', async () => {
    const report = await verify(roundTrip(await receiptFor(TABLE)), []);
    expect(report.reproduced).toBe(false);
    const latin = await verifyReceipt(
      roundTrip(await receiptFor(TABLE)),
      [{ name: 'x.csv', bytes: Buffer.concat([Buffer.of(0xff, 0xfe), Buffer.from(TABLE, 'utf16le')]) }],
      { methods, code: CODE },
    );
    expect(latin.checks.find((c) => c.part === 'input')?.message).toMatch(/UTF-16.*the receipt expects input 1 "table.csv"/);
    expect(latin.reproduced).toBe(false);
  });
  it('names a parameter edited after signing, and a figure that no longer follows', async () => {
    const signer = generateSigner('reckon.example');
    const verifier = parseVerifierKey(formatVerifierKey(signer));
    const r = roundTrip(await receiptFor(TABLE, PARAMS, signer)) as Receipt;
    expect((await verify(r, [TABLE], [verifier])).reproduced).toBe(true);
    r.parameters['lcmcr.thinning'] = 3;
    const report = await verify(r, [TABLE], [verifier]);
    expect(report.reproduced).toBe(false);
    expect(report.checks.find((c) => c.part === 'parameters')?.differences).toEqual([
      'parameter "lcmcr.thinning" differs from the value the manifest committed to',
    ]);
    expect(report.checks.find((c) => c.part === 'output')?.differences?.some((d) => d.startsWith('total.lcmcr.estimate'))).toBe(true);
  });
  it('names an edited figure', async () => {
    const r = roundTrip(await receiptFor(TABLE)) as Receipt;
    r.outputs['total.dga.estimate'] = (r.outputs['total.dga.estimate'] as number) + 1;
    const report = await verify(r, [TABLE]);
    expect(report.reproduced).toBe(false);
    expect(report.checks.find((c) => c.part === 'manifest')?.differences).toEqual([
      'output "total.dga.estimate" differs from the value the manifest committed to',
    ]);
    expect(report.checks.find((c) => c.part === 'output')?.differences).toHaveLength(1);
  });
  it('fails a receipt signed by another key, saying which key signed it', async () => {
    const r = roundTrip(await receiptFor(TABLE, PARAMS, generateSigner('reckon.example')));
    const other = parseVerifierKey(formatVerifierKey(generateSigner('other.example')));
    const report = await verify(r, [TABLE], [other]);
    expect(report.reproduced).toBe(false);
    expect(report.checks[0]).toMatchObject({ part: 'signature', status: 'fail' });
    expect(report.checks[0].message).toMatch(/signed by reckon\.example\+[0-9a-f]{8}, not by the key you gave \(other\.example/);
    const unchecked = await verify(r, [TABLE]);
    expect(unchecked.checks[0]).toMatchObject({ status: 'not-checked' });
    expect(unchecked.checks[0].message).toMatch(/supply that instance's public key/);
  });
  it('refuses a receipt from a newer version or of an unknown kind, and malformed ones', async () => {
    const r = roundTrip(await receiptFor(TABLE)) as Record<string, unknown>;
    await expect(verify({ ...r, format: 'reckon-receipt/2' }, [TABLE])).rejects.toThrow(/newer Reckon.*reads reckon-receipt\/1/);
    await expect(verify({ ...r, figure: { kind: 'dialogue', label: 'x' } }, [TABLE])).rejects.toThrow(/cannot recompute/);
    await expect(verify([], [TABLE])).rejects.toBeInstanceOf(ReceiptError);
    await expect(verify({ ...r, inputs: [{ name: 'x' }] }, [TABLE])).rejects.toThrow(/inputs\[0\]/);
    expect(() => parseReceipt({ ...r, outputs: { x: { y: 1 } } })).toThrow(/output "x"/);
  });
  it('notes a different code version instead of hiding it', async () => {
    const r = roundTrip(await receiptFor(TABLE));
    const report = await verifyReceipt(r, [{ name: 't', bytes: bytes(TABLE) }], { methods, code: { version: '0.2.0', commit: null } });
    expect(report.checks.find((c) => c.part === 'code')).toMatchObject({ status: 'note' });
    expect(report.reproduced).toBe(true);
  });
  it('notes a receipt made from a checkout with uncommitted changes', async () => {
    const r = roundTrip(await receiptFor(TABLE)) as Receipt;
    r.code.commit = 'abc+modified';
    r.manifest = (await import('./manifest.ts')).manifestText(r);
    const report = await verify(r, [TABLE]);
    expect(report.checks.find((c) => c.part === 'code')?.message).toMatch(/uncommitted changes/);
  });
});

describe('diffReceipts', () => {
  it('names rows that entered and left and parameters that changed', async () => {
    const a = roundTrip(await receiptFor(TABLE));
    const b = roundTrip(await receiptFor(TABLE.replace('1,1,1,6\n', '1,1,1,7\n'), { ...PARAMS, seed: 8 }));
    const d = diffReceipts(a, b);
    expect(d.sameFigure).toBe(true);
    expect(d.inputs[0]).toMatchObject({ same: false, left: [6], entered: [6] });
    expect(d.parameters).toEqual([{ name: 'seed', before: 7, after: 8 }]);
    expect(d.outputs.length).toBeGreaterThan(0);
    expect(diffReceipts(a, a)).toMatchObject({ parameters: [], outputs: [], code: null });
  });
});

describe.skipIf(!hasShared('data', 'mse', 'kosovo-4lists.csv'))('on Kosovo', () => {
  it('reproduces dga and log-linear figures exactly', async () => {
    const text = readFileSync(sharedPath('data', 'mse', 'kosovo-4lists.csv'), 'utf8');
    const r = await receiptFor(text, { ...PARAMS, methods: ['dga', 'loglinear'] });
    expect(r.outputs['total.dga.estimate']).toBeGreaterThan(10_000);
    expect(canonicalize(r)).toContain('"dga.prior":"1/N"');
    expect((await verify(roundTrip(r), [text])).reproduced).toBe(true);
  }, 120_000);
});

describe('a parameter that is a set of settings', () => {
  // A stand-in method: the figure is the count of input rows times the settings' seed, so a seed edit shows in it.
  const settingsMethod = {
    kind: 'settings-test',
    inputRoles: ['records'],
    seeded: true,
    recompute: async (inputs: { text: string }[], parameters: Record<string, unknown>) => ({
      figure: (inputs[0].text.trim().split('\n').length - 1) * Number((parameters.settings as { seed: number }).seed),
    }),
  };
  const RECORDS = 'id,name\n1,A\n2,B\n';
  const made = (signer?: ReturnType<typeof generateSigner>) =>
    makeReceipt(
      {
        figure: { kind: 'settings-test', label: 'r.csv' },
        code: CODE,
        createdAt: '2026-12-07T12:00:00Z',
        inputs: [commitInput('r.csv', 'records', bytes(RECORDS)).commitment],
        parameters: { threshold: 0.9, settings: { seed: 3, blocking: ['surname'] } },
        outputs: { figure: 6 },
      },
      signer,
    );
  const check = (r: unknown, verifiers = [] as ReturnType<typeof parseVerifierKey>[]) =>
    verifyReceipt(r, [{ name: 'r.csv', bytes: bytes(RECORDS) }], { methods: [settingsMethod], verifiers, code: CODE });

  it('names the setting that was edited, not only the settings', async () => {
    const signer = generateSigner('reckon.example');
    const r = roundTrip(made(signer)) as Receipt;
    expect((await check(r)).reproduced).toBe(true);
    (r.parameters.settings as { seed: number }).seed = 4;
    const report = await check(r, [parseVerifierKey(formatVerifierKey(signer))]);
    expect(report.reproduced).toBe(false);
    expect(report.checks.find((c) => c.part === 'parameters')?.differences).toEqual([
      'parameter "settings" differs from the value the manifest committed to',
      'parameter "settings" "seed" differs from the value the manifest committed to',
    ]);
  });

  it('still verifies a receipt whose manifest predates the per-setting lines, and still catches an edit to it', async () => {
    const r = roundTrip(made()) as Receipt;
    // an unsigned receipt as an earlier Reckon wrote it: the manifest without the per-setting lines
    r.manifest = r.manifest
      .split('\n')
      .filter((line) => !/ parameter "settings" "/.test(line))
      .join('\n');
    expect((await check(r)).checks.find((c) => c.part === 'manifest')?.status).toBe('pass');
    (r.parameters.settings as { seed: number }).seed = 5;
    const report = await check(r);
    expect(report.checks.find((c) => c.part === 'parameters')?.differences).toEqual(['parameter "settings" differs from the value the manifest committed to']);
  });

  it('names a setting added after the manifest was made', async () => {
    const r = roundTrip(made()) as Receipt;
    (r.parameters.settings as Record<string, unknown>).extra = true;
    const report = await check(r);
    expect(report.checks.find((c) => c.part === 'parameters')?.differences).toContain('parameter "settings" "extra" was added after the manifest was made');
  });
});
