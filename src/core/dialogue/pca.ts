/**
 * PCA with missing votes, as Pol.is does it (polismath/math/pca.clj): unseen cells are filled with the column
 * mean, two components are found by power iteration on the centred matrix, and participants are projected with
 * the sparsity-aware scaling sqrt(n_statements / n_voted).
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

/** out = X^T X v for the centred sparse matrix, with scratch holding X v per participant. */
function gramTimes(matrix: VoteMatrix, active: Uint8Array, center: Float64Array, v: Float64Array, out: Float64Array) {
  out.fill(0);
  const { rowStart, statement, value } = matrix;
  for (let p = 0; p < matrix.nParticipants; p++) {
    const start = rowStart[p];
    const end = rowStart[p + 1];
    let dot = 0;
    for (let k = start; k < end; k++) {
      const s = statement[k];
      if (active[s] !== 0) dot += (value[k] - center[s]) * v[s];
    }
    if (dot === 0) continue;
    for (let k = start; k < end; k++) {
      const s = statement[k];
      if (active[s] !== 0) out[s] += dot * (value[k] - center[s]);
    }
  }
}

function norm(v: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += v[i] * v[i];
  return Math.sqrt(sum);
}

function removeComponent(v: Float64Array, unit: Float64Array): void {
  let dot = 0;
  for (let i = 0; i < v.length; i++) dot += v[i] * unit[i];
  for (let i = 0; i < v.length; i++) v[i] -= dot * unit[i];
}

function powerIteration(
  matrix: VoteMatrix,
  active: Uint8Array,
  center: Float64Array,
  start: Float64Array,
  deflate: Float64Array | null,
  maxIterations: number,
  tolerance: number,
): { vector: Float64Array; iterations: number; eigenvalue: number } {
  let v = Float64Array.from(start);
  for (let s = 0; s < v.length; s++) if (active[s] === 0) v[s] = 0;
  if (deflate) removeComponent(v, deflate);
  const length = norm(v);
  if (length === 0) return { vector: new Float64Array(v.length), iterations: 0, eigenvalue: 0 };
  for (let i = 0; i < v.length; i++) v[i] /= length;
  let next = new Float64Array(v.length);
  let eigenvalue = 0;
  let iterations = 0;
  while (iterations < maxIterations) {
    iterations += 1;
    gramTimes(matrix, active, center, v, next);
    // Projecting out the first component before and after is the same as deflating the data (factor-matrix).
    if (deflate) removeComponent(next, deflate);
    eigenvalue = norm(next);
    if (eigenvalue === 0) return { vector: new Float64Array(v.length), iterations, eigenvalue: 0 };
    let moved = 0;
    for (let i = 0; i < next.length; i++) {
      next[i] /= eigenvalue;
      const d = next[i] - v[i];
      moved += d * d;
    }
    [v, next] = [next, v];
    if (Math.sqrt(moved) < tolerance) break;
  }
  return { vector: v, iterations, eigenvalue };
}

/** Keeps a component's sign stable between runs: the previous direction if given, else largest entry positive. */
function orient(vector: Float64Array, reference: Float64Array | undefined): void {
  let dot = 0;
  if (reference && reference.length === vector.length) {
    for (let i = 0; i < vector.length; i++) dot += vector[i] * reference[i];
  }
  if (dot === 0) {
    let best = 0;
    for (let i = 0; i < vector.length; i++) if (Math.abs(vector[i]) > Math.abs(best)) best = vector[i];
    dot = best;
  }
  if (dot < 0) for (let i = 0; i < vector.length; i++) vector[i] = -vector[i];
}

export function pca(matrix: VoteMatrix, options: PcaOptions = {}): PcaResult {
  const active = options.active ?? new Uint8Array(matrix.nStatements).fill(1);
  const maxIterations = options.maxIterations ?? 100;
  const tolerance = options.tolerance ?? 1e-8;
  const center = columnMeans(matrix, active);
  const rng = createRng(options.seed ?? 1);
  const startFor = (index: 0 | 1): Float64Array => {
    const previous = options.start?.[index];
    const v = new Float64Array(matrix.nStatements);
    if (previous) v.set(previous.subarray(0, Math.min(previous.length, v.length)));
    // New statements (or a first run) get a random start, as Pol.is does with rand-starting-vec.
    for (let s = previous ? previous.length : 0; s < v.length; s++) v[s] = rng();
    if (norm(v) === 0) for (let s = 0; s < v.length; s++) v[s] = rng();
    return v;
  };
  const first = powerIteration(matrix, active, center, startFor(0), null, maxIterations, tolerance);
  orient(first.vector, options.start?.[0]);
  const second = powerIteration(matrix, active, center, startFor(1), first.vector, maxIterations, tolerance);
  orient(second.vector, options.start?.[1]);
  return {
    center,
    components: [first.vector, second.vector],
    iterations: [first.iterations, second.iterations],
    eigenvalues: [first.eigenvalue, second.eigenvalue],
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
