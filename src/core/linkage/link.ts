import { blockPairs } from './blocking.ts';
import { alternativeTexts, compileComparison, compareRange, comparisonMemos, type ComparisonMemos, type CompiledComparison } from './compare.ts';
import { clusterRecords, type Clusters, type FlaggedPerson } from './cluster.ts';
import { conflictTest, impossibleTest } from './conflicts.ts';
import { buildFeatures, type FeatureIssue, type FeatureTable, type FeatureValues } from './features.ts';
import {
  collectPatterns,
  estimateU,
  estimateUWithoutMatches,
  expectationMaximisation,
  expectationMaximisationWeakLast,
  initialM,
  monotoneM,
  samplePairs,
  seededRandom,
  sessionLambda,
  type FittedModel,
  type Patterns,
} from './model.ts';
import { ComparePool, comparePairs } from './parallel.ts';
import { explainLevels, pairScorer, scorePairs, scoringTables, type PairExplanation } from './score.ts';
import { parseSettings, type LinkSettings } from './settings.ts';

/** Column-major input: every column has `size` values; '' is missing. */
export interface LinkInput {
  columns: Record<string, readonly string[]>;
  size: number;
}

/** A reviewer's decision on two records (by row index); it overrides the model and survives re-runs. */
export interface ReviewDecision {
  left: number;
  right: number;
  match: boolean;
}

export type LinkStage = 'features' | 'blocking' | 'u-sample' | 'training' | 'comparing' | 'scoring' | 'clustering';

export interface LinkOptions {
  /** A fitted model from an earlier run: skips estimation, so the run is reproducible. */
  model?: FittedModel;
  decisions?: readonly ReviewDecision[];
  /** Worker threads for comparing pairs; 0 or 1 compares on the calling thread. */
  threads?: number;
  onProgress?: (stage: LinkStage, done: number, total: number) => void;
}

export interface ScoredPairs {
  left: Int32Array;
  right: Int32Array;
  /** Level per pair and comparison: levels[p * comparisons + c]. */
  levels: Uint8Array;
  probability: Float32Array;
  count: number;
  /** 1 where a reviewer's decision set the probability. */
  decided: Uint8Array;
}

export interface LinkResult {
  settings: LinkSettings;
  model: FittedModel;
  comparisons: CompiledComparison[];
  pairs: ScoredPairs;
  clusters: Clusters;
  warnings: string[];
  /** Values that could not be read (impossible dates), by row. */
  issues: FeatureIssue[];
  stats: {
    records: number;
    candidatePairs: number;
    pairsPerRule: number[];
    linksAtThreshold: number;
    persons: number;
    /** Records in the largest person. */
    largestPerson: number;
    /**
     * Persons to put before a reviewer: those a refused merge kept apart (with the refused link and the conflict
     * behind it) and those holding two records with a confident non-match; see cluster.ts.
     */
    flagged: FlaggedPerson[];
    threads: number;
    secondsByStage: Partial<Record<LinkStage, number>>;
  };
  /** Explanation of pair p: each comparison's level, Bayes factor and log2 contribution. */
  explain(pair: number): PairExplanation;
  /** Explanation of any two records, compared on demand (for a review screen). */
  explainRecords(i: number, j: number): PairExplanation;
  features: { table: FeatureTable; values: FeatureValues };
}

function fieldsOfRule(rule: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const part of rule) for (const f of part.split(':')[0].split('|')) out.add(f);
  return out;
}

/**
 * Indices of pairs in `ranges` (in order) whose records share a key in `keys` (all pairs when null),
 * reservoir-sampled down to `max` with a seeded generator. Ranges let a caller skip pairs that cannot share the
 * key without changing which pairs are drawn.
 */
function selectPairs(
  ranges: ReadonlyArray<readonly [number, number]>,
  keys: Int32Array | null,
  left: Int32Array,
  right: Int32Array,
  max: number,
  seed: number,
  exclude: Uint8Array | null = null,
): Int32Array {
  // a typed array of the largest size it can reach: a growing array of two million numbers, written at random
  // once full, was a tenth of the main thread's time at 200,000 records
  let total = 0;
  for (const [from, to] of ranges) total += Math.max(0, to - from);
  const chosen = new Int32Array(Math.min(max, total));
  let filled = 0;
  const random = seededRandom(seed);
  let seen = 0;
  for (const [from, to] of ranges) {
    for (let p = from; p < to; p++) {
      if (keys !== null) {
        const k = keys[left[p]];
        if (k < 0 || k !== keys[right[p]]) continue;
      }
      if (exclude !== null && (exclude[left[p]] === 1 || exclude[right[p]] === 1)) continue;
      seen++;
      if (filled < max) chosen[filled++] = p;
      else {
        const k = Math.floor(random() * seen);
        if (k < max) chosen[k] = p;
      }
    }
  }
  return filled === chosen.length ? chosen : chosen.subarray(0, filled);
}

