import { phoneticKey, phoneticToken } from '../names/phonetic.ts';
import { surnameStem } from '../names/normalise.ts';
import { AGE_UNDATED, type FeatureTable, type FeatureValues } from './features.ts';
import { IdTable } from './id-table.ts';

/**
 * Candidate pairs: the union of blocking rules. A rule is a list of key parts that must all agree (and be known).
 * Records are grouped by their key with a counting sort; a pair found by rule r is skipped when an earlier rule
 * also groups it, which removes duplicates across rules without a hash set of pairs (Splink does the same with
 * its "not previously blocked" condition). Blocks larger than `maxBlockSize` are skipped with a warning: their
 * n² pairs would swamp the run and such keys (a very common name) carry little evidence anyway.
 */

export interface BlockingOutcome {
  left: Int32Array;
  right: Int32Array;
  count: number;
  /** New pairs each rule contributed (after removing those of earlier rules). */
  pairsPerRule: number[];
  /** Key id per record for each rule, -1 when a part is missing; used to tell which rule found a pair. */
  keys: Int32Array[];
  warnings: string[];
}

/**
 * The initial of a name for blocking (`initial`): Həsən and Гасан (h/г), Quliyev and Кулиев (q/к), Ovanes and
 * Hovhannes begin with different letters in the conventions of the region, so a name whose phonetic key begins
 * with a vowel class (its h, g, kh, k or q before a vowel dropped) takes that class; others keep their first letter,
 * which splits blocks finer than a consonant class would.
 */
function initialOf(value: string): string {
  const cls = phoneticToken(value.split(' ', 1)[0]).slice(0, 1);
  return cls === 'A' || cls === 'I' || cls === 'U' ? cls : value.slice(0, 1);
}

/**
 * The class an initial alone shares with the names it may abbreviate (`abbrev`): Г. in "Гасанов Г.А." cannot show
 * which vowel followed, so every name that begins with a vowel, y, or one of the gutturals h, g, k, q, x (which the
 * Soviet practical transcription and English romanisations of it exchange) shares one class; other names keep their
 * first letter. Coarser than `initial`, so used only in rules that also key on the family name.
 */
export function initialClass(value: string): string {
  const first = value.charAt(0);
  return /[aeiouyhgkqx]/.test(first) ? '*' : first;
}

function transformValue(value: string, transform: string): string {
  switch (transform) {
    case 'phonetic':
      return phoneticKey(value);
    case 'stem':
      return value.split(' ').map(surnameStem).join(' ');
    case 'initial':
      return initialOf(value);
    case 'abbrev':
      return initialClass(value);
    case 'prefix3':
      return value.slice(0, 3);
    case 'first':
      return phoneticKey(value.split(' ', 1)[0]);
    case 'last':
      return phoneticKey(value.slice(value.lastIndexOf(' ') + 1));
    default:
      return value;
  }
}

