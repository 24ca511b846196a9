import { describe, expect, it } from 'vitest';
import { effectiveSampleSize, quantileSorted, splitRhat, summarizeDraws } from './diagnostics.ts';
import { Rng } from './rng.ts';

function iidChain(rng: Rng, n: number, shift = 0): Float64Array {
  return Float64Array.from({ length: n }, () => rng.normal() + shift);
}

function ar1Chain(rng: Rng, n: number, phi: number): Float64Array {
  const x = new Float64Array(n);
  for (let i = 1; i < n; i++) x[i] = phi * x[i - 1] + rng.normal();
  return x;
}

describe('convergence diagnostics', () => {
  it('gives R-hat near 1 and ESS near the draw count for independent draws', () => {
    const rng = new Rng(1);
    const chains = [iidChain(rng, 1000), iidChain(rng, 1000), iidChain(rng, 1000)];
    expect(splitRhat(chains)).toBeLessThan(1.01);
    const ess = effectiveSampleSize(chains);
    expect(ess).toBeGreaterThan(2400);
    expect(ess).toBeLessThan(3600);
  });

  it('flags chains that sit in different places', () => {
    const rng = new Rng(2);
    expect(splitRhat([iidChain(rng, 500), iidChain(rng, 500, 3)])).toBeGreaterThan(1.1);
  });

  it('gives the AR(1) effective sample size n(1−φ)/(1+φ) within sampling error', () => {
    const rng = new Rng(3);
    const chains = Array.from({ length: 4 }, () => ar1Chain(rng, 5000, 0.8));
    const ess = effectiveSampleSize(chains);
    const theory = (20000 * 0.2) / 1.8;
    expect(ess / theory).toBeGreaterThan(0.7);
    expect(ess / theory).toBeLessThan(1.4);
  });

  it('copes with constant draws and with too few draws', () => {
    expect(splitRhat([new Float64Array(10).fill(5), new Float64Array(10).fill(5)])).toBe(1);
    expect(splitRhat([Float64Array.of(1, 2)])).toBeNaN();
    expect(effectiveSampleSize([Float64Array.of(1)])).toBeNaN();
  });
});

describe('summaries', () => {
  it('uses R type-7 quantiles', () => {
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantileSorted([1, 2, 3, 4], 0.025)).toBeCloseTo(1.075, 12);
    const s = summarizeDraws([4, 1, 3, 2]);
    expect(s.median).toBe(2.5);
    expect(s.mean).toBe(2.5);
    expect(s.draws).toBe(4);
  });
});
