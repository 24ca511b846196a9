import { AGE_FROM_BIRTH, AGE_UNDATED, INDEX_DAYS_A_YEAR, type AgeFeature, type DateFeature, type FeatureTable, type TextFeature } from './features.ts';
import { APPROXIMATE_DATE_YEARS } from '../casualties/values.ts';
import type { ComparisonSpec } from './settings.ts';
import { memoBits, PairMemo } from './pair-memo.ts';
import { damerauLevenshteinPacked, jaroWinklerPacked } from './string-distance.ts';
import { phoneticKey } from '../names/phonetic.ts';

/**
 * Comparison levels. Level 0 is "null" (a value missing on either side: Bayes factor 1), level 1 "else" (no
 * agreement), and higher levels are stronger agreement, the last being exact. The kernel below writes one level
 * per pair and comparison into a Uint8Array; everything it reads is a typed array, so it runs unchanged in a
 * worker thread over shared memory.
 */
export interface CompiledComparison {
  name: string;
  field: string;
  kind: ComparisonSpec['kind'];
  thresholds: number[];
  distances: number[];
  phonetic: boolean;
  tf: boolean;
  swapWith: string | null;
  /** Names of several words compared word by word as well (`words`): see {@link wordsConflict}. */
  words: boolean;
  /** Labels indexed by level. */
  levels: string[];
}

export const NULL_LEVEL = 0;
export const ELSE_LEVEL = 1;

/** The level a `words` name comparison gives two names that share a word and differ in another. */
export const WORDS_DIFFER_LABEL = 'a word shared, another differs';

const DEFAULT_NAME_THRESHOLDS = [0.92, 0.8];
const DEFAULT_TEXT_THRESHOLDS = [0.9, 0.75];
const DEFAULT_DISTANCES = [1, 2];

export function compileComparison(spec: ComparisonSpec): CompiledComparison {
  const kind = spec.kind;
  const thresholds = spec.thresholds ?? (kind === 'name' ? DEFAULT_NAME_THRESHOLDS : DEFAULT_TEXT_THRESHOLDS);
  const distances = spec.distances ?? DEFAULT_DISTANCES;
  const phonetic = kind === 'name' && spec.phonetic !== false;
  const words = kind === 'name' && spec.words === true;
  const descending: string[] = ['exact'];
  if (kind === 'name') {
    descending.push(`jaro-winkler ≥ ${thresholds[0]}`);
    if (phonetic) descending.push('phonetic key equal');
    for (const t of thresholds.slice(1)) descending.push(`jaro-winkler ≥ ${t}`);
  } else if (kind === 'text') {
    for (const t of thresholds) descending.push(`jaro-winkler ≥ ${t}`);
  } else if (kind === 'distance') {
    for (const d of distances) descending.push(`damerau-levenshtein ≤ ${d}`);
  } else if (kind === 'date') {
    descending.push(
      'one typo or same year and month',
      'same year',
      'same year, full dates differ in month',
      'within 1 year',
      'within 5 years or one year digit off',
    );
  } else if (kind === 'age') {
    descending.length = 0;
    descending.push('birth years overlap', 'birth years within 1 year', 'birth years within 3 years');
  } else if (kind === 'source') {
    // the list a record comes from: two records of different lists are the pairs a linkage of lists is for, two of
    // one list are a person the list names twice, which is rare (the "else" level here is "same list")
    descending.length = 0;
    descending.push('different lists');
  }
  return {
    name: spec.field,
    field: spec.field,
    kind,
    thresholds,
    distances,
    phonetic,
    tf: spec.tf ?? false,
    swapWith: spec.swapWith ?? null,
    words,
    levels: ['null', kind === 'source' ? 'same list' : 'else', ...(words ? [WORDS_DIFFER_LABEL] : []), ...descending.reverse()],
  };
}

function jw(f: TextFeature, a: number, b: number): number {
  if (a === b) return 1;
  return jaroWinklerPacked(f.chars, f.offsets[a], f.offsets[a + 1], f.offsets[b], f.offsets[b + 1]);
}

const dateChars = new Uint16Array(16);

