/**
 * Receipts (issue 15, item 1): does `reckon receipt verify` reproduce the figures, and does it catch and name a
 * change of one input row or one parameter?
 *
 *   node --import tsx bench/receipts.bench.ts [--trials 200] [--records 100000] [--link-trials 200] [--lcmcr quick|production]
 *     [--link-recompute-trials 4] [--small-records 2000] [--small-trials 200] [--parts kosovo,link,trials,small]
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
 *    alone catches.
 * 4. `--link-trials` random single changes to the linkage run's signed receipt or its input (a cell changed, a row
 *    inserted new or as an exact copy, a row deleted, two rows swapped, a row moved; or one parameter edited: the
 *    threshold, the date format, a column mapping, --strict, --strict-dates, --allow-empty-names, or inside the
 *    settings the seed, the threshold, the u sample or the clustering). The run is made with its detected settings
 *    written out and given back (`--save-settings`, then `--settings`), so that the seed is a parameter of the
 *    receipt. A changed row is caught by the input commitment before any rerun; a changed parameter by the signed
 *    manifest. Rerunning a 100,000-record linkage for each of 200 trials would take hours here, so in these trials
 *    the rerun is replaced by one that gives back the receipt's own figures (the worst case: as if the change had
 *    not moved a figure), and detection and naming come from the other checks alone; `--link-recompute-trials`
 *    parameter edits are verified with the real rerun. Then `--small-trials` of the same changes, every one verified
 *    with the real rerun, on a run of `--small-records`.
 *    `--link-rerun memo` (the default) verifies every one of the `--link-trials` with the real rerun instead, and
 *    makes that affordable without weakening it: a rerun is a pure function of the input rows, the parameters and the
 *    code (which is what a receipt claims), so reruns are kept by the SHA-256 of the rows given and the RFC 8785 JSON
 *    of the parameters, and a trial whose rerun was already made gets that rerun's figures. Every trial still goes
 *    through the whole of `verifyReceipt`; the edits are few (each of the ten parameter edits gives one set of
 *    parameters), so 200 trials need about ten reruns, not a hundred. Before the trials, the unchanged receipt is
 *    verified twice with two real reruns, and the bench says whether they agree (the determinism the cache relies on).
 *    `--link-rerun recorded` gives the old worst-case replacement.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'csv-stringify/sync';
import { hasShared, sharedPath } from '../test/shared-data.ts';
import { formatSignerKey, formatVerifierKey, generateSigner, parseVerifierKey } from '../src/core/ledger/signed-note.ts';
import { commitInput, estimateMethod, estimateParameterRecord, makeReceipt, manifestText, runEstimateFigures, verifyReceipt, type EstimateParameters, type Receipt, type VerifyReport } from '../src/core/receipts/index.ts';
import { generateLists, SYNTHETIC_COLUMNS } from '../src/core/linkage/synthetic/generate.ts';
import { workerChainRunner } from '../src/core/estimation/chain-pool.ts';
import { codeVersion } from '../src/server/receipts/code-version.ts';
import { canonicalize } from '../src/core/ledger/canonical-json.ts';
import { linkageMethod } from '../src/cli/commands/receipt-link.ts';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const TRIALS = Number(option('trials', '200'));
const RECORDS = Number(option('records', '100000'));
const LINK_TRIALS = Number(option('link-trials', '200'));
const LINK_RECOMPUTE_TRIALS = Number(option('link-recompute-trials', '4'));
const LINK_RERUN = option('link-rerun', 'memo');
const SMALL_RECORDS = Number(option('small-records', '2000'));
const SMALL_TRIALS = Number(option('small-trials', '200'));
const PRODUCTION = option('lcmcr', 'quick') === 'production';
const PARTS = new Set(option('parts', 'kosovo,link,trials,small').split(','));
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
const syntheticRows = (records: number, seed: number) => {
  const generated = generateLists({ persons: Math.round(records / 1.8), seed });
  const columns = SYNTHETIC_COLUMNS.filter((c) => c !== 'true_person');
  return stringify([columns, ...generated.records.slice(0, records).map((r) => columns.map((c) => r[c]))]);
};
writeFileSync(join(dir, 'receipt-key.txt'), formatSignerKey(signer));
writeFileSync(join(dir, 'public-key.txt'), formatVerifierKey(signer));
if (PARTS.has('link')) try {
  linkRecordsCsv = syntheticRows(RECORDS, 20);
  writeFileSync(join(dir, 'records.csv'), linkRecordsCsv);
  const made = reckon(['link', 'records.csv', '--out', 'persons.csv', '--receipt', 'link-receipt.json', '--save-settings', 'settings.json']);
  if (made.status !== 0) throw new Error(`reckon link failed: ${made.stderr}`);
  const receiptBytes = readFileSync(join(dir, 'link-receipt.json')).length;
  const checked = reckon(['receipt', 'verify', 'link-receipt.json', '--data', 'records.csv']);
  const outputs = (JSON.parse(readFileSync(join(dir, 'link-receipt.json'), 'utf8')) as Receipt).outputs;
  // the receipt the trials change: the same run with its detected settings given back, signed
  const signedRun = reckon(['link', 'records.csv', '--out', 'persons-signed.csv', '--settings', 'settings.json', '--receipt', 'link-receipt-signed.json', '--receipt-key', 'receipt-key.txt']);
  if (signedRun.status !== 0) throw new Error(`reckon link --settings failed: ${signedRun.stderr}`);
  const signedOutputs = (JSON.parse(readFileSync(join(dir, 'link-receipt-signed.json'), 'utf8')) as Receipt).outputs;
  console.log(`\n## Linkage run of ${(outputs.records as number).toLocaleString('en-US')} synthetic records\n`);
  console.log('| records | persons | receipt size | link + receipt (s) | verify (s) | reproduced | same persons with the settings given back, signed (s) | load |');
  console.log('|---|---|---|---|---|---|---|---|');
  console.log(
    `| ${outputs.records} | ${outputs.persons} | ${(receiptBytes / 1e6).toFixed(1)} MB | ${made.seconds.toFixed(1)} | ${checked.seconds.toFixed(1)} | ${checked.status === 0 && /REPRODUCED/.test(checked.stdout) ? `${Object.keys(outputs).length}/${Object.keys(outputs).length} figures` : `NO (exit ${checked.status}): ${checked.stdout.split('\n').filter((l) => /FAIL/.test(l)).join(' ')}`} | ${signedOutputs.assignmentRoot === outputs.assignmentRoot ? 'yes' : 'NO'} (${signedRun.seconds.toFixed(1)}) | ${load()} |`,
  );
} catch (error) {
  console.log(`linkage run: ${(error as Error).message}`);
  linkRecordsCsv = '';
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

// ---------------------------------------------------------------- 4. Linkage trials
type Tally = Map<string, { n: number; detected: number; named: number }>;
const tally = (byKind: Tally, kind: string, detected: boolean, named: boolean) => {
  const s = byKind.get(kind) ?? { n: 0, detected: 0, named: 0 };
  s.n++;
  if (detected) s.detected++;
  if (detected && named) s.named++;
  byKind.set(kind, s);
};
function printTally(label: string, byKind: Tally, seconds: number, note = ''): void {
  const total = [...byKind.values()].reduce((a, s) => ({ n: a.n + s.n, detected: a.detected + s.detected, named: a.named + s.named }), { n: 0, detected: 0, named: 0 });
  console.log(`\n## ${label}: ${total.n} trials in ${seconds.toFixed(0)} s (load ${load()})${note}\n`);
  console.log('| change | trials | detected | named |');
  console.log('|---|---|---|---|');
  for (const [kind, s] of [...byKind].sort()) console.log(`| ${kind} | ${s.n} | ${s.detected} | ${s.named} |`);
  console.log(`| **all** | ${total.n} | ${total.detected} (${((100 * total.detected) / total.n).toFixed(1)} %) | ${total.named} (${((100 * total.named) / total.n).toFixed(1)} %) |`);
}

/** One change to a linkage receipt or its records: what to verify, and whether a report names it. */
type LinkChange = { kind: string; receipt: Receipt; data: string; named: (r: VerifyReport) => boolean };
// a settings key (`settings" "seed`) is written as the manifest writes it, the quotes already in place
const namesParameter = (r: VerifyReport, name: string) =>
  Boolean(r.checks.find((c) => c.part === 'parameters')?.differences?.some((d) => d.startsWith(name.includes('" "') ? `parameter "${name}"` : `parameter ${JSON.stringify(name)}`)));
