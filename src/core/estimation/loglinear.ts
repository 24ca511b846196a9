import { CHI2_1_95, logGamma } from './special.ts';
import type { CaptureTable } from './table.ts';

/**
 * Log-linear Poisson models for multiple systems estimation (Fienberg 1972, "The multiple recapture census for
 * closed populations and incomplete 2^k contingency tables", Biometrika 59(3)), as in the R package Rcapture.
 *
 * The 2^k − 1 observed cells are fitted with log μ_c = β0 + Σ_j β_j x_j + Σ_terms γ_t Π_{j∈t} x_j by iteratively
 * reweighted least squares; the unobserved cell is then estimated as exp(β0) and N̂ = n + exp(β0). Candidate models
 * are hierarchical: every set of pairwise interactions, and for four or five lists additionally each model with
 * one three-way interaction on top of its three pairwise terms. Selection is by AIC or BIC (penalty log n).
 *
 * Interval: profile likelihood of N (Cormack 1992, "Interval estimation for mark-recapture studies of closed
 * populations", Biometrics 48(2)), as Rcapture's closedpCI: for a given N the complete table, with N − n in the
 * unobserved cell, is fitted and the multinomial log-likelihood
 *   ℓ(N) = log Γ(N+1) − log Γ(N−n+1) + Σ_c y_c log(μ̂_c(N)/N)
 * is evaluated; the 95% interval is {N : 2(ℓ_max − ℓ(N)) ≤ χ²_1(0.95) = 3.84}.
 */

export interface LoglinearModel {
  /** Interaction terms as list bit masks (pairs and, possibly, one triple). */
  terms: number[];
}

export interface LoglinearFit {
  model: LoglinearModel;
  /** Human-readable description, e.g. "[EXH×ABA, OSCE×HRW]". */
  label: string;
  parameters: number;
  deviance: number;
  degreesOfFreedom: number;
  logLikelihood: number;
  aic: number;
  bic: number;
  missing: number;
  estimate: number;
  converged: boolean;
}

export interface LoglinearResult {
  criterion: 'aic' | 'bic';
  /** True when a person named the model; the criterion then only ranks the alternatives. */
  chosen: boolean;
  selected: LoglinearFit;
  estimate: number;
  lower: number;
  upper: number;
  /** Candidates ranked by the criterion (unfitted or unstable ones left out). */
  ranking: LoglinearFit[];
  warnings: string[];
}

export const LOGLINEAR_MAX_LISTS = 5;

export function candidateModels(k: number): LoglinearModel[] {
  const pairs: number[] = [];
  for (let i = 0; i < k; i++) for (let j = i + 1; j < k; j++) pairs.push((1 << i) | (1 << j));
  const cells = (1 << k) - 1;
  const models: LoglinearModel[] = [];
  for (let mask = 0; mask < 1 << pairs.length; mask++) {
    const terms = pairs.filter((_, e) => mask & (1 << e));
    if (1 + k + terms.length <= cells) models.push({ terms });
    if (k >= 4) {
      for (let a = 0; a < k; a++)
        for (let b = a + 1; b < k; b++)
          for (let c = b + 1; c < k; c++) {
            const triple = (1 << a) | (1 << b) | (1 << c);
            const edges = [(1 << a) | (1 << b), (1 << a) | (1 << c), (1 << b) | (1 << c)];
            if (edges.every((e) => terms.includes(e)) && 2 + k + terms.length <= cells) models.push({ terms: [...terms, triple] });
          }
    }
  }
  return models;
}

/**
 * A model named by a person, e.g. "EXH×ABA, OSCE×HRW", "EXH*ABA + OSCE*HRW", "EXH:ABA:OSCE, …" or "independence":
 * interaction terms of two or three list names. Hierarchical: a three-list term needs its three pairs.
 */
