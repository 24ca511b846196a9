/**
 * Reproduction against the reference figures (src/core/estimation/fixtures/estimation-reference.json, which says who
 * made each figure and how): dga against the R package dga's own test figures, exactly; the log-linear fits against
 * the closed-form maximum-likelihood estimates that R's glm converges to; on Kosovo 1999, dga and the log-linear
 * search against their stored figures (deterministic: exact), and LCMCR at HRDAG's production settings against its
 * stored run within Monte Carlo noise (4 Monte Carlo standard errors of the median, from the effective sample sizes).
 * Exits 1 and says which figure moved when any comparison fails.
 * Run: node --import tsx bench/estimation-reference.bench.ts [--skip-lcmcr]
 */
import { readFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { hasShared, sharedPath } from '../test/shared-data.ts';
import { workerChainRunner } from '../src/core/estimation/chain-pool.ts';
import { runDga } from '../src/core/estimation/dga.ts';
import { estimatePopulation, type MethodEstimate } from '../src/core/estimation/index.ts';
import { runLoglinear } from '../src/core/estimation/loglinear.ts';
import { logGamma } from '../src/core/estimation/special.ts';
import { makeTable, parseCaptureTable } from '../src/core/estimation/table.ts';

const fixture = (name: string): unknown => JSON.parse(readFileSync(fileURLToPath(new URL(`../src/core/estimation/fixtures/${name}`, import.meta.url)), 'utf8'));
interface Reference {
  loglinear_closed_forms: { cases: { lists: string[]; counts: number[]; model: string; missing?: number }[]; relative_tolerance: number };
  kosovo: {
    truth: { N: number };
    dga: { bayes_estimate: number; median: number; lower: number; upper: number };
    loglinear: Record<'aic' | 'bic', { estimate: number; lower: number; upper: number }>;
    lcmcr: { settings: { classes: number; burnin: number; thinning: number; samples: number; chains: number }; median: number; lower: number; upper: number; ess: number };
  };
}
interface DgaReference {
  three_lists: { Y: number[]; delta: number; expected: Record<string, number> };
}
const ref = fixture('estimation-reference.json') as Reference;
const dgaRef = fixture('dga-reference.json') as DgaReference;

const results: { what: string; reference: string; got: string; ok: boolean }[] = [];
const check = (what: string, reference: number | string, got: number | string, ok: boolean): void => {
  results.push({ what, reference: String(reference), got: String(got), ok });
};
const exact = (what: string, reference: number, got: number): void => check(what, reference, Math.round(got), Math.round(got) === reference);

console.log(`machine: ${cpus().length} cores, ${cpus()[0]?.model}, node ${process.version}, ${new Date().toISOString()}, load ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);

// 1. dga: the R package's own test (Madigan & York 1997, three lists, negative-binomial prior on N).
{
  const { Y, delta, expected } = dgaRef.three_lists;
  const a = 13.14;
  const b = 55.17;
  const r = runDga(makeTable(['1', '2', '3'], Y), {
    delta,
    missing: Array.from({ length: 300 }, (_, i) => i + 1),
    prior: { label: 'negative binomial', logPrior: (N) => N * Math.log(b) - (N + a) * Math.log(1 + b) + logGamma(N + a) - logGamma(N + 1) - logGamma(a) },
  });
  const p = Math.round(r.models[0].posteriorProbability * 100) / 100;
  check('dga (R test) top-model posterior probability', expected.top_model_posterior_probability_rounded_2dp, p, p === expected.top_model_posterior_probability_rounded_2dp);
  exact('dga (R test) top-model Bayes estimate', expected['top_model_bayes_estimate_round(mean(w/N)/mean(w/N^2))'], r.models[0].bayesEstimate);
  exact('dga (R test) top-model mode', expected.top_model_posterior_mode_N, r.models[0].mode);
  exact('dga (R test) averaged Bayes estimate', expected.model_averaged_bayes_estimate, r.bayesEstimate);
  exact('dga (R test) averaged mode', expected.model_averaged_posterior_mode_N, r.mode);
}

// 2. Log-linear fits against the closed forms glm converges to.
for (const c of ref.loglinear_closed_forms.cases) {
  const table = makeTable(c.lists, c.counts);
  const fit = runLoglinear(table, { model: c.model });
  const [, m100, m010, m110, m001, m101, m011, m111] = c.counts;
  const missing = c.missing ?? (m111 * m100 * m010 * m001) / (m110 * m101 * m011);
  const got = fit.estimate - table.observed;
  check(`log-linear ${c.lists.length} lists, ${c.model}: missing cell (closed form = glm)`, missing.toFixed(4), got.toFixed(4), Math.abs(got - missing) <= ref.loglinear_closed_forms.relative_tolerance * missing);
}

// 3. Kosovo 1999.
if (!hasShared('data', 'mse', 'kosovo-4lists.csv')) {
  console.log('Kosovo comparisons skipped: ../shared/data/mse/kosovo-4lists.csv is absent (set RECKON_SHARED_DIR)');
} else {
  const parsed = parseCaptureTable(readFileSync(sharedPath('data', 'mse', 'kosovo-4lists.csv'), 'utf8'));
  const k = ref.kosovo;
  const dga = (await estimatePopulation(parsed, { methods: ['dga'] })).total[0] as MethodEstimate;
  exact('Kosovo dga Bayes estimate (headline)', k.dga.bayes_estimate, dga.estimate);
  exact('Kosovo dga posterior median', k.dga.median, Number(dga.diagnostics.median));
  exact('Kosovo dga 2.5%', k.dga.lower, dga.lower);
  exact('Kosovo dga 97.5%', k.dga.upper, dga.upper);
  for (const criterion of ['aic', 'bic'] as const) {
    const ll = (await estimatePopulation(parsed, { methods: ['loglinear'], loglinear: { criterion } })).total[0] as MethodEstimate;
    exact(`Kosovo log-linear (${criterion.toUpperCase()}) estimate`, k.loglinear[criterion].estimate, ll.estimate);
    exact(`Kosovo log-linear (${criterion.toUpperCase()}) profile 2.5%`, k.loglinear[criterion].lower, ll.lower);
    exact(`Kosovo log-linear (${criterion.toUpperCase()}) profile 97.5%`, k.loglinear[criterion].upper, ll.upper);
  }
  if (process.argv.includes('--skip-lcmcr')) {
    console.log('LCMCR skipped (--skip-lcmcr)');
  } else {
    const s = k.lcmcr.settings;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const lcmcr = (
      await estimatePopulation(parsed, {
        methods: ['lcmcr'],
        seed: 1999,
        lcmcr: { classes: s.classes, burnin: s.burnin, thinning: s.thinning, samples: s.samples, chains: s.chains },
        runChains: workerChainRunner(Math.min(s.chains, availableParallelism())),
      })
    ).total[0] as MethodEstimate;
    const cpu = process.cpuUsage(cpu0);
    const sd = Number(lcmcr.diagnostics.sd);
    const ess = Number(lcmcr.diagnostics.ess);
    // Monte Carlo standard error of a median ≈ 1.2533·sd/√ESS (normal approximation); the stored run's from its ESS.
    const mcse = Math.hypot((1.2533 * sd) / Math.sqrt(ess), (1.2533 * sd) / Math.sqrt(k.lcmcr.ess));
    const moved = Math.abs(lcmcr.estimate - k.lcmcr.median);
    check(`Kosovo LCMCR median within 4 MCSE (${Math.round(4 * mcse)}) of the stored run`, k.lcmcr.median, Math.round(lcmcr.estimate), moved <= 4 * mcse);
    check('Kosovo LCMCR converged (R-hat < 1.05, ESS ≥ 400)', 'true', `${lcmcr.convergence?.converged} (R-hat ${Number(lcmcr.diagnostics.rhat).toFixed(3)}, ESS ${Math.round(ess)})`, lcmcr.convergence?.converged === true);
    check('Kosovo LCMCR 95% interval covers the truth 10,401', `${k.lcmcr.lower}–${k.lcmcr.upper}`, `${Math.round(lcmcr.lower)}–${Math.round(lcmcr.upper)}`, lcmcr.lower <= k.truth.N && k.truth.N <= lcmcr.upper);
    console.log(`LCMCR: ${((performance.now() - t0) / 1000).toFixed(1)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s CPU (all threads); sd ${Math.round(sd)}, ESS ${Math.round(ess)}`);
  }
}

const width = Math.max(...results.map((r) => r.what.length));
for (const r of results) console.log(`${r.ok ? 'ok  ' : 'FAIL'}  ${r.what.padEnd(width)}  reference ${r.reference}  got ${r.got}`);
const failed = results.filter((r) => !r.ok);
console.log(`\n${results.length - failed.length} of ${results.length} reproduced; load ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
if (failed.length > 0) {
  console.error(`REFERENCE MOVED: ${failed.map((f) => f.what).join('; ')}`);
  process.exit(1);
}
