import { describe, expect, it } from 'vitest';
import { estimatePopulation, methodUnavailable, runChainsHere, type ChainRunner } from './estimate.ts';
import type { MethodEstimate } from './summaries.ts';
import { parseCaptureTable } from './table.ts';

const quickLcmcr = { burnin: 300, thinning: 2, samples: 200, warmup: 100, chains: 2 };

/** Two strata of three lists each, with healthy overlaps. */
const stratified = [
  'A,B,C,sex,count',
  '1,0,0,f,120', '0,1,0,f,100', '1,1,0,f,40', '0,0,1,f,90', '1,0,1,f,35', '0,1,1,f,30', '1,1,1,f,12',
  '1,0,0,m,80', '0,1,0,m,70', '1,1,0,m,25', '0,0,1,m,60', '1,0,1,m,20', '0,1,1,m,18', '1,1,1,m,6',
].join('\n');

describe('estimatePopulation', () => {
  it('estimates each stratum and adds Bayesian strata draw by draw', async () => {
    const parsed = parseCaptureTable(stratified, { strata: ['sex'] });
    const report = await estimatePopulation(parsed, { methods: ['lcmcr', 'dga', 'loglinear'], seed: 3, lcmcr: quickLcmcr });
    expect(report.strata.map((s) => s.label)).toEqual(['sex=f', 'sex=m']);
    expect(report.observed).toBe(parsed.total.observed);
    for (const method of ['lcmcr', 'dga'] as const) {
      const total = report.total.find((t) => t.method === method) as MethodEstimate;
      const parts = report.strata.map((s) => s.methods.find((m) => m.method === method)!);
      expect(total.draws![7]).toBe(parts[0].draws![7] + parts[1].draws![7]);
      expect(total.lower).toBeLessThan(total.estimate);
      expect(total.upper).toBeGreaterThan(total.estimate);
      expect(total.estimate).toBeGreaterThan(parsed.total.observed);
    }
    const lcmcr = report.total.find((t) => t.method === 'lcmcr') as MethodEstimate;
    expect(lcmcr.diagnostics.rhat).toBeTypeOf('number');
    const loglinear = report.total.find((t) => t.method === 'loglinear') as MethodEstimate;
    expect(loglinear.estimate).toBeCloseTo(report.strata.reduce((a, s) => a + s.methods.find((m) => m.method === 'loglinear')!.estimate, 0), 9);
    expect(loglinear.pointEstimate).toBe('sum of strata');
  });

  it('refuses to give a total when a stratum has no overlaps, and says which', async () => {
    const text = `${stratified}\n1,0,0,x,5\n0,1,0,x,4\n0,0,1,x,3`;
    const report = await estimatePopulation(parseCaptureTable(text, { strata: ['sex'] }), { methods: ['loglinear'] });
    const x = report.strata.find((s) => s.label === 'sex=x')!;
    expect(x.estimable).toBe(false);
    expect(x.methods).toEqual([]);
    expect(x.warnings.join(' ')).toMatch(/no person appears on more than one list/);
    const total = report.total[0];
    expect(total.estimate).toBeNull();
    expect(total.warnings[0]).toMatch(/no total: loglinear could not estimate stratum sex=x/);
  });

  it('skips methods the table cannot support, with a warning, and fails when none can run', async () => {
    const parsed = parseCaptureTable('A,B,count\n1,0,300\n0,1,200\n1,1,100\n');
    const report = await estimatePopulation(parsed, { methods: ['chapman', 'dga'] });
    expect(report.total.map((t) => t.method)).toEqual(['chapman']);
    expect(report.warnings.join(' ')).toMatch(/dga skipped: dga model averaging needs 3 to 5 lists/);
    await expect(estimatePopulation(parsed, { methods: ['lcmcr'] })).rejects.toThrow(/none of the requested methods/);
    expect(methodUnavailable('chapman', 3)).toMatch(/exactly two/);
    expect(methodUnavailable('loglinear', 4)).toBeUndefined();
  });

  it('uses a supplied chain runner and reports progress that ends at 1', async () => {
    const parsed = parseCaptureTable(stratified, { strata: ['sex'] });
    let calls = 0;
    const runner: ChainRunner = async (...args) => {
      calls++;
      return runChainsHere(...args);
    };
    const fractions: number[] = [];
    await estimatePopulation(parsed, { methods: ['lcmcr'], lcmcr: quickLcmcr, runChains: runner, onProgress: (f) => fractions.push(f) });
    expect(calls).toBe(2);
    expect(fractions.at(-1)).toBe(1);
    for (let i = 1; i < fractions.length; i++) expect(fractions[i]).toBeGreaterThanOrEqual(fractions[i - 1] - 1e-12);
  });

  it('gives the same figures for the same seed', async () => {
    const parsed = parseCaptureTable(stratified, { strata: ['sex'] });
    const a = await estimatePopulation(parsed, { methods: ['lcmcr'], lcmcr: quickLcmcr, seed: 11 });
    const b = await estimatePopulation(parsed, { methods: ['lcmcr'], lcmcr: quickLcmcr, seed: 11 });
    expect(a.total[0].estimate).toBe(b.total[0].estimate);
  });

  it('warns in plain words when chains have not converged', async () => {
    const parsed = parseCaptureTable(stratified, { strata: ['sex'] });
    const report = await estimatePopulation(parsed, { methods: ['lcmcr'], lcmcr: { burnin: 0, thinning: 1, samples: 10, warmup: 0, chains: 2 } });
    const warnings = report.strata.flatMap((s) => s.methods.flatMap((m) => m.warnings)).join(' ');
    expect(warnings).toMatch(/effectively independent draws/);
  });
});