const leftRow = (r: VerifyReport, i: number) => Boolean(input(r)?.differences?.includes(`left: committed row ${i + 1} (leaf ${i}) is not in the data given`));
const enteredLine = (r: VerifyReport, line: number) => Boolean(input(r)?.differences?.some((d) => d.startsWith(`entered: line ${line} `)));

function linkRowChange(csv: string, receipt: Receipt): LinkChange {
  const lines = csv.trimEnd().split('\n');
  const head = lines[0];
  const rowsIn = lines.slice(1);
  const text = (rows: string[]) => `${[head, ...rows].join('\n')}\n`;
  const i = Math.floor(random() * rowsIn.length);
  const k = Math.floor(random() * (rowsIn.length + 1));
  const kinds: Array<() => LinkChange> = [
    () => {
      const rows = [...rowsIn];
      rows[i] = rows[i].replace(/^([^,]*),/, '$1x,');
      return { kind: 'row: a cell changed', receipt, data: text(rows), named: (r) => leftRow(r, i) && enteredLine(r, i + 2) };
    },
    () => {
      // a new record: another row's values under an id of its own, inserted at k
      const rows = [...rowsIn];
      rows.splice(k, 0, rowsIn[i].replace(/^([^,]*),/, '$1-inserted,'));
      return { kind: 'row: inserted', receipt, data: text(rows), named: (r) => enteredLine(r, k + 2) };
    },
    () => {
      // an exact copy: the row-multiset difference names whichever copy comes second
      const rows = [...rowsIn];
      rows.splice(k, 0, rowsIn[i]);
      const original = i < k ? i : i + 1;
      return { kind: 'row: inserted, an exact copy of another', receipt, data: text(rows), named: (r) => enteredLine(r, Math.max(k, original) + 2) };
    },
    () => ({ kind: 'row: deleted', receipt, data: text(rowsIn.filter((_, j) => j !== i)), named: (r) => leftRow(r, i) }),
    () => {
      const rows = [...rowsIn];
      const j = (i + 1) % rows.length;
      [rows[i], rows[j]] = [rows[j], rows[i]];
      return { kind: 'rows: two swapped', receipt, data: text(rows), named: (r) => /in a different order/.test(input(r)?.message ?? '') };
    },
    () => {
      const rows = [...rowsIn];
      const [moved] = rows.splice(i, 1);
      const to = k === i || k === i + 1 ? (i + 2) % rowsIn.length : k;
      rows.splice(to > i ? to - 1 : to, 0, moved);
      return { kind: 'rows: one moved elsewhere', receipt, data: text(rows), named: (r) => /in a different order/.test(input(r)?.message ?? '') };
    },
  ];
  return pick(kinds)();
}