/** Per-record integer for one key part; -1 when missing. */
function partCodes(table: FeatureTable, values: FeatureValues, part: string): Int32Array {
  const [fieldsPart, transform = 'exact'] = part.split(':');
  const names = fieldsPart.split('|');
  const n = table.size;
  const out = new Int32Array(n).fill(-1);
  if (names.length === 1) {
    const f = table.fields[names[0]];
    if (f.kind === 'age') {
      // an age keys on the middle of its birth-year range: lists with ages and no birth dates still get rules
      // that do not block on a name. Ranges counted from no date at all (year 0) get keys of their own.
      if (transform !== 'year' && transform !== 'decade') throw new Error(`blocking key ${part}: an age field keys by year or decade`);
      for (let i = 0; i < n; i++) {
        if (f.source[i] === 0) continue;
        const middle = Math.floor((f.lo[i] + f.hi[i]) / 2) + (f.source[i] === AGE_UNDATED ? 1_000_000 : 10_000);
        out[i] = transform === 'year' ? middle : Math.floor(middle / 10);
      }
      return out;
    }
    if (f.kind === 'date') {
      for (let i = 0; i < n; i++) {
        const y = f.ymd[3 * i];
        const m = f.ymd[3 * i + 1];
        const d = f.ymd[3 * i + 2];
        if (y === 0) continue;
        if (transform === 'year') out[i] = y;
        else if (transform === 'decade') out[i] = Math.floor(y / 10);
        // a date of which only the year is known keys on the year alone (month 00), so that a list with years of
        // birth only (Soviet registers) still has a rule that does not block on the family name
        else if (transform === 'yearmonth') out[i] = y * 100 + m;
        else out[i] = m > 0 && d > 0 ? y * 10000 + m * 100 + d : -1;
      }
      return out;
    }
    if (transform === 'exact') return f.ids.slice();
    if (transform === 'phonetic' || transform === 'stem') {
      const map = transform === 'phonetic' ? f.phonetic : f.stem;
      for (let i = 0; i < n; i++) out[i] = f.ids[i] >= 0 ? map[f.ids[i]] : -1;
      return out;
    }
    const distinct = values[names[0]];
    const codes = new Map<string, number>();
    const perValue = distinct.map((v) => {
      const k = transformValue(v, transform);
      let c = codes.get(k);
      if (c === undefined) codes.set(k, (c = codes.size));
      return c;
    });
    for (let i = 0; i < n; i++) out[i] = f.ids[i] >= 0 ? perValue[f.ids[i]] : -1;
    return out;
  }
  // unordered pair of fields: the transformed values of both fields share one dictionary, and a record's key is
  // its two codes in ascending order, so swapped name order gives the same key
  if (names.length !== 2) throw new Error(`blocking key ${part}: an unordered pair names exactly two fields`);
  const dictionary = new Map<string, number>();
  const [first, second] = names.map((name) => {
    const f = table.fields[name];
    if (f.kind !== 'text') throw new Error(`blocking key ${part}: ${name} is not a text field`);
    const perValue = Int32Array.from(values[name], (v) => {
      const k = transformValue(v, transform);
      let c = dictionary.get(k);
      if (c === undefined) dictionary.set(k, (c = dictionary.size));
      return c;
    });
    return { ids: f.ids, perValue };
  });
  const width = dictionary.size;
  const pairs = new IdTable(n);
  for (let i = 0; i < n; i++) {
    const a = first.ids[i];
    const b = second.ids[i];
    if (a < 0 || b < 0) continue;
    const ca = first.perValue[a];
    const cb = second.perValue[b];
    out[i] = pairs.id(ca < cb ? ca * width + cb : cb * width + ca);
  }
  return out;
}

/** Combines key parts into one dense key id per record (-1 when any part is missing). */
export function ruleKeys(table: FeatureTable, values: FeatureValues, rule: readonly string[]): Int32Array {
  let keys = partCodes(table, values, rule[0]);
  for (let k = 1; k < rule.length; k++) {
    const next = partCodes(table, values, rule[k]);
    const combined = new IdTable(table.size);
    const out = new Int32Array(table.size).fill(-1);
    let width = 0;
    for (let i = 0; i < table.size; i++) if (next[i] > width) width = next[i];
    width += 1;
    for (let i = 0; i < table.size; i++) {
      if (keys[i] < 0 || next[i] < 0) continue;
      out[i] = combined.id(keys[i] * width + next[i]);
    }
    keys = out;
  }
  // combined ids are already dense, numbered by first appearance; a single part's codes need making so, for the
  // counting sort
  if (rule.length > 1) return keys;
  const dense = new IdTable(table.size);
  for (let i = 0; i < table.size; i++) {
    if (keys[i] < 0) continue;
    keys[i] = dense.id(keys[i]);
  }
  return keys;
}

class PairBuffer {
  private chunks: Int32Array[] = [];
  private current = new Int32Array(1 << 20);
  private used = 0;
  count = 0;
  push(a: number, b: number): void {
    if (this.used === this.current.length) {
      this.chunks.push(this.current);
      this.current = new Int32Array(1 << 20);
      this.used = 0;
    }
    this.current[this.used++] = a;
    this.current[this.used++] = b;
    this.count++;
  }
  /** Left and right columns in shared memory, ready for worker threads. */
  finish(): { left: Int32Array; right: Int32Array } {
    const left = new Int32Array(new SharedArrayBuffer(Math.max(1, this.count) * 4));
    const right = new Int32Array(new SharedArrayBuffer(Math.max(1, this.count) * 4));
    let p = 0;
    for (const chunk of [...this.chunks, this.current.subarray(0, this.used)]) {
      for (let k = 0; k < chunk.length; k += 2, p++) {
        left[p] = chunk[k];
        right[p] = chunk[k + 1];
      }
    }
    this.chunks = [];
    return { left, right };
  }
}

