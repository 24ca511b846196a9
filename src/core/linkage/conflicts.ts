import { compareOne, ELSE_LEVEL, type CompiledComparison } from './compare.ts';
import {
  AGE_DATED,
  AGE_FROM_BIRTH,
  AGE_UNDATED,
  type AgeFeature,
  type DateFeature,
  type FeatureTable,
  type FeatureValues,
  type TextFeature,
} from './features.ts';
import { maritalCondition } from './historical-defaults.ts';
import type { ScoringTables } from './score.ts';
import type { FieldSpec } from './settings.ts';

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
    return [y, m, d]
      .filter((v, k) => k === 0 || v > 0)
      .map((v, k) => (k === 0 ? String(v) : String(v).padStart(2, '0')))
      .join('-');
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

/** Years by which an event may seem to precede a birth read from an age or a year (an age is a year either way). */
const EVENT_BEFORE_BIRTH_SLACK = 1;

/**
 * A record of an event in a person's life — a burial, a census, a marriage, a confirmation, a death — cannot be dated
 * before that person's birth. Registers of one parish hold namesakes a generation apart (the English and Norwegian
 * naming patterns give a child the name of a grandparent, and a dead child's name to the next; FamilySearch Research
 * Wiki, "England Naming Customs", "Norway Naming Customs"), and a record that gives an event date but no age or birth
 * ("Anders Jensen", confirmed 19.10.1861) was joined to a baptism of 1878 on names, father and parish alone. For
 * every age field, its date of death or event against the other record's birth years (from its age or birth date).
 */
function eventBeforeBirth(table: FeatureTable, fields: readonly FieldSpec[]): ((i: number, j: number) => string | null) | null {
  const pairs = fields
    .filter((f) => f.type === 'age')
    .map((f) => ({ age: table.fields[f.name], event: table.fields[f.deathField ?? 'death'] }))
    .filter((p): p is { age: AgeFeature; event: DateFeature } => p.age?.kind === 'age' && p.event?.kind === 'date');
  if (pairs.length === 0) return null;
  // birth years from a birth date or from an age and a date; ranges counted from no date at all are not years
  const before = (age: AgeFeature, event: DateFeature, i: number, j: number) => {
    const year = event.ymd[3 * i];
    const source = age.source[j];
    return year > 0 && (source === AGE_FROM_BIRTH || source === AGE_DATED) && year < age.lo[j] - EVENT_BEFORE_BIRTH_SLACK;
  };
  return (i, j) => {
    for (const { age, event } of pairs) {
      if (before(age, event, i, j)) return `dated ${event.ymd[3 * i]}, before a birth in ${age.lo[j]}`;
      if (before(age, event, j, i)) return `dated ${event.ymd[3 * j]}, before a birth in ${age.lo[i]}`;
    }
    return null;
  };
}

/**
 * A person once married is never again unmarried: "Unm" in the 1871 census after "Mar" in 1861, or "Single" in a
 * death register after "Wife" ... "Mar" in a census, are two people (the conditions as the census schedules and
 * statutory registers write them; historical-defaults.ts). Namesakes of one parish, a wife and an unmarried servant
 * of one name and age, otherwise agree on everything a census gives. The condition field is a text field of the run
 * that no comparison uses and whose values are nearly all marital conditions; dates are those of the age fields'
 * events (the census night, the death), so records without one are left alone.
 */
