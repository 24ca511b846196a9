import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runDga, sampleGrid, summarizeGrid } from './dga.ts';
import { Rng } from './rng.ts';
import { logGamma } from './special.ts';
import { makeTable } from './table.ts';

interface Reference {
  three_lists: { Y: number[]; delta: number; expected: Record<string, number> };
  five_lists: { Y: number[]; delta: number };
}

/**
 * The reference case travels with the project (fixtures/dga-reference.json, with its source inside: the dga R package's
 * own test, Madigan & York 1997), so this test runs on a user's clone that has no ../shared beside it.
 */
const referenceFile = fileURLToPath(new URL('./fixtures/dga-reference.json', import.meta.url));

describe('dga reference (Madigan & York three-list example)', () => {
  const reference = JSON.parse(readFileSync(referenceFile, 'utf8')) as Reference;
  const { Y, delta, expected } = reference.three_lists;
  const a = 13.14;
  const b = 55.17;
  const result = runDga(makeTable(['1', '2', '3'], Y), {
    delta,
    missing: Array.from({ length: 300 }, (_, i) => i + 1),
    prior: {
      label: 'negative binomial (a = 13.14, b = 55.17)',
      logPrior: (N) => N * Math.log(b) - (N + a) * Math.log(1 + b) + logGamma(N + a) - logGamma(N + 1) - logGamma(a),
    },
  });

  it('reproduces the top model posterior probability 0.37', () => {
    expect(Math.round(result.models[0].posteriorProbability * 100) / 100).toBe(expected.top_model_posterior_probability_rounded_2dp);
  });

  it('reproduces the top model Bayes estimate 731 and mode 729', () => {
    expect(Math.round(result.models[0].bayesEstimate)).toBe(expected['top_model_bayes_estimate_round(mean(w/N)/mean(w/N^2))']);
    expect(result.models[0].mode).toBe(expected.top_model_posterior_mode_N);
  });

  it('reproduces the model-averaged Bayes estimate 731 and mode 728', () => {
    expect(Math.round(result.bayesEstimate)).toBe(expected.model_averaged_bayes_estimate);
    expect(result.mode).toBe(expected.model_averaged_posterior_mode_N);
  });

  it('has model probabilities and the averaged posterior each summing to one', () => {
    expect(result.models.reduce((s, m) => s + m.posteriorProbability, 0)).toBeCloseTo(1, 12);
    expect(result.posterior.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 12);
    expect(result.models).toHaveLength(8);
  });

  it('runs the five-list example over all 822 graphs with a proper posterior', () => {
    const five = runDga(makeTable(['1', '2', '3', '4', '5'], reference.five_lists.Y), {
      delta: reference.five_lists.delta,
      missing: Array.from({ length: 300 }, (_, i) => i + 1),
      prior: 'uniform',
    });
    expect(five.models).toHaveLength(822);
    const n = reference.five_lists.Y.reduce((s, y) => s + y, 0);
    expect(five.lower).toBeGreaterThan(n);
    expect(five.upper).toBeLessThan(n + 300);
    expect(five.lower).toBeLessThan(five.median);
    expect(five.median).toBeLessThan(five.upper);
  });
});

describe('runDga', () => {
  // Three independent lists of 1,000 people with capture probabilities 0.5, 0.4, 0.3: expected cell counts.
  const N = 1000;
  const p = [0.5, 0.4, 0.3];
  const expectedCounts = Array.from({ length: 8 }, (_, c) =>
    c === 0 ? 0 : Math.round(N * p.reduce((acc, pj, j) => acc * (c & (1 << j) ? pj : 1 - pj), 1)),
  );
  const table = makeTable(['A', 'B', 'C'], expectedCounts);

  it('recovers the population size of independent lists, widening its own grid', () => {
    const result = runDga(table);
    expect(result.median).toBeGreaterThan(900);
    expect(result.median).toBeLessThan(1100);
    expect(result.lower).toBeLessThan(N);
    expect(result.upper).toBeGreaterThan(N);
    expect(result.warnings.filter((w) => /grid/.test(w))).toEqual([]);
  });

  it('moves the estimate down as the prior on N leans harder towards small totals', () => {
    const uniform = runDga(table, { prior: 'uniform' });
    const inverse = runDga(table, { prior: '1/N' });
    const inverseSquare = runDga(table, { prior: '1/N^2' });
    expect(uniform.mean).toBeGreaterThan(inverse.mean);
    expect(inverse.mean).toBeGreaterThan(inverseSquare.mean);
    expect(uniform.prior).toBe('uniform');
  });

  it('warns when an explicit grid cuts the posterior off', () => {
    const result = runDga(table, { missing: Array.from({ length: 50 }, (_, i) => i) });
    expect(result.warnings.join(' ')).toMatch(/cuts the posterior off/);
  });

  it('rejects tables it cannot handle and bad parameters', () => {
    expect(() => runDga(makeTable(['A', 'B'], [0, 1, 2, 3]))).toThrow(/3 to 5 lists/);
    expect(() => runDga(table, { delta: 0 })).toThrow(/delta/);
    expect(() => runDga(table, { missing: [] })).toThrow(/empty/);
    expect(() => runDga(table, { missing: [-1, 2] })).toThrow(/non-negative/);
    expect(() => runDga(table, { prior: 'flat' as never })).toThrow(/unknown prior/);
    expect(() => runDga(table, { logModelPrior: [0, 1] })).toThrow(/8 values/);
  });
});

describe('grid helpers', () => {
  it('summarises a distribution on a grid', () => {
    const s = summarizeGrid([10, 11, 12, 13], [0.1, 0.4, 0.3, 0.2]);
    expect(s.mode).toBe(11);
    // The smallest N whose cumulative probability reaches one half.
    expect(s.median).toBe(11);
    expect(s.mean).toBeCloseTo(11.6, 12);
    expect(s.lower).toBe(10);
    expect(s.upper).toBe(13);
  });

  it('samples a grid in proportion to its weights, reproducibly', () => {
    const draws = sampleGrid([1, 2, 3], [0.2, 0.5, 0.3], 20_000, new Rng(4));
    const share = (v: number): number => draws.filter((d) => d === v).length / draws.length;
    expect(share(2)).toBeCloseTo(0.5, 1);
    expect(Array.from(sampleGrid([1, 2, 3], [0.2, 0.5, 0.3], 10, new Rng(4)))).toEqual(Array.from(draws.subarray(0, 10)));
  });
});
