/**
 * Weighted k-means on 2-D points (interleaved x, y), as used twice by Pol.is: ~100 base clusters over the
 * participants' PCA positions, then 2..5 groups over the base-cluster centres weighted by their sizes
 * (polismath/math/clusters.clj). Warm starts reuse the previous centres so that groups stay put as votes arrive.
 */
import { createRng } from './rng.ts';

export interface KMeansResult {
  /** Interleaved centres; length 2k. Empty clusters are dropped, so k may be below the k asked for. */
  centers: Float64Array;
  k: number;
  assignment: Int32Array;
  /** Total weight per cluster. */
  sizes: Float64Array;
  iterations: number;
}

export interface KMeansOptions {
  weights?: Float64Array;
  /** Previous centres (interleaved) to start from instead of k-means++ seeding. */
  start?: Float64Array;
  maxIterations?: number;
  /** Pol.is stops when no centre moves more than 0.01 (same-clustering?). */
  tolerance?: number;
  seed?: number;
  /** Cold starts only: run this many seeded k-means++ starts and keep the one with the least weighted
   * within-cluster sum of squares (as scikit-learn's n_init), so a poor seeding does not decide the groups. */
  restarts?: number;
}

function nearest(points: Float64Array, i: number, centers: Float64Array, k: number): number {
  const x = points[2 * i];
  const y = points[2 * i + 1];
  let best = 0;
  let bestDistance = Infinity;
  for (let c = 0; c < k; c++) {
    const dx = x - centers[2 * c];
    const dy = y - centers[2 * c + 1];
    const d = dx * dx + dy * dy;
    if (d < bestDistance) {
      bestDistance = d;
      best = c;
    }
  }
  return best;
}

export function countDistinctPoints(points: Float64Array, cap = Infinity): number {
  const seen = new Set<string>();
  for (let i = 0; i < points.length / 2 && seen.size < cap; i++) seen.add(`${points[2 * i]},${points[2 * i + 1]}`);
  return seen.size;
}

/** k-means++ seeding (Arthur & Vassilvitskii 2007), weighted, from a seeded generator. */
function seedCenters(points: Float64Array, weights: Float64Array, k: number, seed: number): Float64Array {
  const n = points.length / 2;
  const rng = createRng(seed);
  const centers = new Float64Array(2 * k);
  const distance = new Float64Array(n).fill(Infinity);
  let total = 0;
  for (let i = 0; i < n; i++) total += weights[i];
  let pick = 0;
  let target = rng() * total;
  for (let i = 0; i < n; i++) {
    target -= weights[i];
    if (target <= 0) {
      pick = i;
      break;
    }
  }
  for (let c = 0; c < k; c++) {
    centers[2 * c] = points[2 * pick];
    centers[2 * c + 1] = points[2 * pick + 1];
    if (c === k - 1) break;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const dx = points[2 * i] - centers[2 * c];
      const dy = points[2 * i + 1] - centers[2 * c + 1];
      const d = dx * dx + dy * dy;
      if (d < distance[i]) distance[i] = d;
      sum += distance[i] * weights[i];
    }
    if (sum === 0) break;
    target = rng() * sum;
    pick = n - 1;
    for (let i = 0; i < n; i++) {
      target -= distance[i] * weights[i];
      if (target <= 0 && distance[i] > 0) {
        pick = i;
        break;
      }
    }
  }
  return centers;
}

/**
 * Completes a warm start: keeps the previous centres that still fit, and when there are fewer than k, adds the
 * point farthest from every centre, as Pol.is's clean-start-clusters does with most-distal.
 */
function completeStart(points: Float64Array, start: Float64Array, k: number, maxDistinct: number): Float64Array {
  const kept = Math.min(start.length / 2, k);
  const want = Math.min(k, maxDistinct);
  const centers = new Float64Array(2 * Math.max(want, kept));
  centers.set(start.subarray(0, 2 * kept));
  const n = points.length / 2;
  for (let c = kept; c < want; c++) {
    let far = -1;
    let farDistance = 0;
    for (let i = 0; i < n; i++) {
      const own = nearest(points, i, centers, c);
      const dx = points[2 * i] - centers[2 * own];
      const dy = points[2 * i + 1] - centers[2 * own + 1];
      const d = dx * dx + dy * dy;
      if (d > farDistance) {
        farDistance = d;
        far = i;
      }
    }
    if (far < 0) return centers.slice(0, 2 * c);
    centers[2 * c] = points[2 * far];
    centers[2 * c + 1] = points[2 * far + 1];
  }
  return centers;
}

/** Weighted within-cluster sum of squared distances. */
export function inertia(points: Float64Array, result: KMeansResult, weights?: Float64Array): number {
  let total = 0;
  for (let i = 0; i < points.length / 2; i++) {
    const c = result.assignment[i];
    const dx = points[2 * i] - result.centers[2 * c];
    const dy = points[2 * i + 1] - result.centers[2 * c + 1];
    total += (weights ? weights[i] : 1) * (dx * dx + dy * dy);
  }
  return total;
}

