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
  /** ... or when no statement intercept or factor moves by more than this in a sweep. */
  parameterTolerance?: number;
  seed?: number;
  active?: Uint8Array;
  /** Minimum ratings before a statement can be called bridging (Community Notes asks for 5). */
  minRatings?: number;
  interceptThreshold?: number;
  factorThreshold?: number;
  /** Warm start from a previous fit (new participants and statements start at zero / seeded). */
  previous?: BridgingModel;
  /**
   * Starting participant factors, e.g. their position on the first principal component: the factor is the main
   * axis of division, so starting there saves most of the sweeps a random start needs. Rescaled internally.
   */
  initialParticipantFactor?: Float64Array;
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

interface Ratings {
  rowStart: Int32Array;
  rowStatement: Int32Array;
  rowRating: Float32Array;
  colStart: Int32Array;
  colParticipant: Int32Array;
  colRating: Float32Array;
  count: number;
}

/** The ratings alone (passes and inactive statements dropped), by row and by column, for tight loops. */
function collectRatings(matrix: VoteMatrix, active: Uint8Array, passRating: number | null): Ratings {
  const P = matrix.nParticipants;
  const S = matrix.nStatements;
  const rowStart = new Int32Array(P + 1);
  let count = 0;
  for (let p = 0; p < P; p++) {
    rowStart[p] = count;
    for (let k = matrix.rowStart[p]; k < matrix.rowStart[p + 1]; k++) {
      if (active[matrix.statement[k]] !== 0 && (matrix.value[k] !== 0 || passRating !== null)) count += 1;
    }
  }
  rowStart[P] = count;
  const rowStatement = new Int32Array(count);
  const rowRating = new Float32Array(count);
  const colStart = new Int32Array(S + 1);
  let at = 0;
  for (let p = 0; p < P; p++) {
    for (let k = matrix.rowStart[p]; k < matrix.rowStart[p + 1]; k++) {
      const s = matrix.statement[k];
      const v = matrix.value[k];
      if (active[s] === 0 || (v === 0 && passRating === null)) continue;
      rowStatement[at] = s;
      rowRating[at] = v === 1 ? 1 : v === -1 ? 0 : (passRating as number);
      colStart[s + 1] += 1;
      at += 1;
    }
  }
  for (let s = 0; s < S; s++) colStart[s + 1] += colStart[s];
  const cursor = colStart.slice(0, S);
  const colParticipant = new Int32Array(count);
  const colRating = new Float32Array(count);
  for (let p = 0; p < P; p++) {
    for (let k = rowStart[p]; k < rowStart[p + 1]; k++) {
      const c = cursor[rowStatement[k]]++;
      colParticipant[c] = p;
      colRating[c] = rowRating[k];
    }
  }
  return { rowStart, rowStatement, rowRating, colStart, colParticipant, colRating, count };
}

/**
 * Minimises Σ (y − a − b x)² + λa a² + λb b² over (a, b) by the 2×2 normal equations, from the sums
 * n, Σx, Σx², Σy, Σxy; writes a to intercepts[i] and b to factors[i].
 */
