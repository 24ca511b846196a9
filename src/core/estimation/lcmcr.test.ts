import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hasShared, sharedPath } from '../../../test/shared-data.ts';
import { summarizeDraws } from './diagnostics.ts';
import { lcmcrChainSweeps, resolveLcmcrOptions, runLcmcrChain } from './lcmcr.ts';
import { Rng } from './rng.ts';
import { makeTable, parseCaptureTable, type CaptureTable } from './table.ts';

const quick = { burnin: 1000, thinning: 5, samples: 300, warmup: 200 };

/**
 * A population of N people on four lists in two groups that are documented by different lists (one mostly by A
 * and B, the other by C and D): heterogeneity the overlaps reveal. (Groups whose capture probabilities differ
 * only in level leave the table nearly independent; no method can see that, see docs/estimation.md.)
 */
function simulate(N: number, seed: number): CaptureTable {
  const rng = new Rng(seed);
  const counts = new Float64Array(16);
  for (let i = 0; i < N; i++) {
    const p = i % 3 === 0 ? [0.6, 0.5, 0.05, 0.1] : [0.1, 0.15, 0.5, 0.6];
    let pattern = 0;
    for (let j = 0; j < 4; j++) if (rng.uniform() < p[j]) pattern |= 1 << j;
    counts[pattern]++;
  }
  counts[0] = 0;
  return makeTable(['A', 'B', 'C', 'D'], counts);
}

describe('runLcmcrChain', () => {
  const table = simulate(3000, 99);

  it('is reproducible for a seed and chain, and chains differ', () => {
    const a = runLcmcrChain(table, { ...quick, seed: 5 }, 0);
    const b = runLcmcrChain(table, { ...quick, seed: 5 }, 0);
    const c = runLcmcrChain(table, { ...quick, seed: 5 }, 1);
    expect(Array.from(a.draws)).toEqual(Array.from(b.draws));
    expect(Array.from(a.draws)).not.toEqual(Array.from(c.draws));
    expect(a.draws).toHaveLength(300);
  });

  it('never draws a total below the documented count, and keeps the occupied classes within K', () => {
    const r = runLcmcrChain(table, { ...quick, classes: 6 }, 0);
    expect(Math.min(...r.draws)).toBeGreaterThanOrEqual(table.observed);
    expect(Math.max(...r.occupiedClasses)).toBeLessThanOrEqual(6);
    expect(Math.min(...r.occupiedClasses)).toBeGreaterThanOrEqual(1);
  });

  it('covers the true size of a heterogeneous simulated population', () => {
    const s = summarizeDraws(runLcmcrChain(table, { ...quick, seed: 2 }, 0).draws);
    expect(s.lower).toBeLessThan(3000);
    expect(s.upper).toBeGreaterThan(3000);
    expect(Math.abs(s.median - 3000) / 3000).toBeLessThan(0.15);
  });

  it('reports progress up to the total number of sweeps', () => {
    const seen: number[] = [];
    runLcmcrChain(table, { ...quick, samples: 2, thinning: 1, burnin: 2000, warmup: 0 }, 0, (done, total) => {
      expect(total).toBe(2002);
      seen.push(done);
    });
    expect(seen).toEqual([2000, 2002]);
  });

  it('terminates with the bound recorded when the lists barely overlap', () => {
    const sparse = makeTable(['A', 'B', 'C'], [0, 200, 180, 1, 210, 0, 0, 0]);
    const r = runLcmcrChain(sparse, { burnin: 200, thinning: 2, samples: 50, warmup: 50 }, 0);
    expect(r.draws).toHaveLength(50);
    expect(Math.max(...r.draws)).toBeLessThanOrEqual(sparse.observed * 21);
  });

  it('validates its options', () => {
    expect(() => resolveLcmcrOptions({ classes: 0 })).toThrow(/classes/);
    expect(() => resolveLcmcrOptions({ thinning: 1.5 })).toThrow(/thinning/);
    expect(() => resolveLcmcrOptions({ samples: 1 })).toThrow(/samples/);
    expect(() => resolveLcmcrOptions({ alphaShape: -1 })).toThrow(/alpha/);
    expect(() => resolveLcmcrOptions({ seed: Number.POSITIVE_INFINITY })).toThrow(/seed/);
    expect(lcmcrChainSweeps(resolveLcmcrOptions())).toBe(500 + 10_000 + 500 * 1000);
  });

  describe.skipIf(!hasShared('data', 'mse', 'kosovo-4lists.csv'))('on Kosovo', () => {
    it('lands in a broad plausible band around the 10,401 ground truth with few iterations', () => {
      const kosovo = parseCaptureTable(readFileSync(sharedPath('data', 'mse', 'kosovo-4lists.csv'), 'utf8')).total;
      const s = summarizeDraws(runLcmcrChain(kosovo, { burnin: 2000, thinning: 10, samples: 300, seed: 1999 }, 0).draws);
      expect(s.median).toBeGreaterThan(8000);
      expect(s.median).toBeLessThan(14_000);
      expect(s.lower).toBeLessThan(10_401);
      expect(s.upper).toBeGreaterThan(10_401);
    });
  });
});
