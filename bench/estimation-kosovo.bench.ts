/**
 * Every method on the Kosovo 1999 four-list table beside the ground truth N = 10,401 (Kosovo Memory Book, as HRDAG
 * uses it). LCMCR runs with HRDAG's production settings (K = 15, burn-in 10,000, thinning 500, 1,000 draws) and
 * with K = 10 (the LCMCR manual's Kosovo example; the package default is K = 5), three chains each on worker threads.
 * Run: node --import tsx bench/estimation-kosovo.bench.ts
 */
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { hasShared, sharedPath } from '../test/shared-data.ts';
import { workerChainRunner } from '../src/core/estimation/chain-pool.ts';
import { estimatePopulation, type MethodEstimate } from '../src/core/estimation/index.ts';
import { parseCaptureTable } from '../src/core/estimation/table.ts';

const TRUTH = 10_401;
if (!hasShared('data', 'mse', 'kosovo-4lists.csv')) process.exit(0);
const parsed = parseCaptureTable(readFileSync(sharedPath('data', 'mse', 'kosovo-4lists.csv'), 'utf8'));

console.log(`machine: ${cpus().length} cores, ${cpus()[0]?.model}, node ${process.version}, ${new Date().toISOString()}`);
console.log(`Kosovo 1999, 4 lists, ${parsed.total.observed} documented; reference (ground truth) N = ${TRUTH.toLocaleString('en-US')}\n`);

const rows: string[][] = [['method', 'settings', 'estimate', '95% interval', 'covers 10,401', 'estimate / truth', 'diagnostics', 'seconds']];
const add = (label: string, settings: string, m: MethodEstimate, seconds: number, diagnostics: string): void => {
  rows.push([
    label,
    settings,
    Math.round(m.estimate).toLocaleString('en-US'),
    `${Math.round(m.lower).toLocaleString('en-US')} – ${Number.isFinite(m.upper) ? Math.round(m.upper).toLocaleString('en-US') : '∞'}`,
    m.lower <= TRUTH && TRUTH <= m.upper ? 'yes' : 'no',
    (m.estimate / TRUTH).toFixed(3),
    diagnostics,
    seconds.toFixed(1),
  ]);
};
const timed = async <T>(f: () => Promise<T>): Promise<[T, number]> => {
  const t0 = performance.now();
  const r = await f();
  return [r, (performance.now() - t0) / 1000];
};
const fmt = (x: unknown): string => (typeof x === 'number' ? (Number.isInteger(x) ? String(x) : x.toFixed(2)) : String(x));

for (const classes of [15, 10]) {
  const [report, seconds] = await timed(() =>
    estimatePopulation(parsed, {
      methods: ['lcmcr'],
      seed: 1999,
      lcmcr: { classes, burnin: 10_000, thinning: 500, samples: 1000, chains: 3 },
      runChains: workerChainRunner(cpus().length),
    }),
  );
  const m = report.total[0] as MethodEstimate;
  add('lcmcr', `K=${classes}, 3 chains × 1,000`, m, seconds, `R-hat ${fmt(m.diagnostics.rhat)}, ESS ${Math.round(m.diagnostics.ess as number)}`);
}
for (const prior of ['1/N', '1/N^2', 'uniform'] as const) {
  const [report, seconds] = await timed(() => estimatePopulation(parsed, { methods: ['dga'], dga: { prior } }));
  const m = report.total[0] as MethodEstimate;
  add('dga', `δ = 2^-4, prior ${prior}`, m, seconds, `top model ${m.diagnostics.topModel} (p ${fmt(m.diagnostics.topModelProbability)})`);
}
for (const criterion of ['aic', 'bic'] as const) {
  const [report, seconds] = await timed(() => estimatePopulation(parsed, { methods: ['loglinear'], loglinear: { criterion } }));
  const m = report.total[0] as MethodEstimate;
  add('loglinear', `selected by ${criterion.toUpperCase()}`, m, seconds, `${m.diagnostics.model}`);
}

const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
for (const r of rows) console.log(r.map((cell, c) => cell.padEnd(widths[c])).join('  '));