function writeDigits(value: number, width: number, at: number): void {
  for (let k = width - 1; k >= 0; k--) {
    dateChars[at + k] = 48 + (value % 10);
    value = Math.floor(value / 10);
  }
}

function yearDigitOff(a: number, b: number): boolean {
  let differing = 0;
  for (let k = 0; k < 4; k++, a = Math.floor(a / 10), b = Math.floor(b / 10)) if (a % 10 !== b % 10) differing++;
  return differing === 1;
}

function compareDate(f: DateFeature, i: number, j: number, kind: CompiledComparison['kind']): number {
  const ya = f.ymd[3 * i];
  const yb = f.ymd[3 * j];
  if (ya === 0 || yb === 0) return NULL_LEVEL;
  const ma = f.ymd[3 * i + 1];
  const mb = f.ymd[3 * j + 1];
  const da = f.ymd[3 * i + 2];
  const db = f.ymd[3 * j + 2];
  const full = ma > 0 && mb > 0 && da > 0 && db > 0;
  const exact = full && ya === yb && ma === mb && da === db;
  if (kind === 'exact') return exact ? 2 : ELSE_LEVEL;
  const spanA = f.yearHi[i] - f.yearLo[i];
  const spanB = f.yearHi[j] - f.yearLo[j];
  if (spanA > 0 || spanB > 0) {
    // an estimate is a span of years compared by overlap, not a year compared as written: "c. 1850" meets 1852
    // as well as 1850, "bef. 1850" meets 1835 (no conflict), "1849/50" meets both years. Overlapping an estimate
    // of a few years is "within 1 year" (the same year as written is still "same year"); overlapping an open
    // "before"/"after" is the weakest agreement
    const gap = Math.max(f.yearLo[i], f.yearLo[j]) - Math.min(f.yearHi[i], f.yearHi[j]);
    const narrow = Math.max(spanA, spanB) <= 2 * APPROXIMATE_DATE_YEARS;
    if (gap > 0) return gap <= 3 ? 2 : ELSE_LEVEL;
    if (!narrow) return 2;
    if (ya !== yb) return 3;
  }
  // levels, ascending: else 1, ±5y 2, ±1y 3, same year with both months known and different 4, year 5, one typo or
  // year-month 6, exact 7
  if (exact) return 7;
  if (full) {
    writeDigits(ya, 4, 0);
    writeDigits(ma, 2, 4);
    writeDigits(da, 2, 6);
    writeDigits(yb, 4, 8);
    writeDigits(mb, 2, 12);
    writeDigits(db, 2, 14);
    if (damerauLevenshteinPacked(dateChars, 0, 8, 8, 16, 1) <= 1) return 6;
  }
  if (ya === yb) {
    if (ma > 0 && ma === mb) return 6;
    // two written months of one year that differ are a disagreement, not a missing part: 12.04.1961 and 30.11.1961
    // are two people far more often than "1961" and 30.11.1961 are; EM weighs the two apart
    return ma > 0 && mb > 0 ? 4 : 5;
  }
  const dy = Math.abs(ya - yb);
  if (dy <= 1) return 3;
  const digitOff = (ma === 0 || mb === 0 || ma === mb) && yearDigitOff(ya, yb);
  // two full dates three to five years apart disagree: a written day and month are not an estimate ("abt 1776",
  // a census age), which may be off by that much; a family tree's year off by one or two, or one misread digit of
  // the year (12.04.1963 for 12.04.1968), stays near
  if (dy <= 5) return full && dy >= 3 && !digitOff ? ELSE_LEVEL : 2;
  // 1934 for 1944: one misread digit of the year, with nothing else in the dates against it
  if (digitOff) return 2;
  return ELSE_LEVEL;
}

/**
 * Two records' ages: null when either is unknown, when both are plain birth years (the birth comparison weighs
 * those), or when only one is an undated age; levels, ascending: else 1, within 3 years 2, within 1 year 3,
 * overlapping 4.
 *
 * An age at death is a property of the person: every report of one death gives the same age, give or take the
 * informant's error, whenever the death happened. So when both records carry an age and at least one of them has no
 * date of its own to count from, the ages themselves are compared. Counting both from the list's years (or a
 * reference date) would widen each by the spread of those years and let namesakes aged 78 and 83 overlap. Birth-year
 * ranges are compared when both ages were counted from the records' own dates (census ages of different years) or
 * when one record has a birth year instead of an age.
 */
