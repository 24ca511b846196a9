import { alternativeTexts, type CompiledComparison } from './compare.ts';
import type { FeatureTable, TextFeature } from './features.ts';
import type { FittedModel } from './model.ts';

/**
 * Match weight of a pair = log2(λ / (1 − λ)) + Σ log2(m/u) over its comparison levels (Fellegi-Sunter), plus a
 * term-frequency adjustment on exact agreement of tf-enabled fields. The adjustment follows Splink's: exact
 * agreement on a value v is given the Bayes factor m_exact / tf(v) instead of m_exact / u_exact, where tf(v) is
 * the share of records holding v, i.e. an adjustment of log2(u_exact / tf(v)) (Splink documentation, "Term
 * frequency adjustments"). Agreeing on a rare name then counts more than agreeing on Mammadov.
 */
export interface ScoringTables {
  logPrior: number;
  /** log2 Bayes factor per comparison and level. */
  logBf: Float64Array[];
  /** For tf comparisons: log2(u_exact) and the record counts per value; null otherwise. */
  tf: Array<{ logUExact: number; exactLevel: number; counts: Int32Array; present: number; byValue: Float64Array } | null>;
}

export function scoringTables(model: FittedModel, comparisons: readonly CompiledComparison[], table: FeatureTable): ScoringTables {
  const logBf = model.comparisons.map((p) => Float64Array.from(p.m.map((m, l) => (l === 0 ? 0 : Math.log2(m / p.u[l])))));
  const tf = comparisons.map((c, ci) => {
    const f = table.fields[c.field];
    if (!c.tf || f.kind !== 'text' || f.present === 0) return null;
    const exactLevel = c.levels.length - 1;
    const logUExact = Math.log2(model.comparisons[ci].u[exactLevel]);
    // the adjustment per distinct value, computed once instead of once per pair
    const byValue = new Float64Array(f.counts.length);
    for (let v = 0; v < byValue.length; v++) byValue[v] = logUExact - Math.log2(f.counts[v] / f.present);
    alternativesByValue(f, byValue);
    return { logUExact, exactLevel, counts: f.counts, present: f.present, byValue };
  });
  const lambda = model.lambda;
  return { logPrior: Math.log2(lambda / (1 - lambda)), logBf, tf };
}

/**
 * A value naming alternatives ("smith or brown") agrees exactly with either alternative (compare.ts), and is itself
 * rare as a string: its own frequency would give an exact agreement on "smith" the weight of a name seen once. It
 * gets the adjustment of its commonest alternative instead, as that alternative is counted on its own in the list
 * (none when no alternative stands alone).
 */
function alternativesByValue(f: TextFeature, byValue: Float64Array): void {
  let index: Map<string, number> | null = null;
  for (let v = 0; v < byValue.length; v++) {
    const parts = alternativeTexts(f, v);
    if (parts === null) continue;
    if (index === null) {
      index = new Map();
      for (let w = 0; w < byValue.length; w++) {
        let text = '';
        for (let c = f.offsets[w]; c < f.offsets[w + 1]; c++) text += String.fromCharCode(f.chars[c]);
        index.set(text, w);
      }
    }
    let least = Infinity;
    for (const part of parts) {
      const w = index.get(part);
      if (w !== undefined && byValue[w] < least) least = byValue[w];
    }
    byValue[v] = least === Infinity ? 0 : least;
  }
}

function tfAdjustment(tables: ScoringTables, table: FeatureTable, comparisons: readonly CompiledComparison[], c: number, i: number): number {
  const t = tables.tf[c]!;
  const f = table.fields[comparisons[c].field];
  if (f.kind !== 'text') return 0;
  const id = f.ids[i];
  if (id < 0) return 0;
  return t.byValue[id];
}

export function probabilityFromWeight(weight: number): number {
  const odds = Math.pow(2, weight);
  return Number.isFinite(odds) ? odds / (1 + odds) : 1;
}

/** Each comparison's value id per record, for the term-frequency adjustment; null for a field that has none. */
function valueIds(table: FeatureTable, comparisons: readonly CompiledComparison[]): Array<Int32Array | null> {
  return comparisons.map((c) => {
    const f = table.fields[c.field];
    return f.kind === 'text' ? f.ids : null;
  });
}

/** Match weight of one pair from its levels at levels[offset …], `i` being its left record (whose value tf reads). */
function pairWeight(tables: ScoringTables, ids: ReadonlyArray<Int32Array | null>, i: number, levels: Uint8Array, offset: number, n: number): number {
  let w = tables.logPrior;
  for (let c = 0; c < n; c++) {
    const l = levels[offset + c];
    w += tables.logBf[c][l];
    const t = tables.tf[c];
    if (t !== null && l === t.exactLevel) {
      const id = ids[c]![i];
      if (id >= 0) w += t.byValue[id];
    }
  }
  return w;
}

/** Match probability of every pair from its comparison levels. */
export function scorePairs(
  tables: ScoringTables,
  table: FeatureTable,
  comparisons: readonly CompiledComparison[],
  left: Int32Array,
  levels: Uint8Array,
  count: number,
): Float32Array {
  const n = comparisons.length;
  const out = new Float32Array(count);
  const ids = valueIds(table, comparisons);
  for (let p = 0; p < count; p++) out[p] = probabilityFromWeight(pairWeight(tables, ids, left[p], levels, p * n, n));
  return out;
}

/**
 * Scores one pair at a time, as {@link scorePairs} would score it (rounded to the same 32 bits): careful clustering
 * asks for many pairs one by one, and scorePairs set up its tables and an array for each.
 */
export function pairScorer(tables: ScoringTables, table: FeatureTable, comparisons: readonly CompiledComparison[]): (i: number, levels: Uint8Array) => number {
  const ids = valueIds(table, comparisons);
  const n = comparisons.length;
  return (i, levels) => Math.fround(probabilityFromWeight(pairWeight(tables, ids, i, levels, 0, n)));
}

export interface ExplanationTerm {
  comparison: string;
  level: string;
  levelIndex: number;
  m: number | null;
  u: number | null;
  bayesFactor: number;
  /** log2 of the Bayes factor: the match weight this comparison adds (negative: takes away). */
  log2BayesFactor: number;
  /** Term-frequency part of log2BayesFactor, when applied. */
  tfAdjustment: number;
}

export interface PairExplanation {
  matchWeight: number;
  matchProbability: number;
  prior: { lambda: number; log2Odds: number };
  terms: ExplanationTerm[];
}

/** Why a pair scored as it did: each comparison's level and its Bayes factor and log2 contribution. */
export function explainLevels(
  model: FittedModel,
  tables: ScoringTables,
  table: FeatureTable,
  comparisons: readonly CompiledComparison[],
  i: number,
  levels: ArrayLike<number>,
): PairExplanation {
  let weight = tables.logPrior;
  const terms = comparisons.map((c, ci) => {
    const l = levels[ci];
    const params = model.comparisons[ci];
    const t = tables.tf[ci];
    const tf = t && l === t.exactLevel ? tfAdjustment(tables, table, comparisons, ci, i) : 0;
    const log2 = tables.logBf[ci][l] + tf;
    weight += log2;
    return {
      comparison: c.name,
      level: c.levels[l],
      levelIndex: l,
      m: l === 0 ? null : params.m[l],
      u: l === 0 ? null : params.u[l],
      bayesFactor: Math.pow(2, log2),
      log2BayesFactor: log2,
      tfAdjustment: tf,
    };
  });
  return {
    matchWeight: weight,
    matchProbability: probabilityFromWeight(weight),
    prior: { lambda: model.lambda, log2Odds: tables.logPrior },
    terms,
  };
}