/**
 * The pairs one training session draws and their patterns, by session (a blocking rule's index; ALL_PAIRS_THIN and
 * ALL_PAIRS_LAMBDA for the two sessions over all candidate pairs). The second fit of a run draws exactly the pairs
 * the first drew (same ranges, keys, bound and seeds) from the same levels, so it takes them from here.
 */
type TrainingSamples = Map<number, { chosen: Int32Array; patterns: Patterns }> & { exclude?: Uint8Array | null };
const ALL_PAIRS_THIN = -1;
const ALL_PAIRS_LAMBDA = -2;

function sessionSample(
  samples: TrainingSamples,
  session: number,
  ranges: ReadonlyArray<readonly [number, number]>,
  keys: Int32Array | null,
  left: Int32Array,
  right: Int32Array,
  max: number,
  seed: number,
  levels: Uint8Array,
  n: number,
): { chosen: Int32Array; patterns: Patterns } {
  let sample = samples.get(session);
  if (sample === undefined) {
    const chosen = selectPairs(ranges, keys, left, right, max, seed, samples.exclude ?? null);
    sample = { chosen, patterns: collectPatterns(levels, n, chosen) };
    samples.set(session, sample);
  }
  return sample;
}

/** The match probability of two records, compared on demand (for careful clustering's balance test). */
function recordScorer(tables: ReturnType<typeof scoringTables>, table: FeatureTable, comparisons: CompiledComparison[]): (i: number, j: number) => number {
  // one set of buffers for every call, and memos of compared values as the comparing threads keep (the same
  // levels either way): clustering asks for many pairs, often of the same names
  const l = new Int32Array(1);
  const r = new Int32Array(1);
  const out = new Uint8Array(comparisons.length);
  const score = pairScorer(tables, table, comparisons);
  let memos: ComparisonMemos | null = null;
  return (i, j) => {
    l[0] = i;
    r[0] = j;
    compareRange(table, comparisons, l, r, 0, 1, out, (memos ??= comparisonMemos(table, comparisons)));
    return score(i, out);
  };
}

function addDecidedPairs(
  left: Int32Array,
  right: Int32Array,
  count: number,
  decisions: readonly ReviewDecision[],
  size: number,
): { left: Int32Array; right: Int32Array; count: number; decisionOf: Map<number, boolean> } {
  const decisionOf = new Map<number, boolean>();
  for (const d of decisions) {
    if (!Number.isInteger(d.left) || !Number.isInteger(d.right) || d.left < 0 || d.right < 0 || d.left >= size || d.right >= size || d.left === d.right) {
      throw new RangeError(`review decision on records ${d.left} and ${d.right}: no such pair of distinct records`);
    }
    const a = Math.min(d.left, d.right);
    const b = Math.max(d.left, d.right);
    decisionOf.set(a * size + b, d.match);
  }
  if (decisionOf.size === 0) return { left, right, count, decisionOf };
  const missing = new Set(decisionOf.keys());
  for (let p = 0; p < count; p++) missing.delete(left[p] * size + right[p]);
  if (missing.size === 0) return { left, right, count, decisionOf };
  const total = count + missing.size;
  const l2 = new Int32Array(new SharedArrayBuffer(total * 4));
  const r2 = new Int32Array(new SharedArrayBuffer(total * 4));
  l2.set(left.subarray(0, count));
  r2.set(right.subarray(0, count));
  let p = count;
  for (const key of missing) {
    l2[p] = Math.floor(key / size);
    r2[p] = key % size;
    p++;
  }
  return { left: l2, right: r2, count: total, decisionOf };
}