function compareAge(f: AgeFeature, i: number, j: number): number {
  const si = f.source[i];
  const sj = f.source[j];
  if (si === 0 || sj === 0 || (si === AGE_FROM_BIRTH && sj === AGE_FROM_BIRTH)) return NULL_LEVEL;
  const bothAges = f.ageLo[i] >= 0 && f.ageLo[j] >= 0;
  let gap: number;
  if (bothAges && !(f.ownDate[i] === 1 && f.ownDate[j] === 1)) gap = Math.max(f.ageLo[i], f.ageLo[j]) - Math.min(f.ageHi[i], f.ageHi[j]);
  else if ((si === AGE_UNDATED) !== (sj === AGE_UNDATED)) return NULL_LEVEL;
  else if (f.dayLo[i] >= 0 && f.dayLo[j] >= 0) {
    // both ranges known to the day or month: the gap in years, rounded up, is the least misstatement of age that
    // makes the two records one person. Ages of one night a year apart (13 and 12) are a year apart, not
    // "overlapping" because the calendar years of their ranges meet; four years apart takes both ages wrong by two
    // in opposite directions, past what census ages are usually off by (one or two years)
    const days = Math.max(f.dayLo[i], f.dayLo[j]) - Math.min(f.dayHi[i], f.dayHi[j]);
    gap = days <= 0 ? 0 : Math.ceil(days / INDEX_DAYS_A_YEAR);
  } else gap = Math.max(f.lo[i], f.lo[j]) - Math.min(f.hi[i], f.hi[j]);
  if (gap <= 0) return 4;
  if (gap <= 1) return 3;
  if (gap <= 3) return 2;
  return ELSE_LEVEL;
}

/** `known`: the Jaro-Winkler of a and b when the swap decision already computed it, else NaN. */
function compareName(c: CompiledComparison, f: TextFeature, a: number, b: number, known: number): number {
  const top = c.levels.length - 1;
  if (a === b) return top;
  if (hasAlternatives(f, a) || hasAlternatives(f, b)) return compareAlternatives(c, f, a, b);
  const weakest = c.words ? ELSE_LEVEL + 2 : ELSE_LEVEL + 1;
  // an initial (Т. for Тофик in "Гасанов Т.А.") agrees with a name it begins, weakly: the lowest agreement level
  const la = f.offsets[a + 1] - f.offsets[a];
  const lb = f.offsets[b + 1] - f.offsets[b];
  if (la === 1 || lb === 1) return f.chars[f.offsets[a]] === f.chars[f.offsets[b]] ? weakest : ELSE_LEVEL;
  if (c.words && wordsConflict(f.chars, f.offsets[a], f.offsets[a + 1], f.offsets[b], f.offsets[b + 1])) return ELSE_LEVEL + 1;
  const s = known === known ? known : jw(f, a, b);
  let level = top - 1;
  if (s >= c.thresholds[0]) return level;
  level--;
  if (c.phonetic) {
    if (f.phonetic[a] === f.phonetic[b]) return level;
    level--;
  }
  for (let k = 1; k < c.thresholds.length; k++, level--) {
    if (s >= c.thresholds[k]) return level;
  }
  // names of several words that share one ("Olsen Haugen" and "Haugen": a patronymic beside a farm name that a
  // record keeps or drops; "Mary Ann" and "Ann") agree weakly: the lowest agreement level
  return shareWord(f.chars, f.offsets[a], f.offsets[a + 1], f.offsets[b], f.offsets[b + 1]) ? weakest : ELSE_LEVEL;
}

/**
 * Words that join two names a record gives one person, as normaliseName writes them: "Mary Smith or Brown" (the
 * Scottish statutory registers name a married woman by her maiden surname "or" her married one, and
 * ScotlandsPeople's index finds her under either; National Records of Scotland, "Statutory registers – deaths"),
 * "John Smith alias Brown" and "otherwise Brown" (English parish registers, wills and court rolls; the Latin "alias
 * dictus"), Norwegian "eller", Russian "или", Azerbaijani "yaxud" / "və ya".
 */
