/**
 * Summaries and convergence diagnostics of Markov chain draws.
 *
 * R-hat: the split potential scale reduction factor of Gelman et al., Bayesian Data Analysis (3rd ed., 2013),
 * §11.4: each chain is cut in half, W is the mean within-half variance, B/n the variance of the half means, and
 * R-hat = sqrt(((n−1)/n · W + B/n) / W).
 * Effective sample size: BDA3 §11.5 as implemented by Stan: autocorrelations ρ_t = 1 − (W − mean autocovariance at
 * lag t)/var⁺ over the split chains, summed in pairs up to Geyer's (1992) initial positive sequence with the
 * monotone correction; ESS = m·n / (−1 + 2 Σ pairs).
 */

export interface DrawSummary {
  mean: number;
  median: number;
  /** Equal-tailed 95% credible interval (2.5% and 97.5% quantiles). */
  lower: number;
  upper: number;
  sd: number;
  draws: number;
}

/** R's default (type 7) quantile of sorted values. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

export function summarizeDraws(values: ArrayLike<number>): DrawSummary {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += sorted[i];
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (sorted[i] - mean) ** 2;
  return {
    mean,
    median: quantileSorted(sorted, 0.5),
    lower: quantileSorted(sorted, 0.025),
    upper: quantileSorted(sorted, 0.975),
    sd: n > 1 ? Math.sqrt(ss / (n - 1)) : 0,
    draws: n,
  };
}

function splitChains(chains: ArrayLike<number>[]): Float64Array[] {
  const halves: Float64Array[] = [];
  for (const chain of chains) {
    const half = Math.floor(chain.length / 2);
    if (half < 2) continue;
    const a = new Float64Array(half);
    const b = new Float64Array(half);
    const offset = chain.length - half;
    for (let i = 0; i < half; i++) {
      a[i] = chain[i];
      b[i] = chain[offset + i];
    }
    halves.push(a, b);
  }
  return halves;
}

function meanOf(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  return s / x.length;
}

interface VarianceParts {
  chains: Float64Array[];
  means: number[];
  within: number;
  varPlus: number;
  n: number;
}

function varianceParts(chains: ArrayLike<number>[]): VarianceParts | undefined {
  const halves = splitChains(chains);
  if (halves.length < 2) return undefined;
  const n = Math.min(...halves.map((h) => h.length));
  const parts = halves.map((h) => h.subarray(0, n));
  const means = parts.map(meanOf);
  const grand = means.reduce((a, b) => a + b, 0) / means.length;
  let within = 0;
  for (let c = 0; c < parts.length; c++) {
    let ss = 0;
    for (let i = 0; i < n; i++) ss += (parts[c][i] - means[c]) ** 2;
    within += ss / (n - 1);
  }
  within /= parts.length;
  let between = 0;
  for (const m of means) between += (m - grand) ** 2;
  between = (n * between) / (parts.length - 1);
  const varPlus = ((n - 1) / n) * within + between / n;
  return { chains: parts, means, within, varPlus, n };
}

/** Split R-hat; 1 for constant draws, NaN when there are too few draws to tell. */
export function splitRhat(chains: ArrayLike<number>[]): number {
  const parts = varianceParts(chains);
  if (!parts) return NaN;
  if (parts.within === 0) return parts.varPlus === 0 ? 1 : Infinity;
  return Math.sqrt(parts.varPlus / parts.within);
}

/** Effective sample size over all chains (never more than the number of draws times log10 of it, as Stan caps). */
export function effectiveSampleSize(chains: ArrayLike<number>[]): number {
  const parts = varianceParts(chains);
  if (!parts) return NaN;
  const { n, varPlus, within, means } = parts;
  const m = parts.chains.length;
  const total = m * n;
  if (varPlus === 0) return total;
  const autocovariance = (lag: number): number => {
    let mean = 0;
    for (let c = 0; c < m; c++) {
      const x = parts.chains[c];
      const mu = means[c];
      let s = 0;
      for (let i = 0; i + lag < n; i++) s += (x[i] - mu) * (x[i + lag] - mu);
      mean += s / n;
    }
    return mean / m;
  };
  const rho = (lag: number): number => 1 - (within - autocovariance(lag)) / varPlus;
  let sumPairs = 0;
  let previousPair = Infinity;
  for (let t = 0; t + 1 < n; t += 2) {
    let pair = (t === 0 ? 1 : rho(t)) + rho(t + 1);
    if (pair < 0) break;
    if (pair > previousPair) pair = previousPair;
    sumPairs += pair;
    previousPair = pair;
  }
  const tau = Math.max(-1 + 2 * sumPairs, 1 / Math.log10(Math.max(total, 10)));
  return total / tau;
}