export function parseModelSpec(spec: string, lists: string[]): LoglinearModel {
  const text = spec.trim();
  if (text.length === 0 || text.length > 500) throw new RangeError('the log-linear model must be "independence" or interaction terms such as "A×B, B×C" (at most 500 characters)');
  if (/^independen(ce|t)$/i.test(text)) return { terms: [] };
  const terms: number[] = [];
  for (const raw of text.replace(/^\[|\]$/g, '').split(/[,+;]/)) {
    const names = raw.split(/[×*:]/).map((n) => n.trim()).filter(Boolean);
    if (names.length === 0) continue;
    if (names.length < 2 || names.length > 3) throw new RangeError(`log-linear term "${raw.trim()}" must join two or three lists (e.g. ${lists.slice(0, 2).join('×')})`);
    let mask = 0;
    for (const name of names) {
      const j = lists.indexOf(name);
      if (j < 0) throw new RangeError(`log-linear term "${raw.trim()}": "${name}" is not one of the lists (${lists.join(', ')})`);
      if (mask & (1 << j)) throw new RangeError(`log-linear term "${raw.trim()}" names ${name} twice`);
      mask |= 1 << j;
    }
    if (!terms.includes(mask)) terms.push(mask);
  }
  if (terms.length === 0) throw new RangeError('the log-linear model names no interaction term; write "independence" for none');
  for (const t of terms) {
    if (popcount(t) !== 3) continue;
    for (let j = 0; j < lists.length; j++) {
      if (t & (1 << j) && !terms.includes(t & ~(1 << j))) {
        throw new RangeError(`log-linear model is not hierarchical: ${modelLabel({ terms: [t] }, lists)} needs the pair ${modelLabel({ terms: [t & ~(1 << j)] }, lists)} too`);
      }
    }
  }
  if (1 + lists.length + terms.length > (1 << lists.length) - 1) throw new RangeError(`the log-linear model has more parameters than the ${(1 << lists.length) - 1} observable cells can identify`);
  return { terms: terms.sort((a, b) => popcount(a) - popcount(b) || a - b) };
}

function popcount(x: number): number {
  let n = 0;
  for (let v = x; v; v &= v - 1) n++;
  return n;
}

export function modelLabel(model: LoglinearModel, lists: string[]): string {
  if (model.terms.length === 0) return 'independence';
  return `[${model.terms.map((t) => lists.filter((_, j) => t & (1 << j)).join('×')).join(', ')}]`;
}

interface PoissonFit {
  beta: Float64Array;
  mu: Float64Array;
  converged: boolean;
}

/** Design matrix rows for the given cells: intercept, main effects, then interaction terms. */
function designMatrix(k: number, model: LoglinearModel, cellIndices: number[]): { X: Float64Array; P: number } {
  const P = 1 + k + model.terms.length;
  const X = new Float64Array(cellIndices.length * P);
  cellIndices.forEach((c, r) => {
    X[r * P] = 1;
    for (let j = 0; j < k; j++) X[r * P + 1 + j] = c & (1 << j) ? 1 : 0;
    model.terms.forEach((t, i) => (X[r * P + 1 + k + i] = (c & t) === t ? 1 : 0));
  });
  return { X, P };
}

/** Poisson IRLS; returns undefined when the design is singular for these counts. */
function fitPoisson(X: Float64Array, P: number, y: Float64Array, start?: Float64Array): PoissonFit | undefined {
  const R = y.length;
  const mu = new Float64Array(R);
  const eta = new Float64Array(R);
  let beta: Float64Array = new Float64Array(P);
  if (start) {
    beta = Float64Array.from(start);
    for (let r = 0; r < R; r++) {
      let e = 0;
      for (let p = 0; p < P; p++) e += X[r * P + p] * beta[p];
      eta[r] = e;
      mu[r] = Math.exp(e);
    }
  } else {
    for (let r = 0; r < R; r++) {
      mu[r] = y[r] + 0.1;
      eta[r] = Math.log(mu[r]);
    }
  }
  const A = new Float64Array(P * P);
  const rhs = new Float64Array(P);
  let previousDeviance = Infinity;
  for (let iter = 0; iter < 100; iter++) {
    A.fill(0);
    rhs.fill(0);
    for (let r = 0; r < R; r++) {
      const w = mu[r];
      const z = eta[r] + (y[r] - mu[r]) / mu[r];
      const row = r * P;
      for (let a = 0; a < P; a++) {
        const xa = X[row + a];
        if (xa === 0) continue;
        rhs[a] += w * xa * z;
        for (let b = 0; b <= a; b++) A[a * P + b] += w * xa * X[row + b];
      }
    }
    const solved = choleskySolve(A, rhs, P);
    if (!solved) return undefined;
    beta = solved;
    let deviance = 0;
    for (let r = 0; r < R; r++) {
      let e = 0;
      for (let p = 0; p < P; p++) e += X[r * P + p] * beta[p];
      eta[r] = Math.min(e, 700);
      mu[r] = Math.max(Math.exp(eta[r]), 1e-300);
      deviance += y[r] > 0 ? 2 * (y[r] * Math.log(y[r] / mu[r]) - (y[r] - mu[r])) : 2 * mu[r];
    }
    if (Math.abs(deviance - previousDeviance) / (Math.abs(deviance) + 0.1) < 1e-10) {
      return { beta, mu, converged: beta.every((b) => Math.abs(b) < 30) };
    }
    previousDeviance = deviance;
  }
  return { beta, mu, converged: false };
}