const ALTERNATIVE_CONNECTORS = new Set(['or', 'alias', 'als', 'otherwise', 'othervise', 'dictus', 'eller', 'eler', 'ili', 'yakhud', 'yaxud', 'veya']);

/** Per text feature, per value: 1 when the value holds alternatives joined by a connector, 0 when not, -1 unknown. */
const alternativesOf = new WeakMap<TextFeature, Int8Array>();
const segmentStarts = new Int32Array(32);
const segmentEnds = new Int32Array(32);

/**
 * Splits value v of f at connector words into alternatives, written to segmentStarts / segmentEnds from `at`;
 * returns their count (1 when v has none, 0 when v is only connectors).
 */
function alternatives(f: TextFeature, v: number, at: number): number {
  const from = f.offsets[v];
  const to = f.offsets[v + 1];
  let count = 0;
  let start = -1;
  let end = -1;
  for (let i = from; i <= to && at + count < 32;) {
    let e = i;
    while (e < to && f.chars[e] !== SPACE) e++;
    if (e > i && isAlternativeConnector(f.chars, i, e)) {
      if (start >= 0) {
        segmentStarts[at + count] = start;
        segmentEnds[at + count] = end;
        count++;
      }
      start = -1;
    } else if (e > i) {
      if (start < 0) start = i;
      end = e;
    }
    i = e + 1;
  }
  if (start >= 0 && at + count < 32) {
    segmentStarts[at + count] = start;
    segmentEnds[at + count] = end;
    count++;
  }
  return count;
}

function isAlternativeConnector(chars: Uint16Array, from: number, to: number): boolean {
  if (to - from > 9) return false;
  let word = '';
  for (let k = from; k < to; k++) word += String.fromCharCode(chars[k]);
  return ALTERNATIVE_CONNECTORS.has(word);
}

/** Whether value v of f names alternatives ("smith or brown"): a connector between two words. */
function hasAlternatives(f: TextFeature, v: number): boolean {
  let known = alternativesOf.get(f);
  if (known === undefined) alternativesOf.set(f, (known = new Int8Array(f.offsets.length - 1).fill(-1)));
  if (known[v] < 0) known[v] = alternatives(f, v, 0) >= 2 ? 1 : 0;
  return known[v] === 1;
}

/** The alternatives of value v of f as strings ("smith or brown": smith, brown); null when it has none. */
export function alternativeTexts(f: TextFeature, v: number): string[] | null {
  const count = alternatives(f, v, 0);
  if (count < 2) return null;
  const out: string[] = [];
  for (let k = 0; k < count; k++) {
    let text = '';
    for (let c = segmentStarts[k]; c < segmentEnds[k]; c++) text += String.fromCharCode(f.chars[c]);
    out.push(text);
  }
  return out;
}

const phoneticOfRange = new Map<string, string>();
function rangePhonetic(chars: Uint16Array, from: number, to: number): string {
  let text = '';
  for (let k = from; k < to; k++) text += String.fromCharCode(chars[k]);
  let key = phoneticOfRange.get(text);
  if (key === undefined) {
    if (phoneticOfRange.size > 100_000) phoneticOfRange.clear();
    phoneticOfRange.set(text, (key = phoneticKey(text)));
  }
  return key;
}

/**
 * Two names of which one or both give alternatives ("smith or brown"): the best level of any alternative of one
 * against any of the other, each compared as a name of its own. "Mary Smith or Brown" is Mary Brown in one census and
 * Mary Smith in another; her record agrees exactly with both.
 */
