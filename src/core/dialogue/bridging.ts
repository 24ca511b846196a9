/**
 * Bridging by matrix factorisation, as in Community Notes (Wojcik et al. 2022, "Birdwatch: Crowd Wisdom and
 * Bridging Algorithms can Inform Understanding and Reduce the Spread of Misinformation"; twitter/communitynotes):
 *
 *   r̂(u, s) = μ + i_u + i_s + f_u · f_s          (one-dimensional factor)
 *   loss = Σ_observed (r − r̂)² + λ_i (μ² + Σ i_u² + Σ i_s²) + λ_f (Σ f_u² + Σ f_s²),  λ_i = 0.15, λ_f = 0.03
 *
 * A statement bridges when its intercept i_s ≥ 0.40 and |f_s| < 0.5: people agree with it beyond what their
 * position on the main axis of division (the factor) explains.
 *
 * Fitting is block coordinate descent: with the participants' parameters fixed, each statement's (i_s, f_s) is
 * the exact minimiser of a 2×2 ridge problem, and the other way round; μ is updated in closed form. Each block
 * step follows the negative gradient to the block's minimum, so the loss never increases, and the result is
 * deterministic for a given seed (which only sets the initial participant factors).
 *
 * Ratings: agree → 1 (as "helpful"), disagree → 0 ("not helpful"); a pass is by default not a rating, because
 * it says "no opinion" rather than "somewhat helpful"; `passRating: 0.5` counts it as the middle rating instead.
 */
import type { VoteMatrix } from './vote-matrix.ts';
import { createRng } from './rng.ts';

export interface BridgingOptions {
  lambdaIntercept?: number;
  lambdaFactor?: number;
  /** null (default): passes are ignored; a number: the rating a pass stands for. */
  passRating?: number | null;
  maxSweeps?: number;
  /** Stop when the loss improves by less than this fraction. */
  tolerance?: number;
  seed?: number;
  active?: Uint8Array;
  /** Minimum ratings before a statement can be called bridging (Community Notes asks for 5). */
  minRatings?: number;
  interceptThreshold?: number;
  factorThreshold?: number;
  /** Warm start from a previous fit (new participants and statements start at zero / seeded). */
  previous?: BridgingModel;
}

export interface BridgingModel {
  mu: number;
  participantIntercept: Float64Array;
  participantFactor: Float64Array;
  statementIntercept: Float64Array;
  statementFactor: Float64Array;
  ratingsPerStatement: Int32Array;
  bridging: Uint8Array;
  loss: number;
  sweeps: number;
}

/** Column-major copy of the ratings so statement blocks can be solved without scanning every row. */
function transpose(matrix: VoteMatrix, rating: Float32Array, keep: Uint8Array) {
  const S = matrix.nStatements;
  const colStart = new Int32Array(S + 1);
  for (let k = 0; k < matrix.statement.length; k++) if (keep[k]) colStart[matrix.statement[k] + 1] += 1;
  for (let s = 0; s < S; s++) colStart[s + 1] += colStart[s];
  const cursor = colStart.slice(0, S);
  const participant = new Int32Array(colStart[S]);
  const value = new Float32Array(colStart[S]);
  for (let p = 0; p < matrix.nParticipants; p++) {
    for (let k = matrix.rowStart[p]; k < matrix.rowStart[p + 1]; k++) {
      if (!keep[k]) continue;
      const at = cursor[matrix.statement[k]]++;
      participant[at] = p;
      value[at] = rating[k];
    }
  }
  return { colStart, participant, value };
}

/** Minimises Σ (y − a − b x)² + λa a² + λb b² over (a, b): the 2×2 normal equations. */
function solveBlock(n: number, sx: number, sxx: number, sy: number, sxy: number, la: number, lb: number): [number, number] {
  const a11 = n + la;
  const a12 = sx;
  const a22 = sxx + lb;
  const det = a11 * a22 - a12 * a12;
  if (det <= 0) return [0, 0];
  return [(a22 * sy - a12 * sxy) / det, (a11 * sxy - a12 * sy) / det];
}

/**
 * Moves along the directions the data cannot see and coordinate descent crawls along: shifting a constant from
 * every statement (or participant) intercept into μ, and scaling f_u up while scaling f_s down. Predictions are
 * unchanged, so only the penalty moves, and each shift is its exact minimiser; without this, μ and the
 * intercepts take hundreds of sweeps to settle.
 */
function rebalance(
  mu: number,
  is: Float64Array,
  iu: Float64Array,
  fs: Float64Array,
  fu: Float64Array,
  li: number,
  lf: number,
): number {
  let sumS = 0;
  for (let s = 0; s < is.length; s++) sumS += is[s];
  let sumU = 0;
  for (let p = 0; p < iu.length; p++) sumU += iu[p];
  let shiftS = 0;
  let shiftU = 0;
  for (let round = 0; round < 20; round++) {
    shiftS = (sumS - mu - shiftU) / (is.length + 1);
    shiftU = (sumU - mu - shiftS) / (iu.length + 1);
  }
  for (let s = 0; s < is.length; s++) is[s] -= shiftS;
  for (let p = 0; p < iu.length; p++) iu[p] -= shiftU;
  let squaresS = 0;
  for (let s = 0; s < fs.length; s++) squaresS += fs[s] * fs[s];
  let squaresU = 0;
  for (let p = 0; p < fu.length; p++) squaresU += fu[p] * fu[p];
  if (squaresS > 0 && squaresU > 0 && li > 0 && lf > 0) {
    const c = Math.pow(squaresS / squaresU, 0.25);
    for (let s = 0; s < fs.length; s++) fs[s] /= c;
    for (let p = 0; p < fu.length; p++) fu[p] *= c;
  }
  return mu + shiftS + shiftU;
}

