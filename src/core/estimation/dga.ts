import { decomposableGraphs, type DecomposableGraph } from './graphs.ts';
import { logGamma } from './special.ts';
import type { CaptureTable } from './table.ts';
import type { Rng } from './rng.ts';

/**
 * Bayesian model averaging over decomposable graphical log-linear models (Madigan & York 1997, "Bayesian methods
 * for estimation of the size of a closed population", Biometrika 84(1):19–31), computed as the R package dga
 * (Lum & Johndrow) computes it, so that its published test figures are reproduced exactly.
 *
 * For a decomposable graph G with cliques C and separators S, and the unobserved cell set to m on a grid, the
 * hyper-Dirichlet marginal likelihood factorises over the marginal tables:
 *   log p(Y, m | G) = Σ_C ℓ_C(m) − Σ_S ℓ_S(m) + (|C| − |S|)·[log Γ(2^k δ) − log Γ(n + m + 2^k δ)],
 *   ℓ_A(m) = log Γ(m + D_A(0) + δ_A) + Σ_{cells a ≠ 0} log Γ(D_A(a) + δ_A) − 2^|A| log Γ(δ_A),  δ_A = δ·2^(k−|A|),
 * where D_A is the marginal table of the lists in A and D_A(0) its all-absent cell without the missing people.
 * To that are added the multinomial coefficient log Γ(n+m+1) − Σ log Γ(y_c+1) − log Γ(m+1), the log prior on
 * N = n + m and the log prior weight of the graph, and everything is normalised over (graph, m).
 */

export type NPriorName = '1/N' | 'uniform' | '1/N^2';
export type NPrior = NPriorName | { label: string; logPrior: (N: number) => number };

export interface DgaOptions {
  /** Hyper-Dirichlet parameter; dga's suggested default is 2^−k. */
  delta?: number;
  /** Values of the missing count m to weigh. Default: 0..U with U widened until the posterior tail is negligible. */
  missing?: ArrayLike<number>;
  prior?: NPrior;
  /** Log prior weight per graph, in the order of decomposableGraphs(k); default uniform. */
  logModelPrior?: ArrayLike<number>;
}

export interface PosteriorSummary {
  /** Posterior mode of N. */
  mode: number;
  /** Bayes estimate under relative squared error loss, Σ(w/N)/Σ(w/N²), as dga reports. */
  bayesEstimate: number;
  mean: number;
  median: number;
  lower: number;
  upper: number;
}

export interface DgaModel extends PosteriorSummary {
  graph: DecomposableGraph;
  posteriorProbability: number;
}

export interface DgaResult extends PosteriorSummary {
  delta: number;
  prior: string;
  /** N values of the grid and the model-averaged posterior probability of each. */
  N: Float64Array;
  posterior: Float64Array;
  /** All graphs, most probable first. */
  models: DgaModel[];
  warnings: string[];
}

export const DGA_MIN_LISTS = 3;
export const DGA_MAX_LISTS = 5;
const MAX_GRID = 250_000;

export function priorLabel(prior: NPrior): string {
  return typeof prior === 'string' ? prior : prior.label;
}

function logPriorFunction(prior: NPrior): (N: number) => number {
  if (typeof prior !== 'string') return prior.logPrior;
  switch (prior) {
    case '1/N':
      return (N) => -Math.log(N);
    case '1/N^2':
      return (N) => -2 * Math.log(N);
    case 'uniform':
      return () => 0;
    default:
      throw new RangeError(`unknown prior on N "${String(prior)}" (use 1/N, 1/N^2 or uniform)`);
  }
}