function compareAlternatives(c: CompiledComparison, f: TextFeature, a: number, b: number): number {
  const na = alternatives(f, a, 0);
  const nb = alternatives(f, b, na);
  if (na === 0 || nb === 0) return ELSE_LEVEL;
  const top = c.levels.length - 1;
  const weakest = c.words ? ELSE_LEVEL + 2 : ELSE_LEVEL + 1;
  const chars = f.chars;
  let best = ELSE_LEVEL;
  for (let x = 0; x < na && best < top; x++) {
    for (let y = na; y < na + nb && best < top; y++) {
      const a0 = segmentStarts[x];
      const a1 = segmentEnds[x];
      const b0 = segmentStarts[y];
      const b1 = segmentEnds[y];
      let level = ELSE_LEVEL;
      let same = a1 - a0 === b1 - b0;
      for (let k = 0; k < a1 - a0 && same; k++) same = chars[a0 + k] === chars[b0 + k];
      if (same) level = top;
      else if (a1 - a0 === 1 || b1 - b0 === 1) level = chars[a0] === chars[b0] ? weakest : ELSE_LEVEL;
      else if (c.words && wordsConflict(chars, a0, a1, b0, b1)) level = ELSE_LEVEL + 1;
      else {
        const s = jaroWinklerPacked(chars, a0, a1, b0, b1);
        level = top - 1;
        if (s < c.thresholds[0]) {
          level--;
          let found = false;
          if (c.phonetic) {
            found = rangePhonetic(chars, a0, a1) === rangePhonetic(chars, b0, b1);
            if (!found) level--;
          }
          for (let k = 1; k < c.thresholds.length && !found; k++) {
            found = s >= c.thresholds[k];
            if (!found) level--;
          }
          if (!found) level = shareWord(chars, a0, a1, b0, b1) ? weakest : ELSE_LEVEL;
        }
      }
      if (level > best) best = level;
    }
  }
  return best;
}

/** Two words of a name taken for one: equal, or Jaro-Winkler at least this (a clerk's spelling of one farm name). */
const SAME_WORD = 0.85;

/**
 * Words that join two surnames of one person rather than being a name: "Mary Smith or Brown" (the Scottish
 * statutory registers' form for a married woman, maiden name first), "John Smith alias Brown" and "otherwise Brown"
 * (English parish registers and court records; the Latin "alias dictus"), Norwegian "eller", Russian "или",
 * Azerbaijani "yaxud"/"və ya" — as normaliseName writes them. Words of one or two letters (initials, "y", "de")
 * are passed over too.
 */
const CONNECTORS = new Set(['alias', 'als', 'otherwise', 'dictus', 'eller', 'ili', 'yakhud', 'veya']);

const wordStarts = new Int32Array(64);
const wordEnds = new Int32Array(64);

/** Splits [from, to) of chars into its words of three letters or more that are not connectors; returns the count. */
function significantWords(chars: Uint16Array, from: number, to: number, at: number): number {
  let count = 0;
  for (let i = from; i < to && at + count < 64;) {
    let e = i;
    while (e < to && chars[e] !== SPACE && chars[e] !== HYPHEN) e++;
    if (e - i >= MIN_SHARED_WORD && !isConnector(chars, i, e)) {
      wordStarts[at + count] = i;
      wordEnds[at + count] = e;
      count++;
    }
    i = e + 1;
  }
  return count;
}

function isConnector(chars: Uint16Array, from: number, to: number): boolean {
  if (to - from > 9) return false;
  let word = '';
  for (let k = from; k < to; k++) word += String.fromCharCode(chars[k]);
  return CONNECTORS.has(word);
}

/**
 * Whether two names of several words share a word and each has a word the other lacks: a Norwegian patronymic
 * with two different farm names ("Olsdatter Kvernmo" and "Olsdatter Bakken": two women, or one who moved), two
 * fathers "Jens Olsen Solberg" and "Jens Amundsen", "Anne Karen" and "Anne Marie". Jaro-Winkler over the whole
 * string reads the shared first word as near agreement (0.8–0.95); on the Norwegian register's candidate pairs such
 * family names were 1,100 true pairs against 29,000 wrong ones. A name whose words all stand in the other ("Knudsen"
 * and "Knudsen Bakken", "Brown" and "Smith or Brown") is not a conflict: a record keeps or drops a part.
 * Words are matched by {@link SAME_WORD}, so a misspelt farm name is the same farm.
 */