function solveBlock(
  n: number, sx: number, sxx: number, sy: number, sxy: number,
  la: number, lb: number,
  intercepts: Float64Array, factors: Float64Array, i: number,
): void {
  const a11 = n + la;
  const a22 = sxx + lb;
  const det = a11 * a22 - sx * sx;
  if (n === 0 || det <= 0) {
    intercepts[i] = 0;
    factors[i] = 0;
    return;
  }
  intercepts[i] = (a22 * sy - sx * sxy) / det;
  factors[i] = (a11 * sxy - sx * sy) / det;
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

function lossOf(r: Ratings, mu: number, iu: Float64Array, is: Float64Array, fu: Float64Array, fs: Float64Array): number {
  let sum = 0;
  for (let p = 0; p < r.rowStart.length - 1; p++) {
    for (let k = r.rowStart[p]; k < r.rowStart[p + 1]; k++) {
      const s = r.rowStatement[k];
      const e = r.rowRating[k] - (mu + iu[p] + is[s] + fu[p] * fs[s]);
      sum += e * e;
    }
  }
  return sum;
}

export function fitBridging(matrix: VoteMatrix, options: BridgingOptions = {}): BridgingModel {
  const li = options.lambdaIntercept ?? 0.15;
  const lf = options.lambdaFactor ?? 0.03;
  const passRating = options.passRating ?? null;
  const maxSweeps = options.maxSweeps ?? 200;
  const tolerance = options.tolerance ?? 1e-7;
  const parameterTolerance = options.parameterTolerance ?? 5e-4;
  const active = options.active ?? new Uint8Array(matrix.nStatements).fill(1);
  const P = matrix.nParticipants;
  const S = matrix.nStatements;
  const ratings = collectRatings(matrix, active, passRating);
  const { rowStart, rowStatement, rowRating, colStart, colParticipant, colRating } = ratings;

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
  // A factor that starts at zero everywhere is a saddle point, so new participants start small and random,
  // or on the axis the caller suggests.
  const firstNew = prev ? prev.participantFactor.length : 0;
  const hint = options.initialParticipantFactor;
  let hintScale = 0;
  if (hint && hint.length >= P) {
    let squares = 0;
    for (let p = 0; p < P; p++) squares += hint[p] * hint[p];
    // Match the spread of the factors already fitted (warm start), else a modest 0.3.
    let target = 0.3;
    if (firstNew > 0) {
      let fitted = 0;
      for (let p = 0; p < firstNew; p++) fitted += fu[p] * fu[p];
      if (fitted > 0) target = Math.sqrt(fitted / firstNew);
      // Orient the hint like the fitted factors, since a principal component's sign is arbitrary.
      let agreement = 0;
      for (let p = 0; p < firstNew; p++) agreement += fu[p] * hint[p];
      if (agreement < 0) target = -target;
    }
    hintScale = squares > 0 ? target / Math.sqrt(squares / Math.max(P, 1)) : 0;
  }
  for (let p = firstNew; p < P; p++) fu[p] = hintScale !== 0 ? hint![p] * hintScale : (rng() - 0.5) * 0.2;

  const penalty = (): number => {
    let reg = li * mu * mu;
    for (let p = 0; p < P; p++) reg += li * iu[p] * iu[p] + lf * fu[p] * fu[p];
    for (let s = 0; s < S; s++) reg += li * is[s] * is[s] + lf * fs[s] * fs[s];
    return reg;
  };

  let loss = Infinity;
  let sweeps = 0;
  const oldIs = new Float64Array(S);
  const oldFs = new Float64Array(S);
  while (sweeps < maxSweeps && ratings.count > 0) {
    sweeps += 1;
    oldIs.set(is);
    oldFs.set(fs);
    for (let s = 0; s < S; s++) {
      let sx = 0, sxx = 0, sy = 0, sxy = 0;
      const end = colStart[s + 1];
      for (let k = colStart[s]; k < end; k++) {
        const p = colParticipant[k];
        const x = fu[p];
        const y = colRating[k] - mu - iu[p];
        sx += x; sxx += x * x; sy += y; sxy += x * y;
      }
      solveBlock(end - colStart[s], sx, sxx, sy, sxy, li, lf, is, fs, s);
    }
    // Participants, fused with the sums μ's closed form and the loss need, so a sweep reads the ratings twice.
    let residual = 0;
    let squares = 0;
    for (let p = 0; p < P; p++) {
      let sx = 0, sxx = 0, sy = 0, sxy = 0;
      const start = rowStart[p];
      const end = rowStart[p + 1];
      for (let k = start; k < end; k++) {
        const s = rowStatement[k];
        const x = fs[s];
        const y = rowRating[k] - mu - is[s];
        sx += x; sxx += x * x; sy += y; sxy += x * y;
      }
      solveBlock(end - start, sx, sxx, sy, sxy, li, lf, iu, fu, p);
      const a = iu[p];
      const b = fu[p];
      for (let k = start; k < end; k++) {
        const s = rowStatement[k];
        const e = rowRating[k] - is[s] - a - b * fs[s];
        residual += e;
        squares += (e - mu) * (e - mu);
      }
    }
    const next = squares + penalty();
    mu = residual / (ratings.count + li);
    mu = rebalance(mu, is, iu, fs, fu, li, lf);
    let moved = 0;
    for (let s = 0; s < S; s++) moved = Math.max(moved, Math.abs(is[s] - oldIs[s]), Math.abs(fs[s] - oldFs[s]));
    const improved = loss - next;
    loss = next;
    if (moved < parameterTolerance) break;
    if (Number.isFinite(improved) && improved >= 0 && improved <= tolerance * Math.max(loss, 1e-12)) break;
  }
  loss = ratings.count > 0 ? lossOf(ratings, mu, iu, is, fu, fs) + penalty() : penalty();

  const minRatings = options.minRatings ?? 5;
  const interceptThreshold = options.interceptThreshold ?? 0.4;
  const factorThreshold = options.factorThreshold ?? 0.5;
  const ratingsPerStatement = new Int32Array(S);
  for (let s = 0; s < S; s++) ratingsPerStatement[s] = colStart[s + 1] - colStart[s];
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