/**
 * Edits of a linkage receipt's parameters: [the parameter the manifest names, the label, the edit]. A key inside the
 * settings is named with its parameter, as the manifest's line for it reads: `settings" "seed` for `parameter
 * "settings" "seed"`.
 */
const LINK_PARAMETER_EDITS: Array<[string, string, (v: Receipt['parameters']) => void]> = [
  ['threshold', 'threshold', (p) => void (p.threshold = p.threshold === '0.8' ? '0.95' : '0.8')],
  ['dateFormat', 'date format', (p) => void (p.dateFormat = p.dateFormat === 'mdy' ? 'dmy' : 'mdy')],
  ['map', 'a column mapping added', (p) => void (p.map = [...((p.map as string[]) ?? []), 'ignore=place'])],
  ['strict', '--strict', (p) => void (p.strict = !p.strict)],
  ['strictDates', '--strict-dates', (p) => void (p.strictDates = !p.strictDates)],
  ['allowEmptyNames', '--allow-empty-names', (p) => void (p.allowEmptyNames = !p.allowEmptyNames)],
  ['settings" "seed', 'settings: seed', (p) => void ((p.settings as { seed?: number }).seed = ((p.settings as { seed?: number }).seed ?? 1) + 1)],
  ['settings" "threshold', 'settings: threshold', (p) => void ((p.settings as { threshold?: number }).threshold = ((p.settings as { threshold?: number }).threshold ?? 0.9) === 0.8 ? 0.95 : 0.8)],
  ['settings" "uSamplePairs', 'settings: u sample', (p) => void ((p.settings as { uSamplePairs?: number }).uSamplePairs = Math.round(((p.settings as { uSamplePairs?: number }).uSamplePairs ?? 1_000_000) / 2))],
  ['settings" "clustering', 'settings: clustering', (p) => void ((p.settings as { clustering?: string }).clustering = (p.settings as { clustering?: string }).clustering === 'connected' ? 'careful' : 'connected')],
];
function linkParameterChange(csv: string, receipt: Receipt, rewriteManifest: boolean, only?: string): LinkChange {
  const edits = only ? LINK_PARAMETER_EDITS.filter(([, label]) => label === only) : LINK_PARAMETER_EDITS;
  const [name, label, edit] = pick(edits);
  const r = JSON.parse(JSON.stringify(receipt)) as Receipt;
  edit(r.parameters);
  if (rewriteManifest) r.manifest = manifestText(r);
  return { kind: `parameter: ${label}`, receipt: r, data: csv, named: (report) => namesParameter(report, name) };
}

