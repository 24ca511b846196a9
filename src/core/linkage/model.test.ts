import { describe, expect, it } from 'vitest';
import { compileComparison } from './compare.ts';
import { collectPatterns, estimateU, expectationMaximisation, initialM, monotoneM, samplePairs, seededRandom } from './model.ts';

describe('samplePairs', () => {
  it('draws distinct, ordered pairs reproducibly from a seed', () => {
    const a = samplePairs(100, 1000, 7);
    const b = samplePairs(100, 1000, 7);
    expect(Array.from(a.left)).toEqual(Array.from(b.left));
    for (let p = 0; p < a.count; p++) expect(a.left[p]).toBeLessThan(a.right[p]);
    expect(samplePairs(3, 1000, 1).count).toBe(3);
    expect(samplePairs(1, 1000, 1).count).toBe(0);
  });
});

describe('EM with u fixed', () => {
  it('recovers m and λ from pairs simulated with known parameters', () => {
    const comparisons = ['a', 'b', 'c'].map((field) => compileComparison({ field, kind: 'exact' }));
    // levels: 1 else, 2 exact
    const trueM = [0.9, 0.8, 0.95];
    const trueU = [0.05, 0.1, 0.02];
    const lambda = 0.3;
    const random = seededRandom(3);
    const count = 50_000;
    const levels = new Uint8Array(count * 3);
    for (let p = 0; p < count; p++) {
      const match = random() < lambda;
      for (let c = 0; c < 3; c++) levels[p * 3 + c] = random() < (match ? trueM[c] : trueU[c]) ? 2 : 1;
    }
    const u = trueU.map((x) => [1, 1 - x, x]);
    const patterns = collectPatterns(levels, 3, Array.from({ length: count }, (_, p) => p));
    expect(patterns.size).toBe(8);
    const em = expectationMaximisation(patterns, u, comparisons.map(initialM), 0.05, [true, true, true], { maxIterations: 200 });
    expect(em.converged).toBe(true);
    expect(em.lambda).toBeCloseTo(lambda, 1);
    em.m.forEach((m, c) => expect(m[2]).toBeCloseTo(trueM[c], 1));
  });

  it('estimates u from level frequencies with a half-count floor', () => {
    const comparison = compileComparison({ field: 'a', kind: 'exact' });
    const levels = new Uint8Array([1, 1, 1, 0]);
    const [u] = estimateU(levels, 4, [comparison]);
    expect(u[1]).toBeCloseTo(3.5 / 4, 6);
    expect(u[2]).toBeCloseTo(0.5 / 4, 6);
  });
});

describe('monotoneM', () => {
  it('pools levels whose likelihood ratio falls as agreement grows, keeping the total of m', () => {
    // else, near, exact: EM weighed the near level as evidence against a match
    const u = [1, 0.9, 0.09, 0.01];
    const m = [1, 0.2, 0.001, 0.799];
    const fixed = monotoneM(m, u);
    const ratio = fixed.map((v, l) => v / u[l]);
    expect(ratio[1]).toBeLessThanOrEqual(ratio[2]);
    expect(ratio[2]).toBeLessThanOrEqual(ratio[3]);
    expect(fixed[1] + fixed[2] + fixed[3]).toBeCloseTo(m[1] + m[2] + m[3], 12);
    expect(fixed[0]).toBe(1);
    // already ordered: unchanged
    expect(monotoneM([1, 0.05, 0.15, 0.8], u)).toEqual([1, 0.05, 0.15, 0.8]);
  });
});


describe('collectPatterns', () => {
  /** The reference: first-seen order through a Map, as every path must give. */
  function reference(levels: Uint8Array, n: number, pairs: readonly number[]) {
    const index = new Map<string, number>();
    const rows: number[][] = [];
    const counts: number[] = [];
    for (const p of pairs) {
      const row = Array.from(levels.subarray(p * n, p * n + n));
      const key = row.join(',');
      let k = index.get(key);
      if (k === undefined) {
        index.set(key, (k = rows.length));
        rows.push(row);
        counts.push(0);
      }
      counts[k]++;
    }
    return { levels: rows.flat(), counts, size: rows.length };
  }

  it('counts each pattern once, in the order first seen, through each of its look-ups and forms of the pair list', () => {
    const random = seededRandom(21);
    // 5 comparisons: direct index; 9: hash table (grown many times over thousands of patterns); 12: Map
    for (const n of [5, 9, 12]) {
      const count = 4_000;
      const levels = new Uint8Array(count * n);
      for (let k = 0; k < levels.length; k++) levels[k] = Math.floor(random() * random() * 8);
      const pairs = Array.from({ length: 6_000 }, () => Math.floor(random() * count));
      const expected = reference(levels, n, pairs);
      expect(expected.size).toBeGreaterThan(600);
      function* generated() {
        yield* pairs;
      }
      for (const given of [pairs, Int32Array.from(pairs), generated()]) {
        const got = collectPatterns(levels, n, given);
        expect(got.size).toBe(expected.size);
        expect(Array.from(got.counts)).toEqual(expected.counts);
        expect(Array.from(got.levels)).toEqual(expected.levels);
      }
    }
  });
});
