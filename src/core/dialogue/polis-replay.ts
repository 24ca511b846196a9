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

/** The same votes in a matrix with room for more participants and statements (the extra rows and columns empty). */
function grown(matrix: VoteMatrix, nParticipants: number, nStatements: number): VoteMatrix {
  if (nParticipants <= matrix.nParticipants && nStatements <= matrix.nStatements) return matrix;
  const P = Math.max(nParticipants, matrix.nParticipants);
  const S = Math.max(nStatements, matrix.nStatements);
  const rowStart = new Int32Array(P + 1).fill(matrix.rowStart[matrix.nParticipants]);
  rowStart.set(matrix.rowStart);
  const votesPerParticipant = new Int32Array(P);
  votesPerParticipant.set(matrix.votesPerParticipant);
  const votesPerStatement = new Int32Array(S);
  votesPerStatement.set(matrix.votesPerStatement);
  return { ...matrix, nParticipants: P, nStatements: S, rowStart, votesPerParticipant, votesPerStatement };
}

/**
 * A conversation as the Pol.is math worker keeps it: add the votes of one poll, then `update()`. The live server
 * calls update once per batch it analyses (its own poll); `replayPolis` replays a vote log with a fixed cadence.
 */
export class PolisReplayer {
  private readonly o: Required<Omit<PolisReplayOptions, 'seed'>> & { seed: number };
  private matrix: VoteMatrix = new VoteLog().toMatrix(0, 0);
  private batch: { participant: number; statement: number; value: number }[] = [];
  private seenColumn = new Uint8Array(0);
  private columnsSeen = 0;
  private components?: [Float64Array, Float64Array];
  private inConv = new Uint8Array(0);
  private base: MemberCluster[] = [];
  private groups = new Map<number, MemberCluster[]>();
  private smoother: KSmoother = { lastK: null, lastKCount: 0, smoothedK: null };
  private silhouettes = new Map<number, number>();
  private last: ReplayUpdate | null = null;
  private votesIn = 0;
  readonly kChanges: ReplayUpdate[] = [];
  updates = 0;

  constructor(options: PolisReplayOptions = {}) {
    this.o = { ...POLIS_DEFAULTS, seed: 1, ...options };
  }

  /** Votes in time order; nothing is analysed until `update`. The whole batch is checked before any is kept. */
  addVotes(votes: readonly { participant: number; statement: number; value: number }[]): void {
    votes.forEach((v, i) => {
      if (!Number.isInteger(v.participant) || v.participant < 0 || v.participant > 0x7fffffff) throw new RangeError(`vote ${i + 1}: bad participant ${v.participant}`);
      if (!Number.isInteger(v.statement) || v.statement < 0 || v.statement > 0x7fffffff) throw new RangeError(`vote ${i + 1}: bad statement ${v.statement}`);
      if (v.value !== 1 && v.value !== -1 && v.value !== 0) throw new RangeError(`vote ${i + 1}: value ${v.value} is not 1, -1 or 0`);
    });
    for (const v of votes) this.batch.push({ participant: v.participant, statement: v.statement, value: v.value });
  }

  /** One Pol.is update over everything added so far. `active` marks statements not moderated out. */
  update(active: Uint8Array, time = 0): void {
    let nP = this.matrix.nParticipants;
    let nS = Math.max(this.matrix.nStatements, active.length);
    for (const v of this.batch) {
      if (v.participant >= nP) nP = v.participant + 1;
      if (v.statement >= nS) nS = v.statement + 1;
    }
    this.matrix = withVotes(grown(this.matrix, nP, nS), this.batch);
    if (this.seenColumn.length < nS) {
      const seen = new Uint8Array(nS);
      seen.set(this.seenColumn);
      this.seenColumn = seen;
    }
    for (const v of this.batch) {
      if (!this.seenColumn[v.statement]) {
        this.seenColumn[v.statement] = 1;
        this.columnsSeen += 1;
      }
    }
    this.votesIn += this.batch.length;
    this.batch = [];
    if (this.inConv.length < nP) {
      const inConv = new Uint8Array(nP);
      inConv.set(this.inConv);
      this.inConv = inConv;
    }
    const mask = new Uint8Array(nS).fill(1);
    mask.set(active.subarray(0, Math.min(active.length, nS)));
    let moderatedOutSeen = 0;
    for (let s = 0; s < nS; s++) if (this.seenColumn[s] && mask[s] === 0) moderatedOutSeen += 1;
    this.runUpdate(mask, moderatedOutSeen, time);
  }