const realLinkage = linkageMethod();
/** The rerun replaced by one that gives back the receipt's own figures: detection must come from elsewhere. */
const figuresAsRecorded = (receipt: Receipt) => ({ ...realLinkage, recompute: async () => ({ ...receipt.outputs }) });
/**
 * The real rerun, kept by what it is a function of: the rows given (their SHA-256) and the parameters (RFC 8785 JSON);
 * the code is the same throughout a run of the bench. A failed rerun is kept as the same failure.
 */
const memo = new Map<string, Promise<Record<string, import('../src/core/receipts/index.ts').Scalar>>>();
const memoStats = { reruns: 0, reused: 0, cpuSeconds: 0 };
const memoLinkage = {
  ...realLinkage,
  recompute: (inputs: Parameters<typeof realLinkage.recompute>[0], parameters: Parameters<typeof realLinkage.recompute>[1]) => {
    const key = createHash('sha256')
      .update(canonicalize({ inputs: inputs.map((i) => createHash('sha256').update(i.text).digest('hex')), parameters }))
      .digest('hex');
    const kept = memo.get(key);
    if (kept) {
      memoStats.reused++;
      return kept;
    }
    memoStats.reruns++;
    const cpu = process.cpuUsage();
    const run = realLinkage.recompute(inputs, parameters).finally(() => {
      const used = process.cpuUsage(cpu);
      memoStats.cpuSeconds += (used.user + used.system) / 1e6;
    });
    memo.set(key, run);
    return run;
  },
};
const verifyLink = (change: LinkChange, rerun: boolean | 'memo') =>
  verifyReceipt(change.receipt, [{ name: 'records.csv', bytes: bytes(change.data) }], {
    methods: [rerun === 'memo' ? memoLinkage : rerun ? realLinkage : figuresAsRecorded(change.receipt)],
    verifiers: [verifier],
    code,
  });

