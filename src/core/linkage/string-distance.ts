/**
 * String similarity on UTF-16 code units held in one packed array, so that the kernel can run in a worker on
 * shared memory without creating strings. Jaro-Winkler follows Winkler (1990), "String comparator metrics and
 * enhanced decision rules in the Fellegi-Sunter model of record linkage": prefix scale 0.1, prefix up to 4.
 * Damerau-Levenshtein is the optimal-string-alignment variant (adjacent transpositions count 1, no substring
 * edited twice), which is what date typos (19650312 vs 19653012) need.
 */

const MAX_LENGTH = 64;
const flagsA = new Uint8Array(MAX_LENGTH);
const flagsB = new Uint8Array(MAX_LENGTH);

/** Jaro-Winkler similarity of chars[aStart, aEnd) and chars[bStart, bEnd); names longer than 64 are truncated. */
export function jaroWinklerPacked(
  chars: Uint16Array,
  aStart: number,
  aEnd: number,
  bStart: number,
  bEnd: number,
): number {
  const la = Math.min(aEnd - aStart, MAX_LENGTH);
  const lb = Math.min(bEnd - bStart, MAX_LENGTH);
  if (la === 0 || lb === 0) return 0;
  if (la === lb) {
    let same = true;
    for (let k = 0; k < la; k++) {
      if (chars[aStart + k] !== chars[bStart + k]) {
        same = false;
        break;
      }
    }
    if (same) return 1;
  }
  const window = Math.max(0, (Math.max(la, lb) >> 1) - 1);
  if (la <= 32 && lb <= 32) return jaroWinklerShort(chars, aStart, la, bStart, lb, window);
  flagsA.fill(0, 0, la);
  flagsB.fill(0, 0, lb);
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const lo = Math.max(0, i - window);
    const hi = Math.min(lb - 1, i + window);
    const c = chars[aStart + i];
    for (let j = lo; j <= hi; j++) {
      if (flagsB[j] === 0 && chars[bStart + j] === c) {
        flagsA[i] = 1;
        flagsB[j] = 1;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  let j = 0;
  for (let i = 0; i < la; i++) {
    if (flagsA[i] === 0) continue;
    while (flagsB[j] === 0) j++;
    if (chars[aStart + i] !== chars[bStart + j]) transpositions++;
    j++;
  }
  const m = matches;
  const jaro = (m / la + m / lb + (m - transpositions / 2) / m) / 3;
  let prefix = 0;
  const maxPrefix = Math.min(4, la, lb);
  while (prefix < maxPrefix && chars[aStart + prefix] === chars[bStart + prefix]) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

/** Names are nearly always under 32 code units: matched-character flags then fit in two integers. */
function jaroWinklerShort(chars: Uint16Array, aStart: number, la: number, bStart: number, lb: number, window: number): number {
  let usedA = 0;
  let usedB = 0;
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const lo = i > window ? i - window : 0;
    const hi = i + window < lb - 1 ? i + window : lb - 1;
    const c = chars[aStart + i];
    for (let j = lo; j <= hi; j++) {
      if ((usedB & (1 << j)) === 0 && chars[bStart + j] === c) {
        usedA |= 1 << i;
        usedB |= 1 << j;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  let j = 0;
  for (let i = 0; i < la; i++) {
    if ((usedA & (1 << i)) === 0) continue;
    while ((usedB & (1 << j)) === 0) j++;
    if (chars[aStart + i] !== chars[bStart + j]) transpositions++;
    j++;
  }
  const m = matches;
  const jaro = (m / la + m / lb + (m - transpositions / 2) / m) / 3;
  let prefix = 0;
  const maxPrefix = la < lb ? (la < 4 ? la : 4) : lb < 4 ? lb : 4;
  while (prefix < maxPrefix && chars[aStart + prefix] === chars[bStart + prefix]) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

function pack(a: string, b: string): Uint16Array {
  const chars = new Uint16Array(a.length + b.length);
  for (let i = 0; i < a.length; i++) chars[i] = a.charCodeAt(i);
  for (let i = 0; i < b.length; i++) chars[a.length + i] = b.charCodeAt(i);
  return chars;
}

export function jaroWinkler(a: string, b: string): number {
  return jaroWinklerPacked(pack(a, b), 0, a.length, a.length, a.length + b.length);
}

const dlRows = [new Int32Array(MAX_LENGTH + 1), new Int32Array(MAX_LENGTH + 1), new Int32Array(MAX_LENGTH + 1)];

/**
 * Optimal-string-alignment distance, stopping early once every cell of a row exceeds `limit` (the answer is then
 * `limit + 1`), because the comparison levels only ask "within 1? within 2?".
 */
export function damerauLevenshteinPacked(
  chars: Uint16Array,
  aStart: number,
  aEnd: number,
  bStart: number,
  bEnd: number,
  limit = MAX_LENGTH,
): number {
  const la = Math.min(aEnd - aStart, MAX_LENGTH);
  const lb = Math.min(bEnd - bStart, MAX_LENGTH);
  if (Math.abs(la - lb) > limit) return limit + 1;
  if (limit <= 1 && la === lb) return withinOneEqualLength(chars, aStart, bStart, la, limit);
  if (la === 0) return lb;
  if (lb === 0) return la;
  let prevPrev = dlRows[0];
  let prev = dlRows[1];
  let cur = dlRows[2];
  for (let j = 0; j <= lb; j++) prev[j] = j;
  for (let i = 1; i <= la; i++) {
    cur[0] = i;
    let rowMin = cur[0];
    const ca = chars[aStart + i - 1];
    for (let j = 1; j <= lb; j++) {
      const cb = chars[bStart + j - 1];
      const cost = ca === cb ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && ca === chars[bStart + j - 2] && chars[aStart + i - 2] === cb) {
        v = Math.min(v, prevPrev[j - 2] + 1);
      }
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > limit) return limit + 1;
    const t = prevPrev;
    prevPrev = prev;
    prev = cur;
    cur = t;
  }
  return Math.min(prev[lb], limit + 1);
}

/**
 * The distance capped at `limit` + 1 for two strings of equal length when `limit` is 0 or 1, without the table: one
 * insertion or deletion alone changes the length, so within one edit means equal, one substitution, or one
 * transposition of adjacent units. Dates compared as eight digits take this path on every pair.
 */
function withinOneEqualLength(chars: Uint16Array, aStart: number, bStart: number, length: number, limit: number): number {
  let first = -1;
  let differing = 0;
  for (let k = 0; k < length; k++) {
    if (chars[aStart + k] === chars[bStart + k]) continue;
    if (++differing > 2) return limit + 1;
    if (first < 0) first = k;
  }
  if (differing === 0) return 0;
  if (limit === 0) return 1;
  if (differing === 1) return 1;
  // two differences: one edit only when they are neighbours holding each other's unit
  const swap = chars[aStart + first + 1] !== chars[bStart + first + 1] && chars[aStart + first] === chars[bStart + first + 1] && chars[aStart + first + 1] === chars[bStart + first];
  return swap ? 1 : 2;
}

export function damerauLevenshtein(a: string, b: string, limit = MAX_LENGTH): number {
  return damerauLevenshteinPacked(pack(a, b), 0, a.length, a.length, a.length + b.length, limit);
}