export function wordsConflict(chars: Uint16Array, a0: number, a1: number, b0: number, b1: number): boolean {
  const na = significantWords(chars, a0, a1, 0);
  const nb = significantWords(chars, b0, b1, na);
  if (na + nb < 3 || na === 0 || nb === 0) return false;
  let shared = 0;
  let extraA = 0;
  let matchedB = 0;
  for (let x = 0; x < na; x++) {
    let found = false;
    for (let y = na; y < na + nb; y++) {
      if (jaroWinklerPacked(chars, wordStarts[x], wordEnds[x], wordStarts[y], wordEnds[y]) >= SAME_WORD) {
        found = true;
        matchedB |= 1 << (y - na);
      }
    }
    if (found) shared++;
    else extraA++;
  }
  if (shared === 0 || extraA === 0) return false;
  for (let y = 0; y < nb && y < 31; y++) if ((matchedB & (1 << y)) === 0) return true;
  return false;
}

const SPACE = 32;
const HYPHEN = 45;
/** Words shorter than this are not taken as shared (initials, particles such as "de", "y"). */
const MIN_SHARED_WORD = 3;

/** Whether two multi-word values hold a common word of at least {@link MIN_SHARED_WORD} letters. */
export function shareWord(chars: Uint16Array, a0: number, a1: number, b0: number, b1: number): boolean {
  let multi = false;
  for (let k = a0; k < a1 && !multi; k++) multi = chars[k] === SPACE || chars[k] === HYPHEN;
  for (let k = b0; k < b1 && !multi; k++) multi = chars[k] === SPACE || chars[k] === HYPHEN;
  if (!multi) return false;
  for (let i = a0; i < a1;) {
    let ie = i;
    while (ie < a1 && chars[ie] !== SPACE && chars[ie] !== HYPHEN) ie++;
    if (ie - i >= MIN_SHARED_WORD) {
      for (let j = b0; j < b1;) {
        let je = j;
        while (je < b1 && chars[je] !== SPACE && chars[je] !== HYPHEN) je++;
        if (je - j === ie - i) {
          let same = true;
          for (let k = 0; k < ie - i && same; k++) same = chars[i + k] === chars[j + k];
          if (same) return true;
        }
        j = je + 1;
      }
    }
    i = ie + 1;
  }
  return false;
}

function compareValues(c: CompiledComparison, f: TextFeature, a: number, b: number, known: number): number {
  const top = c.levels.length - 1;
  if (c.kind === 'name') return compareName(c, f, a, b, known);
  if (c.kind === 'source') return a === b ? ELSE_LEVEL : top;
  if (a === b) return top;
  if (c.kind === 'exact') return ELSE_LEVEL;
  if (c.kind === 'text') {
    const s = jw(f, a, b);
    for (let k = 0; k < c.thresholds.length; k++) if (s >= c.thresholds[k]) return top - 1 - k;
    return ELSE_LEVEL;
  }
  const limit = c.distances[c.distances.length - 1];
  const d = damerauLevenshteinPacked(f.chars, f.offsets[a], f.offsets[a + 1], f.offsets[b], f.offsets[b + 1], limit);
  for (let k = 0; k < c.distances.length; k++) if (d <= c.distances[k]) return top - 1 - k;
  return ELSE_LEVEL;
}

/**
 * In-order Jaro-Winkler of the last pair `swapped` looked at, per side (NaN when not computed), so that the level
 * comparisons reuse them instead of computing them again.
 */
const direct = new Float64Array(2);

/** Jaro-Winkler of values a and b of one feature, through the memo when there is one. */
function jwMemo(f: TextFeature, a: number, b: number, memo: PairMemo | null): number {
  if (a === b) return 1;
  if (memo === null) return jw(f, a, b);
  let s = memo.get(a, b);
  if (s !== s) memo.set(a, b, (s = jw(f, a, b)));
  return s;
}

/** Jaro-Winkler of value a of f against value b of g, through the memo when there is one. */
function jwAcrossMemo(f: TextFeature, a: number, g: TextFeature, b: number, memo: PairMemo | null): number {
  if (memo === null) return jwAcross(f, a, g, b);
  let s = memo.get(a, b);
  if (s !== s) memo.set(a, b, (s = jwAcross(f, a, g, b)));
  return s;
}

/**
 * True when comparing this pair's names across (given↔family) agrees clearly better than in order. The memos: in
 * order for f and for g, across from f to g and from g to f.
 */