if (linkRecordsCsv && LINK_TRIALS > 0) {
  const signedLink = JSON.parse(readFileSync(join(dir, 'link-receipt-signed.json'), 'utf8')) as Receipt;
  const records = (signedLink.outputs.records as number).toLocaleString('en-US');
  const byKind: Tally = new Map();
  const memoised = LINK_RERUN === 'memo';
  let t = performance.now();
  let cpu = process.cpuUsage();
  let note = '; a changed parameter verified without the rerun (see the bench header)';
  if (memoised) {
    // the determinism the cache relies on: the unchanged receipt, verified twice with two real reruns
    const unchanged = { kind: 'none', receipt: signedLink, data: linkRecordsCsv, named: () => true };
    const first = await verifyLink(unchanged, true);
    const second = await verifyLink(unchanged, true);
    const used = process.cpuUsage(cpu);
    console.log(
      `\nunchanged ${records}-record receipt verified twice with the real rerun: ${first.reproduced ? 'reproduced' : 'NOT reproduced'}, ${second.reproduced ? 'reproduced' : 'NOT reproduced'} (${((performance.now() - t) / 1000).toFixed(0)} s wall, ${((used.user + used.system) / 1e6).toFixed(0)} CPU-s for both, load ${load()})`,
    );
    t = performance.now();
    cpu = process.cpuUsage();
  }
  for (let k = 0; k < LINK_TRIALS; k++) {
    const change = random() < 0.5 ? linkRowChange(linkRecordsCsv, signedLink) : linkParameterChange(linkRecordsCsv, signedLink, false);
    const report = await verifyLink(change, memoised ? 'memo' : false);
    tally(byKind, change.kind, !report.reproduced, change.named(report));
  }
  if (memoised) {
    const used = process.cpuUsage(cpu);
    note = `; every trial verified with the real rerun: ${memoStats.reruns} distinct reruns (${memoStats.cpuSeconds.toFixed(0)} CPU-s), ${memoStats.reused} trials given a rerun already made; the trials used ${((used.user + used.system) / 1e6).toFixed(0)} CPU-s of this process`;
  }
  printTally(`One row or one parameter changed, signed ${records}-record linkage receipt`, byKind, (performance.now() - t) / 1000, note);

  if (LINK_RECOMPUTE_TRIALS > 0) {
    // the real verification, rerun included: the seed and the threshold first, then random edits
    const byKindRerun: Tally = new Map();
    t = performance.now();
    for (let k = 0; k < LINK_RECOMPUTE_TRIALS; k++) {
      const change = linkParameterChange(linkRecordsCsv, signedLink, false, k === 0 ? 'settings: seed' : k === 1 ? 'settings: threshold' : undefined);
      const report = await verifyLink(change, true);
      const output = report.checks.find((c) => c.part === 'output');
      tally(byKindRerun, `${change.kind} (rerun: ${output?.status === 'pass' ? 'same figures' : output?.status === 'fail' ? 'figures differ' : (output?.status ?? 'none')})`, !report.reproduced, change.named(report));
    }
    printTally(`One parameter changed, signed ${records}-record linkage receipt, verified with the rerun`, byKindRerun, (performance.now() - t) / 1000);
  }
}

if (PARTS.has('small') && SMALL_TRIALS > 0) {
  // the same trials, every one verified with the rerun, on a run small enough to rerun 200 times
  const csv = syntheticRows(SMALL_RECORDS, 21);
  writeFileSync(join(dir, 'small.csv'), csv);
  const made = reckon(['link', 'small.csv', '--out', 'small-persons.csv', '--save-settings', 'small-settings.json']);
  const signedRun = made.status === 0 ? reckon(['link', 'small.csv', '--out', 'small-persons.csv', '--settings', 'small-settings.json', '--receipt', 'small-receipt.json', '--receipt-key', 'receipt-key.txt']) : made;
  if (signedRun.status !== 0) console.log(`small linkage run: ${signedRun.stderr}`);
  else {
    const smallReceipt = JSON.parse(readFileSync(join(dir, 'small-receipt.json'), 'utf8')) as Receipt;
    const byKind: Tally = new Map();
    const t = performance.now();
    let reruns = 0;
    for (let k = 0; k < SMALL_TRIALS; k++) {
      const change = random() < 0.5 ? linkRowChange(csv, smallReceipt) : linkParameterChange(csv, smallReceipt, false);
      const report = await verifyLink(change, true);
      if (report.checks.some((c) => c.part === 'output' && c.status !== 'not-checked')) reruns++;
      tally(byKind, change.kind, !report.reproduced, change.named(report));
    }
    const original = await verifyLink({ kind: 'none', receipt: smallReceipt, data: csv, named: () => true }, true);
    printTally(
      `One row or one parameter changed, signed ${SMALL_RECORDS.toLocaleString('en-US')}-record linkage receipt, verified with the rerun`,
      byKind,
      (performance.now() - t) / 1000,
      `; ${reruns} reruns; the unchanged receipt ${original.reproduced ? 'reproduced' : 'NOT reproduced'}`,
    );
  }
}

rmSync(dir, { recursive: true, force: true });
process.exit(0);
