import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hasShared, sharedPath } from '../../../test/shared-data.ts';
import { candidateModels, fitLoglinearModel, profileInterval, profileLogLikelihood, runLoglinear } from './loglinear.ts';
import { runChapman } from './chapman.ts';
import { makeTable, parseCaptureTable } from './table.ts';

describe('candidateModels', () => {
  it('lists every pairwise model, plus one-triple models from four lists, within the identifiable size', () => {
    expect(candidateModels(2)).toHaveLength(1);
    expect(candidateModels(3)).toHaveLength(8);
    const four = candidateModels(4);
    expect(four.filter((m) => m.terms.every((t) => t.toString(2).replace(/0/g, '').length === 2))).toHaveLength(64);
    expect(four.length).toBeGreaterThan(64);
    for (const m of candidateModels(5)) expect(1 + 5 + m.terms.length).toBeLessThanOrEqual(31);
  });
});

describe('log-linear fits', () => {
  it('reduces to the Lincoln–Petersen estimator n1·n2/m for two lists', () => {
    const table = makeTable(['A', 'B'], [0, 300, 200, 100]);
    const fit = fitLoglinearModel(table, { terms: [] })!;
    expect(fit.estimate).toBeCloseTo((400 * 300) / 100, 6);
    expect(fit.degreesOfFreedom).toBe(0);
  });

  it('recovers N exactly from expected counts of independent lists, with an interval around it', () => {
    const N = 2000;
    const p = [0.5, 0.25, 0.4];
    // Every cell is a whole number for these probabilities; rounding only removes floating-point dust.
    const counts = Array.from({ length: 8 }, (_, c) => (c === 0 ? 0 : Math.round(N * p.reduce((acc, pj, j) => acc * (c & (1 << j) ? pj : 1 - pj), 1))));
    const table = makeTable(['A', 'B', 'C'], counts);
    const result = runLoglinear(table, { criterion: 'bic' });
    expect(result.selected.label).toBe('independence');
    expect(result.estimate).toBeCloseTo(N, 6);
    expect(result.lower).toBeLessThan(N);
    expect(result.upper).toBeGreaterThan(N);
    expect(result.lower).toBeGreaterThanOrEqual(table.observed);
  });

  it('has a profile likelihood peaking near the estimate and falling 1.92 at the interval ends', () => {
    const table = makeTable(['A', 'B', 'C'], [0, 60, 49, 4, 247, 112, 142, 12]);
    const model = { terms: [0b011] };
    const fit = fitLoglinearModel(table, model)!;
    const { lower, upper } = profileInterval(table, model, fit.estimate);
    const profile = profileLogLikelihood(table, model);
    const peak = Math.max(...Array.from({ length: 400 }, (_, i) => profile(table.observed + 1 + i)));
    expect(peak - profile(lower)).toBeCloseTo(1.9207, 2);
    expect(peak - profile(upper)).toBeCloseTo(1.9207, 2);
    expect(lower).toBeLessThan(fit.estimate);
    expect(upper).toBeGreaterThan(fit.estimate);
  });

  it('drops models that cannot be fitted because of empty cells, and says so', () => {
    const table = makeTable(['A', 'B', 'C'], [0, 40, 30, 0, 20, 5, 6, 0]);
    const result = runLoglinear(table);
    expect(result.warnings.join(' ')).toMatch(/could not be fitted/);
    expect(Number.isFinite(result.estimate)).toBe(true);
  });

  it('refuses more than five lists', () => {
    const lists = ['A', 'B', 'C', 'D', 'E', 'F'];
    const counts = new Array(64).fill(1);
    counts[0] = 0;
    expect(() => runLoglinear(makeTable(lists, counts))).toThrow(/2 to 5 lists/);
  });

  describe.skipIf(!hasShared('data', 'mse', 'kosovo-4lists.csv'))('on Kosovo', () => {
    it('selects a model with list dependence and an interval in the thousands above the documented 4,400', () => {
      const parsed = parseCaptureTable(readFileSync(sharedPath('data', 'mse', 'kosovo-4lists.csv'), 'utf8'));
      const result = runLoglinear(parsed.total, { criterion: 'bic' });
      expect(result.selected.model.terms.length).toBeGreaterThan(0);
      expect(result.lower).toBeGreaterThan(4400);
      expect(result.lower).toBeLessThan(result.estimate);
      expect(result.upper).toBeGreaterThan(result.estimate);
      expect(result.upper).toBeLessThan(40_000);
    });
  });
});