/**
 * λ of every training session in the first fit. EM free to choose λ on one rule's pairs takes in whatever looks
 * alike: on registers of related people (siblings and cousins share family name, parish, father and a birth year
 * within five years) the latent class held the relatives, and a different given name or a birth five years off
 * was learnt as common among matches. Held this low, the class is the pairs that agree most, whose m is that of
 * clear matches; the second fit then gives each session the λ the first fit implies (model.ts, sessionLambda).
 */
const FIRST_FIT_LAMBDA = 0.001;

/**
 * Records left out of training: those whose compared name gives alternatives ("smith or brown", a married woman in
 * the Scottish death registers under her maiden and married surnames). Such a name agrees with either alternative
 * when pairs are scored (compare.ts), which is right for scoring and wrong for EM: the pairs it brings together
 * agree on a name where true pairs of the rest of the list disagree, and over 2,000 persons of the Scottish register
 * EM then refitted the age comparison (an age gap of four years or more at −2.3 bits instead of −5.7), so that
 * namesakes merged. The model is fitted on the other records and applied to all. Null when no record gives
 * alternatives, or when they are more than a tenth of the list (then they are the list's convention, and EM must
 * see them).
 */
export function trainingExclusions(table: FeatureTable, comparisons: readonly CompiledComparison[]): Uint8Array | null {
  let out: Uint8Array | null = null;
  let excluded = 0;
  for (const c of comparisons) {
    if (c.kind !== 'name') continue;
    const f = table.fields[c.field];
    if (f === undefined || f.kind !== 'text') continue;
    const byValue = new Int8Array(f.offsets.length - 1).fill(-1);
    for (let i = 0; i < table.size; i++) {
      const v = f.ids[i];
      if (v < 0) continue;
      if (byValue[v] < 0) byValue[v] = alternativeTexts(f, v) === null ? 0 : 1;
      if (byValue[v] === 0) continue;
      out ??= new Uint8Array(table.size);
      if (out[i] === 0) excluded++;
      out[i] = 1;
    }
  }
  return out !== null && excluded <= table.size / 10 ? out : null;
}

/** Fewer training pairs than this behind a comparison's m, and it is estimated over all candidate pairs instead. */
const MIN_TRAINING_PAIRS = 200;

/**
 * The largest share of true matches whose personal names (given or family name, compared either way round) may
 * disagree outright: at no Jaro-Winkler level, no phonetic key, no shared word, after the normaliser has brought
 * scripts, romanisations, forms of address and name variants together. EM cannot tell that share on lists of
 * relatives: brothers and sisters share the family name, the father's name, the village and birth years a year or
 * two apart, and a latent class of such pairs learnt a different given name as common among matches (m 9 % on the
 * families' reports, a Bayes factor of 1/10, where the truth of that generator puts it under 1 %), so siblings
 * merged. The excess is given back to the agreement levels in proportion.
 */
export const MAX_NAME_DISAGREEMENT = 0.02;

function capNameDisagreement(c: CompiledComparison, m: number[]): number[] {
  if (c.kind !== 'name' || c.swapWith === null || m[1] <= MAX_NAME_DISAGREEMENT) return m;
  const rest = 1 - m[1];
  const scale = (1 - MAX_NAME_DISAGREEMENT) / rest;
  return m.map((v, l) => (l === 0 ? v : l === 1 ? MAX_NAME_DISAGREEMENT : v * scale));
}

/** What the model is fitted from: the run's settings, the compared random pairs (for u) and candidate pairs (for m, λ). */
interface TrainingData {
  settings: LinkSettings;
  comparisons: CompiledComparison[];
  /** Records in the list. */
  size: number;
  /** The random pairs' comparison levels, `uCount` × comparisons. */
  uLevels: Uint8Array;
  uCount: number;
  /** The candidate pairs' comparison levels, `candidateCount` × comparisons, in blocking order. */
  levels: Uint8Array;
  candidateCount: number;
  left: Int32Array;
  right: Int32Array;
  /** Each blocking rule's key of every record, and how many candidate pairs each rule made. */
  ruleKeys: Int32Array[];
  pairsPerRule: readonly number[];
  samples: TrainingSamples;
}

/** m summed over training sessions, each weighed by the matches it is expected to hold. */
interface MAccumulator {
  sums: number[][];
  sessions: number[];
  weights: number[];
  pairs: number[];
  emSessions: FittedModel['training']['emSessions'];
}

