import type { CompiledComparison } from './compare.ts';

/**
 * The Fellegi-Sunter model (Fellegi & Sunter 1969, "A theory for record linkage", JASA 64:1183-1210): for each
 * comparison level, m = P(level | same person) and u = P(level | different persons); λ = P(two random records
 * are the same person). Serialisable as JSON so that a run can be repeated exactly with `model` given.
 */
export interface ComparisonParameters {
  name: string;
  levels: string[];
  /** Indexed by level; level 0 (null) is not used. */
  m: number[];
  u: number[];
  /** Whether m came from EM (true) or the starting guess because every training rule blocked on this field. */
  mEstimated: boolean;
}

export interface FittedModel {
  version: 1;
  comparisons: ComparisonParameters[];
  /** Prior probability that two records drawn at random are the same person. */
  lambda: number;
  /** How the parameters were obtained, for the record of the run. */
  training: {
    uSamplePairs: number;
    emSessions: Array<{ rule: string; pairs: number; iterations: number; lambda: number; converged: boolean }>;
    candidatePairs: number;
    expectedMatches: number;
  };
}

/** Deterministic PRNG (mulberry32): the same seed draws the same pairs on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Random record pairs (i ≠ j) in shared memory, for estimating u. */
export function samplePairs(size: number, count: number, seed: number): { left: Int32Array; right: Int32Array; count: number } {
  const total = size < 2 ? 0 : Math.min(count, (size * (size - 1)) / 2);
  const left = new Int32Array(new SharedArrayBuffer(Math.max(1, total) * 4));
  const right = new Int32Array(new SharedArrayBuffer(Math.max(1, total) * 4));
  const random = seededRandom(seed);
  for (let p = 0; p < total; p++) {
    const i = Math.floor(random() * size);
    let j = Math.floor(random() * (size - 1));
    if (j >= i) j++;
    left[p] = Math.min(i, j);
    right[p] = Math.max(i, j);
  }
  return { left, right, count: total };
}

/**
 * u per level from comparison levels of random pairs: nearly all random pairs are different persons, so level
 * frequencies among them estimate u (Splink's `estimate_u_using_random_sampling`). A half-count is added to every
 * level so that a level never seen in the sample (an exact date among a million pairs) keeps a finite weight.
 */
export function estimateU(levels: Uint8Array, count: number, comparisons: readonly CompiledComparison[]): number[][] {
  const n = comparisons.length;
  return comparisons.map((c, ci) => {
    const counts = new Float64Array(c.levels.length);
    for (let p = 0; p < count; p++) counts[levels[p * n + ci]]++;
    let total = 0;
    for (let l = 1; l < counts.length; l++) total += counts[l] + 0.5;
    const u = [1];
    for (let l = 1; l < counts.length; l++) u.push((counts[l] + 0.5) / total);
    return u;
  });
}

/** Starting m: agreement levels far more likely among matches, rising with the level. */
export function initialM(comparison: CompiledComparison): number[] {
  const k = comparison.levels.length;
  const weights = [0];
  for (let l = 1; l < k; l++) weights.push(l === 1 ? 0.05 : Math.pow(3, l - 1));
  const sum = weights.reduce((a, b) => a + b, 0);
  return weights.map((w, l) => (l === 0 ? 1 : w / sum));
}

/** Distinct level vectors with their counts: EM then costs per pattern, not per pair. */
export interface Patterns {
  levels: Uint8Array;
  counts: Float64Array;
  size: number;
}

export function collectPatterns(
  levels: Uint8Array,
  comparisons: number,
  pairs: Iterable<number> | ArrayLike<number>,
): Patterns {
  const codes: number[] = [];
  const counts: number[] = [];
  // up to 7 comparisons the codes (8 levels each) index a typed array directly; up to 10 they fit an int32 and go
  // through an open-addressing table (a Map's number keys cost several times more: this runs over two million pairs
  // per training session); a Map past that
  const dense = comparisons <= 7 ? new Int32Array(1 << (3 * comparisons)).fill(-1) : null;
  const table = dense === null && comparisons <= 10 ? new CodeTable() : null;
  const index = dense === null && table === null ? new Map<number, number>() : null;
  const add = (p: number) => {
    let code = 0;
    for (let c = 0; c < comparisons; c++) code = code * 8 + levels[p * comparisons + c];
    let k: number;
    if (dense !== null) k = dense[code];
    else if (table !== null) k = table.get(code);
    else k = index!.get(code) ?? -1;
    if (k < 0) {
      k = codes.length;
      if (dense !== null) dense[code] = k;
      else if (table !== null) table.set(code, k);
      else index!.set(code, k);
      codes.push(code);
      counts.push(0);
    }
    counts[k]++;
  };
  if (ArrayBuffer.isView(pairs) || Array.isArray(pairs)) {
    const list = pairs as ArrayLike<number>;
    for (let q = 0; q < list.length; q++) add(list[q]);
  } else for (const p of pairs as Iterable<number>) add(p);
  const out = new Uint8Array(codes.length * comparisons);
  codes.forEach((code, k) => {
    for (let c = comparisons - 1; c >= 0; c--) {
      out[k * comparisons + c] = code % 8;
      code = Math.floor(code / 8);
    }
  });
  return { levels: out, counts: Float64Array.from(counts), size: codes.length };
}

