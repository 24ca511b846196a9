import { describe, expect, it } from 'vitest';
import { compareRange, comparisonMemos, compileComparison } from './compare.ts';
import { defaultSettings } from './defaults.ts';
import { buildFeatures } from './features.ts';
import { samplePairs } from './model.ts';
import { memoBits, PairMemo } from './pair-memo.ts';
import { parseSettings } from './settings.ts';
import { generateMixedList } from './synthetic/mixed-list.ts';

describe('PairMemo', () => {
  it('gives back what was stored for an ordered pair, NaN for pairs not stored or displaced', () => {
    const memo = new PairMemo(4);
    expect(memo.get(1, 2)).toBeNaN();
    memo.set(1, 2, 0.5);
    expect(memo.get(1, 2)).toBe(0.5);
    expect(memo.get(2, 1)).toBeNaN();
    // sixteen slots: many more pairs displace earlier ones, and a displaced pair reads as missing, never as another's
    for (let k = 0; k < 1000; k++) memo.set(k, k + 1, k);
    for (let k = 0; k < 1000; k++) {
      const v = memo.get(k, k + 1);
      expect(Number.isNaN(v) || v === k).toBe(true);
    }
  });
});

describe('compareRange with memos', () => {
  it('writes the same levels as without them, over the swapped names of a mixed-script list', () => {
    const list = generateMixedList({ persons: 400, seed: 5 });
    const columns: Record<string, string[]> = {};
    list.header.forEach((h, k) => (columns[h] = list.rows.map((r) => r[k])));
    const parsed = parseSettings(defaultSettings(list.header, { records: list.rows.length }), list.header);
    const comparisons = parsed.comparisons.map(compileComparison);
    expect(comparisons.some((c) => c.swapWith)).toBe(true);
    const { table } = buildFeatures(columns, list.rows.length, parsed.fields);
    const sample = samplePairs(list.rows.length, 20_000, 9);
    // each pair twice in a row, so the second meets a filled memo
    const left = new Int32Array(sample.count * 2);
    const right = new Int32Array(sample.count * 2);
    for (let p = 0; p < sample.count; p++) {
      left[2 * p] = left[2 * p + 1] = sample.left[p];
      right[2 * p] = right[2 * p + 1] = sample.right[p];
    }
    const n = comparisons.length;
    const plain = new Uint8Array(left.length * n);
    const memoised = new Uint8Array(left.length * n);
    compareRange(table, comparisons, left, right, 0, left.length, plain);
    const memos = comparisonMemos(table, comparisons);
    compareRange(table, comparisons, left, right, 0, left.length, memoised, memos);
    expect(Array.from(memoised)).toEqual(Array.from(plain));
  });
});

describe('memoBits', () => {
  it('sizes a memo to its vocabulary, between 2^16 and 2^20 slots', () => {
    expect(memoBits(0)).toBe(16);
    expect(memoBits(3_000)).toBe(16);
    expect(memoBits(20_000)).toBe(18);
    expect(memoBits(100_000)).toBe(20);
    expect(memoBits(5_000_000)).toBe(20);
  });
});
