/**
 * Opinion groups the Pol.is way (polismath/math/conversation.clj): participants with enough votes are clustered
 * into ~100 base clusters on their PCA positions, and the base-cluster centres (weighted by size) are clustered
 * into k = 2..5 groups, k chosen by silhouette.
 */
import type { VoteMatrix } from './vote-matrix.ts';
import { kmeans, silhouette } from './kmeans.ts';

export interface ClusteringOptions {
  /** Pol.is: a participant is clustered once they voted on min(7, number of statements). */
  minVotes?: number;
  /** Pol.is tops up to 15 participants by vote count when fewer qualify. */
  greedyParticipants?: number;
  baseK?: number;
  maxGroups?: number;
  seed?: number;
  /** k-means++ restarts for the group step (cheap: it clusters ~100 base centres). */
  groupRestarts?: number;
  /** Warm start from the previous analysis. */
  previous?: { baseCenters: Float64Array; groupCenters: Map<number, Float64Array> };
}

export interface Clustering {
  /** Participants clustered (Pol.is in-conv), ascending. */
  inConv: Int32Array;
  /** Base cluster per participant, -1 when not clustered. */
  baseOf: Int32Array;
  baseCenters: Float64Array;
  baseSizes: Float64Array;
  /** Opinion group per participant, -1 when not clustered. */
  groupOf: Int32Array;
  groupCount: number;
  groupCenters: Float64Array;
  /** Silhouette for each k tried, to show why k was chosen. */
  silhouettes: Map<number, number>;
  /** Group centres found for every k tried, to warm-start the next update. */
  groupCentersByK: Map<number, Float64Array>;
}

export function selectInConv(
  matrix: VoteMatrix,
  nActiveStatements: number,
  minVotes = 7,
  greedy = 15,
  alreadyIn?: Uint8Array,
): Int32Array {
  const threshold = Math.min(minVotes, nActiveStatements);
  const chosen = new Uint8Array(matrix.nParticipants);
  let n = 0;
  for (let p = 0; p < matrix.nParticipants; p++) {
    // Once in, a participant stays in (Pol.is keeps in-conv across updates).
    if ((alreadyIn && alreadyIn[p]) || (matrix.votesPerParticipant[p] >= threshold && matrix.votesPerParticipant[p] > 0)) {
      chosen[p] = 1;
      n += 1;
    }
  }
  if (n < greedy) {
    const rest: number[] = [];
    for (let p = 0; p < matrix.nParticipants; p++) if (!chosen[p] && matrix.votesPerParticipant[p] > 0) rest.push(p);
    rest.sort((a, b) => matrix.votesPerParticipant[b] - matrix.votesPerParticipant[a] || a - b);
    for (const p of rest.slice(0, greedy - n)) chosen[p] = 1;
  }
  const out: number[] = [];
  for (let p = 0; p < matrix.nParticipants; p++) if (chosen[p]) out.push(p);
  return Int32Array.from(out);
}

/** Pol.is max-k-fn: at most 5 groups, and no more than 2 + (base clusters / 12). */
export function maxGroupsFor(nBase: number, cap = 5): number {
  return Math.min(cap, 2 + Math.floor(nBase / 12));
}

/** Relabels groups by descending size so that a cold start always numbers the largest group 0. */
function relabelBySize(centers: Float64Array, sizes: Float64Array, assignment: Int32Array) {
  const k = sizes.length;
  const order = Array.from({ length: k }, (_, i) => i).sort((a, b) => sizes[b] - sizes[a] || a - b);
  const newLabel = new Int32Array(k);
  order.forEach((old, label) => (newLabel[old] = label));
  const newCenters = new Float64Array(2 * k);
  const newSizes = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    newCenters[2 * newLabel[c]] = centers[2 * c];
    newCenters[2 * newLabel[c] + 1] = centers[2 * c + 1];
    newSizes[newLabel[c]] = sizes[c];
  }
  for (let i = 0; i < assignment.length; i++) assignment[i] = newLabel[assignment[i]];
  return { centers: newCenters, sizes: newSizes };
}

export function clusterParticipants(
  matrix: VoteMatrix,
  projections: Float64Array,
  inConv: Int32Array,
  options: ClusteringOptions = {},
): Clustering {
  const seed = options.seed ?? 1;
  const baseOf = new Int32Array(matrix.nParticipants).fill(-1);
  const groupOf = new Int32Array(matrix.nParticipants).fill(-1);
  const points = new Float64Array(inConv.length * 2);
  inConv.forEach((p, i) => {
    points[2 * i] = projections[2 * p];
    points[2 * i + 1] = projections[2 * p + 1];
  });
  const base = kmeans(points, options.baseK ?? 100, { start: options.previous?.baseCenters, seed });
  inConv.forEach((p, i) => (baseOf[p] = base.assignment[i]));

  const silhouettes = new Map<number, number>();
  const groupCentersByK = new Map<number, Float64Array>();
  let best: { k: number; score: number; centers: Float64Array; sizes: Float64Array; assignment: Int32Array } | null =
    null;
  const maxK = maxGroupsFor(base.k, options.maxGroups ?? 5);
  for (let k = 2; k <= maxK && k <= base.k; k++) {
    const groups = kmeans(base.centers, k, {
      weights: base.sizes,
      start: options.previous?.groupCenters.get(k),
      seed: seed + k,
      restarts: options.groupRestarts ?? 10,
    });
    groupCentersByK.set(k, groups.centers);
    const score = silhouette(base.centers, groups.assignment, groups.k);
    silhouettes.set(k, score);
    if (groups.k >= 2 && (!best || score > best.score)) {
      best = { k: groups.k, score, centers: groups.centers, sizes: groups.sizes, assignment: groups.assignment };
    }
  }
  let groupCenters: Float64Array = new Float64Array(0);
  let groupCount = 0;
  if (best) {
    if (!options.previous) {
      const relabelled = relabelBySize(best.centers, best.sizes, best.assignment);
      groupCenters = relabelled.centers;
      groupCentersByK.set(best.k, groupCenters);
    } else {
      groupCenters = best.centers;
    }
    groupCount = best.k;
    const baseGroup = best.assignment;
    inConv.forEach((p) => (groupOf[p] = baseGroup[baseOf[p]]));
  } else if (inConv.length > 0) {
    // Too few distinct positions to split: everyone clustered forms one group.
    groupCount = 1;
    groupCenters = base.centers.slice(0, 2);
    inConv.forEach((p) => (groupOf[p] = 0));
  }
  return {
    inConv,
    baseOf,
    baseCenters: base.centers,
    baseSizes: base.sizes,
    groupOf,
    groupCount,
    groupCenters,
    silhouettes,
    groupCentersByK,
  };
}
