/**
 * Pol.is-compatible grouping: the votes are replayed in time order and the conversation is updated the way the
 * Pol.is math worker updates it (polismath/math/conversation.clj, described in docs/dialogue-grouping.md), so
 * the groups are the ones Pol.is would have shown, history included:
 *
 * - an update runs for every poll window that saw votes (`intervalMs`);
 * - PCA (two components, power iteration, unseen cells = column mean) starts from the previous components;
 * - participants enter once they voted on min(7, comments so far), topped up to 15 by vote count, and stay in;
 * - ~100 base clusters over the in-conversation participants, warm-started from the previous base clusters'
 *   members; then k = 2..min(5, 2 + base/12) group clusterings of the base centres weighted by size, each
 *   warm-started from the previous clustering with the same k;
 * - the k with the best silhouette must win `groupKBuffer` (4) updates in a row before it replaces the k shown.
 *
 * Pure and deterministic: the only random choice is the first PCA start vector, drawn from `seed`.
 */
import { VoteLog, withVotes, type VoteMatrix } from './vote-matrix.ts';
import { pca } from './pca.ts';
import { memberKMeans, type MemberCluster } from './polis-kmeans.ts';

export interface TimedVotes {
  /** Sorted by time (ties in arrival order). */
  time: Float64Array;
  participant: Int32Array;
  statement: Int32Array;
  value: Int8Array;
}

export interface PolisReplayOptions {
  /** Length of one poll window in the votes' time unit (ms). One update per window that saw votes. */
  intervalMs?: number;
  baseK?: number;
  maxK?: number;
  groupKBuffer?: number;
  minVotes?: number;
  greedyParticipants?: number;
  pcaIterations?: number;
  baseSteps?: number;
  groupSteps?: number;
  seed?: number;
}

export const POLIS_DEFAULTS = {
  intervalMs: 60_000,
  baseK: 100,
  maxK: 5,
  groupKBuffer: 4,
  minVotes: 7,
  greedyParticipants: 15,
  pcaIterations: 100,
  baseSteps: 100,
  // Pol.is passes its group iteration count under a name its k-means does not read, so k-means' own default
  // of 20 steps applies to groups.
  groupSteps: 20,
} as const;

export interface KSmoother {
  lastK: number | null;
  lastKCount: number;
  smoothedK: number | null;
}

/** One step of Pol.is's group-k-smoother: a new best k is shown only after winning `buffer` updates in a row. */
export function smoothK(previous: KSmoother, bestK: number, buffer: number): KSmoother {
  const count = previous.lastK === bestK ? previous.lastKCount + 1 : 1;
  const smoothedK = count >= buffer ? bestK : (previous.smoothedK ?? bestK);
  return { lastK: bestK, lastKCount: count, smoothedK };
}

export interface ReplayUpdate {
  /** Time of the last vote included. */
  time: number;
  votes: number;
  inConv: number;
  baseClusters: number;
  bestK: number;
  shownK: number;
  silhouettes: Record<number, number>;
}

export interface PolisReplayResult {
  /** Group shown per participant (0-based, ordered as Pol.is numbers them), -1 when not in the conversation. */
  groupOf: Int32Array;
  groupCount: number;
  inConv: Int32Array;
  /** Silhouette per k at the last update. */
  silhouettes: Map<number, number>;
  /** k with the best silhouette at the last update, and the k shown after smoothing. */
  bestK: number;
  shownK: number;
  updates: number;
  /** Updates at which the best or the shown k changed, plus the first and the last. */
  kChanges: ReplayUpdate[];
  matrix: VoteMatrix;
}

interface ReplayState {
  components?: [Float64Array, Float64Array];
  inConv: Uint8Array;
  base: MemberCluster[];
  groups: Map<number, MemberCluster[]>;
  smoother: KSmoother;
}

/** Sparsity-aware projection: each participant's centred votes on the components, scaled by sqrt(seen / voted). */
function project(
  matrix: VoteMatrix,
  center: Float64Array,
  components: [Float64Array, Float64Array],
  active: Uint8Array,
  columnsSeen: number,
  moderatedOutSeen: number,
): Float64Array {
  const [c1, c2] = components;
  const out = new Float64Array(2 * matrix.nParticipants);
  for (let p = 0; p < matrix.nParticipants; p++) {
    let x = 0;
    let y = 0;
    // Pol.is zeroes moderated-out columns for everyone, so they count as cast (pass) votes in the scale.
    let voted = moderatedOutSeen;
    for (let k = matrix.rowStart[p]; k < matrix.rowStart[p + 1]; k++) {
      const s = matrix.statement[k];
      if (active[s] === 0) continue;
      const centred = matrix.value[k] - center[s];
      x += centred * c1[s];
      y += centred * c2[s];
      voted += 1;
    }
    const scale = Math.sqrt(columnsSeen / Math.max(voted, 1));
    out[2 * p] = x * scale;
    out[2 * p + 1] = y * scale;
  }
  return out;
}

