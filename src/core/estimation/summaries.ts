import { effectiveSampleSize, splitRhat, summarizeDraws } from './diagnostics.ts';
import type { ChapmanResult } from './chapman.ts';
import type { DgaResult } from './dga.ts';
import type { LcmcrChainResult } from './lcmcr.ts';
import type { LoglinearResult } from './loglinear.ts';
import { assessConvergence, type Convergence } from './defaults.ts';
import { Z_975 } from './special.ts';

/** One method's answer for one table, in the shape every consumer (CLI, web page, report) reads. */
export interface MethodEstimate {
  method: 'lcmcr' | 'dga' | 'loglinear' | 'chapman';
  /**
   * The headline figure: LCMCR's posterior median (as the LCMCR package and HRDAG report it), dga's Bayes estimate
   * under relative squared-error loss (dga's documented estimator), the log-linear maximum-likelihood estimate,
   * Chapman's estimator.
   */
  estimate: number;
  pointEstimate: 'posterior median' | 'Bayes estimate (relative squared-error loss)' | 'maximum likelihood' | "Chapman's estimator" | 'sum of strata';
  lower: number;
  upper: number;
  intervalKind: string;
  observed: number;
  diagnostics: Record<string, number | string | boolean | null>;
  /** Samplers only (LCMCR): whether the run meets the convergence rule of defaults.ts. */
  convergence?: Convergence;
  /** LCMCR: R-hat (of the chain's two halves), ESS and median of each chain. */
  perChain?: { chain: number; rhat: number | null; ess: number | null; median: number; occupiedClassesMean: number }[];
  warnings: string[];
  /** Posterior draws of N (Bayesian methods), kept so strata can be added draw by draw; not for printing. */
  draws?: Float64Array;
  /** Per-chain draws (LCMCR), for R-hat of sums and for the draws CSV. */
  chains?: Float64Array[];
  /** Per-chain occupied-class counts aligned with `chains` (LCMCR). */
  occupied?: Uint8Array[];
  /** Method-specific detail: ranked models for dga (posterior probability) and log-linear (AIC or BIC). */
  models?: { label: string; score: number; scoreKind: 'posterior probability' | 'AIC' | 'BIC'; estimate: number }[];
}

/** Plain-words warnings every interval gets. */
export function intervalWarnings(estimate: number, lower: number, upper: number, observed: number): string[] {
  const warnings: string[] = [];
  if (!Number.isFinite(upper)) warnings.push('the interval has no upper end: the data cannot bound the total from above');
  else if (upper - lower > estimate) {
    warnings.push(`the 95% interval (${Math.round(lower)} to ${Math.round(upper)}) is wider than the estimate itself: treat the figure as a rough order of magnitude`);
  }
  if (estimate > 10 * observed) {
    warnings.push(`the estimate is more than ten times the documented count (${observed}): the lists probably overlap too little for a defensible figure`);
  }
  return warnings;
}

const nullIfNaN = (x: number): number | null => (Number.isFinite(x) ? x : null);

export function summarizeLcmcr(observed: number, chains: LcmcrChainResult[], classes: number, settings: Record<string, number>): MethodEstimate {
  const drawsPerChain = chains.map((c) => c.draws);
  const pooled = concat(drawsPerChain);
  const s = summarizeDraws(pooled);
  const rhat = splitRhat(drawsPerChain);
  const ess = effectiveSampleSize(drawsPerChain);
  const convergence = assessConvergence(rhat, ess);
  const warnings = convergenceWarnings(convergence, drawsPerChain.length);
  const truncations = chains.reduce((a, c) => a + c.truncationRedraws, 0);
  const truncationSweeps = chains.reduce((a, c) => a + (c.truncationSweeps ?? 0), 0);
  if (truncations > 0) {
    warnings.push(`the sampler proposed more than 20 times the documented count ${truncations} time(s) in ${truncationSweeps} sweep(s) (LCMCR's bound): the data barely limit N from above`);
  }
  let full = 0;
  let draws = 0;
  let occupiedSum = 0;
  let occupiedMin = Infinity;
  let occupiedMax = 0;
  for (const c of chains) for (const k of c.occupiedClasses) {
    draws++;
    occupiedSum += k;
    occupiedMin = Math.min(occupiedMin, k);
    occupiedMax = Math.max(occupiedMax, k);
    if (k >= classes) full++;
  }
  if (draws > 0 && full / draws > 0.5) warnings.push(`all ${classes} latent classes were in use in ${Math.round((100 * full) / draws)}% of draws: the truncation K* may be too low; rerun with more classes and compare`);
  warnings.push(...intervalWarnings(s.median, s.lower, s.upper, observed));
  const perChain = chains.map((c, chain) => {
    const one = summarizeDraws(c.draws);
    let occ = 0;
    for (const k of c.occupiedClasses) occ += k;
    return { chain: chain + 1, rhat: nullIfNaN(splitRhat([c.draws])), ess: nullIfNaN(effectiveSampleSize([c.draws])), median: one.median, occupiedClassesMean: c.occupiedClasses.length ? occ / c.occupiedClasses.length : 0 };
  });
  return {
    method: 'lcmcr',
    estimate: s.median,
    pointEstimate: 'posterior median',
    lower: s.lower,
    upper: s.upper,
    intervalKind: '95% credible interval (2.5% and 97.5% posterior quantiles)',
    observed,
    diagnostics: {
      converged: convergence.converged,
      mean: s.mean,
      sd: s.sd,
      rhat,
      ess,
      chains: chains.length,
      drawsPerChain: drawsPerChain[0]?.length ?? 0,
      maxClasses: classes,
      occupiedClassesMean: draws ? occupiedSum / draws : null,
      occupiedClassesMin: draws ? occupiedMin : null,
      occupiedClassesMax: draws ? occupiedMax : null,
      drawsWithAllClassesOccupied: draws ? full / draws : null,
      truncationRedraws: truncations,
      truncationSweeps,
      ...settings,
    },
    convergence,
    perChain,
    warnings,
    draws: pooled,
    chains: drawsPerChain,
    occupied: chains.map((c) => c.occupiedClasses),
  };
}