/** A code's first slot: the bits mixed (MurmurHash3's finaliser), since a code's low bits are only its last levels. */
function slotOf(key: number, mask: number): number {
  let h = Math.imul(key ^ (key >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) & mask;
}

/** Non-negative int32 keys to non-negative values, open addressing with linear probing; grows at half full. */
class CodeTable {
  private keys = new Int32Array(1024).fill(-1);
  private values = new Int32Array(1024);
  private used = 0;

  get(key: number): number {
    const mask = this.keys.length - 1;
    for (let s = slotOf(key, mask); ; s = (s + 1) & mask) {
      const k = this.keys[s];
      if (k === key) return this.values[s];
      if (k < 0) return -1;
    }
  }

  set(key: number, value: number): void {
    if (2 * (this.used + 1) > this.keys.length) this.grow();
    const mask = this.keys.length - 1;
    let s = slotOf(key, mask);
    while (this.keys[s] >= 0 && this.keys[s] !== key) s = (s + 1) & mask;
    if (this.keys[s] < 0) this.used++;
    this.keys[s] = key;
    this.values[s] = value;
  }

  private grow(): void {
    const keys = this.keys;
    const values = this.values;
    this.keys = new Int32Array(keys.length * 2).fill(-1);
    this.values = new Int32Array(keys.length * 2);
    this.used = 0;
    for (let s = 0; s < keys.length; s++) if (keys[s] >= 0) this.set(keys[s], values[s]);
  }
}

export interface EmResult {
  m: number[][];
  lambda: number;
  iterations: number;
  converged: boolean;
}

const M_FLOOR = 1e-6;

/**
 * Expectation-maximisation for m and λ with u held fixed (u from random sampling is better than EM's, and fixing
 * it keeps EM from drifting to a split that is not match/non-match). Comparisons with `active[c]` false are left
 * out of the likelihood: in a session trained on pairs blocked on a field, that field agrees by construction.
 */
export function expectationMaximisation(
  patterns: Patterns,
  u: readonly number[][],
  mStart: readonly number[][],
  lambdaStart: number,
  active: readonly boolean[],
  options: { maxIterations: number; tolerance?: number; fixM?: boolean; fixLambda?: boolean },
): EmResult {
  const n = u.length;
  const m = mStart.map((row) => row.slice());
  let lambda = lambdaStart;
  const tolerance = options.tolerance ?? 1e-5;
  const posterior = new Float64Array(patterns.size);
  let iterations = 0;
  let converged = false;
  for (let it = 0; it < options.maxIterations; it++) {
    iterations = it + 1;
    // E step: posterior match probability of each pattern, in log space for stability
    const logPrior = Math.log(lambda / (1 - lambda));
    for (let k = 0; k < patterns.size; k++) {
      let w = logPrior;
      for (let c = 0; c < n; c++) {
        if (!active[c]) continue;
        const l = patterns.levels[k * n + c];
        if (l === 0) continue;
        w += Math.log(Math.max(m[c][l], M_FLOOR) / u[c][l]);
      }
      posterior[k] = w > 30 ? 1 : w < -30 ? 0 : 1 / (1 + Math.exp(-w));
    }
    // M step
    let matches = 0;
    let total = 0;
    for (let k = 0; k < patterns.size; k++) {
      matches += posterior[k] * patterns.counts[k];
      total += patterns.counts[k];
    }
    let change = options.fixLambda ? 0 : Math.abs(matches / total - lambda);
    if (!options.fixLambda) lambda = Math.min(Math.max(matches / total, 1e-9), 1 - 1e-9);
    if (!options.fixM) {
      for (let c = 0; c < n; c++) {
        if (!active[c]) continue;
        const sums = new Float64Array(m[c].length);
        let denominator = 0;
        for (let k = 0; k < patterns.size; k++) {
          const l = patterns.levels[k * n + c];
          if (l === 0) continue;
          const w = posterior[k] * patterns.counts[k];
          sums[l] += w;
          denominator += w;
        }
        if (denominator <= 0) continue;
        for (let l = 1; l < sums.length; l++) {
          const next = Math.max(sums[l] / denominator, M_FLOOR);
          change = Math.max(change, Math.abs(next - m[c][l]));
          m[c][l] = next;
        }
      }
    }
    if (change < tolerance) {
      converged = true;
      break;
    }
  }
  return { m, lambda, iterations, converged };
}

/**
 * m made monotone in the level: the levels of a comparison are ordered from disagreement to exact agreement, so
 * the likelihood ratio m/u must not fall as agreement grows (a monotone likelihood ratio). EM on few or
 * unrepresentative pairs can break that order (a near match weighed as strong evidence against a match, exact
 * agreement as weak); the pool-adjacent-violators algorithm (Ayer et al. 1955; Barlow et al. 1972, "Statistical
 * inference under order restrictions") merges violating neighbours into one ratio Σm/Σu, which keeps Σm and is the
 * u-weighted least-squares monotone fit. Level 0 (null) is left alone.
 */
export function monotoneM(m: readonly number[], u: readonly number[]): number[] {
  const blocks: Array<{ from: number; to: number; m: number; u: number }> = [];
  for (let l = 1; l < m.length; l++) {
    blocks.push({ from: l, to: l, m: m[l], u: u[l] });
    while (blocks.length > 1) {
      const last = blocks[blocks.length - 1];
      const before = blocks[blocks.length - 2];
      if (before.m / before.u <= last.m / last.u) break;
      blocks.splice(blocks.length - 2, 2, { from: before.from, to: last.to, m: before.m + last.m, u: before.u + last.u });
    }
  }
  const out = m.slice();
  for (const b of blocks) for (let l = b.from; l <= b.to; l++) out[l] = (b.m / b.u) * u[l];
  return out;
}

/**
 * A comparison is weak when random pairs agree on it exactly more often than this and agree at some level more
 * often than WEAK_CHANCE_ANY (a sex, a field of a few values). An age compared as a birth-year range overlaps by
 * chance often but disagrees on most random pairs: it tells people apart and is fitted with the names.
 */
const WEAK_CHANCE_AGREEMENT = 0.05;
const WEAK_CHANCE_ANY = 0.4;

/**
 * EM in two stages. Comparisons that agree by chance often (a sex; see WEAK_CHANCE_AGREEMENT) can carry EM to a
 * latent class that is not the match class: on pairs that share a surname and a birth decade, "same district" split them more cleanly than the given name did, and EM learnt given-name agreement as no
 * evidence of a match. So the match class is fitted on the discriminating comparisons first; the weak ones then get
 * their m from one M step over that fit's posterior match probabilities, and λ stays the first stage's. Comparisons
 * marked `shared` (places: relatives of one village agree on them as duplicates do) are fitted last too. When every
 * active comparison is weak, this is plain EM.
 */
export function expectationMaximisationWeakLast(
  patterns: Patterns,
  u: readonly number[][],
  mStart: readonly number[][],
  lambdaStart: number,
  active: readonly boolean[],
  options: { maxIterations: number; tolerance?: number; shared?: readonly boolean[]; fixLambda?: boolean },
): EmResult {
  const n = u.length;
  // u[1] is the "else" level: 1 − u[1] is the share of random pairs that agree at some level
  const weak = u.map((row, c) => active[c] && ((row[row.length - 1] > WEAK_CHANCE_AGREEMENT && 1 - row[1] > WEAK_CHANCE_ANY) || options.shared?.[c] === true));
  const strong = active.map((a, c) => a && !weak[c]);
  if (!weak.some(Boolean) || !strong.some(Boolean)) return expectationMaximisation(patterns, u, mStart, lambdaStart, active, options);
  const first = expectationMaximisation(patterns, u, mStart, lambdaStart, strong, options);
  const logPrior = Math.log(first.lambda / (1 - first.lambda));
  const sums = first.m.map((row) => new Float64Array(row.length));
  const denominators = new Float64Array(n);
  for (let k = 0; k < patterns.size; k++) {
    let w = logPrior;
    for (let c = 0; c < n; c++) {
      const l = patterns.levels[k * n + c];
      if (strong[c] && l !== 0) w += Math.log(Math.max(first.m[c][l], M_FLOOR) / u[c][l]);
    }
    const posterior = (w > 30 ? 1 : w < -30 ? 0 : 1 / (1 + Math.exp(-w))) * patterns.counts[k];
    for (let c = 0; c < n; c++) {
      const l = patterns.levels[k * n + c];
      if (!weak[c] || l === 0) continue;
      sums[c][l] += posterior;
      denominators[c] += posterior;
    }
  }
  const m = first.m.map((row, c) => (weak[c] && denominators[c] > 0 ? row.map((v, l) => (l === 0 ? 1 : Math.max(sums[c][l] / denominators[c], M_FLOOR))) : row));
  return { ...first, m };
}

/**
 * u re-estimated from the same random pairs with each pair weighted by its probability of being a non-match under
 * a fitted model (λ the share of matches among all record pairs). Random pairs are "nearly all" non-matches, but on
 * a list where one person has several records the few matches among them dominate the rarest levels: on a parish
 * register of 7,000 records an exact birth date was seen in 37 of 125,000 random pairs with both dates, almost all
 * of them the same baptism indexed twice, so u(exact) came out a hundred times too high and two records with one
 * name and one exact date of birth scored below the threshold. The half-count of {@link estimateU} is kept.
 */
export function estimateUWithoutMatches(
  levels: Uint8Array,
  count: number,
  comparisons: readonly CompiledComparison[],
  u: readonly number[][],
  m: readonly number[][],
  lambda: number,
): number[][] {
  const n = comparisons.length;
  const patterns = collectPatterns(levels, n, range(count));
  const logPrior = Math.log(lambda / (1 - lambda));
  const probability = new Float64Array(patterns.size);
  let corrected = u.map((row) => row.slice());
  // a few rounds: a lower u(exact) raises the weight of the pairs that agree exactly, which lowers it again
  for (let round = 0; round < U_ROUNDS; round++) {
    const sums = comparisons.map((c) => new Float64Array(c.levels.length));
    for (let k = 0; k < patterns.size; k++) {
      let w = logPrior;
      for (let c = 0; c < n; c++) {
        const l = patterns.levels[k * n + c];
        if (l !== 0) w += Math.log(Math.max(m[c][l], M_FLOOR) / corrected[c][l]);
      }
      probability[k] = w > 30 ? 0 : w < -30 ? 1 : 1 / (1 + Math.exp(w));
      for (let c = 0; c < n; c++) sums[c][patterns.levels[k * n + c]] += probability[k] * patterns.counts[k];
    }
    corrected = sums.map((s) => {
      let total = 0;
      for (let l = 1; l < s.length; l++) total += s[l] + 0.5;
      const out = [1];
      for (let l = 1; l < s.length; l++) out.push((s[l] + 0.5) / total);
      return out;
    });
  }
  return corrected;
}

const U_ROUNDS = 4;

function* range(count: number): Generator<number> {
  for (let p = 0; p < count; p++) yield p;
}

/**
 * λ for a training session (the pairs one blocking rule groups): the share of its pairs that a first fit over all
 * sessions takes for matches, each pair's posterior computed with the prior of a random pair (the first fit's λ),
 * since a session's pairs are random pairs that happen to share a key. EM left to choose λ for itself on one rule's
 * pairs can settle on a latent class that is not the match class when few comparisons tell people apart: on a
 * parish register blocked on given name and age decade it took λ = 0.95, every pair of one name and decade, and
 * learnt a different surname as no evidence. Held at this value, EM can only choose which pairs form a class of
 * that size. Bounded to [0.001, 0.99].
 */
export function sessionLambda(patterns: Patterns, first: FittedModel): number {
  const n = first.comparisons.length;
  const logPrior = Math.log(first.lambda / (1 - first.lambda));
  let matches = 0;
  let total = 0;
  for (let k = 0; k < patterns.size; k++) {
    let w = logPrior;
    for (let c = 0; c < n; c++) {
      const l = patterns.levels[k * n + c];
      if (l !== 0) w += Math.log(Math.max(first.comparisons[c].m[l], M_FLOOR) / first.comparisons[c].u[l]);
    }
    matches += (w > 30 ? 1 : w < -30 ? 0 : 1 / (1 + Math.exp(-w))) * patterns.counts[k];
    total += patterns.counts[k];
  }
  return Math.min(Math.max(total > 0 ? matches / total : 0, 1e-3), 0.99);
}