export function runDga(table: CaptureTable, options: DgaOptions = {}): DgaResult {
  const k = table.lists.length;
  if (k < DGA_MIN_LISTS || k > DGA_MAX_LISTS) {
    throw new RangeError(`decomposable graphical model averaging is implemented for ${DGA_MIN_LISTS} to ${DGA_MAX_LISTS} lists, not ${k}`);
  }
  if (table.observed === 0) throw new RangeError('no documented cases to estimate from');
  const delta = options.delta ?? 2 ** -k;
  if (!(delta > 0) || !Number.isFinite(delta)) throw new RangeError(`delta must be a positive number, got ${delta}`);
  const prior = options.prior ?? '1/N';
  const graphs = decomposableGraphs(k);
  if (options.logModelPrior && options.logModelPrior.length !== graphs.length) {
    throw new RangeError(`logModelPrior needs ${graphs.length} values for ${k} lists`);
  }
  if (options.missing) return computeDga(table, delta, prior, graphs, Float64Array.from(options.missing), options.logModelPrior, false);

  // Widen the grid until the posterior has left its upper end, so the default never truncates silently.
  let upper = Math.max(1000, 10 * table.observed);
  for (;;) {
    const size = Math.min(upper, MAX_GRID - 1) + 1;
    const grid = new Float64Array(size);
    for (let i = 0; i < size; i++) grid[i] = i;
    const result = computeDga(table, delta, prior, graphs, grid, options.logModelPrior, true);
    const capped = size >= MAX_GRID;
    if (tailMass(result.posterior) < 1e-6 || capped) {
      if (capped && tailMass(result.posterior) >= 1e-6) {
        result.warnings.push(
          `the posterior of N has not died out by N = ${result.N[result.N.length - 1]} (the largest grid computed): the data do not bound the estimate from above and the figures depend on where the grid stops; try another prior on N`,
        );
      }
      return result;
    }
    upper *= 4;
  }
}

/** Probability in the top tenth of the grid. */
function tailMass(posterior: Float64Array): number {
  let mass = 0;
  for (let i = Math.floor(posterior.length * 0.9); i < posterior.length; i++) mass += posterior[i];
  return mass;
}

function computeDga(
  table: CaptureTable,
  delta: number,
  prior: NPrior,
  graphs: DecomposableGraph[],
  missing: Float64Array,
  logModelPrior: ArrayLike<number> | undefined,
  automaticGrid: boolean,
): DgaResult {
  const k = table.lists.length;
  const cells = 1 << k;
  const n = table.observed;
  const G = missing.length;
  if (G === 0) throw new RangeError('the grid of missing counts is empty');
  for (let g = 0; g < G; g++) {
    if (!(missing[g] >= 0) || !Number.isFinite(missing[g])) throw new RangeError(`grid value ${missing[g]} is not a non-negative number`);
  }
  const logPrior = logPriorFunction(prior);

  // ℓ_A(m) for every non-empty list subset A, as rows of a (2^k × G) matrix.
  const component = new Float64Array(cells * G);
  for (let subset = 1; subset < cells; subset++) {
    const size = popcount(subset);
    const deltaA = delta * 2 ** (k - size);
    const marginal = new Map<number, number>();
    for (let c = 1; c < cells; c++) {
      const key = c & subset;
      marginal.set(key, (marginal.get(key) ?? 0) + table.counts[c]);
    }
    let constant = -(2 ** size) * logGamma(deltaA);
    for (let a = 1; a < 1 << k; a++) {
      if ((a & subset) !== a) continue;
      constant += logGamma((marginal.get(a) ?? 0) + deltaA);
    }
    const zeroCell = marginal.get(0) ?? 0;
    for (let g = 0; g < G; g++) component[subset * G + g] = logGamma(missing[g] + zeroCell + deltaA) + constant;
  }
  let logFactorialObserved = 0;
  for (let c = 1; c < cells; c++) logFactorialObserved += logGamma(table.counts[c] + 1);
  const denominator = new Float64Array(G);
  const common = new Float64Array(G);
  const totalDelta = cells * delta;
  const N = new Float64Array(G);
  for (let g = 0; g < G; g++) {
    const m = missing[g];
    N[g] = n + m;
    denominator[g] = logGamma(totalDelta) - logGamma(m + n + totalDelta);
    common[g] = logGamma(m + n + 1) - logFactorialObserved - logGamma(m + 1) + logPrior(n + m);
    if (Number.isNaN(common[g])) throw new RangeError(`the prior on N gives no value at N = ${n + m}`);
  }

  const row = new Float64Array(G);
  const averaged = new Float64Array(G);
  let runningMax = -Infinity;
  const modelLogMass: number[] = [];
  const models: Omit<DgaModel, 'posteriorProbability'>[] = [];
  graphs.forEach((graph, index) => {
    const factor = graph.cliques.length - graph.separators.length;
    const modelPrior = logModelPrior ? logModelPrior[index] : 0;
    let max = -Infinity;
    for (let g = 0; g < G; g++) {
      let v = factor * denominator[g] + common[g] + modelPrior;
      for (const c of graph.cliques) v += component[c * G + g];
      for (const s of graph.separators) v -= component[s * G + g];
      row[g] = v;
      if (v > max) max = v;
    }
    let sum = 0;
    for (let g = 0; g < G; g++) {
      row[g] = Math.exp(row[g] - max);
      sum += row[g];
    }
    const logMass = max + Math.log(sum);
    modelLogMass.push(logMass);
    for (let g = 0; g < G; g++) row[g] /= sum;
    models.push({ graph, ...summarizeGrid(N, row) });
    // Accumulate exp(logMass − runningMax) · row, rescaling when a heavier model raises the running maximum.
    if (logMass > runningMax) {
      const scale = runningMax === -Infinity ? 0 : Math.exp(runningMax - logMass);
      for (let g = 0; g < G; g++) averaged[g] *= scale;
      runningMax = logMass;
    }
    const weight = Math.exp(logMass - runningMax);
    for (let g = 0; g < G; g++) averaged[g] += weight * row[g];
  });
  let total = 0;
  for (let g = 0; g < G; g++) total += averaged[g];
  for (let g = 0; g < G; g++) averaged[g] /= total;
  let massTotal = 0;
  for (const lm of modelLogMass) massTotal += Math.exp(lm - runningMax);
  const ranked: DgaModel[] = models
    .map((m, i) => ({ ...m, posteriorProbability: Math.exp(modelLogMass[i] - runningMax) / massTotal }))
    .sort((a, b) => b.posteriorProbability - a.posteriorProbability);

  const summary = summarizeGrid(N, averaged);
  const warnings: string[] = [];
  if (!automaticGrid && tailMass(averaged) > 1e-3) {
    warnings.push(`more than 0.1% of the posterior lies in the top tenth of the grid (N up to ${N[G - 1]}): the grid cuts the posterior off; widen it`);
  }
  if (!automaticGrid && missing[0] > 0 && averaged[0] > 1e-3) {
    warnings.push(`the posterior is still high at the bottom of the grid (N = ${N[0]}); start the grid lower`);
  }
  if (ranked[0].posteriorProbability < 0.2) {
    warnings.push(`no single list-dependence model dominates (the most probable has ${(100 * ranked[0].posteriorProbability).toFixed(0)}%); the averaged estimate carries that model uncertainty`);
  }
  return { ...summary, delta, prior: priorLabel(prior), N, posterior: averaged, models: ranked, warnings };
}

