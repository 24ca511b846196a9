import { describe, expect, it } from 'vitest';
import { drawWeighted, statementPriority } from './priority.ts';

describe('Pol.is statement priority', () => {
  it('matches the formula worked by hand', () => {
    // A=3, P=1, S=6, E=0.5: a = 4/8, p = 2/8, importance = 0.75 · 1.5 · 0.5 = 0.5625, boost = 1 + 8 · 2^(-1.2).
    const boost = 1 + 8 * Math.pow(2, -1.2);
    expect(statementPriority(3, 1, 6, 0.5)).toBeCloseTo((0.5625 * boost) ** 2, 12);
    // A new statement: a = p = 1/2, boost 9.
    expect(statementPriority(0, 0, 0, 0)).toBeCloseTo((0.25 * 9) ** 2, 12);
  });

  it('ranks new, agreed and divisive statements above passed and old ones', () => {
    expect(statementPriority(0, 0, 0, 0)).toBeGreaterThan(statementPriority(10, 0, 20, 0));
    expect(statementPriority(10, 0, 20, 0)).toBeGreaterThan(statementPriority(2, 0, 20, 0));
    expect(statementPriority(5, 0, 20, 0)).toBeGreaterThan(statementPriority(5, 10, 20, 0));
    expect(statementPriority(5, 0, 20, 2)).toBeGreaterThan(statementPriority(5, 0, 20, 0));
  });

  it('draws in proportion to the weights', () => {
    let state = 1;
    const random = () => {
      state = (state * 48271) % 2147483647;
      return state / 2147483647;
    };
    const counts = new Map<number, number>([[1, 0], [2, 0], [3, 0]]);
    const weight = (c: number) => (c === 1 ? 1 : c === 2 ? 3 : 0);
    for (let i = 0; i < 8000; i++) {
      const c = drawWeighted([1, 2, 3], weight, random)!;
      counts.set(c, counts.get(c)! + 1);
    }
    expect(counts.get(3)).toBe(0);
    expect(counts.get(2)! / counts.get(1)!).toBeGreaterThan(2.6);
    expect(counts.get(2)! / counts.get(1)!).toBeLessThan(3.4);
    expect(drawWeighted([], weight, random)).toBeNull();
    // All weights zero: still a candidate, never nothing.
    expect([7, 8]).toContain(drawWeighted([7, 8], () => 0, random));
  });
});
