import { describe, expect, it } from 'vitest';
import { assessConvergence, convergenceOfEntry, CONVERGENCE, defaultClasses, ESTIMATION_DEFAULTS, ESTIMATION_LIMITS } from './defaults.ts';
import { LCMCR_DEFAULTS, resolveLcmcrOptions } from './lcmcr.ts';

describe('estimation defaults', () => {
  it('are HRDAG production settings: K* = min(2^J − 1, 15), burn-in 10,000, thinning 500, 1,000 draws', () => {
    expect([2, 3, 4, 5, 8].map(defaultClasses)).toEqual([3, 7, 15, 15, 15]);
    expect(ESTIMATION_DEFAULTS).toMatchObject({ burnin: 10_000, thinning: 500, samples: 1_000, chains: 3, prior: '1/N', criterion: 'aic' });
    expect(resolveLcmcrOptions({}, 4).classes).toBe(15);
    expect(resolveLcmcrOptions({}, 3).classes).toBe(7);
    expect(resolveLcmcrOptions({ classes: 5 }, 4).classes).toBe(5);
    expect(LCMCR_DEFAULTS.thinning).toBe(ESTIMATION_DEFAULTS.thinning);
    for (const [name, limit] of Object.entries(ESTIMATION_LIMITS)) expect(limit.min, name).toBeLessThan(limit.max);
  });

  it('call a run converged only with R-hat below 1.05 and ESS of at least 400, and say why not', () => {
    expect(assessConvergence(1.001, 1503)).toMatchObject({ converged: true, reasons: [] });
    expect(assessConvergence(1.05, 1000).converged).toBe(false);
    expect(assessConvergence(1.01, 399).reasons.join(' ')).toMatch(/only 399 effectively independent draws/);
    const bad = assessConvergence(1.22, 18);
    expect(bad.converged).toBe(false);
    expect(bad.reasons).toHaveLength(2);
    expect(assessConvergence(NaN, NaN)).toMatchObject({ converged: false, rhat: null, ess: null });
    expect(CONVERGENCE.source).toMatch(/Vehtari/);
  });

  it('judge a stored entry by its recorded verdict, or by its R-hat and ESS when it predates the rule', () => {
    expect(convergenceOfEntry({ method: 'dga', estimate: 5 })).toBeNull();
    expect(convergenceOfEntry({ method: 'lcmcr', estimate: null })).toBeNull();
    expect(convergenceOfEntry({ method: 'lcmcr', estimate: 5, diagnostics: { rhat: 1.22, ess: 18 } })?.converged).toBe(false);
    expect(convergenceOfEntry({ method: 'lcmcr', estimate: 5, diagnostics: { rhat: 1.0, ess: 2000 } })?.converged).toBe(true);
    expect(convergenceOfEntry({ method: 'lcmcr', estimate: 5, convergence: { converged: false, rhat: 1.0, ess: 2000, reasons: ['x'] } })?.converged).toBe(false);
  });
});
