import { defaultClasses, ESTIMATION_DEFAULTS, MAX_DEFAULT_CLASSES } from './defaults.ts';
import { Rng } from './rng.ts';
import { logSumExp2 } from './special.ts';
import type { CaptureTable } from './table.ts';

/**
 * LCMCR: Bayesian latent-class multiple systems estimation with a truncated Dirichlet-process prior
 * (Manrique-Vallier 2016, "Bayesian population size estimation using Dirichlet process mixtures", Biometrics
 * 72(4):1246–1254), following the Gibbs sampler of the LCMCR R package.
 *
 * Model: person i in latent class z_i ~ Discrete(π), π ~ truncated stick-breaking(α) with K classes,
 * x_ij | z_i = k ~ Bernoulli(λ_jk), λ_jk ~ Beta(1, 1), α ~ Gamma(a, b) (rate b), p(N) ∝ 1/N.
 *
 * Everything is done on sufficient statistics: for each observed pattern the number of its people in each class
 * (a multinomial draw), and for the n0 unobserved people their class counts (they all have the all-zero pattern).
 * The cost of an iteration therefore depends on 2^k and K, never on the number of people.
 *
 * One Gibbs sweep, in LCMCR's order:
 *  1. class counts of each observed pattern ~ Multinomial(count, π_k Π_j λ_jk^x_j (1−λ_jk)^(1−x_j));
 *  2. λ_jk ~ Beta(1 + #{class k on list j}, 1 + #{class k not on list j}), the unobserved included;
 *  3. stick-breaking V_k ~ Beta(1 + n_k, α + Σ_{h>k} n_h), π_k = V_k Π_{h<k}(1 − V_h);
 *  4. p0 = Σ_k π_k Π_j (1 − λ_jk), then n0 ~ NegBin(n, 1 − p0) (failures before n successes; with the 1/N prior
 *     this is the exact conditional), redrawn while n0 > 20n as LCMCR does;
 *  5. class counts of the n0 unobserved ~ Multinomial(n0, π_k Π_j (1 − λ_jk));
 *  6. α ~ Gamma(a + K − 1, b − log π_K) (log π_K = Σ log(1 − V_k)).
 * Before burn-in, 500 warm-up sweeps without the α step are run and the classes are then sorted by decreasing π,
 * as LCMCR's initialisation does.
 */

export interface LcmcrOptions {
  /** Truncation level K*, the maximum number of latent classes. */
  classes?: number;
  alphaShape?: number;
  alphaRate?: number;
  burnin?: number;
  thinning?: number;
  samples?: number;
  warmup?: number;
  seed?: number;
  /** n0 is redrawn while it exceeds this multiple of the observed count (LCMCR: 20). */
  maxMissingFactor?: number;
}

export interface LcmcrChainResult {
  /** Posterior draws of the total N = n + n0. */
  draws: Float64Array;
  /** Draws of the number of occupied classes, to see whether K* was large enough. */
  occupiedClasses: Uint8Array;
  /** How often n0 had to be redrawn because it passed the 20n truncation. */
  truncationRedraws: number;
  /** Sweeps (warm-up and burn-in included) in which the 20n bound was hit at least once. */
  truncationSweeps: number;
}

export type ChainProgress = (done: number, total: number) => void;

/** Defaults of one chain; `classes` is the largest default, resolved per table by defaultClasses(lists). */
export const LCMCR_DEFAULTS = {
  classes: MAX_DEFAULT_CLASSES,
  alphaShape: ESTIMATION_DEFAULTS.alphaShape,
  alphaRate: ESTIMATION_DEFAULTS.alphaRate,
  burnin: ESTIMATION_DEFAULTS.burnin,
  thinning: ESTIMATION_DEFAULTS.thinning,
  samples: ESTIMATION_DEFAULTS.samples,
  warmup: 500,
  seed: ESTIMATION_DEFAULTS.seed,
  maxMissingFactor: 20,
} as const;

