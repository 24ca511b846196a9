/**
 * PCA with missing votes, as Pol.is does it (polismath/math/pca.clj): unseen cells are filled with the column
 * mean, two components are found by power iteration on the centred matrix, and participants are projected with
 * the sparsity-aware scaling sqrt(n_statements / n_voted). (The two components are found together by subspace
 * iteration, see subspaceIteration, rather than one after the other with deflation.)
 *
 * Filling with the column mean and then centring turns every unseen cell into exactly zero, so the centred
 * matrix is as sparse as the votes and X^T X v is computed from the stored votes alone, never densified.
 */
import type { VoteMatrix } from './vote-matrix.ts';
import { createRng } from './rng.ts';

export interface PcaResult {
  /** Column means over cast votes (agree 1, disagree -1, pass 0); 0 for inactive or unvoted statements. */
  center: Float64Array;
  /** Unit-length components over statements; inactive statements carry 0. */
  components: [Float64Array, Float64Array];
  /** Power-iteration steps used per component (shows how much a warm start saved). */
  iterations: [number, number];
  /** Eigenvalue estimates |X^T X c| of the two components. */
  eigenvalues: [number, number];
}

export interface PcaOptions {
  /** 1 where the statement takes part (moderated-out statements are 0). Defaults to all. */
  active?: Uint8Array;
  /** Previous components, to warm-start the power iteration after new votes. */
  start?: [Float64Array, Float64Array];
  /** Pol.is uses 100. */
  maxIterations?: number;
  /** Stop once the component moves less than this (Euclidean) between steps. */
  tolerance?: number;
  seed?: number;
}

export function columnMeans(matrix: VoteMatrix, active: Uint8Array): Float64Array {
  const sum = new Float64Array(matrix.nStatements);
  const n = new Float64Array(matrix.nStatements);
  for (let k = 0; k < matrix.statement.length; k++) {
    const s = matrix.statement[k];
    if (active[s] === 0) continue;
    sum[s] += matrix.value[k];
    n[s] += 1;
  }
  for (let s = 0; s < sum.length; s++) sum[s] = n[s] > 0 ? sum[s] / n[s] : 0;
  return sum;
}

/**
 * Centred value of every stored vote (vote − column mean), 0 for inactive statements: computed once so the
 * power-iteration passes are tight multiply-adds over the votes.
 */
function centredValues(matrix: VoteMatrix, active: Uint8Array, center: Float64Array): Float64Array {
  const out = new Float64Array(matrix.statement.length);
  for (let k = 0; k < out.length; k++) {
    const s = matrix.statement[k];
    out[k] = active[s] !== 0 ? matrix.value[k] - center[s] : 0;
  }
  return out;
}

/** (out1, out2) = X^T X (v1, v2) in one pass over the votes: both vectors share the row scans. */
function gramTimesPair(
  matrix: VoteMatrix,
  centred: Float64Array,
  v1: Float64Array,
  v2: Float64Array,
  out1: Float64Array,
  out2: Float64Array,
): void {
  out1.fill(0);
  out2.fill(0);
  const { rowStart, statement } = matrix;
  for (let p = 0; p < matrix.nParticipants; p++) {
    const start = rowStart[p];
    const end = rowStart[p + 1];
    let d1 = 0;
    let d2 = 0;
    for (let k = start; k < end; k++) {
      const s = statement[k];
      const x = centred[k];
      d1 += x * v1[s];
      d2 += x * v2[s];
    }
    if (d1 === 0 && d2 === 0) continue;
    for (let k = start; k < end; k++) {
      const s = statement[k];
      const x = centred[k];
      out1[s] += d1 * x;
      out2[s] += d2 * x;
    }
  }
}