/**
 * One EM session per blocking rule, over the candidate pairs that agree on the rule's key, with the rule's own
 * fields left out. Sessions are pooled by the matches they are expected to hold (λ × pairs): a rule whose pairs hold
 * almost no matches (dates of death on a few rows of a press list) fits its latent class to something else, and an
 * equal vote let it halve the weight of given-name agreement.
 */
function fitRuleSessions(data: TrainingData, u: number[][], first: FittedModel | undefined): MAccumulator {
  const { settings, comparisons, left, right, levels, candidateCount, samples } = data;
  const n = comparisons.length;
  const acc: MAccumulator = {
    sums: comparisons.map((c) => new Array<number>(c.levels.length).fill(0)),
    sessions: new Array<number>(n).fill(0),
    weights: new Array<number>(n).fill(0),
    pairs: new Array<number>(n).fill(0),
    emSessions: [],
  };
  const ruleEnds: number[] = [];
  for (const c of data.pairsPerRule) ruleEnds.push((ruleEnds.length > 0 ? ruleEnds[ruleEnds.length - 1] : 0) + c);
  const blockedCount = ruleEnds.length > 0 ? ruleEnds[ruleEnds.length - 1] : 0;
  settings.blocking.forEach((rule, r) => {
    const blocked = fieldsOfRule(rule);
    const active = comparisons.map((c) => !blocked.has(c.field));
    if (!active.some(Boolean)) return;
    // blocking drops a later rule's pair when rule r groups it, so pairs after rule r's own cannot agree on r's
    // key; skipping them draws exactly the same sample (pairs added for reviewer decisions are still tested)
    const ranges: Array<[number, number]> = [
      [0, ruleEnds[r]],
      [blockedCount, candidateCount],
    ];
    const { chosen, patterns } = sessionSample(samples, r, ranges, data.ruleKeys[r], left, right, settings.emMaxPairs, settings.seed + r, levels, n);
    if (chosen.length < 10) return;
    const fixed = first ? sessionLambda(patterns, first) : FIRST_FIT_LAMBDA;
    const em = expectationMaximisationWeakLast(patterns, u, comparisons.map(initialM), fixed, active, {
      maxIterations: settings.emMaxIterations,
      shared: settings.comparisons.map((c) => c.shared === true),
      fixLambda: true,
    });
    acc.emSessions.push({ rule: rule.join(' & '), pairs: chosen.length, iterations: em.iterations, lambda: em.lambda, converged: em.converged });
    comparisons.forEach((_, c) => {
      if (!active[c]) return;
      acc.sessions[c]++;
      const weight = Math.max(em.lambda * chosen.length, 1e-9);
      acc.weights[c] += weight;
      acc.pairs[c] += chosen.length;
      em.m[c].forEach((v, l) => (acc.sums[c][l] += v * weight));
    });
  });
  return acc;
}

/**
 * A comparison whose m rests on a few dozen pairs, or on none (every rule blocks on it), gets it from EM over all
 * candidate pairs with every comparison active instead: that session is biased towards agreement on the blocked
 * fields, but EM on a handful of pairs can settle on any split of them (a list of one event whose dates of death
 * block few pairs showed name agreement weighed against a match).
 */
function fitThinComparisons(data: TrainingData, u: number[][], acc: MAccumulator): void {
  const { settings, comparisons, left, right, levels, candidateCount, samples } = data;
  const thin = comparisons.map((_, ci) => acc.pairs[ci] < MIN_TRAINING_PAIRS);
  if (!thin.some(Boolean) || candidateCount < MIN_TRAINING_PAIRS) return;
  const { chosen, patterns } = sessionSample(samples, ALL_PAIRS_THIN, [[0, candidateCount]], null, left, right, settings.emMaxPairs, settings.seed + 100, levels, comparisons.length);
  const em = expectationMaximisationWeakLast(patterns, u, comparisons.map(initialM), 0.05, comparisons.map(() => true), {
    maxIterations: settings.emMaxIterations,
    shared: settings.comparisons.map((c) => c.shared === true),
  });
  acc.emSessions.push({ rule: '(all candidate pairs)', pairs: chosen.length, iterations: em.iterations, lambda: em.lambda, converged: em.converged });
  comparisons.forEach((_, ci) => {
    if (!thin[ci]) return;
    acc.sessions[ci] = 1;
    acc.weights[ci] = 1;
    acc.sums[ci] = em.m[ci].slice();
  });
}

