import { describe, expect, it } from 'vitest';
import { VoteLog } from './vote-matrix.ts';
import { fitBridging } from './bridging.ts';
import { createRng } from './rng.ts';

/**
 * Two camps of 40. Statements 0-5 split them; 6 and 7 everybody agrees with; 8 only camp A agrees with and camp B
 * passes on. A third of camp B skipped statement 6, so raw agreement cannot tell it apart from 7.
 */
function camps() {
  const rng = createRng(5);
  const log = new VoteLog();
  for (let p = 0; p < 80; p++) {
    const a = p < 40;
    for (let s = 0; s < 6; s++) log.append(p, s, (s % 2 === 0) === a ? 1 : -1);
    if (!(p >= 60 && s6Skip())) log.append(p, 6, 1);
    log.append(p, 7, rng() < 0.95 ? 1 : -1);
    log.append(p, 8, a ? 1 : 0);
  }
  function s6Skip() {
    return rng() < 0.6;
  }
  return log.toMatrix();
}

describe('Community Notes bridging model', () => {
  const matrix = camps();
  const model = fitBridging(matrix, { seed: 3 });

  it('puts the division on the factor and common ground on the intercept', () => {
    for (let s = 0; s < 6; s++) expect(Math.abs(model.statementFactor[s])).toBeGreaterThan(0.5);
    for (const s of [6, 7]) {
      expect(Math.abs(model.statementFactor[s])).toBeLessThan(0.5);
      expect(model.statementIntercept[s]).toBeGreaterThan(model.statementIntercept[0]);
    }
    expect(model.mu).toBeGreaterThan(0);
    expect(model.mu).toBeLessThan(1);
  });

  it('ignores passes by default (statement 8 has only camp A ratings)', () => {
    expect(model.ratingsPerStatement[8]).toBe(40);
    const withPasses = fitBridging(matrix, { seed: 3, passRating: 0.5 });
    expect(withPasses.ratingsPerStatement[8]).toBe(80);
  });

  it('is deterministic for a seed and does not depend much on it', () => {
    const again = fitBridging(matrix, { seed: 3 });
    expect(Array.from(again.statementIntercept)).toEqual(Array.from(model.statementIntercept));
    // Run to a tight tolerance, different random starts reach the same intercepts.
    const tight = fitBridging(matrix, { seed: 3, parameterTolerance: 1e-9, tolerance: 0, maxSweeps: 5000 });
    const other = fitBridging(matrix, { seed: 99, parameterTolerance: 1e-9, tolerance: 0, maxSweeps: 5000 });
    for (let s = 0; s < 9; s++) expect(Math.abs(other.statementIntercept[s] - tight.statementIntercept[s])).toBeLessThan(1e-3);
  });

  it('applies the 0.40 / 0.5 thresholds and the minimum rating count', () => {
    const lax = fitBridging(matrix, { seed: 3, interceptThreshold: -10 });
    for (let s = 0; s < 9; s++) {
      expect(lax.bridging[s]).toBe(Math.abs(lax.statementFactor[s]) < 0.5 ? 1 : 0);
    }
    const strict = fitBridging(matrix, { seed: 3, interceptThreshold: -10, minRatings: 1000 });
    expect(Array.from(strict.bridging).every((b) => b === 0)).toBe(true);
  });

  it('the loss never rises between sweeps', () => {
    let previous = Infinity;
    for (const sweeps of [1, 2, 4, 8, 16]) {
      const m = fitBridging(matrix, { seed: 3, maxSweeps: sweeps, tolerance: 0 });
      expect(m.loss).toBeLessThanOrEqual(previous + 1e-9);
      previous = m.loss;
    }
  });

  it('copes with no ratings at all', () => {
    const log = new VoteLog();
    log.append(0, 0, 0);
    const m = fitBridging(log.toMatrix());
    expect(m.bridging[0]).toBe(0);
    expect(m.sweeps).toBe(0);
  });
});