describe('runChapman', () => {
  it('computes the estimate, Seber variance and a Chao interval above the documented count', () => {
    const table = makeTable(['A', 'B'], [0, 300, 200, 100]);
    const r = runChapman(table);
    expect(r.estimate).toBeCloseTo((401 * 301) / 101 - 1, 9);
    expect(r.variance).toBeCloseTo((401 * 301 * 300 * 200) / (101 * 101 * 102), 6);
    expect(r.lower).toBeGreaterThan(table.observed);
    expect(r.lower).toBeLessThan(r.estimate);
    expect(r.upper).toBeGreaterThan(r.estimate);
    expect(r.warnings).toEqual([]);
  });

  it('warns when the lists barely overlap and refuses other than two lists', () => {
    expect(runChapman(makeTable(['A', 'B'], [0, 30, 20, 0])).warnings[0]).toMatch(/no one is on both lists/);
    expect(runChapman(makeTable(['A', 'B'], [0, 30, 20, 3])).warnings[0]).toMatch(/only 3 people/);
    expect(() => runChapman(makeTable(['A', 'B', 'C'], [0, 1, 1, 1, 1, 1, 1, 1]))).toThrow(/exactly two lists/);
  });
});

describe('a log-linear model named by hand', () => {
  const lists = ['EXH', 'ABA', 'OSCE', 'HRW'];
  it('reads the usual ways of writing interaction terms, by list name', async () => {
    const { parseModelSpec } = await import('./loglinear.ts');
    expect(parseModelSpec('independence', lists).terms).toEqual([]);
    expect(parseModelSpec('EXH×ABA, OSCE×HRW', lists)).toEqual(parseModelSpec('EXH*ABA + OSCE:HRW', lists));
    expect(parseModelSpec('[EXH×ABA, EXH×OSCE, ABA×OSCE, EXH×ABA×OSCE]', lists).terms).toEqual([0b0011, 0b0101, 0b0110, 0b0111]);
  });

  it('refuses unknown lists, repeats, non-hierarchical triples and over-parameterised models, naming the term', async () => {
    const { parseModelSpec } = await import('./loglinear.ts');
    expect(() => parseModelSpec('EXH×UNHCR', lists)).toThrow(/"UNHCR" is not one of the lists/);
    expect(() => parseModelSpec('EXH×EXH', lists)).toThrow(/names EXH twice/);
    expect(() => parseModelSpec('EXH×ABA×OSCE', lists)).toThrow(/not hierarchical/);
    expect(() => parseModelSpec('EXH', lists)).toThrow(/two or three lists/);
    expect(() => parseModelSpec(' , ', lists)).toThrow(/no interaction term/);
    expect(() => parseModelSpec('A×B, A×C, B×C, A×B×C', ['A', 'B', 'C'])).toThrow(/more parameters/);
  });

  it('fits the named model instead of the criterion’s choice, and says when the criterion prefers another', () => {
    const table = makeTable(['A', 'B', 'C'], [0, 60, 49, 4, 247, 112, 142, 12]);
    const chosen = runLoglinear(table, { model: 'independence' });
    expect(chosen.chosen).toBe(true);
    expect(chosen.selected.label).toBe('independence');
    const auto = runLoglinear(table);
    if (auto.selected.label !== 'independence') expect(chosen.warnings.join(' ')).toMatch(/not the one AIC prefers/);
    // Fienberg (1972): with all two-list interactions and three lists, m000 = m111·m100·m010·m001 / (m110·m101·m011).
    const full = runLoglinear(table, { model: 'A×B, A×C, B×C' });
    const [, m100, m010, m110, m001, m101, m011, m111] = [0, 60, 49, 4, 247, 112, 142, 12];
    expect(full.estimate - table.observed).toBeCloseTo((m111 * m100 * m010 * m001) / (m110 * m101 * m011), 4);
  });
});
