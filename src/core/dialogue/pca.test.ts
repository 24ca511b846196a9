import { describe, expect, it } from 'vitest';
import { VoteLog } from './vote-matrix.ts';
import { pca, projectParticipants } from './pca.ts';
import { createRng } from './rng.ts';

/** Dense reference: fill unseen with column means, centre, form the covariance and find its top eigenvectors. */
function denseReference(rows: (number | null)[][]) {
  const S = rows[0].length;
  const mean = Array.from({ length: S }, (_, s) => {
    const seen = rows.map((r) => r[s]).filter((v): v is number => v !== null);
    return seen.length ? seen.reduce((a, b) => a + b, 0) / seen.length : 0;
  });
  const X = rows.map((r) => r.map((v, s) => (v === null ? mean[s] : v) - mean[s]));
  const C = Array.from({ length: S }, (_, i) => Array.from({ length: S }, (_, j) => X.reduce((a, r) => a + r[i] * r[j], 0)));
  // Jacobi would be overkill: deflated power iteration with many steps on the explicit matrix.
  const comps: number[][] = [];
  for (let c = 0; c < 2; c++) {
    let v = Array.from({ length: S }, (_, i) => 1 + i * 0.01);
    for (let it = 0; it < 5000; it++) {
      for (const u of comps) {
        const d = v.reduce((a, x, i) => a + x * u[i], 0);
        v = v.map((x, i) => x - d * u[i]);
      }
      const w = C.map((row) => row.reduce((a, x, j) => a + x * v[j], 0));
      const n = Math.hypot(...w);
      v = w.map((x) => x / n);
    }
    comps.push(v);
  }
  return { mean, comps };
}

describe('pca with missing votes', () => {
  const rng = createRng(11);
  const P = 60;
  const S = 12;
  const rows: (number | null)[][] = [];
  const log = new VoteLog();
  for (let p = 0; p < P; p++) {
    const side = p % 2 === 0 ? 1 : -1;
    const row: (number | null)[] = [];
    for (let s = 0; s < S; s++) {
      if (rng() < 0.3) {
        row.push(null);
        continue;
      }
      const lean = s < 6 ? side : s < 9 ? (p % 3 === 0 ? 1 : -1) : 1;
      const v = rng() < 0.8 ? lean : rng() < 0.5 ? 0 : -lean;
      row.push(v);
      log.append(p, s, v);
    }
    rows.push(row);
  }
  const matrix = log.toMatrix(P, S);
  const ref = denseReference(rows);

  it('matches a dense column-mean-filled PCA', () => {
    const result = pca(matrix, { seed: 3, maxIterations: 2000, tolerance: 1e-12 });
    for (let s = 0; s < S; s++) expect(result.center[s]).toBeCloseTo(ref.mean[s], 12);
    for (let c = 0; c < 2; c++) {
      const dot = result.components[c].reduce((a, x, i) => a + x * ref.comps[c][i], 0);
      expect(Math.abs(dot)).toBeGreaterThan(0.999999);
    }
  });

  it('scales projections by sqrt(n_statements / n_voted) over voted cells only', () => {
    const result = pca(matrix, { seed: 3 });
    const proj = projectParticipants(matrix, result);
    const p = 5;
    const voted = rows[p].map((v, s) => [v, s] as const).filter(([v]) => v !== null);
    const raw = voted.reduce((a, [v, s]) => a + ((v as number) - result.center[s]) * result.components[0][s], 0);
    expect(proj[2 * p]).toBeCloseTo(raw * Math.sqrt(S / voted.length), 12);
  });

  it('ignores moderated-out statements and is deterministic for a seed', () => {
    const active = new Uint8Array(S).fill(1);
    active[0] = 0;
    const a = pca(matrix, { seed: 9, active });
    const b = pca(matrix, { seed: 9, active });
    expect(a.components[0][0]).toBe(0);
    expect(a.center[0]).toBe(0);
    expect(Array.from(a.components[1])).toEqual(Array.from(b.components[1]));
  });

  it('needs fewer iterations when warm-started from its own answer', () => {
    const cold = pca(matrix, { seed: 2, tolerance: 1e-10, maxIterations: 1000 });
    const warm = pca(matrix, { seed: 2, tolerance: 1e-10, maxIterations: 1000, start: cold.components });
    expect(warm.iterations[0]).toBeLessThan(cold.iterations[0]);
    expect(warm.iterations[0]).toBeLessThanOrEqual(3);
  });

  it('returns zero components for a matrix without variance', () => {
    const flat = new VoteLog();
    for (let p = 0; p < 5; p++) flat.append(p, 0, 1);
    const result = pca(flat.toMatrix());
    expect(Array.from(result.components[0])).toEqual([0]);
  });
});