function updateInConv(matrix: VoteMatrix, inConv: Uint8Array, columnsSeen: number, minVotes: number, greedy: number): void {
  const threshold = Math.min(minVotes, columnsSeen);
  let n = 0;
  for (let p = 0; p < matrix.nParticipants; p++) {
    if (!inConv[p] && matrix.votesPerParticipant[p] > 0 && matrix.votesPerParticipant[p] >= threshold) inConv[p] = 1;
    n += inConv[p];
  }
  if (n >= greedy) return;
  const rest: number[] = [];
  for (let p = 0; p < matrix.nParticipants; p++) if (!inConv[p] && matrix.votesPerParticipant[p] > 0) rest.push(p);
  rest.sort((a, b) => matrix.votesPerParticipant[b] - matrix.votesPerParticipant[a] || a - b);
  for (const p of rest.slice(0, greedy - n)) inConv[p] = 1;
}

function maxKFor(nBase: number, cap: number): number {
  return Math.min(cap, 2 + Math.floor(nBase / 12));
}

/** Distances between base-cluster centres, computed once per update and shared by every k (Pol.is's bucket-dists). */
function distanceMatrix(xy: Float64Array): Float64Array {
  const n = xy.length / 2;
  const d = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const dx = xy[2 * i] - xy[2 * j];
      const dy = xy[2 * i + 1] - xy[2 * j + 1];
      d[i * n + j] = d[j * n + i] = Math.sqrt(dx * dx + dy * dy);
    }
  }
  return d;
}

/**
 * Mean silhouette over the base clusters (unweighted, as Pol.is computes it; a member of a one-member group
 * scores 0), from the precomputed distances.
 */
export function silhouetteFromDistances(distances: Float64Array, assignment: Int32Array, k: number): number {
  const n = assignment.length;
  if (n < 2 || k < 2) return 0;
  const count = new Float64Array(k);
  for (let i = 0; i < n; i++) count[assignment[i]] += 1;
  const sum = new Float64Array(k);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const own = assignment[i];
    if (count[own] <= 1) continue;
    sum.fill(0);
    for (let j = 0; j < n; j++) sum[assignment[j]] += distances[i * n + j];
    const a = sum[own] / (count[own] - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) if (c !== own && count[c] > 0) b = Math.min(b, sum[c] / count[c]);
    if (!Number.isFinite(b)) continue;
    const denominator = Math.max(a, b);
    total += denominator > 0 ? (b - a) / denominator : 0;
  }
  return total / n;
}

function silhouetteOf(distances: Float64Array, baseIds: Int32Array, clusters: readonly MemberCluster[]): number {
  const groupOfBase = new Map<number, number>();
  clusters.forEach((c, g) => c.members.forEach((b) => groupOfBase.set(b, g)));
  const assignment = Int32Array.from(baseIds, (id) => groupOfBase.get(id) ?? 0);
  return silhouetteFromDistances(distances, assignment, clusters.length);
}

/**
 * Replays `votes` (time-sorted) over a conversation of nParticipants × nStatements. `active` marks statements
 * not moderated out (the final moderation applies throughout: exports do not date moderation).
 */
