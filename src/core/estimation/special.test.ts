import { describe, expect, it } from 'vitest';
import { logGamma, logSumExp, logSumExp2 } from './special.ts';

describe('logGamma', () => {
  it.each([
    [1, 0],
    [2, 0],
    [0.5, Math.log(Math.sqrt(Math.PI))],
    [10, Math.log(362880)],
    [100, 359.1342053695754],
    [1e-8, 18.420680738180209],
  ])('log Γ(%f) = %f', (x, expected) => {
    expect(logGamma(x)).toBeCloseTo(expected, 9);
  });

  it('agrees with the sum of logarithms for a large factorial', () => {
    let sum = 0;
    let carry = 0;
    for (let i = 2; i < 1_000_000; i++) {
      const y = Math.log(i) - carry;
      const t = sum + y;
      carry = t - sum - y;
      sum = t;
    }
    expect(logGamma(1_000_000) / sum).toBeCloseTo(1, 13);
  });

  it('satisfies the recurrence across the shift boundary', () => {
    for (const x of [0.3, 3.7, 9.5, 10.2, 57.1]) expect(logGamma(x + 1) - logGamma(x)).toBeCloseTo(Math.log(x), 12);
  });

  it('is infinite at 0 and NaN for negative arguments', () => {
    expect(logGamma(0)).toBe(Infinity);
    expect(logGamma(-1)).toBeNaN();
  });
});

describe('logSumExp', () => {
  it('adds in log space without overflow', () => {
    expect(logSumExp2(1000, 1000)).toBeCloseTo(1000 + Math.LN2, 12);
    expect(logSumExp2(-Infinity, 3)).toBe(3);
    expect(logSumExp([0, 0, 0, 0])).toBeCloseTo(Math.log(4), 12);
    expect(logSumExp([])).toBe(-Infinity);
  });
});