/** λ: with m and u fixed, the expected number of matches among candidates, spread over all record pairs. */
function fitLambda(data: TrainingData, u: number[][], m: number[][]): { lambda: number; expectedMatches: number } {
  const { settings, comparisons, left, right, levels, candidateCount, samples, size } = data;
  const { chosen, patterns } = sessionSample(samples, ALL_PAIRS_LAMBDA, [[0, candidateCount]], null, left, right, settings.emMaxPairs, settings.seed + 101, levels, comparisons.length);
  let expectedMatches = 0;
  if (chosen.length > 0) {
    const em = expectationMaximisation(patterns, u, m, 0.05, comparisons.map(() => true), { maxIterations: settings.emMaxIterations, fixM: true });
    expectedMatches = em.lambda * candidateCount;
  }
  const allPairs = (size * (size - 1)) / 2;
  return { lambda: Math.min(Math.max(expectedMatches / Math.max(allPairs, 1), 1e-12), 0.5), expectedMatches };
}

/**
 * Fits u (from the random pairs, unless given) and m (EM over the candidate pairs, rule by rule) and λ. A second fit
 * passes the first (`first`) and the u it re-estimated without the matches (`uGiven`); warnings go to `warnings`.
 */
function fitModel(data: TrainingData, warnings: string[], first?: FittedModel, uGiven?: number[][]): FittedModel {
  const { comparisons } = data;
  const u = uGiven ?? estimateU(data.uLevels, data.uCount, comparisons);
  const acc = fitRuleSessions(data, u, first);
  fitThinComparisons(data, u, acc);
  const m = comparisons.map((c, ci) => {
    if (acc.sessions[ci] === 0) {
      warnings.push(`comparison "${c.name}": every blocking rule blocks on it, so its m could not be estimated; using a starting guess`);
      return initialM(c);
    }
    return capNameDisagreement(
      c,
      monotoneM(
        acc.sums[ci].map((s, l) => (l === 0 ? 1 : s / acc.weights[ci])),
        u[ci],
      ),
    );
  });
  const { lambda, expectedMatches } = fitLambda(data, u, m);
  return {
    version: 1,
    comparisons: comparisons.map((c, ci) => ({ name: c.name, levels: c.levels, m: m[ci], u: u[ci], mEstimated: acc.sessions[ci] > 0 })),
    lambda,
    training: { uSamplePairs: data.uCount, emSessions: acc.emSessions, candidatePairs: data.candidateCount, expectedMatches },
  };
}

function checkModel(model: FittedModel, comparisons: CompiledComparison[]): void {
  if (model.version !== 1 || !Array.isArray(model.comparisons) || model.comparisons.length !== comparisons.length) {
    throw new RangeError('model: it does not fit these settings (number of comparisons differs)');
  }
  model.comparisons.forEach((p, i) => {
    const c = comparisons[i];
    const ok =
      p.name === c.name &&
      // The levels by name, not only by count: a model saved before a level's meaning changed (say, "same year" split
      // into "same year" and "same year, months differ") would otherwise be read with the new meanings.
      (!Array.isArray(p.levels) || p.levels.join('\u0000') === c.levels.join('\u0000')) &&
      p.m.length === c.levels.length &&
      p.u.length === c.levels.length &&
      [...p.m, ...p.u].every((v) => typeof v === 'number' && v > 0 && v <= 1);
    if (!ok) throw new RangeError(`model.comparisons.${i}: does not fit comparison "${c.name}" (its levels differ: a model saved by another version?) or has values outside (0, 1]`);
  });
  if (!(model.lambda > 0 && model.lambda < 1)) throw new RangeError('model.lambda: must be between 0 and 1');
}

type Progress = NonNullable<LinkOptions['onProgress']>;

/** Seconds spent in each stage, measured from one lap to the next. */
function stageClock(): { seconds: Partial<Record<LinkStage, number>>; lap: (stage: LinkStage) => void } {
  const seconds: Partial<Record<LinkStage, number>> = {};
  let clock = performance.now();
  return {
    seconds,
    lap: (stage) => {
      const now = performance.now();
      seconds[stage] = (seconds[stage] ?? 0) + (now - clock) / 1000;
      clock = now;
    },
  };
}