function norm(v: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += v[i] * v[i];
  return Math.sqrt(sum);
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

/** Gram–Schmidt on (a, b) in place; returns false when a vanishes. b may come out zero (rank one). */
function orthonormalise(a: Float64Array, b: Float64Array): boolean {
  const na = norm(a);
  if (na === 0) return false;
  for (let i = 0; i < a.length; i++) a[i] /= na;
  const d = dot(a, b);
  for (let i = 0; i < b.length; i++) b[i] -= d * a[i];
  const nb = norm(b);
  if (nb > 1e-12 * na) for (let i = 0; i < b.length; i++) b[i] /= nb;
  else b.fill(0);
  return true;
}

/**
 * Two-component power iteration as simultaneous (subspace) iteration with a Rayleigh–Ritz step: the pair is
 * multiplied by X^T X together, re-orthonormalised, and rotated within its plane onto the eigenvectors of the
 * 2×2 projected matrix. This finds the same two components as Pol.is's power iteration followed by deflation,
 * but converges at the rate λ3/λ2 instead of λ2/λ1, which matters when two opinion axes are nearly as strong.
 */
function subspaceIteration(
  matrix: VoteMatrix,
  centred: Float64Array,
  start1: Float64Array,
  start2: Float64Array,
  active: Uint8Array,
  maxIterations: number,
  tolerance: number,
): { v1: Float64Array; v2: Float64Array; iterations: number; eigenvalues: [number, number] } {
  const S = matrix.nStatements;
  let v1 = Float64Array.from(start1);
  let v2 = Float64Array.from(start2);
  for (let s = 0; s < S; s++) if (active[s] === 0) v1[s] = v2[s] = 0;
  const zero = () => ({ v1: new Float64Array(S), v2: new Float64Array(S), iterations: 0, eigenvalues: [0, 0] as [number, number] });
  if (!orthonormalise(v1, v2)) return zero();
  let w1 = new Float64Array(S);
  let w2 = new Float64Array(S);
  let eigenvalues: [number, number] = [0, 0];
  let iterations = 0;
  while (iterations < maxIterations) {
    iterations += 1;
    gramTimesPair(matrix, centred, v1, v2, w1, w2);
    // Rayleigh–Ritz: H = V^T A V is 2×2 symmetric; rotate V onto its eigenvectors.
    const h11 = dot(v1, w1);
    const h12 = dot(v1, w2);
    const h22 = dot(v2, w2);
    const theta = 0.5 * Math.atan2(2 * h12, h11 - h22);
    const c = Math.cos(theta);
    const sn = Math.sin(theta);
    const r1 = c * c * h11 + 2 * c * sn * h12 + sn * sn * h22;
    const r2 = sn * sn * h11 - 2 * c * sn * h12 + c * c * h22;
    for (let i = 0; i < S; i++) {
      const a = w1[i];
      const b = w2[i];
      w1[i] = c * a + sn * b;
      w2[i] = -sn * a + c * b;
    }
    if (r2 > r1) [w1, w2] = [w2, w1];
    eigenvalues = r2 > r1 ? [r2, r1] : [r1, r2];
    if (!orthonormalise(w1, w2)) return { ...zero(), iterations };
    // Compare directions up to sign: the subspace has converged when both vectors stop turning.
    const moved = Math.max(1 - Math.abs(dot(v1, w1)), v2.some((x) => x !== 0) || w2.some((x) => x !== 0) ? 1 - Math.abs(dot(v2, w2)) : 0);
    [v1, w1] = [w1, v1];
    [v2, w2] = [w2, v2];
    if (moved < tolerance) break;
  }
  return { v1, v2, iterations, eigenvalues };
}

/** Keeps a component's sign stable between runs: the previous direction if given, else largest entry positive. */
function orient(vector: Float64Array, reference: Float64Array | undefined): void {
  let d = 0;
  if (reference && reference.length === vector.length) d = dot(vector, reference);
  if (d === 0) {
    let best = 0;
    for (let i = 0; i < vector.length; i++) if (Math.abs(vector[i]) > Math.abs(best)) best = vector[i];
    d = best;
  }
  if (d < 0) for (let i = 0; i < vector.length; i++) vector[i] = -vector[i];
}

export function pca(matrix: VoteMatrix, options: PcaOptions = {}): PcaResult {
  const active = options.active ?? new Uint8Array(matrix.nStatements).fill(1);
  const maxIterations = options.maxIterations ?? 100;
  const tolerance = options.tolerance ?? 1e-10;
  const center = columnMeans(matrix, active);
  const rng = createRng(options.seed ?? 1);
  const startFor = (index: 0 | 1): Float64Array => {
    const previous = options.start?.[index];
    const v = new Float64Array(matrix.nStatements);
    if (previous) v.set(previous.subarray(0, Math.min(previous.length, v.length)));
    // New statements (or a first run) get a random start, as Pol.is does with rand-starting-vec.
    for (let s = previous ? previous.length : 0; s < v.length; s++) v[s] = rng() - 0.5;
    if (norm(v) === 0) for (let s = 0; s < v.length; s++) v[s] = rng() - 0.5;
    return v;
  };
  const centred = centredValues(matrix, active, center);
  const result = subspaceIteration(matrix, centred, startFor(0), startFor(1), active, maxIterations, tolerance);
  orient(result.v1, options.start?.[0]);
  orient(result.v2, options.start?.[1]);
  return {
    center,
    components: [result.v1, result.v2],
    iterations: [result.iterations, result.iterations],
    eigenvalues: result.eigenvalues,
  };
}

/**
 * Projects every participant onto the two components using only the statements they voted on, scaled by
 * sqrt(n_active / n_voted) so that people who saw few statements are not pulled towards the centre
 * (sparsity-aware-project-ptpt in pca.clj). Returns interleaved x, y pairs.
 */
export function projectParticipants(matrix: VoteMatrix, result: PcaResult, active?: Uint8Array): Float64Array {
  const mask = active ?? new Uint8Array(matrix.nStatements).fill(1);
  let nActive = 0;
  for (let s = 0; s < mask.length; s++) nActive += mask[s] !== 0 ? 1 : 0;
  const [c1, c2] = result.components;
  const out = new Float64Array(matrix.nParticipants * 2);
  for (let p = 0; p < matrix.nParticipants; p++) {
    let x = 0;
    let y = 0;
    let voted = 0;
    for (let k = matrix.rowStart[p]; k < matrix.rowStart[p + 1]; k++) {
      const s = matrix.statement[k];
      if (mask[s] === 0) continue;
      const centred = matrix.value[k] - result.center[s];
      x += centred * c1[s];
      y += centred * c2[s];
      voted += 1;
    }
    const scale = Math.sqrt(nActive / Math.max(voted, 1));
    out[2 * p] = x * scale;
    out[2 * p + 1] = y * scale;
  }
  return out;
}
