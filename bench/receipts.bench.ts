/**
 * Receipts (issue 15, item 1): does `reckon receipt verify` reproduce the figures, and does it catch and name a
 * change of one input row or one parameter?
 *
 *   node --import tsx bench/receipts.bench.ts [--trials 200] [--records 100000] [--link-trials 10] [--lcmcr quick|production]
 *     [--parts kosovo,link,trials]
 *
 * 1. Kosovo 1999 (../shared/data/mse, skipped when absent): every method's figures with a receipt, then verified
 *    by recomputing from the table; LCMCR at `--lcmcr quick` (2 chains, burn-in 1,000, thinning 10, 300 draws) by
 *    default on this loaded machine, or at HRDAG's production settings.
 * 2. A linkage run of `--records` synthetic records (invented names, src/core/linkage/synthetic): `reckon link
 *    --receipt`, then `reckon receipt verify`, each in a fresh process, timed.
 * 3. `--trials` random single changes to a signed estimate receipt or its table (a row's count changed, a row
 *    removed, a row repeated, two rows swapped, or one parameter edited in the receipt), each verified: detected =
 *    not reproduced; named = the report names the changed row (by receipt row or data line) or the edited parameter.
 *    The same parameter edits on an unsigned receipt whose manifest is rewritten to match show what recomputing
 *    alone catches. Then `--link-trials` row changes to the linkage run's input, checked the same way.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'csv-stringify/sync';
import { hasShared, sharedPath } from '../test/shared-data.ts';
import { formatVerifierKey, generateSigner, parseVerifierKey } from '../src/core/ledger/signed-note.ts';
import { commitInput, estimateMethod, estimateParameterRecord, makeReceipt, manifestText, runEstimateFigures, verifyReceipt, type EstimateParameters, type Receipt, type VerifyReport } from '../src/core/receipts/index.ts';
import { generateLists, SYNTHETIC_COLUMNS } from '../src/core/linkage/synthetic/generate.ts';
import { workerChainRunner } from '../src/core/estimation/chain-pool.ts';
import { codeVersion } from '../src/server/receipts/code-version.ts';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const TRIALS = Number(option('trials', '200'));
const RECORDS = Number(option('records', '100000'));
const LINK_TRIALS = Number(option('link-trials', '10'));
const PRODUCTION = option('lcmcr', 'quick') === 'production';
const PARTS = new Set(option('parts', 'kosovo,link,trials').split(','));
const load = () => loadavg().map((x) => x.toFixed(1)).join(', ');
const code = codeVersion();
const bytes = (text: string) => new TextEncoder().encode(text);

console.log(`machine: ${cpus().length} cores, node ${process.version}, ${new Date().toISOString()}, load ${load()}`);

// a seeded generator for the trials, so a run can be repeated
let state = 20261206;
const random = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];

const runner = workerChainRunner(Math.min(2, cpus().length));
const methods = [estimateMethod(runner)];
const signer = generateSigner('bench.receipts');
const verifier = parseVerifierKey(formatVerifierKey(signer));

async function estimateReceipt(label: string, text: string, p: EstimateParameters, sign = true): Promise<Receipt> {
  const { outputs } = await runEstimateFigures(text, p, runner);
  const receipt = makeReceipt(
    { figure: { kind: 'estimate', label }, code, createdAt: new Date().toISOString(), inputs: [commitInput(label, 'capture table', bytes(text)).commitment], parameters: estimateParameterRecord(p), outputs },
    sign ? signer : undefined,
  );
  return JSON.parse(JSON.stringify(receipt)) as Receipt;
}
const verify = (receipt: unknown, text: string | Uint8Array) =>
  verifyReceipt(receipt, [{ name: 'data.csv', bytes: typeof text === 'string' ? bytes(text) : text }], { methods, verifiers: [verifier], code });

// ---------------------------------------------------------------- 1. Kosovo
const quick = { chains: 2, burnin: 1000, thinning: 10, samples: 300 };
const production = { chains: 3, burnin: 10_000, thinning: 500, samples: 1000 };
const base: EstimateParameters = { methods: ['lcmcr', 'dga', 'loglinear', 'chapman'], strata: [], seed: 1, ...(PRODUCTION ? production : quick), classes: null, prior: '1/N', delta: null, criterion: 'aic', model: null };
if (PARTS.has('kosovo') && hasShared('data', 'mse', 'kosovo-4lists.csv')) {
  const text = readFileSync(sharedPath('data', 'mse', 'kosovo-4lists.csv'), 'utf8');
  let t = performance.now();
  const receipt = await estimateReceipt('kosovo-4lists.csv', text, base);
  const makeSeconds = (performance.now() - t) / 1000;
  t = performance.now();
  const report = await verify(receipt, text);
  const verifySeconds = (performance.now() - t) / 1000;
  const figures = Object.keys(receipt.outputs).length;
  const failing = report.checks.filter((c) => c.status === 'fail');
  console.log(`\n## Kosovo estimates (LCMCR ${PRODUCTION ? 'production' : 'quick'} settings: ${JSON.stringify(PRODUCTION ? production : quick)})\n`);
  console.log('| figures | reproduced | compute + receipt (s) | verify (s) | headline figures | load |');
  console.log('|---|---|---|---|---|---|');
  const headline = ['lcmcr', 'dga', 'loglinear', 'chapman'].map((m) => `${m} ${typeof receipt.outputs[`total.${m}.estimate`] === 'number' ? Math.round(receipt.outputs[`total.${m}.estimate`] as number) : 'none (needs 2 lists)'}`).join(', ');
  console.log(`| ${figures} | ${report.reproduced ? `${figures}/${figures}` : `NO: ${failing.map((c) => c.message).join('; ')}`} | ${makeSeconds.toFixed(1)} | ${verifySeconds.toFixed(1)} | ${headline} | ${load()} |`);
}

// ---------------------------------------------------------------- 2. Linkage run
const dir = mkdtempSync(join(tmpdir(), 'reckon-receipts-bench-'));
const reckon = (cliArgs: string[]) => {
  const t = performance.now();
  const run = spawnSync(process.execPath, [join(root, 'bin', 'reckon.js'), ...cliArgs], { cwd: dir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { ...run, seconds: (performance.now() - t) / 1000 };
};
let linkRecordsCsv = '';
if (PARTS.has('link')) try {
  const { records } = generateLists({ persons: Math.round(RECORDS / 1.8), seed: 20 });
  const rows = records.slice(0, RECORDS).map((r) => SYNTHETIC_COLUMNS.filter((c) => c !== 'true_person').map((c) => r[c]));
  linkRecordsCsv = stringify([SYNTHETIC_COLUMNS.filter((c) => c !== 'true_person'), ...rows]);
  writeFileSync(join(dir, 'records.csv'), linkRecordsCsv);
  const made = reckon(['link', 'records.csv', '--out', 'persons.csv', '--receipt', 'link-receipt.json']);
  if (made.status !== 0) throw new Error(`reckon link failed: ${made.stderr}`);
  const receiptBytes = readFileSync(join(dir, 'link-receipt.json')).length;
  const checked = reckon(['receipt', 'verify', 'link-receipt.json', '--data', 'records.csv']);
  const outputs = (JSON.parse(readFileSync(join(dir, 'link-receipt.json'), 'utf8')) as Receipt).outputs;
  console.log(`\n## Linkage run of ${rows.length.toLocaleString('en-US')} synthetic records\n`);
  console.log('| records | persons | receipt size | link + receipt (s) | verify (s) | reproduced | load |');
  console.log('|---|---|---|---|---|---|---|');
  console.log(`| ${outputs.records} | ${outputs.persons} | ${(receiptBytes / 1e6).toFixed(1)} MB | ${made.seconds.toFixed(1)} | ${checked.seconds.toFixed(1)} | ${checked.status === 0 && /REPRODUCED/.test(checked.stdout) ? `${Object.keys(outputs).length}/${Object.keys(outputs).length} figures` : `NO (exit ${checked.status}): ${checked.stdout.split('\n').filter((l) => /FAIL/.test(l)).join(' ')}`} | ${load()} |`);
} catch (error) {
  console.log(`linkage run: ${(error as Error).message}`);
}

// ---------------------------------------------------------------- 3. Trials
const TABLE = hasShared('data', 'mse', 'kosovo-4lists.csv') ? readFileSync(sharedPath('data', 'mse', 'kosovo-4lists.csv'), 'utf8') : 'A,B,C,count\n0,0,1,30\n0,1,0,40\n0,1,1,12\n1,0,0,50\n1,0,1,9\n1,1,0,14\n1,1,1,6\n';
// small LCMCR runs: the trials measure detection, not the estimate
const trialParams: EstimateParameters = { ...base, chains: 2, burnin: 100, thinning: 2, samples: 100 };
const signedReceipt = await estimateReceipt('table.csv', TABLE, trialParams);
const unsignedReceipt = await estimateReceipt('table.csv', TABLE, trialParams, false);
const lines = TABLE.trimEnd().split('\n');
const header = lines[0];
const body = lines.slice(1);
const asText = (rows: string[]) => `${[header, ...rows].join('\n')}\n`;

type Change = { kind: string; apply: () => { receipt: Receipt; data: string }; named: (r: VerifyReport) => boolean };
const input = (r: VerifyReport) => r.checks.find((c) => c.part === 'input');
const rowChange = (rowsIn: string[], receipt: Receipt): Change => {
  const i = Math.floor(random() * rowsIn.length);
  const kinds: Change[] = [
    {
      kind: 'row: count changed',
      apply: () => {
        const rows = [...rowsIn];
        const cells = rows[i].split(',');
        cells[cells.length - 1] = String(Number(cells[cells.length - 1]) + 1 + Math.floor(random() * 5));
        rows[i] = cells.join(',');
        return { receipt, data: asText(rows) };
      },
      named: (r) => Boolean(input(r)?.differences?.includes(`left: committed row ${i + 1} (leaf ${i}) is not in the data given`) && input(r)?.differences?.some((d) => d.startsWith(`entered: line ${i + 2} `))),
    },
    { kind: 'row: removed', apply: () => ({ receipt, data: asText(rowsIn.filter((_, j) => j !== i)) }), named: (r) => input(r)?.differences?.[0] === `left: committed row ${i + 1} (leaf ${i}) is not in the data given` },
    { kind: 'row: repeated', apply: () => ({ receipt, data: asText([...rowsIn, rowsIn[i]]) }), named: (r) => Boolean(input(r)?.differences?.some((d) => d.startsWith(`entered: line ${rowsIn.length + 2} `))) },
    {
      kind: 'rows: two swapped',
      apply: () => {
        const rows = [...rowsIn];
        const j = (i + 1) % rows.length;
        [rows[i], rows[j]] = [rows[j], rows[i]];
        return { receipt, data: asText(rows) };
      },
      named: (r) => /in a different order/.test(input(r)?.message ?? ''),
    },
  ];
  return pick(kinds);
};
const PARAMETER_EDITS: Array<[string, (v: unknown) => unknown]> = [
  ['seed', (v) => (v as number) + 1],
  ['lcmcr.chains', (v) => (v as number) + 1],
  ['lcmcr.burnin', (v) => (v as number) + 10],
  ['lcmcr.thinning', (v) => (v as number) + 1],
  ['lcmcr.samples', (v) => (v as number) + 10],
  ['lcmcr.classes', () => 3],
  ['dga.prior', (v) => (v === '1/N' ? 'uniform' : '1/N')],
  ['dga.delta', () => 0.5],
  ['loglinear.criterion', (v) => (v === 'aic' ? 'bic' : 'aic')],
  ['methods', (v) => (v as string[]).slice(1)],
];
const parameterChange = (receipt: Receipt, rewriteManifest: boolean): Change => {
  const [name, edit] = pick(PARAMETER_EDITS);
  return {
    kind: `parameter: ${name}`,
    apply: () => {
      const r = JSON.parse(JSON.stringify(receipt)) as Receipt;
      r.parameters[name] = edit(r.parameters[name]) as never;
      if (rewriteManifest) r.manifest = manifestText(r);
      return { receipt: r, data: TABLE };
    },
    named: (r) => Boolean(r.checks.find((c) => c.part === 'parameters')?.differences?.some((d) => d.startsWith(`parameter ${JSON.stringify(name)}`))),
  };
};

async function trials(label: string, n: number, make: () => Change): Promise<void> {
  const byKind = new Map<string, { n: number; detected: number; named: number }>();
  const t = performance.now();
  for (let k = 0; k < n; k++) {
    const change = make();
    const { receipt, data } = change.apply();
    const report = await verify(receipt, data);
    const s = byKind.get(change.kind) ?? { n: 0, detected: 0, named: 0 };
    s.n++;
    if (!report.reproduced) s.detected++;
    if (!report.reproduced && change.named(report)) s.named++;
    byKind.set(change.kind, s);
  }
  const total = [...byKind.values()].reduce((a, s) => ({ n: a.n + s.n, detected: a.detected + s.detected, named: a.named + s.named }), { n: 0, detected: 0, named: 0 });
  console.log(`\n## ${label}: ${n} trials in ${((performance.now() - t) / 1000).toFixed(0)} s (load ${load()})\n`);
  console.log('| change | trials | detected | named |');
  console.log('|---|---|---|---|');
  for (const [kind, s] of [...byKind].sort()) console.log(`| ${kind} | ${s.n} | ${s.detected} | ${s.named} |`);
  console.log(`| **all** | ${total.n} | ${total.detected} (${((100 * total.detected) / total.n).toFixed(1)} %) | ${total.named} (${((100 * total.named) / total.n).toFixed(1)} %) |`);
}

if (PARTS.has('trials')) await trials('One row or one parameter changed, signed receipt (Kosovo table)', TRIALS, () => (random() < 0.5 ? rowChange(body, signedReceipt) : parameterChange(signedReceipt, false)));
if (PARTS.has('trials')) await trials('One parameter changed in an unsigned receipt with its manifest rewritten (recomputation alone)', Math.max(10, Math.round(TRIALS / 4)), () => parameterChange(unsignedReceipt, true));

if (linkRecordsCsv && LINK_TRIALS > 0) {
  // the rows differ, so verification stops before rerunning the linkage: the method is never called
  const linkageRowsOnly = { kind: 'linkage', inputRoles: ['records'], seeded: false, recompute: async () => { throw new Error('not rerun here'); } };
  const linkReceipt = JSON.parse(readFileSync(join(dir, 'link-receipt.json'), 'utf8')) as Receipt;
  const linkLines = linkRecordsCsv.trimEnd().split('\n');
  const linkHeader = linkLines[0];
  const linkBody = linkLines.slice(1);
  const byKind = { n: 0, detected: 0, named: 0 };
  const t = performance.now();
  for (let k = 0; k < LINK_TRIALS; k++) {
    const i = Math.floor(random() * linkBody.length);
    const rows = [...linkBody];
    rows[i] = rows[i].replace(/^([^,]*),/, '$1x,');
    const report = await verifyReceipt(linkReceipt, [{ name: 'records.csv', bytes: bytes(`${[linkHeader, ...rows].join('\n')}\n`) }], { methods: [linkageRowsOnly], code }).catch(() => null);
    byKind.n++;
    if (report && !report.reproduced) byKind.detected++;
    if (report && input(report)?.differences?.includes(`left: committed row ${i + 1} (leaf ${i}) is not in the data given`)) byKind.named++;
  }
  console.log(`\n## One record changed in the ${linkBody.length.toLocaleString('en-US')}-record linkage input: ${LINK_TRIALS} trials in ${((performance.now() - t) / 1000).toFixed(0)} s (load ${load()})\n`);
  console.log(`detected ${byKind.detected}/${byKind.n}, named (receipt row and data line) ${byKind.named}/${byKind.n}`);
}
rmSync(dir, { recursive: true, force: true });
process.exit(0);