function swapped(f: TextFeature, g: TextFeature, i: number, j: number, memos: SwapMemos = NO_SWAP_MEMOS): boolean {
  direct[0] = NaN;
  direct[1] = NaN;
  const fi = f.ids[i];
  const fj = f.ids[j];
  const gi = g.ids[i];
  const gj = g.ids[j];
  if (fi < 0 || fj < 0 || gi < 0 || gj < 0) {
    // one part missing: swap if the present part of one equals the other part of the other
    return (
      (fi >= 0 && gj >= 0 && fj < 0 && jwAcrossMemo(f, fi, g, gj, memos.fg) >= 0.92) ||
      (fj >= 0 && gi >= 0 && fi < 0 && jwAcrossMemo(f, fj, g, gi, memos.fg) >= 0.92)
    );
  }
  direct[0] = jwMemo(f, fi, fj, memos.f);
  direct[1] = jwMemo(g, gi, gj, memos.g);
  const sum = direct[0] + direct[1];
  if (sum >= 1.7) return false;
  return jwAcrossMemo(f, fi, g, gj, memos.fg) + jwAcrossMemo(g, gi, f, fj, memos.gf) > sum + 0.05;
}

interface SwapMemos {
  f: PairMemo | null;
  g: PairMemo | null;
  fg: PairMemo | null;
  gf: PairMemo | null;
}

const NO_SWAP_MEMOS: SwapMemos = { f: null, g: null, fg: null, gf: null };

/** Jaro-Winkler between a value of one feature and a value of another: copies both into a scratch buffer. */
const scratch = new Uint16Array(256);
function jwAcross(f: TextFeature, a: number, g: TextFeature, b: number): number {
  const la = Math.min(f.offsets[a + 1] - f.offsets[a], 128);
  const lb = Math.min(g.offsets[b + 1] - g.offsets[b], 128);
  for (let k = 0; k < la; k++) scratch[k] = f.chars[f.offsets[a] + k];
  for (let k = 0; k < lb; k++) scratch[la + k] = g.chars[g.offsets[b] + k];
  return jaroWinklerPacked(scratch, 0, la, la, la + lb);
}

function compareAcross(c: CompiledComparison, f: TextFeature, g: TextFeature, i: number, j: number, memo: PairMemo | null): number {
  // record i's value of this field against record j's value of the partner field
  const a = f.ids[i];
  const b = g.ids[j];
  if (a < 0 || b < 0) return NULL_LEVEL;
  const top = c.levels.length - 1;
  const s = jwAcrossMemo(f, a, g, b, memo);
  if (s === 1) return top;
  let level = top - 1;
  if (s >= c.thresholds[0]) return level;
  level--;
  if (c.phonetic) level--; // phonetic ids are per field dictionary, not comparable across fields
  for (let k = 1; k < c.thresholds.length; k++, level--) if (s >= c.thresholds[k]) return level;
  return ELSE_LEVEL;
}

/**
 * The level of one comparison for records i and j, in the order given (a name comparison's swap with its partner
 * field is decided per pair in {@link compareRange}; this does not swap).
 */
export function compareOne(table: FeatureTable, comparison: CompiledComparison, i: number, j: number): number {
  const feature = table.fields[comparison.field];
  if (feature.kind === 'date') return compareDate(feature, i, j, comparison.kind);
  if (feature.kind === 'age') return compareAge(feature, i, j);
  const a = feature.ids[i];
  const b = feature.ids[j];
  if (a < 0 || b < 0) return NULL_LEVEL;
  return compareValues(comparison, feature, a, b, NaN);
}

/**
 * Memos of one run's comparisons (see {@link PairMemo}), kept across the ranges a thread compares: per comparison of
 * a text or name field, its level by value pair, its in-order Jaro-Winkler (the swap decision's) and its Jaro-Winkler
 * against the partner field. Made for one feature table and one list of comparisons; never shared between runs.
 */
export interface ComparisonMemos {
  level: Array<PairMemo | null>;
  swap: SwapMemos[];
}