/** Options with defaults filled in; given the number of lists, K* defaults to min(2^lists − 1, 15). */
export function resolveLcmcrOptions(options: LcmcrOptions = {}, lists?: number): Required<LcmcrOptions> {
  const resolved = { ...LCMCR_DEFAULTS, ...(lists === undefined ? {} : { classes: defaultClasses(lists) }), ...stripUndefined(options) };
  const positiveInt = (name: keyof typeof resolved, min: number, max: number): void => {
    const v = resolved[name];
    if (!Number.isInteger(v) || v < min || v > max) throw new RangeError(`LCMCR ${name} must be a whole number from ${min} to ${max}, got ${v}`);
  };
  positiveInt('classes', 1, 100);
  positiveInt('burnin', 0, 10_000_000);
  positiveInt('thinning', 1, 100_000);
  positiveInt('samples', 2, 1_000_000);
  positiveInt('warmup', 0, 1_000_000);
  if (!(resolved.alphaShape > 0) || !(resolved.alphaRate > 0)) throw new RangeError('LCMCR alpha prior shape and rate must be positive');
  if (!(resolved.maxMissingFactor > 0)) throw new RangeError('LCMCR maxMissingFactor must be positive');
  if (!Number.isFinite(resolved.seed)) throw new RangeError('LCMCR seed must be a finite number');
  return resolved;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Total Gibbs sweeps of one chain, for progress reporting. */
export function lcmcrChainSweeps(options: Required<LcmcrOptions>): number {
  return options.warmup + options.burnin + options.samples * options.thinning;
}

/** Runs one chain; `chain` selects an independent random stream of the seed. */
export function runLcmcrChain(table: CaptureTable, optionsIn: LcmcrOptions = {}, chain = 0, onProgress?: ChainProgress): LcmcrChainResult {
  const options = resolveLcmcrOptions(optionsIn, table.lists.length);
  const sampler = new LcmcrSampler(table, options, new Rng(options.seed, chain));
  const total = lcmcrChainSweeps(options);
  const reportEvery = 2000;
  let done = 0;
  const sweep = (withAlpha: boolean): void => {
    sampler.sweep(withAlpha);
    done++;
    if (onProgress && (done % reportEvery === 0 || done === total)) onProgress(done, total);
  };

  for (let i = 0; i < options.warmup; i++) sweep(false);
  sampler.sortClasses();
  for (let i = 0; i < options.burnin; i++) sweep(true);
  const draws = new Float64Array(options.samples);
  const occupiedClasses = new Uint8Array(options.samples);
  for (let s = 0; s < options.samples; s++) {
    for (let t = 0; t < options.thinning; t++) sweep(true);
    draws[s] = sampler.total();
    occupiedClasses[s] = sampler.occupiedClasses();
  }
  return { draws, occupiedClasses, truncationRedraws: sampler.truncationRedraws, truncationSweeps: sampler.truncationSweeps };
}

/**
 * The state of one chain and its Gibbs steps (numbered as in the comment at the top). Arrays indexed [j * K + k] are
 * per list and class, [m * K + k] per observed pattern and class.
 */
class LcmcrSampler {
  private readonly J: number;
  private readonly K: number;
  private readonly M: number;
  /** Observed people, n. */
  private readonly n: number;
  private readonly maxMissing: number;
  /** The observed capture patterns (bit j: on list j) and how many people have each. */
  private readonly patterns: number[] = [];
  private readonly patternCounts: number[] = [];
  // λ and 1 − λ are kept on the linear scale: class weights are then products, not sums of logs followed by
  // exponentials, which saves most of the transcendental calls of a sweep. Nothing underflows that matters: a
  // weight is at least π_k·min(λ, 1−λ)^J, and a class whose π_k underflows has probability below 1e-308.
  private readonly lam1: Float64Array;
  private readonly lam0: Float64Array;
  /** Π_j (1 − λ_jk): the probability that a person of class k is on no list. */
  private readonly zeroProb: Float64Array;
  /** log π_k and π_k. */
  private readonly logNu: Float64Array;
  private readonly nu: Float64Array;
  private readonly countZ: Float64Array;
  private readonly count0: Float64Array;
  private readonly classTotal: Float64Array;
  private readonly onList: Float64Array;
  private readonly weights: Float64Array;
  /** Classes from the heaviest π down (see orderByWeight). */
  private readonly order: Int32Array;
  private readonly tail: Float64Array;
  private alpha: number;
  /** The unobserved, n0. */
  private n0 = 0;
  truncationRedraws = 0;
  truncationSweeps = 0;

  constructor(
    table: CaptureTable,
    private readonly options: Required<LcmcrOptions>,
    private readonly rng: Rng,
  ) {
    this.J = table.lists.length;
    const K = (this.K = options.classes);
    for (let c = 1; c < table.counts.length; c++) {
      if (table.counts[c] > 0) {
        this.patterns.push(c);
        this.patternCounts.push(table.counts[c]);
      }
    }
    this.M = this.patterns.length;
    this.n = table.observed;
    if (this.n === 0) throw new RangeError('LCMCR needs at least one documented case');
    this.maxMissing = Math.floor(options.maxMissingFactor * this.n);
    this.lam1 = new Float64Array(this.J * K);
    this.lam0 = new Float64Array(this.J * K);
    this.zeroProb = new Float64Array(K);
    this.logNu = new Float64Array(K);
    this.nu = new Float64Array(K);
    this.countZ = new Float64Array(this.M * K);
    this.count0 = new Float64Array(K);
    this.classTotal = new Float64Array(K);
    this.onList = new Float64Array(this.J * K);
    this.weights = new Float64Array(K);
    this.order = new Int32Array(K);
    this.tail = new Float64Array(K + 1);
    this.alpha = 0.3 / K;
    this.initialise();
    this.orderByWeight();
  }

  /** Initial state as LCMCR: sticks from Beta(1, 1), every class at the lists' marginal frequencies. */
  private initialise(): void {
    const { J, K, M, rng, logNu, nu, zeroProb, lam1, lam0, patterns, patternCounts } = this;
    let rest = 0;
    for (let k = 0; k < K - 1; k++) {
      const g1 = rng.logGamma(1);
      const g2 = rng.logGamma(1);
      const s = logSumExp2(g1, g2);
      logNu[k] = g1 - s + rest;
      rest += g2 - s;
    }
    logNu[K - 1] = rest;
    for (let k = 0; k < K; k++) nu[k] = Math.exp(logNu[k]);
    zeroProb.fill(1);
    for (let j = 0; j < J; j++) {
      let onJ = 0;
      for (let m = 0; m < M; m++) if (patterns[m] & (1 << j)) onJ += patternCounts[m];
      const p = Math.min(Math.max(onJ / this.n, 1e-6), 1 - 1e-6);
      for (let k = 0; k < K; k++) {
        lam1[j * K + k] = p;
        lam0[j * K + k] = 1 - p;
        zeroProb[k] *= 1 - p;
      }
    }
  }

  sweep(withAlpha: boolean): void {
    this.sampleObservedClasses();
    this.sampleLambda();
    this.sampleNu();
    this.sampleMissing();
    if (withAlpha) this.sampleAlpha();
  }

  total(): number {
    return this.n + this.n0;
  }

  occupiedClasses(): number {
    let occupied = 0;
    for (let k = 0; k < this.K; k++) if (this.classTotal[k] > 0) occupied++;
    return occupied;
  }

  /** After the warm-up: relabels the classes by decreasing weight, as LCMCR's initialisation does. */
  sortClasses(): void {
    sortClassesByWeight(this.K, this.J, this.M, this.logNu, this.nu, this.lam1, this.lam0, this.zeroProb, this.countZ, this.count0);
    this.orderByWeight();
  }

  // The multinomial draws visit classes from the heaviest down, so that the first binomials take nearly everyone and
  // the remaining count reaches zero after a few classes, which skips the rest. Ordering by the class weights π once
  // per sweep, not by each pattern's own weights, is what keeps that cheap: sorting per pattern cost more than it
  // saved. Any visiting order gives the same multinomial distribution; only the speed depends on it.
  private orderByWeight(): void {
    const { K, nu, order } = this;
    for (let k = 0; k < K; k++) {
      const w = nu[k];
      let i = k;
      while (i > 0 && nu[order[i - 1]] < w) {
        order[i] = order[i - 1];
        i--;
      }
      order[i] = k;
    }
  }

  /** Draws Multinomial(size, weights) into out[offset .. offset + K). */
  private multinomial(size: number, out: Float64Array, offset: number): void {
    const { K, weights, tail, order, rng } = this;
    let remaining = size;
    if (size === 1) {
      let total = 0;
      for (let k = 0; k < K; k++) total += weights[k];
      let u = rng.uniform32() * total;
      let pick = K - 1;
      for (let k = 0; k < K; k++) {
        u -= weights[k];
        if (u <= 0) {
          pick = k;
          break;
        }
      }
      for (let k = 0; k < K; k++) out[offset + k] = 0;
      out[offset + pick] = 1;
      return;
    }
    // Tail sums added from the end of the visiting order, so the conditional probabilities of the light classes are
    // not lost to cancellation as they would be by subtracting heavy weights from the total.
    tail[K] = 0;
    for (let r = K - 1; r >= 0; r--) tail[r] = tail[r + 1] + weights[order[r]];
    for (let k = 0; k < K; k++) out[offset + k] = 0;
    if (!(tail[0] > 0)) {
      // Every weight underflowed (not reachable with valid λ and π): keep the people in the first class visited.
      out[offset + order[0]] = remaining;
      return;
    }
    for (let r = 0; r < K && remaining > 0; r++) {
      const k = order[r];
      if (r === K - 1 || tail[r + 1] === 0) {
        out[offset + k] = remaining;
        break;
      }
      const x = rng.binomial(remaining, weights[k] / tail[r]);
      out[offset + k] = x;
      remaining -= x;
    }
  }

  /** Step 1. */
  private sampleObservedClasses(): void {
    const { J, K, M, patterns, patternCounts, nu, lam1, lam0, weights, countZ } = this;
    for (let m = 0; m < M; m++) {
      const x = patterns[m];
      for (let k = 0; k < K; k++) {
        let w = nu[k];
        for (let j = 0; j < J; j++) w *= x & (1 << j) ? lam1[j * K + k] : lam0[j * K + k];
        weights[k] = w;
      }
      this.multinomial(patternCounts[m], countZ, m * K);
    }
  }

  /** Step 2. */
  private sampleLambda(): void {
    const { J, K, M, patterns, countZ, onList, classTotal, zeroProb, lam1, lam0, rng } = this;
    onList.fill(0);
    classTotal.set(this.count0);
    for (let m = 0; m < M; m++) {
      const x = patterns[m];
      for (let k = 0; k < K; k++) {
        const c = countZ[m * K + k];
        if (c === 0) continue;
        classTotal[k] += c;
        for (let j = 0; j < J; j++) if (x & (1 << j)) onList[j * K + k] += c;
      }
    }
    zeroProb.fill(1);
    for (let j = 0; j < J; j++) {
      for (let k = 0; k < K; k++) {
        const on = onList[j * K + k];
        const off = classTotal[k] - on;
        // Beta(1 + on, 1 + off) as a ratio of gammas; with both shapes ≥ 1 neither gamma underflows. An empty
        // class is Beta(1, 1), a plain uniform.
        let l1: number, l0: number;
        if (on === 0 && off === 0) {
          l1 = rng.uniform32();
          l0 = 1 - l1;
        } else if (on === 0) {
          // Beta(1, b) is 1 − U^(1/b) exactly, and Beta(a, 1) is U^(1/a): one uniform instead of two gamma draws.
          // expm1 keeps the small complement accurate when the power is close to 1.
          const t = Math.log(rng.uniform32()) / (1 + off);
          l0 = Math.exp(t);
          l1 = -Math.expm1(t);
        } else if (off === 0) {
          const t = Math.log(rng.uniform32()) / (1 + on);
          l1 = Math.exp(t);
          l0 = -Math.expm1(t);
        } else {
          const a = rng.gamma(1 + on);
          const b = rng.gamma(1 + off);
          const sum = a + b;
          l1 = a / sum;
          l0 = b / sum;
        }
        lam1[j * K + k] = l1;
        lam0[j * K + k] = l0;
        zeroProb[k] *= l0;
      }
    }
  }

  /** Step 3. */
  private sampleNu(): void {
    const { K, classTotal, logNu, nu, rng } = this;
    let accumulated = 0;
    let rest = 0;
    for (let k = 0; k < K - 1; k++) {
      accumulated += classTotal[k];
      const b = this.alpha + (this.n0 + this.n - accumulated);
      let logV: number, log1mV: number;
      if (classTotal[k] === 0) {
        // V ~ Beta(1, b) has 1 − V = U^(1/b) exactly: one uniform instead of two gamma draws, on the log scale
        // because b can be as small as α (≈ 0.01) and U^(1/b) underflows.
        log1mV = Math.log(rng.uniform32()) / b;
        logV = log1mExp(log1mV);
      } else {
        const g1 = rng.logGamma(1 + classTotal[k]);
        const g2 = rng.logGamma(b);
        const s = logSumExp2(g1, g2);
        logV = g1 - s;
        log1mV = g2 - s;
      }
      logNu[k] = logV + rest;
      rest += log1mV;
    }
    logNu[K - 1] = rest;
    for (let k = 0; k < K; k++) nu[k] = Math.exp(logNu[k]);
    this.orderByWeight();
  }

  /** Steps 4 and 5. */
  private sampleMissing(): void {
    const { K, nu, zeroProb, weights, rng, n, maxMissing } = this;
    let p0 = 0;
    for (let k = 0; k < K; k++) {
      weights[k] = nu[k] * zeroProb[k];
      p0 += weights[k];
    }
    p0 = Math.min(p0, 1 - 1e-12);
    let draw = rng.negativeBinomial(n, 1 - p0);
    let attempts = 0;
    if (draw > maxMissing) this.truncationSweeps++;
    while (draw > maxMissing) {
      this.truncationRedraws++;
      if (++attempts > 1000) {
        // The chain sits where nearly everyone would be missed; pin n0 at the bound rather than loop for ever.
        draw = maxMissing;
        break;
      }
      draw = rng.negativeBinomial(n, 1 - p0);
    }
    this.n0 = draw;
    if (this.n0 === 0) {
      this.count0.fill(0);
      return;
    }
    this.multinomial(this.n0, this.count0, 0);
  }

  /** Step 6. */
  private sampleAlpha(): void {
    this.alpha = Math.exp(this.rng.logGamma(this.options.alphaShape + this.K - 1)) / (this.options.alphaRate - this.logNu[this.K - 1]);
  }
}

/** Relabels classes in order of decreasing weight (label switching is harmless for N but this mirrors LCMCR). */
function sortClassesByWeight(
  K: number,
  J: number,
  M: number,
  logNu: Float64Array,
  nu: Float64Array,
  lam1: Float64Array,
  lam0: Float64Array,
  zeroProb: Float64Array,
  countZ: Float64Array,
  count0: Float64Array,
): void {
  const order = Array.from({ length: K }, (_, k) => k).sort((a, b) => logNu[b] - logNu[a]);
  const permute = (arr: Float64Array, rows: number): void => {
    const copy = arr.slice();
    for (let r = 0; r < rows; r++) for (let k = 0; k < K; k++) arr[r * K + k] = copy[r * K + order[k]];
  };
  permute(logNu, 1);
  permute(nu, 1);
  permute(lam1, J);
  permute(lam0, J);
  permute(zeroProb, 1);
  permute(countZ, M);
  permute(count0, 1);
}

/** log(1 − exp(x)) for x < 0, accurate at both ends (Mächler 2012, "Accurately computing log(1 − exp(−|a|))"). */
function log1mExp(x: number): number {
  return x > -Math.LN2 ? Math.log(-Math.expm1(x)) : Math.log1p(-Math.exp(x));
}
