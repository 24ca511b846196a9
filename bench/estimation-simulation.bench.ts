/**
 * Simulation study: coverage of the 95% intervals and bias of each method on populations of known size with
 * heterogeneous capture probabilities and dependence between lists.
 * Run: node --import tsx bench/estimation-simulation.bench.ts [replicates=100] [scenario=all]
 *
 * Scenarios (N = 2,000 people, four lists A–D):
 *  - "heterogeneity+dependence": 35% of people are hard to reach by A and B (p = .10, .08) and better reached by
 *    C and D (.35, .30); the others the reverse (.45, .40, .20, .25). On top of that, being on A makes B 1.6
 *    times as likely (referral between two lists), so the truth is not itself a latent-class model.
 *  - "independent": everyone p = .30, .25, .35, .20, independent lists; every method should cover.
 *  - "level-heterogeneity": a third of people have lower probabilities on every list (.25,.20,.30,.20 against
 *    .45,.40,.50,.35); the table then looks almost independent, so this is the hard, near-unidentifiable case.
 * LCMCR runs one chain per replicate with burn-in 2,000, thinning 20, 500 draws, K* = 10 (lighter than HRDAG's
 * production settings so that 100 replicates take minutes).
 */
import { cpus, loadavg } from 'node:os';
import { runChapman } from '../src/core/estimation/chapman.ts';
import { runDga } from '../src/core/estimation/dga.ts';
import { summarizeDraws } from '../src/core/estimation/diagnostics.ts';
import { runLcmcrChain } from '../src/core/estimation/lcmcr.ts';
import { runLoglinear } from '../src/core/estimation/loglinear.ts';
import { Rng } from '../src/core/estimation/rng.ts';
import { makeTable, type CaptureTable } from '../src/core/estimation/table.ts';

const N = 2000;
const replicates = Number(process.argv[2] ?? 100);
const only = process.argv[3] ?? 'all';

type Person = (rng: Rng, i: number) => number;
const scenarios: Record<string, Person> = {
  'heterogeneity+dependence': (rng, i) => {
    const hard = i % 20 < 7;
    const p = hard ? [0.1, 0.08, 0.35, 0.3] : [0.45, 0.4, 0.2, 0.25];
    let pattern = 0;
    if (rng.uniform() < p[0]) pattern |= 1;
    if (rng.uniform() < Math.min(0.95, pattern & 1 ? 1.6 * p[1] : p[1])) pattern |= 2;
    if (rng.uniform() < p[2]) pattern |= 4;
    if (rng.uniform() < p[3]) pattern |= 8;
    return pattern;
  },
  independent: (rng) => {
    const p = [0.3, 0.25, 0.35, 0.2];
    let pattern = 0;
    for (let j = 0; j < 4; j++) if (rng.uniform() < p[j]) pattern |= 1 << j;
    return pattern;
  },
  'level-heterogeneity': (rng, i) => {
    const p = i % 3 === 0 ? [0.25, 0.2, 0.3, 0.2] : [0.45, 0.4, 0.5, 0.35];
    let pattern = 0;
    for (let j = 0; j < 4; j++) if (rng.uniform() < p[j]) pattern |= 1 << j;
    return pattern;
  },
};

function simulate(person: Person, seed: number): CaptureTable {
  const rng = new Rng(seed, 424242);
  const counts = new Float64Array(16);
  for (let i = 0; i < N; i++) counts[person(rng, i)]++;
  counts[0] = 0;
  return makeTable(['A', 'B', 'C', 'D'], counts);
}

interface Tally {
  estimates: number[];
  covered: number;
  widths: number[];
  failures: number;
  seconds: number;
}

const methods: Record<string, (t: CaptureTable, seed: number) => { estimate: number; lower: number; upper: number }> = {
  lcmcr: (t, seed) => {
    const s = summarizeDraws(runLcmcrChain(t, { burnin: 2000, thinning: 20, samples: 500, seed }, 0).draws);
    return { estimate: s.median, lower: s.lower, upper: s.upper };
  },
  dga: (t) => {
    const r = runDga(t);
    return { estimate: r.median, lower: r.lower, upper: r.upper };
  },
  'loglinear (AIC)': (t) => runLoglinear(t, { criterion: 'aic' }),
  'loglinear (BIC)': (t) => runLoglinear(t, { criterion: 'bic' }),
  'chapman (A, B only)': (t) => {
    // Naive two-list baseline: collapse to lists A and B, ignoring C and D.
    const c = new Float64Array(4);
    for (let cell = 1; cell < 16; cell++) c[cell & 3] += t.counts[cell];
    c[0] = 0;
    return runChapman(makeTable(['A', 'B'], c));
  },
};

console.log(`machine: ${cpus().length} cores, ${cpus()[0]?.model}, node ${process.version}, ${new Date().toISOString()}, load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
console.log(`simulation: N = ${N}, four lists, ${replicates} replicates per scenario; reference = the true N of each replicate (${N}) and the nominal coverage 0.95\n`);

for (const [name, person] of Object.entries(scenarios)) {
  if (only !== 'all' && only !== name) continue;
  const tallies: Record<string, Tally> = Object.fromEntries(Object.keys(methods).map((m) => [m, { estimates: [], covered: 0, widths: [], failures: 0, seconds: 0 }]));
  let observed = 0;
  for (let r = 0; r < replicates; r++) {
    const table = simulate(person, r + 1);
    observed += table.observed;
    for (const [method, run] of Object.entries(methods)) {
      const tally = tallies[method];
      const t0 = performance.now();
      try {
        const e = run(table, 1000 + r);
        tally.estimates.push(e.estimate);
        if (e.lower <= N && N <= e.upper) tally.covered++;
        tally.widths.push(e.upper - e.lower);
      } catch {
        tally.failures++;
      }
      tally.seconds += (performance.now() - t0) / 1000;
    }
    if ((r + 1) % 10 === 0) console.error(`${name}: ${r + 1}/${replicates}`);
  }
  console.log(`scenario ${name}: mean documented ${Math.round(observed / replicates)} of ${N}`);
  const rows: string[][] = [['method', 'estimates', 'coverage (goal 0.95)', 'mean estimate', 'bias', 'relative bias', 'RMSE', 'median width', 'failures', 's/replicate']];
  for (const [method, t] of Object.entries(tallies)) {
    const k = t.estimates.length;
    const mean = t.estimates.reduce((a, b) => a + b, 0) / Math.max(k, 1);
    const rmse = Math.sqrt(t.estimates.reduce((a, b) => a + (b - N) ** 2, 0) / Math.max(k, 1));
    const widths = [...t.widths].sort((a, b) => a - b);
    rows.push([
      method,
      String(k),
      (t.covered / replicates).toFixed(2),
      mean.toFixed(0),
      (mean - N).toFixed(0),
      ((mean - N) / N).toFixed(3),
      rmse.toFixed(0),
      (widths[Math.floor(widths.length / 2)] ?? NaN).toFixed(0),
      String(t.failures),
      (t.seconds / replicates).toFixed(2),
    ]);
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  for (const row of rows) console.log(row.map((cell, c) => cell.padEnd(widths[c])).join('  '));
  console.log('');
}
