import { describe, expect, it } from 'vitest';
import { damerauLevenshtein, jaroWinkler } from './string-distance.ts';

describe('jaroWinkler', () => {
  it('reproduces the published examples of Winkler (1990)', () => {
    expect(jaroWinkler('MARTHA', 'MARHTA')).toBeCloseTo(0.9611, 4);
    expect(jaroWinkler('DWAYNE', 'DUANE')).toBeCloseTo(0.84, 2);
    expect(jaroWinkler('DIXON', 'DICKSONX')).toBeCloseTo(0.8133, 4);
  });

  it('is 1 for equal strings, 0 for empty or disjoint ones, and symmetric', () => {
    expect(jaroWinkler('aliyev', 'aliyev')).toBe(1);
    expect(jaroWinkler('', 'ali')).toBe(0);
    expect(jaroWinkler('abc', 'xyz')).toBe(0);
    expect(jaroWinkler('mamedov', 'mamadov')).toBeCloseTo(jaroWinkler('mamadov', 'mamedov'), 12);
  });

  it('handles strings longer than the 32-unit fast path and truncates beyond 64', () => {
    const a = 'a'.repeat(40) + 'bc';
    const b = 'a'.repeat(40) + 'cb';
    expect(jaroWinkler(a, b)).toBeGreaterThan(0.95);
    expect(jaroWinkler('x'.repeat(10_000), 'x'.repeat(10_000))).toBe(1);
  });
});

describe('damerauLevenshtein (optimal string alignment)', () => {
  it('counts adjacent transpositions as one edit', () => {
    expect(damerauLevenshtein('19650312', '19653012')).toBe(1);
    expect(damerauLevenshtein('19650312', '19560321')).toBe(2);
    expect(damerauLevenshtein('19650312', '19650321')).toBe(1);
    expect(damerauLevenshtein('abcd', 'acbd')).toBe(1);
    expect(damerauLevenshtein('ca', 'abc')).toBe(3);
  });

  it('handles empty strings and stops early past the limit', () => {
    expect(damerauLevenshtein('', 'abc')).toBe(3);
    expect(damerauLevenshtein('abc', '')).toBe(3);
    expect(damerauLevenshtein('aaaaaaaa', 'bbbbbbbb', 2)).toBe(3);
    expect(damerauLevenshtein('kitten', 'sitting')).toBe(3);
  });
});

describe('damerauLevenshtein within one edit of equal lengths', () => {
  /** The full table, for comparison with the short path taken at limits 0 and 1 on equal lengths. */
  function byTable(a: string, b: string, limit: number): number {
    // a limit of 2 takes the table; capping it at limit + 1 gives what the short path must give
    return Math.min(damerauLevenshtein(a, b, 2), limit + 1);
  }

  it('agrees with the full table on every pair of short digit strings', () => {
    // every string of three units over 0–2, and dates with one and two edits
    const alphabet = ['0', '1', '2'];
    const words: string[] = [];
    for (const x of alphabet) for (const y of alphabet) for (const z of alphabet) words.push(x + y + z);
    for (const a of words) {
      for (const b of words) {
        for (const limit of [0, 1]) expect(damerauLevenshtein(a, b, limit), `${a} ${b} ${limit}`).toBe(byTable(a, b, limit));
      }
    }
    expect(damerauLevenshtein('19650312', '19653012', 1)).toBe(1);
    expect(damerauLevenshtein('19650312', '19650321', 1)).toBe(1);
    expect(damerauLevenshtein('19650312', '19650313', 1)).toBe(1);
    expect(damerauLevenshtein('19650312', '19560321', 1)).toBe(2);
    expect(damerauLevenshtein('19650312', '19650312', 1)).toBe(0);
    expect(damerauLevenshtein('19650312', '29650313', 0)).toBe(1);
  });
});