export function kmeans(points: Float64Array, k: number, options: KMeansOptions = {}): KMeansResult {
  const restarts = options.restarts ?? 1;
  if (restarts > 1 && !(options.start && options.start.length >= 2)) {
    let best: KMeansResult | null = null;
    let bestInertia = Infinity;
    for (let r = 0; r < restarts; r++) {
      const result = kmeansOnce(points, k, { ...options, seed: (options.seed ?? 1) * 1000 + r });
      const score = inertia(points, result, options.weights);
      if (score < bestInertia - 1e-12) {
        best = result;
        bestInertia = score;
      }
    }
    return best!;
  }
  return kmeansOnce(points, k, options);
}

function kmeansOnce(points: Float64Array, k: number, options: KMeansOptions): KMeansResult {
  const n = points.length / 2;
  const weights = options.weights ?? new Float64Array(n).fill(1);
  const maxIterations = options.maxIterations ?? 20;
  const tolerance = options.tolerance ?? 0.01;
  if (n === 0 || k <= 0) {
    return { centers: new Float64Array(0), k: 0, assignment: new Int32Array(n), sizes: new Float64Array(0), iterations: 0 };
  }
  const distinct = countDistinctPoints(points, k);
  const wanted = Math.min(k, distinct);
  let centers =
    options.start && options.start.length >= 2
      ? completeStart(points, options.start, wanted, distinct)
      : seedCenters(points, weights, wanted, options.seed ?? 1);
  let kNow = centers.length / 2;
  const assignment = new Int32Array(n);
  let sizes = new Float64Array(kNow);
  let iterations = 0;
  while (iterations < maxIterations) {
    iterations += 1;
    for (let i = 0; i < n; i++) assignment[i] = nearest(points, i, centers, kNow);
    const sumX = new Float64Array(kNow);
    const sumY = new Float64Array(kNow);
    sizes = new Float64Array(kNow);
    for (let i = 0; i < n; i++) {
      const c = assignment[i];
      sumX[c] += weights[i] * points[2 * i];
      sumY[c] += weights[i] * points[2 * i + 1];
      sizes[c] += weights[i];
    }
    // Empty clusters are dropped, as in Pol.is's cluster-step.
    const remap = new Int32Array(kNow).fill(-1);
    let kept = 0;
    for (let c = 0; c < kNow; c++) if (sizes[c] > 0) remap[c] = kept++;
    const next = new Float64Array(2 * kept);
    const keptSizes = new Float64Array(kept);
    let moved = 0;
    for (let c = 0; c < kNow; c++) {
      const r = remap[c];
      if (r < 0) continue;
      next[2 * r] = sumX[c] / sizes[c];
      next[2 * r + 1] = sumY[c] / sizes[c];
      keptSizes[r] = sizes[c];
      moved = Math.max(moved, Math.hypot(next[2 * r] - centers[2 * c], next[2 * r + 1] - centers[2 * c + 1]));
    }
    const dropped = kept !== kNow;
    if (dropped) for (let i = 0; i < n; i++) assignment[i] = remap[assignment[i]];
    centers = next;
    sizes = keptSizes;
    kNow = kept;
    if (!dropped && moved < tolerance) break;
  }
  for (let i = 0; i < n; i++) assignment[i] = nearest(points, i, centers, kNow);
  sizes = new Float64Array(kNow);
  for (let i = 0; i < n; i++) sizes[assignment[i]] += weights[i];
  return { centers, k: kNow, assignment, sizes, iterations };
}

/**
 * Mean silhouette over the points (Rousseeuw 1987), unweighted as in Pol.is's clusters/silhouette, where a
 * member of a singleton cluster scores 0. Quadratic in the number of points: meant for the ~100 base clusters.
 */
export function silhouette(points: Float64Array, assignment: Int32Array, k: number): number {
  const n = points.length / 2;
  if (n < 2 || k < 2) return 0;
  const sum = new Float64Array(k);
  const count = new Float64Array(k);
  for (let i = 0; i < n; i++) count[assignment[i]] += 1;
  let total = 0;
  for (let i = 0; i < n; i++) {
    sum.fill(0);
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      sum[assignment[j]] += Math.hypot(points[2 * i] - points[2 * j], points[2 * i + 1] - points[2 * j + 1]);
    }
    const own = assignment[i];
    if (count[own] <= 1) continue;
    const a = sum[own] / (count[own] - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) if (c !== own && count[c] > 0) b = Math.min(b, sum[c] / count[c]);
    if (!Number.isFinite(b)) continue;
    const denominator = Math.max(a, b);
    total += denominator > 0 ? (b - a) / denominator : 0;
  }
  return total / n;
}