/**
 * The largest block the rules may keep: `maxBlockSize`, lowered when there is a budget of candidate pairs so that
 * the blocks of all rules, taken smallest first, make at most `maxPairs` pairs. This is block purging (Papadakis,
 * Ioannou, Niederée, Palpanas & Nejdl, "Beyond 100 million entities: large-scale blocking-based resolution for
 * heterogeneous data", WSDM 2012): the largest blocks hold the most common keys (Məmməd Məmmədov born in the
 * 1950s), cost n² pairs and carry the least evidence each, while a block of the same day of death and initials
 * stays small. `sizes` lists the blocks of every rule by their boundaries.
 *
 * A pair two rules make is counted once for each (a finer rule's blocks lie inside a coarser rule's), so the budget
 * binds before the distinct pairs reach it. Counting each pair once was tried (7 December 2026) and cost F1 on the
 * mixed list at 50,000 and 200,000 records for more CPU (docs/bench/linkage.md): the double count acts as a tighter
 * budget that keeps namesakes out; a lower budget counted once is the untried alternative.
 */
export function sizeLimit(blocks: readonly { start: Int32Array; keyCount: number }[], maxBlockSize: number, maxPairs: number | undefined): number {
  if (maxPairs === undefined) return maxBlockSize;
  const blocksOfSize = new Float64Array(maxBlockSize + 1);
  for (const { start, keyCount } of blocks) {
    for (let k = 0; k < keyCount; k++) {
      const size = start[k + 1] - start[k];
      if (size >= 2 && size <= maxBlockSize) blocksOfSize[size]++;
    }
  }
  let pairs = 0;
  for (let size = 2; size <= maxBlockSize; size++) {
    pairs += (blocksOfSize[size] * size * (size - 1)) / 2;
    if (pairs > maxPairs) return size - 1;
  }
  return maxBlockSize;
}

export function blockPairs(
  table: FeatureTable,
  values: FeatureValues,
  rules: readonly (readonly string[])[],
  options: { maxBlockSize: number; maxPairs?: number; onRule?: (rule: number) => void },
): BlockingOutcome {
  const n = table.size;
  const keys: Int32Array[] = [];
  const pairsPerRule: number[] = [];
  const warnings: string[] = [];
  const buffer = new PairBuffer();
  // every rule's blocks first (a counting sort over its dense key ids), so that a budget can be shared out
  const blocks = rules.map((rule) => {
    const key = ruleKeys(table, values, rule);
    keys.push(key);
    let keyCount = 0;
    for (let i = 0; i < n; i++) if (key[i] + 1 > keyCount) keyCount = key[i] + 1;
    const start = new Int32Array(keyCount + 1);
    for (let i = 0; i < n; i++) if (key[i] >= 0) start[key[i] + 1]++;
    for (let k = 0; k < keyCount; k++) start[k + 1] += start[k];
    const order = new Int32Array(start[keyCount]);
    const fill = start.slice(0, keyCount);
    for (let i = 0; i < n; i++) if (key[i] >= 0) order[fill[key[i]]++] = i;
    return { start, keyCount, order };
  });
  const limit = sizeLimit(blocks, options.maxBlockSize, options.maxPairs);
  rules.forEach((rule, r) => {
    const key = keys[r];
    const { start, keyCount, order } = blocks[r];
    const before = buffer.count;
    let skippedBlocks = 0;
    let skippedRecords = 0;
    let largest = 0;
    for (let k = 0; k < keyCount; k++) {
      const lo = start[k];
      const hi = start[k + 1];
      const size = hi - lo;
      if (size < 2) continue;
      if (size > limit) {
        skippedBlocks++;
        skippedRecords += size;
        if (size > largest) largest = size;
        // the rule made none of this block's pairs: later rules must not take them for its own, and training must
        // not count them as pairs of this rule
        for (let x = lo; x < hi; x++) key[order[x]] = -1;
        continue;
      }
      for (let x = lo; x < hi; x++) {
        const i = order[x];
        for (let y = x + 1; y < hi; y++) {
          const j = order[y];
          let earlier = false;
          for (let q = 0; q < r; q++) {
            const kq = keys[q];
            if (kq[i] >= 0 && kq[i] === kq[j]) {
              earlier = true;
              break;
            }
          }
          if (!earlier) buffer.push(i, j);
        }
      }
    }
    pairsPerRule.push(buffer.count - before);
    if (skippedBlocks > 0) {
      const why = limit < options.maxBlockSize ? ` (the budget of ${options.maxPairs} candidate pairs)` : '';
      warnings.push(
        `blocking rule ${r + 1} (${rule.join(' & ')}): skipped ${skippedBlocks} block(s) over ${limit} records${why} ` +
          `(${skippedRecords} records, largest ${largest}); add a key part to this rule to split them`,
      );
    }
    options.onRule?.(r + 1);
  });
  const { left, right } = buffer.finish();
  return { left, right, count: buffer.count, pairsPerRule, keys, warnings };
}