function popcount(x: number): number {
  let n = 0;
  while (x) {
    x &= x - 1;
    n++;
  }
  return n;
}

/** Mode, relative-loss Bayes estimate, mean, median and equal-tailed 95% interval of a distribution on a grid. */
export function summarizeGrid(N: ArrayLike<number>, weights: ArrayLike<number>): PosteriorSummary {
  let total = 0;
  let mode = N[0];
  let best = -Infinity;
  let invN = 0;
  let invN2 = 0;
  let mean = 0;
  for (let g = 0; g < N.length; g++) {
    const w = weights[g];
    total += w;
    if (w > best) {
      best = w;
      mode = N[g];
    }
    invN += w / N[g];
    invN2 += w / (N[g] * N[g]);
    mean += w * N[g];
  }
  const quantile = (q: number): number => {
    let acc = 0;
    for (let g = 0; g < N.length; g++) {
      acc += weights[g] / total;
      if (acc >= q) return N[g];
    }
    return N[N.length - 1];
  };
  return {
    mode,
    bayesEstimate: invN / invN2,
    mean: mean / total,
    median: quantile(0.5),
    lower: quantile(0.025),
    upper: quantile(0.975),
  };
}

/** Draws from a distribution on a grid (inverse CDF), e.g. to add strata draw by draw. */
export function sampleGrid(N: ArrayLike<number>, weights: ArrayLike<number>, count: number, rng: Rng): Float64Array {
  const cdf = new Float64Array(N.length);
  let acc = 0;
  for (let g = 0; g < N.length; g++) {
    acc += weights[g];
    cdf[g] = acc;
  }
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const u = rng.uniform() * acc;
    let lo = 0;
    let hi = N.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cdf[mid] < u) lo = mid + 1;
      else hi = mid;
    }
    out[i] = N[lo];
  }
  return out;
}