  private runUpdate(active: Uint8Array, moderatedOutSeen: number, time: number): void {
    const o = this.o;
    const matrix = this.matrix;
    const nParticipants = matrix.nParticipants;
    const result = pca(matrix, { active, seed: o.seed, start: this.components, maxIterations: o.pcaIterations, tolerance: 1e-8 });
    this.components = result.components;
    const xy = project(matrix, result.center, result.components, active, this.columnsSeen, moderatedOutSeen);
    updateInConv(matrix, this.inConv, this.columnsSeen, o.minVotes, o.greedyParticipants);
    const ids: number[] = [];
    for (let p = 0; p < nParticipants; p++) if (this.inConv[p]) ids.push(p);
    const inXy = new Float64Array(2 * ids.length);
    ids.forEach((p, i) => {
      inXy[2 * i] = xy[2 * p];
      inXy[2 * i + 1] = xy[2 * p + 1];
    });
    this.base = memberKMeans({ ids: Int32Array.from(ids), xy: inXy }, o.baseK, { previous: this.base, maxSteps: o.baseSteps });
    const baseIds = Int32Array.from(this.base, (c) => c.id);
    const baseXy = new Float64Array(2 * this.base.length);
    const baseWeights = new Float64Array(this.base.length);
    this.base.forEach((c, i) => {
      baseXy[2 * i] = c.x;
      baseXy[2 * i + 1] = c.y;
      baseWeights[i] = c.members.length;
    });
    const distances = distanceMatrix(baseXy);
    const silhouettes = new Map<number, number>();
    const groups = new Map<number, MemberCluster[]>();
    for (let k = 2; k <= maxKFor(this.base.length, o.maxK); k++) {
      const clusters = memberKMeans({ ids: baseIds, xy: baseXy, weights: baseWeights }, k, {
        previous: this.groups.get(k),
        maxSteps: o.groupSteps,
      });
      groups.set(k, clusters);
      silhouettes.set(k, silhouetteOf(distances, baseIds, clusters));
    }
    this.groups = groups;
    this.updates += 1;
    if (silhouettes.size === 0) return;
    // Ties go to the larger k, as Clojure's max-key returns the last of equal maxima.
    let bestK = -1;
    for (const [k, sil] of silhouettes) if (bestK < 0 || sil >= silhouettes.get(bestK)!) bestK = k;
    this.smoother = smoothK(this.smoother, bestK, o.groupKBuffer);
    this.silhouettes = silhouettes;
    const update: ReplayUpdate = {
      time,
      votes: this.votesIn,
      inConv: ids.length,
      baseClusters: this.base.length,
      bestK,
      shownK: this.smoother.smoothedK!,
      silhouettes: Object.fromEntries(silhouettes),
    };
    if (!this.last || this.last.bestK !== update.bestK || this.last.shownK !== update.shownK) this.kChanges.push(update);
    this.last = update;
  }

  /** The groups shown after the last update. */
  result(): PolisReplayResult {
    const nParticipants = this.matrix.nParticipants;
    const last = this.last;
    const kChanges = [...this.kChanges];
    if (last && kChanges[kChanges.length - 1] !== last) kChanges.push(last);
    const shownK = this.smoother.smoothedK ?? 0;
    // The shown k may exceed what the last update could try (max k shrinks with fewer base clusters): fall back
    // to the best k, as the groups for the shown k do not exist.
    const shown = this.groups.get(shownK) ?? (last ? this.groups.get(last.bestK) : undefined) ?? [];
    const groupOf = new Int32Array(nParticipants).fill(-1);
    const groupOfBase = new Map<number, number>();
    shown.forEach((c, g) => c.members.forEach((b) => groupOfBase.set(b, g)));
    for (const b of this.base) {
      const g = groupOfBase.get(b.id);
      if (g !== undefined) for (const p of b.members) groupOf[p] = g;
    }
    const inConv: number[] = [];
    for (let p = 0; p < nParticipants; p++) if (this.inConv[p]) inConv.push(p);
    if (shown.length === 0 && inConv.length > 0) for (const p of inConv) groupOf[p] = 0;
    return {
      groupOf,
      groupCount: shown.length > 0 ? shown.length : inConv.length > 0 ? 1 : 0,
      inConv: Int32Array.from(inConv),
      silhouettes: this.silhouettes,
      bestK: last?.bestK ?? 0,
      shownK: shown.length,
      updates: this.updates,
      kChanges,
      matrix: this.matrix,
    };
  }
}

/**
 * Replays `votes` (time-sorted) over a conversation of nParticipants × nStatements, one update per poll window
 * that saw votes. `active` marks statements not moderated out (the final moderation applies throughout: exports
 * do not date moderation).
 */
export function replayPolis(
  votes: TimedVotes,
  nParticipants: number,
  nStatements: number,
  active: Uint8Array,
  options: PolisReplayOptions = {},
): PolisReplayResult {
  const n = votes.time.length;
  const intervalMs = options.intervalMs ?? POLIS_DEFAULTS.intervalMs;
  for (let i = 0; i < n; i++) {
    if (i > 0 && !(votes.time[i] >= votes.time[i - 1])) throw new RangeError(`vote ${i + 1} is earlier than vote ${i}: votes must be in time order`);
    if (votes.statement[i] < 0 || votes.statement[i] >= nStatements) throw new RangeError(`vote ${i + 1}: statement ${votes.statement[i]} is outside 0..${nStatements - 1}`);
    if (votes.participant[i] < 0 || votes.participant[i] >= nParticipants) {
      throw new RangeError(`vote ${i + 1}: participant ${votes.participant[i]} is outside 0..${nParticipants - 1}`);
    }
  }
  const replayer = new PolisReplayer(options);
  const mask = new Uint8Array(nStatements).fill(1);
  mask.set(active.subarray(0, Math.min(active.length, nStatements)));
  const start = n > 0 ? votes.time[0] : 0;
  const windowOf = (t: number) => Math.floor((t - start) / intervalMs);
  let from = 0;
  for (let i = 0; i < n; i++) {
    if (i === n - 1 || windowOf(votes.time[i + 1]) !== windowOf(votes.time[i])) {
      const batch = [];
      for (let j = from; j <= i; j++) batch.push({ participant: votes.participant[j], statement: votes.statement[j], value: votes.value[j] });
      replayer.addVotes(batch);
      replayer.update(mask, votes.time[i]);
      from = i + 1;
    }
  }
  const result = replayer.result();
  // Participants and statements nobody voted on still get a row and a column.
  if (result.groupOf.length < nParticipants) {
    const groupOf = new Int32Array(nParticipants).fill(-1);
    groupOf.set(result.groupOf);
    return { ...result, groupOf, matrix: grown(result.matrix, nParticipants, nStatements) };
  }
  return { ...result, matrix: grown(result.matrix, nParticipants, nStatements) };
}