/** No memos: every pair computed afresh (one pair explained, a test's reference). */
const NO_MEMOS: ComparisonMemos = { level: [], swap: [] };

export function comparisonMemos(table: FeatureTable, comparisons: readonly CompiledComparison[]): ComparisonMemos {
  const text = comparisons.map((c) => table.fields[c.field]?.kind === 'text' && c.kind !== 'source' && c.kind !== 'exact');
  // each memo sized to its field's vocabulary (and its partner's, across): see memoBits
  const distinct = (field: string | null) => {
    const f = field === null ? undefined : table.fields[field];
    return f?.kind === 'text' ? f.offsets.length - 1 : 0;
  };
  const bits = comparisons.map((c) => memoBits(distinct(c.field)));
  const acrossBits = comparisons.map((c) => memoBits(Math.max(distinct(c.field), distinct(c.swapWith))));
  const level = comparisons.map((_, c) => (text[c] ? new PairMemo(bits[c]) : null));
  const inOrder = comparisons.map((c, k) => (text[k] && c.swapWith ? new PairMemo(bits[k]) : null));
  const across = comparisons.map((c, k) => (text[k] && c.swapWith ? new PairMemo(acrossBits[k]) : null));
  const swap = comparisons.map((c, k) => {
    const q = comparisons.findIndex((o) => o.field === c.swapWith);
    return { f: inOrder[k], g: q >= 0 ? inOrder[q] : null, fg: across[k], gf: q >= 0 ? across[q] : null };
  });
  return { level, swap };
}

/**
 * Writes the level of every comparison for pairs [start, end) into out[p * comparisons.length + c]. `memos` (from
 * {@link comparisonMemos} for this table and these comparisons) spares recomputing value pairs seen before; the
 * levels are the same without them (the default: nothing allocated for a call on a few pairs).
 */
export function compareRange(
  table: FeatureTable,
  comparisons: readonly CompiledComparison[],
  left: Int32Array,
  right: Int32Array,
  start: number,
  end: number,
  out: Uint8Array,
  memos: ComparisonMemos = NO_MEMOS,
): void {
  const n = comparisons.length;
  const features = comparisons.map((c) => table.fields[c.field]);
  const partners = comparisons.map((c) => (c.swapWith ? (table.fields[c.swapWith] as TextFeature) : null));
  // the swap decision is symmetric in the two fields, so it is made once per pair for both comparisons
  const partnerIndex = comparisons.map((c) => comparisons.findIndex((o) => o.field === c.swapWith));
  const decision = new Int8Array(n);
  const known = new Float64Array(n);
  const withPartner = partners.some((p) => p !== null);
  for (let p = start; p < end; p++) {
    const i = left[p];
    const j = right[p];
    if (withPartner) {
      decision.fill(-1);
      known.fill(NaN);
    }
    for (let c = 0; c < n; c++) {
      const comparison = comparisons[c];
      const feature = features[c];
      let level: number;
      if (feature.kind === 'date') {
        level = compareDate(feature, i, j, comparison.kind);
      } else if (feature.kind === 'age') {
        level = compareAge(feature, i, j);
      } else {
        const partner = partners[c];
        let swap = false;
        if (partner) {
          const q = partnerIndex[c];
          if (q >= 0 && decision[q] >= 0) swap = decision[q] === 1;
          else {
            swap = swapped(feature, partner, i, j, memos.swap[c] ?? NO_SWAP_MEMOS);
            known[c] = direct[0];
            if (q >= 0) known[q] = direct[1];
          }
          decision[c] = swap ? 1 : 0;
        }
        if (partner && swap) {
          level = compareAcross(comparison, feature, partner, i, j, memos.swap[c]?.fg ?? null);
        } else {
          const a = feature.ids[i];
          const b = feature.ids[j];
          if (a < 0 || b < 0) level = NULL_LEVEL;
          else {
            const memo = memos.level[c] ?? null;
            if (memo === null) level = compareValues(comparison, feature, a, b, known[c]);
            else {
              level = memo.get(a, b);
              if (level !== level) memo.set(a, b, (level = compareValues(comparison, feature, a, b, known[c])));
            }
          }
        }
      }
      out[p * n + c] = level;
    }
  }
}