/** The warnings a sampler's run gets from its convergence assessment. */
export function convergenceWarnings(convergence: Convergence, chains: number): string[] {
  const warnings: string[] = [];
  if (!convergence.converged) {
    warnings.push(`NOT CONVERGED — do not publish this figure: ${convergence.reasons.join('; ')}. Run a longer burn-in, more thinning or more draws (rule: ${convergence.rule})`);
  }
  if (chains < 2) warnings.push('a single chain cannot show non-convergence; R-hat compares its two halves only');
  return warnings;
}

/** A decomposable graph's edges by list names, e.g. "EXH–ABA, ABA–OSCE", or "independence". */
export function graphLabel(edges: [number, number][], lists: string[]): string {
  return edges.length ? edges.map(([a, b]) => `${lists[a] ?? a + 1}–${lists[b] ?? b + 1}`).join(', ') : 'independence';
}

export function summarizeDga(observed: number, result: DgaResult, draws: Float64Array, lists: string[]): MethodEstimate {
  const top = result.models[0];
  const edges = (graph: DgaResult['models'][number]['graph']): string => graphLabel(graph.edges, lists);
  return {
    method: 'dga',
    estimate: result.bayesEstimate,
    pointEstimate: 'Bayes estimate (relative squared-error loss)',
    lower: result.lower,
    upper: result.upper,
    intervalKind: '95% credible interval of the model-averaged posterior',
    observed,
    diagnostics: {
      median: result.median,
      mode: result.mode,
      mean: result.mean,
      delta: result.delta,
      prior: result.prior,
      gridMax: result.N[result.N.length - 1],
      topModel: edges(top.graph),
      topModelProbability: top.posteriorProbability,
      topModelMode: top.mode,
      models: result.models.length,
    },
    warnings: [...result.warnings, ...intervalWarnings(result.bayesEstimate, result.lower, result.upper, observed)],
    draws,
    models: result.models.slice(0, 10).map((m) => ({ label: edges(m.graph), score: m.posteriorProbability, scoreKind: 'posterior probability' as const, estimate: m.bayesEstimate })),
  };
}

export function summarizeLoglinear(observed: number, result: LoglinearResult): MethodEstimate {
  return {
    method: 'loglinear',
    estimate: result.estimate,
    pointEstimate: 'maximum likelihood',
    lower: result.lower,
    upper: result.upper,
    intervalKind: '95% profile-likelihood interval',
    observed,
    diagnostics: {
      model: result.selected.label,
      criterion: result.chosen ? `chosen by hand (${result.criterion.toUpperCase()} ranks the alternatives)` : result.criterion,
      aic: result.selected.aic,
      bic: result.selected.bic,
      deviance: result.selected.deviance,
      degreesOfFreedom: result.selected.degreesOfFreedom,
      modelsFitted: result.ranking.length,
    },
    warnings: [...result.warnings, ...intervalWarnings(result.estimate, result.lower, result.upper, observed)],
    models: result.ranking.slice(0, 10).map((f) => ({
      label: f.label,
      score: f[result.criterion],
      scoreKind: result.criterion === 'aic' ? ('AIC' as const) : ('BIC' as const),
      estimate: f.estimate,
    })),
  };
}

