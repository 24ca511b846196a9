import { describe, expect, it } from 'vitest';
import { Rng } from './rng.ts';
import { logGamma } from './special.ts';

function moments(draw: () => number, n: number): { mean: number; variance: number; min: number; max: number } {
  let sum = 0;
  let sumSq = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const x = draw();
    sum += x;
    sumSq += x * x;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  const mean = sum / n;
  return { mean, variance: sumSq / n - mean * mean, min, max };
}

describe('Rng', () => {
  it('repeats the same stream for the same seed and stream, and differs otherwise', () => {
    const a = new Rng(42, 0);
    const b = new Rng(42, 0);
    const c = new Rng(42, 1);
    const d = new Rng(43, 0);
    const seqA = Array.from({ length: 20 }, () => a.nextUint32());
    expect(Array.from({ length: 20 }, () => b.nextUint32())).toEqual(seqA);
    expect(Array.from({ length: 20 }, () => c.nextUint32())).not.toEqual(seqA);
    expect(Array.from({ length: 20 }, () => d.nextUint32())).not.toEqual(seqA);
  });

  it('rejects a non-finite seed', () => {
    expect(() => new Rng(Number.NaN)).toThrow(/seed/);
  });

  it('keeps uniforms strictly inside (0, 1) with mean 1/2 and variance 1/12', () => {
    const r = new Rng(7);
    const m = moments(() => r.uniform(), 200_000);
    expect(m.min).toBeGreaterThan(0);
    expect(m.max).toBeLessThan(1);
    expect(m.mean).toBeCloseTo(0.5, 2);
    expect(m.variance).toBeCloseTo(1 / 12, 2);
  });

  it.each([
    [0.3, 1],
    [1, 1],
    [4.5, 4.5],
    [250, 250],
  ])('draws Gamma(%f) with the right mean and variance', (shape, variance) => {
    const r = new Rng(11);
    const m = moments(() => r.gamma(shape), 100_000);
    expect(m.mean / shape).toBeCloseTo(1, 1);
    expect(m.variance / (shape === 0.3 ? 0.3 : variance)).toBeCloseTo(1, 1);
    expect(m.min).toBeGreaterThan(0);
  });

  it('draws log-gamma variates consistent with gamma variates, even for tiny shapes', () => {
    const r = new Rng(3);
    const m = moments(() => Math.exp(r.logGamma(3)), 100_000);
    expect(m.mean).toBeCloseTo(3, 1);
    const tiny = moments(() => r.logGamma(0.01), 10_000);
    expect(Number.isFinite(tiny.min)).toBe(true);
    // E[log G] = digamma(shape); for shape 0.01 that is about −100.56.
    expect(tiny.mean).toBeGreaterThan(-110);
    expect(tiny.mean).toBeLessThan(-90);
  });

  it.each([
    [20, 0.2],
    [1000, 0.005],
    [1000, 0.3],
    [1000, 0.9],
    [50_000, 0.45],
  ])('draws Binomial(%i, %f) in range with the right moments (inversion and BTRS)', (n, p) => {
    const r = new Rng(5);
    const draws = 100_000;
    const m = moments(() => r.binomial(n, p), draws);
    expect(m.min).toBeGreaterThanOrEqual(0);
    expect(m.max).toBeLessThanOrEqual(n);
    expect(Math.abs(m.mean - n * p)).toBeLessThan(4 * Math.sqrt((n * p * (1 - p)) / draws));
    expect(m.variance / (n * p * (1 - p))).toBeCloseTo(1, 1);
  });

  it('handles binomial edge cases', () => {
    const r = new Rng(1);
    expect(r.binomial(0, 0.5)).toBe(0);
    expect(r.binomial(10, 0)).toBe(0);
    expect(r.binomial(10, 1)).toBe(10);
  });

  it('matches the binomial probability mass function in the BTRS regime', () => {
    const r = new Rng(9);
    const n = 200;
    const p = 0.25;
    const counts = new Float64Array(n + 1);
    const draws = 200_000;
    for (let i = 0; i < draws; i++) counts[r.binomial(n, p)]++;
    for (const k of [40, 45, 50, 55, 60]) {
      const pmf = Math.exp(logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1) + k * Math.log(p) + (n - k) * Math.log(1 - p));
      expect(counts[k] / draws).toBeCloseTo(pmf, 2);
    }
  });

  it.each([0.5, 7, 30, 6000])('draws Poisson(%f) with mean and variance λ', (lambda) => {
    const r = new Rng(13);
    const draws = 100_000;
    const m = moments(() => r.poisson(lambda), draws);
    expect(m.min).toBeGreaterThanOrEqual(0);
    // Within four standard errors of the mean.
    expect(Math.abs(m.mean - lambda)).toBeLessThan(4 * Math.sqrt(lambda / draws));
    expect(m.variance / lambda).toBeCloseTo(1, 1);
  });

  it('draws negative binomial failures with mean size(1−p)/p', () => {
    const r = new Rng(17);
    const m = moments(() => r.negativeBinomial(400, 0.4), 50_000);
    expect(m.mean / ((400 * 0.6) / 0.4)).toBeCloseTo(1, 2);
    expect(m.variance / ((400 * 0.6) / 0.16)).toBeCloseTo(1, 1);
    expect(r.negativeBinomial(10, 1)).toBe(0);
    expect(() => r.negativeBinomial(10, 0)).toThrow();
  });
});