export function replayPolis(
  votes: TimedVotes,
  nParticipants: number,
  nStatements: number,
  active: Uint8Array,
  options: PolisReplayOptions = {},
): PolisReplayResult {
  const o = { ...POLIS_DEFAULTS, ...options };
  const n = votes.time.length;
  for (let i = 1; i < n; i++) {
    if (!(votes.time[i] >= votes.time[i - 1])) throw new RangeError(`vote ${i + 1} is earlier than vote ${i}: votes must be in time order`);
  }
  const state: ReplayState = {
    inConv: new Uint8Array(nParticipants),
    base: [],
    groups: new Map(),
    smoother: { lastK: null, lastKCount: 0, smoothedK: null },
  };
  let batch: { participant: number; statement: number; value: number }[] = [];
  const seenColumn = new Uint8Array(nStatements);
  let columnsSeen = 0;
  let moderatedOutSeen = 0;
  const kChanges: ReplayUpdate[] = [];
  let last: ReplayUpdate | null = null;
  let lastSilhouettes = new Map<number, number>();
  let matrix: VoteMatrix = new VoteLog().toMatrix(nParticipants, nStatements);
  let updates = 0;
  const start = n > 0 ? votes.time[0] : 0;
  const windowOf = (t: number) => Math.floor((t - start) / o.intervalMs);

  const runUpdate = (time: number, included: number) => {
    matrix = withVotes(matrix, batch);
    batch = [];
    const result = pca(matrix, { active, seed: o.seed ?? 1, start: state.components, maxIterations: o.pcaIterations, tolerance: 1e-8 });
    state.components = result.components;
    const xy = project(matrix, result.center, result.components, active, columnsSeen, moderatedOutSeen);
    updateInConv(matrix, state.inConv, columnsSeen, o.minVotes, o.greedyParticipants);
    const ids: number[] = [];
    for (let p = 0; p < nParticipants; p++) if (state.inConv[p]) ids.push(p);
    const inXy = new Float64Array(2 * ids.length);
    ids.forEach((p, i) => {
      inXy[2 * i] = xy[2 * p];
      inXy[2 * i + 1] = xy[2 * p + 1];
    });
    state.base = memberKMeans({ ids: Int32Array.from(ids), xy: inXy }, o.baseK, { previous: state.base, maxSteps: o.baseSteps });
    const baseIds = Int32Array.from(state.base, (c) => c.id);
    const baseXy = new Float64Array(2 * state.base.length);
    const baseWeights = new Float64Array(state.base.length);
    state.base.forEach((c, i) => {
      baseXy[2 * i] = c.x;
      baseXy[2 * i + 1] = c.y;
      baseWeights[i] = c.members.length;
    });
    const distances = distanceMatrix(baseXy);
    const silhouettes = new Map<number, number>();
    const groups = new Map<number, MemberCluster[]>();
    for (let k = 2; k <= maxKFor(state.base.length, o.maxK); k++) {
      const clusters = memberKMeans({ ids: baseIds, xy: baseXy, weights: baseWeights }, k, {
        previous: state.groups.get(k),
        maxSteps: o.groupSteps,
      });
      groups.set(k, clusters);
      silhouettes.set(k, silhouetteOf(distances, baseIds, clusters));
    }
    state.groups = groups;
    updates += 1;
    if (silhouettes.size === 0) return;
    // Ties go to the larger k, as Clojure's max-key returns the last of equal maxima.
    let bestK = -1;
    for (const [k, s] of silhouettes) if (bestK < 0 || s >= silhouettes.get(bestK)!) bestK = k;
    state.smoother = smoothK(state.smoother, bestK, o.groupKBuffer);
    lastSilhouettes = silhouettes;
    const update: ReplayUpdate = {
      time,
      votes: included,
      inConv: ids.length,
      baseClusters: state.base.length,
      bestK,
      shownK: state.smoother.smoothedK!,
      silhouettes: Object.fromEntries(silhouettes),
    };
    if (!last || last.bestK !== update.bestK || last.shownK !== update.shownK) kChanges.push(update);
    last = update;
  };

  for (let i = 0; i < n; i++) {
    const s = votes.statement[i];
    if (s < 0 || s >= nStatements) throw new RangeError(`vote ${i + 1}: statement ${s} is outside 0..${nStatements - 1}`);
    if (votes.participant[i] < 0 || votes.participant[i] >= nParticipants) {
      throw new RangeError(`vote ${i + 1}: participant ${votes.participant[i]} is outside 0..${nParticipants - 1}`);
    }
    batch.push({ participant: votes.participant[i], statement: s, value: votes.value[i] });
    if (!seenColumn[s]) {
      seenColumn[s] = 1;
      columnsSeen += 1;
      if (active[s] === 0) moderatedOutSeen += 1;
    }
    if (i === n - 1 || windowOf(votes.time[i + 1]) !== windowOf(votes.time[i])) runUpdate(votes.time[i], i + 1);
  }
  const finalUpdate = last as ReplayUpdate | null;
  if (finalUpdate && kChanges[kChanges.length - 1] !== finalUpdate) kChanges.push(finalUpdate);

  const shownK = state.smoother.smoothedK ?? 0;
  // The shown k may exceed what the last update could try (max k shrinks with fewer base clusters): fall back
  // to the best k, as the groups for the shown k do not exist.
  const shown = state.groups.get(shownK) ?? (finalUpdate ? state.groups.get(finalUpdate.bestK) : undefined) ?? [];
  const groupOf = new Int32Array(nParticipants).fill(-1);
  const groupOfBase = new Map<number, number>();
  shown.forEach((c, g) => c.members.forEach((b) => groupOfBase.set(b, g)));
  for (const b of state.base) {
    const g = groupOfBase.get(b.id);
    if (g !== undefined) for (const p of b.members) groupOf[p] = g;
  }
  const inConv: number[] = [];
  for (let p = 0; p < nParticipants; p++) if (state.inConv[p]) inConv.push(p);
  if (shown.length === 0 && inConv.length > 0) for (const p of inConv) groupOf[p] = 0;
  return {
    groupOf,
    groupCount: shown.length > 0 ? shown.length : inConv.length > 0 ? 1 : 0,
    inConv: Int32Array.from(inConv),
    silhouettes: lastSilhouettes,
    bestK: finalUpdate?.bestK ?? 0,
    shownK: shown.length,
    updates,
    kChanges,
    matrix,
  };
}
