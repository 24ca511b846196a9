import { compareOne, ELSE_LEVEL, type CompiledComparison } from './compare.ts';
import { AGE_UNDATED, type FeatureTable, type FeatureValues, type TextFeature } from './features.ts';
import type { ScoringTables } from './score.ts';

/**
 * Which two records cannot be one person, whatever links join them: they disagree outright on a field that a
 * person does not change — birth dates more than five years apart (and not one misread digit), birth-year ranges
 * from ages more than three years apart, a different known sex — and the fitted model confirms that such a
 * disagreement is strong evidence (its Bayes factor at most {@link CONFLICT_BAYES_FACTOR}). Names are left out on
 * purpose: one person's names differ across scripts and lists far more than a birth year or a sex does.
 */
export const CONFLICT_BAYES_FACTOR = 1 / 16;

export type ConflictTest = (i: number, j: number) => string | null;

function describe(table: FeatureTable, values: FeatureValues, c: CompiledComparison, i: number): string {
  const f = table.fields[c.field];
  if (f.kind === 'date') {
    const [y, m, d] = [f.ymd[3 * i], f.ymd[3 * i + 1], f.ymd[3 * i + 2]];
    return [y, m, d].filter((v, k) => k === 0 || v > 0).map((v, k) => (k === 0 ? String(v) : String(v).padStart(2, '0'))).join('-');
  }
  if (f.kind === 'age') {
    if (f.source[i] === AGE_UNDATED) return `aged ${-f.hi[i]}–${-f.lo[i] - 1}`;
    return f.lo[i] === f.hi[i] ? `born ${f.lo[i]}` : `born ${f.lo[i]}–${f.hi[i]}`;
  }
  return values[c.field]?.[f.ids[i]] ?? '';
}

/**
 * A census enumerates each person once, where he or she spent census night (the householder's schedule lists "every
 * person who abode in the house on the night of" the census; The National Archives, research guide "Census
 * records"; Digitalarkivet's guides to the Norwegian censuses): two records of one census are two people. A source
 * is taken for a census when its name says so in one of the languages of the lists Reckon reads (census,
 * folketelling/folketælling/folkräkning, перепись, siyahıyaalma, մարդահամար).
 */
const CENSUS_SOURCE =
  /(?:^|[^\p{L}])(?:census(?:es)?|folketelling(?:en|er)?|folketælling(?:en|er)?|folkeopptelling(?:en)?|folkräkning(?:en|ar)?|перепис\p{L}*|siyah[ıi]yaalma(?:s[ıi])?|մարդահամար\p{L}*)(?!\p{L})/iu;

export function isCensusSource(name: string): boolean {
  return CENSUS_SOURCE.test(name);
}

/** A conflict test over the comparisons of a run, or null when no comparison can show a confident non-match. */
export function conflictTest(
  table: FeatureTable,
  values: FeatureValues,
  comparisons: readonly CompiledComparison[],
  tables: ScoringTables,
): ConflictTest | null {
  const limit = Math.log2(CONFLICT_BAYES_FACTOR);
  const hard = comparisons
    .map((c, index) => ({ c, index }))
    .filter(({ c, index }) => (c.kind === 'date' || c.kind === 'age' || c.kind === 'exact') && tables.logBf[index][ELSE_LEVEL] <= limit)
    .map(({ c }) => c);
  // per source comparison, which of its values name a census
  const censuses = comparisons
    .filter((c) => c.kind === 'source' && table.fields[c.field]?.kind === 'text')
    .map((c) => ({ c, census: (values[c.field] ?? []).map(isCensusSource) }))
    .filter(({ census }) => census.some(Boolean));
  if (hard.length === 0 && censuses.length === 0) return null;
  return (i, j) => {
    for (const { c, census } of censuses) {
      const f = table.fields[c.field] as TextFeature;
      const a = f.ids[i];
      if (a >= 0 && a === f.ids[j] && census[a]) return `${c.name}: both in ${values[c.field][a]}, which names each person once`;
    }
    for (const c of hard) {
      if (compareOne(table, c, i, j) === ELSE_LEVEL) {
        return `${c.name}: ${describe(table, values, c, i)} against ${describe(table, values, c, j)}`;
      }
    }
    return null;
  };
}