/** Solves A x = b for symmetric positive definite A given by its lower triangle; undefined if singular. */
function choleskySolve(A: Float64Array, b: Float64Array, P: number): Float64Array | undefined {
  const L = new Float64Array(P * P);
  for (let i = 0; i < P; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i * P + j];
      for (let m = 0; m < j; m++) s -= L[i * P + m] * L[j * P + m];
      if (i === j) {
        if (!(s > 1e-10 * Math.max(1, A[i * P + i]))) return undefined;
        L[i * P + i] = Math.sqrt(s);
      } else {
        L[i * P + j] = s / L[j * P + j];
      }
    }
  }
  const x = new Float64Array(P);
  for (let i = 0; i < P; i++) {
    let s = b[i];
    for (let m = 0; m < i; m++) s -= L[i * P + m] * x[m];
    x[i] = s / L[i * P + i];
  }
  for (let i = P - 1; i >= 0; i--) {
    let s = x[i];
    for (let m = i + 1; m < P; m++) s -= L[m * P + i] * x[m];
    x[i] = s / L[i * P + i];
  }
  return x;
}

export function fitLoglinearModel(table: CaptureTable, model: LoglinearModel): LoglinearFit | undefined {
  const k = table.lists.length;
  const observedCells = Array.from({ length: (1 << k) - 1 }, (_, i) => i + 1);
  const { X, P } = designMatrix(k, model, observedCells);
  const y = Float64Array.from(observedCells, (c) => table.counts[c]);
  const fit = fitPoisson(X, P, y);
  if (!fit) return undefined;
  let logLikelihood = 0;
  let deviance = 0;
  for (let r = 0; r < y.length; r++) {
    logLikelihood += y[r] * Math.log(fit.mu[r]) - fit.mu[r] - logGamma(y[r] + 1);
    deviance += y[r] > 0 ? 2 * (y[r] * Math.log(y[r] / fit.mu[r]) - (y[r] - fit.mu[r])) : 2 * fit.mu[r];
  }
  const missing = Math.exp(fit.beta[0]);
  return {
    model,
    label: modelLabel(model, table.lists),
    parameters: P,
    deviance,
    degreesOfFreedom: y.length - P,
    logLikelihood,
    aic: -2 * logLikelihood + 2 * P,
    bic: -2 * logLikelihood + P * Math.log(table.observed),
    missing,
    estimate: table.observed + missing,
    converged: fit.converged && Number.isFinite(missing),
  };
}

/** The profile log-likelihood ℓ(N) of one model (up to a constant), for N > n. */
export function profileLogLikelihood(table: CaptureTable, model: LoglinearModel): (N: number) => number {
  const k = table.lists.length;
  const n = table.observed;
  const allCells = Array.from({ length: 1 << k }, (_, i) => i);
  const { X, P } = designMatrix(k, model, allCells);
  const y = Float64Array.from(allCells, (c) => table.counts[c]);
  let warm: Float64Array | undefined;
  return (N: number): number => {
    const missing = N - n;
    y[0] = missing;
    // Warm starts make the many evaluations cheap; fall back to a cold start if one fails.
    const fit = fitPoisson(X, P, y, warm) ?? fitPoisson(X, P, y);
    if (!fit) return -Infinity;
    warm = fit.converged ? fit.beta : undefined;
    let l = logGamma(N + 1) - logGamma(missing + 1);
    for (let c = 0; c < y.length; c++) if (y[c] > 0) l += y[c] * Math.log(fit.mu[c] / N);
    return l;
  };
}