export function fitBridging(matrix: VoteMatrix, options: BridgingOptions = {}): BridgingModel {
  const li = options.lambdaIntercept ?? 0.15;
  const lf = options.lambdaFactor ?? 0.03;
  const passRating = options.passRating ?? null;
  const maxSweeps = options.maxSweeps ?? 200;
  const tolerance = options.tolerance ?? 1e-7;
  const active = options.active ?? new Uint8Array(matrix.nStatements).fill(1);
  const P = matrix.nParticipants;
  const S = matrix.nStatements;
  const nnz = matrix.statement.length;

  const rating = new Float32Array(nnz);
  const keep = new Uint8Array(nnz);
  let nRatings = 0;
  for (let k = 0; k < nnz; k++) {
    if (active[matrix.statement[k]] === 0) continue;
    const v = matrix.value[k];
    if (v === 0 && passRating === null) continue;
    rating[k] = v === 1 ? 1 : v === -1 ? 0 : (passRating as number);
    keep[k] = 1;
    nRatings += 1;
  }
  const columns = transpose(matrix, rating, keep);

  const rng = createRng(options.seed ?? 1);
  const prev = options.previous;
  let mu = prev?.mu ?? 0;
  const iu = new Float64Array(P);
  const fu = new Float64Array(P);
  const is = new Float64Array(S);
  const fs = new Float64Array(S);
  if (prev) {
    iu.set(prev.participantIntercept.subarray(0, Math.min(P, prev.participantIntercept.length)));
    fu.set(prev.participantFactor.subarray(0, Math.min(P, prev.participantFactor.length)));
    is.set(prev.statementIntercept.subarray(0, Math.min(S, prev.statementIntercept.length)));
    fs.set(prev.statementFactor.subarray(0, Math.min(S, prev.statementFactor.length)));
  }
  // A factor that starts at zero everywhere is a saddle point, so new participants start small and random.
  for (let p = prev ? prev.participantFactor.length : 0; p < P; p++) fu[p] = (rng() - 0.5) * 0.2;

  const lossNow = (): number => {
    let sum = 0;
    for (let p = 0; p < P; p++) {
      for (let k = matrix.rowStart[p]; k < matrix.rowStart[p + 1]; k++) {
        if (!keep[k]) continue;
        const s = matrix.statement[k];
        const e = rating[k] - (mu + iu[p] + is[s] + fu[p] * fs[s]);
        sum += e * e;
      }
    }
    let reg = li * mu * mu;
    for (let p = 0; p < P; p++) reg += li * iu[p] * iu[p] + lf * fu[p] * fu[p];
    for (let s = 0; s < S; s++) reg += li * is[s] * is[s] + lf * fs[s] * fs[s];
    return sum + reg;
  };

  let loss = lossNow();
  let sweeps = 0;
  while (sweeps < maxSweeps && nRatings > 0) {
    sweeps += 1;
    for (let s = 0; s < S; s++) {
      let n = 0, sx = 0, sxx = 0, sy = 0, sxy = 0;
      for (let k = columns.colStart[s]; k < columns.colStart[s + 1]; k++) {
        const p = columns.participant[k];
        const x = fu[p];
        const y = columns.value[k] - mu - iu[p];
        n += 1; sx += x; sxx += x * x; sy += y; sxy += x * y;
      }
      [is[s], fs[s]] = n > 0 ? solveBlock(n, sx, sxx, sy, sxy, li, lf) : [0, 0];
    }
    for (let p = 0; p < P; p++) {
      let n = 0, sx = 0, sxx = 0, sy = 0, sxy = 0;
      for (let k = matrix.rowStart[p]; k < matrix.rowStart[p + 1]; k++) {
        if (!keep[k]) continue;
        const s = matrix.statement[k];
        const x = fs[s];
        const y = rating[k] - mu - is[s];
        n += 1; sx += x; sxx += x * x; sy += y; sxy += x * y;
      }
      [iu[p], fu[p]] = n > 0 ? solveBlock(n, sx, sxx, sy, sxy, li, lf) : [0, 0];
    }
    let residual = 0;
    for (let p = 0; p < P; p++) {
      for (let k = matrix.rowStart[p]; k < matrix.rowStart[p + 1]; k++) {
        if (!keep[k]) continue;
        const s = matrix.statement[k];
        residual += rating[k] - (iu[p] + is[s] + fu[p] * fs[s]);
      }
    }
    mu = residual / (nRatings + li);
    mu = rebalance(mu, is, iu, fs, fu, li, lf);
    const next = lossNow();
    const improved = loss - next;
    loss = next;
    if (improved >= 0 && improved <= tolerance * Math.max(loss, 1e-12)) break;
  }

  const minRatings = options.minRatings ?? 5;
  const interceptThreshold = options.interceptThreshold ?? 0.4;
  const factorThreshold = options.factorThreshold ?? 0.5;
  const ratingsPerStatement = new Int32Array(S);
  for (let s = 0; s < S; s++) ratingsPerStatement[s] = columns.colStart[s + 1] - columns.colStart[s];
  const bridging = new Uint8Array(S);
  for (let s = 0; s < S; s++) {
    bridging[s] =
      ratingsPerStatement[s] >= minRatings && is[s] >= interceptThreshold && Math.abs(fs[s]) < factorThreshold ? 1 : 0;
  }
  return {
    mu,
    participantIntercept: iu,
    participantFactor: fu,
    statementIntercept: is,
    statementFactor: fs,
    ratingsPerStatement,
    bridging,
    loss,
    sweeps,
  };
}
