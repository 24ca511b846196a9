import { describe, expect, it } from 'vitest';
import { compileComparison, shareWord } from './compare.ts';
import { collectPatterns, estimateU, estimateUWithoutMatches, expectationMaximisation, initialM, seededRandom, sessionLambda, type FittedModel } from './model.ts';

/** Pairs of exact comparisons (levels 1 else, 2 exact) drawn per class with the given chances of agreement; `kinds[p]` the class. */
function simulate(count: number, classes: Array<{ share: number; agree: number[] }>, seed: number) {
  const n = classes[0].agree.length;
  const random = seededRandom(seed);
  const levels = new Uint8Array(count * n);
  const kinds = new Uint8Array(count);
  for (let p = 0; p < count; p++) {
    let r = random();
    let k = 0;
    while (k < classes.length - 1 && r >= classes[k].share) r -= classes[k++].share;
    kinds[p] = k;
    for (let c = 0; c < n; c++) levels[p * n + c] = random() < classes[k].agree[c] ? 2 : 1;
  }
  return { levels, kinds, all: Array.from({ length: count }, (_, p) => p) };
}

const exact = (names: string[]) => names.map((field) => compileComparison({ field, kind: 'exact' }));

describe('u from random pairs without the matches among them', () => {
  it('removes the matches that inflate the rare exact level', () => {
    const comparisons = exact(['birth', 'name']);
    // 1 % of random pairs are matches (a list where each person has several records): they agree on the birth
    // date 90 % of the time, non-matches 0.01 %
    const sim = simulate(200_000, [{ share: 0.99, agree: [0.0001, 0.02] }, { share: 0.01, agree: [0.9, 0.8] }], 4);
    const raw = estimateU(sim.levels, 200_000, comparisons);
    expect(raw[0][2]).toBeGreaterThan(0.005); // 50 times the true u
    const m = [
      [1, 0.1, 0.9],
      [1, 0.2, 0.8],
    ];
    const u = estimateUWithoutMatches(sim.levels, 200_000, comparisons, raw, m, 0.01);
    expect(u[0][2]).toBeLessThan(0.001);
    expect(u[1][2]).toBeCloseTo(0.02, 2);
  });
});

describe('EM with λ held fixed', () => {
  it('keeps λ and fits m to the split of that size', () => {
    const comparisons = exact(['a', 'b', 'c']);
    const sim = simulate(20_000, [{ share: 0.7, agree: [0.05, 0.1, 0.02] }, { share: 0.3, agree: [0.9, 0.8, 0.95] }], 5);
    const patterns = collectPatterns(sim.levels, 3, sim.all);
    const u = [0.05, 0.1, 0.02].map((x) => [1, 1 - x, x]);
    const em = expectationMaximisation(patterns, u, comparisons.map(initialM), 0.3, [true, true, true], { maxIterations: 200, fixLambda: true });
    expect(em.lambda).toBe(0.3);
    em.m.forEach((m, c) => expect(m[2]).toBeCloseTo([0.9, 0.8, 0.95][c], 1));
  });
});

describe('names of several words that share one', () => {
  const packed = (a: string, b: string) => {
    const chars = Uint16Array.from([...a, ...b].map((ch) => ch.charCodeAt(0)));
    return shareWord(chars, 0, a.length, a.length, a.length + b.length);
  };
  it('agree when one word of three letters or more is common', () => {
    expect(packed('olsen haugen', 'haugen')).toBe(true);
    expect(packed('mary ann', 'ann')).toBe(true);
    expect(packed('smith-jones', 'jones')).toBe(true);
  });
  it('do not agree on single words, short particles or initials', () => {
    expect(packed('haugen', 'haugen')).toBe(false); // one word each: the exact and Jaro-Winkler levels decide
    expect(packed('de la cruz', 'de santos')).toBe(false);
    expect(packed('o haugen', 'o moen')).toBe(false);
    expect(packed('olsen haugen', 'hansen moen')).toBe(false);
  });
});

describe('λ of a training session', () => {
  it('is the share of its pairs a first fit takes for matches, with the prior of a random pair', () => {
    const comparisons = exact(['a', 'b', 'c']);
    const model = (lambda: number): FittedModel => ({
      version: 1,
      comparisons: comparisons.map((c) => ({ name: c.name, levels: c.levels, m: [1, 0.1, 0.9], u: [1, 0.99, 0.01], mEstimated: true })),
      lambda,
      training: { uSamplePairs: 0, emSessions: [], candidatePairs: 0, expectedMatches: 0 },
    });
    // a session of 30 % matches drawn from the same m and u
    const sim = simulate(20_000, [{ share: 0.7, agree: [0.01, 0.01, 0.01] }, { share: 0.3, agree: [0.9, 0.9, 0.9] }], 8);
    const patterns = collectPatterns(sim.levels, 3, sim.all);
    // with λ = 0.001 a pair agreeing on all three is a match (odds 729,000 : 999) and one agreeing on one is not
    expect(sessionLambda(patterns, model(0.001))).toBeCloseTo(0.3 * 0.9 ** 3 + 0.3 * 3 * 0.9 ** 2 * 0.1, 1);
    // bounded
    expect(sessionLambda(patterns, model(1e-9))).toBe(1e-3);
    expect(sessionLambda(patterns, model(1 - 1e-12))).toBe(0.99);
  });
});