function marriedThenSingle(
  table: FeatureTable,
  values: FeatureValues,
  fields: readonly FieldSpec[],
  comparisons: readonly CompiledComparison[],
): ((i: number, j: number) => string | null) | null {
  const compared = new Set(comparisons.map((c) => c.field));
  const condition = fields
    .filter((f) => f.type === 'text' && !compared.has(f.name) && table.fields[f.name]?.kind === 'text')
    .map((f) => ({ f, read: (values[f.name] ?? []).map(maritalCondition) }))
    .find(({ read }) => read.length > 0 && read.filter((v) => v >= 0).length >= 0.9 * read.length && read.includes(0) && read.includes(1));
  const event = fields
    .filter((f) => f.type === 'age')
    .map((f) => table.fields[f.deathField ?? 'death'])
    .find((f): f is DateFeature => f?.kind === 'date');
  if (!condition || !event) return null;
  const feature = table.fields[condition.f.name] as TextFeature;
  const state = (i: number) => (feature.ids[i] < 0 ? -1 : condition.read[feature.ids[i]]);
  // a later year, not a later day: a census night and a death in one year are too close to tell the order by
  const later = (married: number, single: number) => event.ymd[3 * married] > 0 && event.ymd[3 * single] > event.ymd[3 * married];
  return (i, j) => {
    const a = state(i);
    const b = state(j);
    if (a < 0 || b < 0 || a === b) return null;
    const [married, single] = a === 1 ? [i, j] : [j, i];
    return later(married, single) ? `${condition.f.name}: married by ${event.ymd[3 * married]}, unmarried in ${event.ymd[3 * single]}` : null;
  };
}

/**
 * What no comparison of the model weighs: facts about two records that make them two people whatever their fields
 * agree on — a census naming the person twice, an event before the birth, unmarried after married. The model scores
 * each field on its own; these read two fields together (a source with itself, a date against an age, a condition
 * against a date), so a pair scored a match may still fail them, and clustering applies them to such pairs too
 * (cluster.ts, `impossible`). Null when the run has none of them.
 */
export function impossibleTest(
  table: FeatureTable,
  values: FeatureValues,
  comparisons: readonly CompiledComparison[],
  fields: readonly FieldSpec[] = [],
): ConflictTest | null {
  // per source comparison, which of its values name a census
  const censuses = comparisons
    .filter((c) => c.kind === 'source' && table.fields[c.field]?.kind === 'text')
    .map((c) => ({ c, census: (values[c.field] ?? []).map(isCensusSource) }))
    .filter(({ census }) => census.some(Boolean));
  const lifespan = eventBeforeBirth(table, fields);
  const marriage = marriedThenSingle(table, values, fields, comparisons);
  if (censuses.length === 0 && lifespan === null && marriage === null) return null;
  return (i, j) => {
    const impossible = lifespan?.(i, j) ?? marriage?.(i, j);
    if (impossible) return impossible;
    for (const { c, census } of censuses) {
      const f = table.fields[c.field] as TextFeature;
      const a = f.ids[i];
      if (a >= 0 && a === f.ids[j] && census[a]) return `${c.name}: both in ${values[c.field][a]}, which names each person once`;
    }
    return null;
  };
}

/**
 * A conflict test over the comparisons of a run, or null when no comparison can show a confident non-match: the
 * impossibilities above, and a field the model weighs whose disagreement it has learnt as strong evidence.
 * `fields`: the run's field specs, for the event-before-birth and condition tests (left out when not given).
 */
export function conflictTest(
  table: FeatureTable,
  values: FeatureValues,
  comparisons: readonly CompiledComparison[],
  tables: ScoringTables,
  fields: readonly FieldSpec[] = [],
): ConflictTest | null {
  const limit = Math.log2(CONFLICT_BAYES_FACTOR);
  const hard = comparisons
    .map((c, index) => ({ c, index }))
    .filter(({ c, index }) => (c.kind === 'date' || c.kind === 'age' || c.kind === 'exact') && tables.logBf[index][ELSE_LEVEL] <= limit)
    .map(({ c }) => c);
  const impossible = impossibleTest(table, values, comparisons, fields);
  if (hard.length === 0 && impossible === null) return null;
  return (i, j) => {
    const why = impossible?.(i, j);
    if (why) return why;
    for (const c of hard) {
      if (compareOne(table, c, i, j) === ELSE_LEVEL) {
        return `${c.name}: ${describe(table, values, c, i)} against ${describe(table, values, c, j)}`;
      }
    }
    return null;
  };
}