export function summarizeChapman(observed: number, result: ChapmanResult): MethodEstimate {
  return {
    method: 'chapman',
    estimate: result.estimate,
    pointEstimate: "Chapman's estimator",
    lower: result.lower,
    upper: result.upper,
    intervalKind: "95% log-normal interval (Chao 1987)",
    observed,
    diagnostics: { variance: result.variance, onFirst: result.onFirst, onSecond: result.onSecond, onBoth: result.onBoth },
    warnings: [...result.warnings, ...intervalWarnings(result.estimate, result.lower, result.upper, observed)],
  };
}

/**
 * The total over strata. Bayesian methods: draws added index by index (strata are independent given their data,
 * so the sums are draws from the posterior of the total). Frequentist methods: estimates added, interval from the
 * sum of variances each recovered from its interval's half-width, a normal approximation.
 */
export function sumStrata(parts: MethodEstimate[]): MethodEstimate {
  const method = parts[0].method;
  const observed = parts.reduce((a, p) => a + p.observed, 0);
  if (parts.every((p) => p.draws)) {
    const length = Math.min(...parts.map((p) => p.draws!.length));
    const total = new Float64Array(length);
    for (const p of parts) for (let i = 0; i < length; i++) total[i] += p.draws![i];
    const s = summarizeDraws(total);
    const diagnostics: MethodEstimate['diagnostics'] = { mean: s.mean, sd: s.sd, strata: parts.length };
    const warnings: string[] = [];
    let convergence: Convergence | undefined;
    let summed: Float64Array[] | undefined;
    if (parts.every((p) => p.chains) && method === 'lcmcr') {
      const chainCount = parts[0].chains!.length;
      summed = Array.from({ length: chainCount }, (_, c) => {
        const len = Math.min(...parts.map((p) => p.chains![c].length));
        const sum = new Float64Array(len);
        for (const p of parts) for (let i = 0; i < len; i++) sum[i] += p.chains![c][i];
        return sum;
      });
      diagnostics.rhat = splitRhat(summed);
      diagnostics.ess = effectiveSampleSize(summed);
      convergence = assessConvergence(diagnostics.rhat, diagnostics.ess);
      // The sum is only as converged as its least converged stratum.
      const unconverged = parts.filter((p) => p.convergence && !p.convergence.converged).length;
      if (unconverged > 0) convergence = { ...convergence, converged: false, reasons: [...convergence.reasons, `${unconverged} stratum run(s) did not converge`] };
      diagnostics.converged = convergence.converged;
      warnings.push(...convergenceWarnings(convergence, chainCount).filter((w) => !w.startsWith('a single chain')));
    }
    // dga's headline is its Bayes estimate under relative squared-error loss, here of the summed draws.
    const bayes = method === 'dga' ? relativeLossBayes(total) : undefined;
    if (bayes !== undefined) diagnostics.median = s.median;
    const estimate = bayes ?? s.median;
    warnings.push(...intervalWarnings(estimate, s.lower, s.upper, observed));
    return {
      method,
      estimate,
      pointEstimate: bayes !== undefined ? 'Bayes estimate (relative squared-error loss)' : 'posterior median',
      lower: s.lower,
      upper: s.upper,
      intervalKind: '95% credible interval of the sum of stratum draws',
      observed,
      diagnostics,
      ...(convergence ? { convergence } : {}),
      warnings,
      draws: total,
      ...(summed ? { chains: summed } : {}),
    };
  }
  const estimate = parts.reduce((a, p) => a + p.estimate, 0);
  let variance = 0;
  for (const p of parts) variance += ((p.upper - p.lower) / (2 * Z_975)) ** 2;
  const half = Z_975 * Math.sqrt(variance);
  const lower = Math.max(observed, estimate - half);
  const upper = estimate + half;
  return {
    method,
    estimate,
    pointEstimate: 'sum of strata',
    lower,
    upper,
    intervalKind: 'approximate 95% interval (normal, variances from each stratum interval)',
    observed,
    diagnostics: { strata: parts.length },
    warnings: intervalWarnings(estimate, lower, upper, observed),
  };
}

/** Σ(1/N)/Σ(1/N²) over draws: the Bayes estimate under relative squared-error loss, as dga reports it. */
export function relativeLossBayes(draws: ArrayLike<number>): number {
  let a = 0;
  let b = 0;
  for (let i = 0; i < draws.length; i++) {
    a += 1 / draws[i];
    b += 1 / (draws[i] * draws[i]);
  }
  return a / b;
}

function concat(arrays: Float64Array[]): Float64Array {
  const out = new Float64Array(arrays.reduce((a, x) => a + x.length, 0));
  let offset = 0;
  for (const a of arrays) {
    out.set(a, offset);
    offset += a.length;
  }
  return out;
}