/** Features of every record, and the candidate pairs: blocking's, then those reviewers decided that blocking missed. */
function findCandidates(input: LinkInput, settings: LinkSettings, decisions: readonly ReviewDecision[], warnings: string[], progress: Progress, lap: (stage: LinkStage) => void) {
  progress('features', 0, settings.fields.length);
  const features = buildFeatures(input.columns, input.size, settings.fields, (d) => progress('features', d, settings.fields.length), settings);
  lap('features');

  progress('blocking', 0, settings.blocking.length);
  const blocked = blockPairs(features.table, features.values, settings.blocking, {
    maxBlockSize: settings.maxBlockSize,
    maxPairs: settings.maxCandidatePairs,
    onRule: (r) => progress('blocking', r, settings.blocking.length),
  });
  warnings.push(...blocked.warnings);
  const candidates = addDecidedPairs(blocked.left, blocked.right, blocked.count, decisions, input.size);
  lap('blocking');
  return { ...features, blocked, ...candidates };
}

type Candidates = ReturnType<typeof findCandidates>;

/**
 * The candidate pairs' comparison levels and the model: the one given, or one fitted here (u from seeded random
 * pairs, then two fits; see fitModel).
 */
async function compareAndFit(
  candidates: Candidates,
  settings: LinkSettings,
  comparisons: CompiledComparison[],
  given: FittedModel | undefined,
  pool: ComparePool | null,
  warnings: string[],
  progress: Progress,
  lap: (stage: LinkStage) => void,
): Promise<{ model: FittedModel; levels: Uint8Array }> {
  const { table, blocked, left, right, count } = candidates;
  const size = table.size;
  const compareCandidates = async () => {
    progress('comparing', 0, count);
    const levels = await comparePairs(table, comparisons, left, right, count, pool, (d) => progress('comparing', d, count));
    lap('comparing');
    return levels;
  };
  if (given) return { model: given, levels: await compareCandidates() };
  const sample = samplePairs(size, settings.uSamplePairs, settings.seed);
  progress('u-sample', 0, sample.count);
  const uLevels = await comparePairs(table, comparisons, sample.left, sample.right, sample.count, pool, (d) => progress('u-sample', d, sample.count));
  lap('u-sample');
  const levels = await compareCandidates();
  progress('training', 0, 1);
  const samples: TrainingSamples = Object.assign(new Map(), { exclude: trainingExclusions(table, comparisons) });
  const data: TrainingData = {
    settings,
    comparisons,
    size,
    uLevels,
    uCount: sample.count,
    levels,
    candidateCount: count,
    left,
    right,
    ruleKeys: blocked.keys,
    pairsPerRule: blocked.pairsPerRule,
    samples,
  };
  const first = fitModel(data, []);
  // a second fit: u without the matches among the random pairs (see estimateUWithoutMatches), and each
  // session's λ held at the share of its pairs the first fit takes for matches (see sessionLambda)
  const u = estimateUWithoutMatches(uLevels, sample.count, comparisons, first.comparisons.map((c) => c.u), first.comparisons.map((c) => c.m), first.lambda);
  const model = fitModel(data, warnings, first, u);
  progress('training', 1, 1);
  lap('training');
  return { model, levels };
}

/** Each candidate pair's match probability; a reviewer's decision replaces the model's (1 or 0) and is marked. */
function scoreCandidates(candidates: Candidates, comparisons: CompiledComparison[], tables: ReturnType<typeof scoringTables>, levels: Uint8Array) {
  const { table, left, count, decisionOf } = candidates;
  const size = table.size;
  const probability = scorePairs(tables, table, comparisons, left, levels, count);
  const decided = new Uint8Array(count);
  if (decisionOf.size > 0) {
    for (let p = 0; p < count; p++) {
      const d = decisionOf.get(left[p] * size + candidates.right[p]);
      if (d === undefined) continue;
      probability[p] = d ? 1 : 0;
      decided[p] = 1;
    }
  }
  return { probability, decided };
}