/** Profile-likelihood 95% interval of N under one model. */
export function profileInterval(table: CaptureTable, model: LoglinearModel, estimate: number): { lower: number; upper: number; bounded: boolean } {
  const n = table.observed;
  const profile = profileLogLikelihood(table, model);
  // Golden-section search for the maximum on a bracket around the Poisson estimate.
  let a = n + 1e-9;
  let b = Math.max(n + 10, n + 4 * (estimate - n) + 10);
  const phi = (Math.sqrt(5) - 1) / 2;
  let c1 = b - phi * (b - a);
  let c2 = a + phi * (b - a);
  let f1 = profile(c1);
  let f2 = profile(c2);
  for (let i = 0; i < 80 && b - a > 1e-6 * b; i++) {
    if (f1 > f2) {
      b = c2;
      c2 = c1;
      f2 = f1;
      c1 = b - phi * (b - a);
      f1 = profile(c1);
    } else {
      a = c1;
      c1 = c2;
      f1 = f2;
      c2 = a + phi * (b - a);
      f2 = profile(c2);
    }
  }
  const peak = (a + b) / 2;
  const lmax = Math.max(profile(peak), f1, f2);
  const cutoff = lmax - CHI2_1_95 / 2;
  const bisect = (lo: number, hi: number): number => {
    // profile(lo) and profile(hi) straddle the cut-off.
    const loAbove = profile(lo) >= cutoff;
    for (let i = 0; i < 100 && hi - lo > 1e-6 * hi; i++) {
      const mid = (lo + hi) / 2;
      if (profile(mid) >= cutoff === loAbove) lo = mid;
      else hi = mid;
    }
    return (lo + hi) / 2;
  };
  const lower = profile(n + 1e-9) >= cutoff ? n : bisect(n + 1e-9, peak);
  let hi = peak + Math.max(10, peak - n);
  const limit = n + 1e4 * Math.max(n, 1);
  while (profile(hi) >= cutoff && hi < limit) hi = n + 2 * (hi - n);
  if (profile(hi) >= cutoff) return { lower, upper: Infinity, bounded: false };
  return { lower, upper: bisect(peak, hi), bounded: true };
}

export function runLoglinear(table: CaptureTable, options: { criterion?: 'aic' | 'bic'; model?: string } = {}): LoglinearResult {
  const k = table.lists.length;
  const criterion = options.criterion ?? 'aic';
  const chosen = options.model === undefined ? undefined : parseModelSpec(options.model, table.lists);
  if (k > LOGLINEAR_MAX_LISTS) throw new RangeError(`log-linear model search is implemented for 2 to ${LOGLINEAR_MAX_LISTS} lists, not ${k}`);
  if (table.observed === 0) throw new RangeError('no documented cases to estimate from');
  const warnings: string[] = [];
  const fits: LoglinearFit[] = [];
  let failed = 0;
  for (const model of candidateModels(k)) {
    const fit = fitLoglinearModel(table, model);
    if (!fit || !fit.converged) failed++;
    else fits.push(fit);
  }
  if (fits.length === 0) throw new RangeError('no log-linear model could be fitted: the overlaps are too sparse (empty cells make every model diverge)');
  if (failed > 0) warnings.push(`${failed} candidate log-linear model(s) could not be fitted (empty cells leave their estimates unbounded) and were left out`);
  fits.sort((x, y) => x[criterion] - y[criterion]);
  let selected = fits[0];
  if (chosen) {
    const fit = fitLoglinearModel(table, chosen);
    if (!fit || !fit.converged) throw new RangeError(`the chosen log-linear model ${modelLabel(chosen, table.lists)} cannot be fitted: empty cells leave its estimate unbounded`);
    const rank = fits.findIndex((f) => f.label === fit.label);
    if (rank !== 0) warnings.push(`the chosen model ${fit.label} is not the one ${criterion.toUpperCase()} prefers (${fits[0].label}, estimate ${Math.round(fits[0].estimate)})`);
    selected = fit;
  }
  const { lower, upper, bounded } = profileInterval(table, selected.model, selected.estimate);
  if (!bounded) warnings.push('the profile likelihood does not fall off above the estimate: the data give no upper bound under the selected model');
  const close = fits.filter((f) => f[criterion] - selected[criterion] < 2 && f !== selected);
  if (close.length > 0) {
    const range = [selected, ...close].map((f) => f.estimate);
    warnings.push(
      `${close.length} other log-linear model(s) fit almost as well (${criterion.toUpperCase()} within 2) with estimates from ${Math.round(Math.min(...range))} to ${Math.round(Math.max(...range))}; the choice of model matters`,
    );
  }
  if (selected.degreesOfFreedom === 0) warnings.push('the selected log-linear model is saturated (no degrees of freedom left): its fit cannot be checked');
  return { criterion, chosen: Boolean(chosen), selected, estimate: selected.estimate, lower, upper, ranking: fits, warnings };
}