/** Persons from the scored pairs, with reviewers' non-matches as cannot-links and the conflict tests of the mode. */
function clusterScored(
  candidates: Candidates,
  settings: LinkSettings,
  comparisons: CompiledComparison[],
  tables: ReturnType<typeof scoringTables>,
  scored: ReturnType<typeof scoreCandidates>,
  warnings: string[],
): Clusters {
  const { table, values, left, right, count, decisionOf } = candidates;
  const size = table.size;
  const cannotLink: Array<[number, number]> = [];
  for (const [key, match] of decisionOf) if (!match) cannotLink.push([Math.floor(key / size), key % size]);
  const clusters = clusterRecords(size, left, right, scored.probability, count, {
    threshold: settings.threshold,
    mode: settings.clustering,
    cannotLink,
    decided: scored.decided,
    conflict: conflictTest(table, values, comparisons, tables, settings.fields) ?? undefined,
    impossible: impossibleTest(table, values, comparisons, settings.fields) ?? undefined,
    score: recordScorer(tables, table, comparisons),
    logPrior: tables.logPrior,
  });
  if (clusters.mergesRefused > 0) {
    const why = settings.clustering === 'strict' ? 'weak average link or reviewer non-match' : settings.clustering === 'careful' ? 'confident non-match inside the person or reviewer non-match' : 'reviewer non-match';
    warnings.push(`clustering: ${clusters.mergesRefused} merge(s) refused (${why}); ${clusters.flagged.length} person(s) flagged for review`);
  }
  return clusters;
}

/**
 * Deduplicates records: features, blocking, u by random sampling, m by EM, scoring with term-frequency
 * adjustment, reviewer overrides, clustering. Pure apart from the worker threads it may start.
 */
export async function linkRecords(input: LinkInput, rawSettings: unknown, options: LinkOptions = {}): Promise<LinkResult> {
  const settings = parseSettings(rawSettings, Object.keys(input.columns));
  const comparisons = settings.comparisons.map(compileComparison);
  if (options.model) checkModel(options.model, comparisons);
  const progress = options.onProgress ?? (() => {});
  const { seconds, lap } = stageClock();
  const size = input.size;
  const warnings: string[] = [];

  // workers take a second or more to start (each registers the TypeScript loader and compiles the kernel): start
  // them now, so that this overlaps features and blocking on this thread, when the u sample alone warrants them
  const threads = options.threads ?? 1;
  const early = threads > 1 && !options.model && settings.uSamplePairs >= 100_000 && size >= 2 ? ComparePool.create(threads) : null;

  let candidates: Candidates;
  try {
    candidates = findCandidates(input, settings, options.decisions ?? [], warnings, progress, lap);
  } catch (error) {
    await (await early)?.close();
    throw error;
  }
  const { table, values, issues, blocked, left, right, count } = candidates;

  const pool = early ? await early : threads > 1 && count + settings.uSamplePairs >= 100_000 ? await ComparePool.create(threads) : null;
  if (threads > 1 && !pool && count + settings.uSamplePairs >= 100_000) warnings.push(`worker threads could not be started (${ComparePool.lastError}); compared on one thread`);
  try {
    const { model: fitted, levels } = await compareAndFit(candidates, settings, comparisons, options.model, pool, warnings, progress, lap);
    progress('scoring', 0, count);
    const tables = scoringTables(fitted, comparisons, table);
    const scored = scoreCandidates(candidates, comparisons, tables, levels);
    progress('scoring', count, count);
    lap('scoring');

    progress('clustering', 0, 1);
    const clusters = clusterScored(candidates, settings, comparisons, tables, scored, warnings);
    progress('clustering', 1, 1);
    lap('clustering');
    let linksAtThreshold = 0;
    for (let p = 0; p < count; p++) if (scored.probability[p] >= settings.threshold) linksAtThreshold++;

    const n = comparisons.length;
    return {
      settings,
      model: fitted,
      comparisons,
      pairs: { left, right, levels, probability: scored.probability, count, decided: scored.decided },
      clusters,
      warnings,
      issues,
      stats: {
        records: size,
        candidatePairs: count,
        pairsPerRule: blocked.pairsPerRule,
        linksAtThreshold,
        persons: clusters.persons,
        largestPerson: clusters.largest,
        flagged: clusters.flagged,
        threads: pool ? pool.threads : 1,
        secondsByStage: seconds,
      },
      explain: (p) => explainLevels(fitted, tables, table, comparisons, left[p], levels.subarray(p * n, p * n + n)),
      explainRecords: (i, j) => {
        const l = new Int32Array([i]);
        const r = new Int32Array([j]);
        const out = new Uint8Array(n);
        compareRange(table, comparisons, l, r, 0, 1, out);
        return explainLevels(fitted, tables, table, comparisons, i, out);
      },
      features: { table, values },
    };
  } finally {
    await pool?.close();
  }
}
