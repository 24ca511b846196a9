/**
 * k-means the way Pol.is runs it between updates (described in polismath/math/clusters.clj): clusters are
 * member lists, and a warm start recomputes each previous cluster's centre from where its members are NOW,
 * merges clusters whose centres coincide, then splits off the point farthest from every centre until there are
 * k clusters (or as many as there are distinct points). A cold start takes the first k distinct points in data
 * order. Lloyd steps follow until no centre moves by 0.01 or more, or the step budget runs out; clusters that
 * lose every member are dropped. Written from that description, not from Pol.is's code.
 *
 * Because centres are recomputed from members rather than carried over as coordinates, a PCA axis that flips
 * sign between updates does not disturb the clustering: this is what keeps Pol.is's groups stable over a
 * conversation's life.
 */

export interface MemberCluster {
  /** Stable id: new clusters take the largest id so far + 1. */
  id: number;
  /** Ids of the points (participants, or base clusters) in the cluster. */
  members: number[];
  x: number;
  y: number;
}

export interface PointSet {
  /** Point ids, in data order (the order a cold start takes distinct points in). */
  ids: Int32Array;
  /** Interleaved x, y per point, aligned with ids. */
  xy: Float64Array;
  /** Optional weight per point (base-cluster sizes when clustering base clusters). */
  weights?: Float64Array;
}

export interface MemberKMeansOptions {
  previous?: readonly MemberCluster[];
  /** Lloyd steps after the start; Pol.is uses 100 for base clusters and (in effect) 20 for groups. */
  maxSteps?: number;
  /** Two clusterings are the same when every sorted centre moved less than this. */
  tolerance?: number;
}

interface Indexed {
  indexOf: Map<number, number>;
  weight: (i: number) => number;
}

function indexed(points: PointSet): Indexed {
  const indexOf = new Map<number, number>();
  points.ids.forEach((id, i) => indexOf.set(id, i));
  const w = points.weights;
  return { indexOf, weight: w ? (i) => w[i] : () => 1 };
}

/** Weighted mean of the members present in the data; null when none is. */
function centreOf(points: PointSet, index: Indexed, members: readonly number[]): [number, number] | null {
  let sx = 0;
  let sy = 0;
  let sw = 0;
  for (const id of members) {
    const i = index.indexOf.get(id);
    if (i === undefined) continue;
    const w = index.weight(i);
    sx += w * points.xy[2 * i];
    sy += w * points.xy[2 * i + 1];
    sw += w;
  }
  return sw > 0 ? [sx / sw, sy / sw] : null;
}

/** Keeps members still in the data, recomputes centres, drops clusters left empty. */
function recentre(points: PointSet, index: Indexed, clusters: readonly MemberCluster[]): MemberCluster[] {
  const out: MemberCluster[] = [];
  for (const c of clusters) {
    const members = c.members.filter((id) => index.indexOf.has(id));
    const centre = centreOf(points, index, members);
    if (centre) out.push({ id: c.id, members, x: centre[0], y: centre[1] });
  }
  return out;
}

/** Merges clusters whose centres are identical into the one with more members (keeping its id). */
function mergeIdentical(points: PointSet, index: Indexed, clusters: MemberCluster[]): MemberCluster[] {
  const out: MemberCluster[] = [];
  for (const c of clusters) {
    const twin = out.findIndex((o) => o.x === c.x && o.y === c.y);
    if (twin < 0) {
      out.push(c);
      continue;
    }
    const keep = out[twin].members.length >= c.members.length ? out[twin] : c;
    const members = [...out[twin].members, ...c.members];
    const centre = centreOf(points, index, members) ?? [keep.x, keep.y];
    out[twin] = { id: keep.id, members, x: centre[0], y: centre[1] };
  }
  return out;
}

export function countDistinct(xy: Float64Array, cap: number): number {
  const seen = new Set<string>();
  for (let i = 0; i < xy.length / 2 && seen.size < cap; i++) seen.add(`${xy[2 * i]},${xy[2 * i + 1]}`);
  return seen.size;
}

function nearestCentre(x: number, y: number, clusters: readonly MemberCluster[]): { at: number; distance: number } {
  let at = 0;
  let best = Infinity;
  for (let c = 0; c < clusters.length; c++) {
    const dx = x - clusters[c].x;
    const dy = y - clusters[c].y;
    const d = dx * dx + dy * dy;
    if (d < best) {
      best = d;
      at = c;
    }
  }
  return { at, distance: Math.sqrt(best) };
}

/** Warm start: previous clusters recentred, twins merged, then the farthest point split off until k. */
function warmStart(points: PointSet, index: Indexed, previous: readonly MemberCluster[], k: number): MemberCluster[] {
  let clusters = mergeIdentical(points, index, recentre(points, index, previous));
  const possible = Math.min(k, countDistinct(points.xy, k));
  let nextId = previous.reduce((m, c) => Math.max(m, c.id), -1) + 1;
  if (clusters.length === 0) return coldStart(points, k);
  while (clusters.length < possible) {
    let far = -1;
    let farDistance = 0;
    for (let i = 0; i < points.ids.length; i++) {
      const d = nearestCentre(points.xy[2 * i], points.xy[2 * i + 1], clusters).distance;
      if (d > farDistance) {
        farDistance = d;
        far = i;
      }
    }
    if (far < 0) break;
    const id = points.ids[far];
    const without = clusters.map((c) => ({ ...c, members: c.members.filter((m) => m !== id) }));
    without.push({ id: nextId++, members: [id], x: points.xy[2 * far], y: points.xy[2 * far + 1] });
    clusters = recentre(points, index, without);
  }
  return clusters;
}

/** Cold start: the first k distinct points, in data order, each a centre. */
function coldStart(points: PointSet, k: number): MemberCluster[] {
  const seen = new Set<string>();
  const out: MemberCluster[] = [];
  for (let i = 0; i < points.ids.length && out.length < k; i++) {
    const key = `${points.xy[2 * i]},${points.xy[2 * i + 1]}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ id: out.length, members: [], x: points.xy[2 * i], y: points.xy[2 * i + 1] });
  }
  return out;
}

/** One Lloyd step: every point to its nearest centre, empty clusters dropped, centres to weighted means. */
function step(points: PointSet, index: Indexed, clusters: readonly MemberCluster[]): MemberCluster[] {
  const members: number[][] = clusters.map(() => []);
  const sx = new Float64Array(clusters.length);
  const sy = new Float64Array(clusters.length);
  const sw = new Float64Array(clusters.length);
  for (let i = 0; i < points.ids.length; i++) {
    const x = points.xy[2 * i];
    const y = points.xy[2 * i + 1];
    const { at } = nearestCentre(x, y, clusters);
    const w = index.weight(i);
    members[at].push(points.ids[i]);
    sx[at] += w * x;
    sy[at] += w * y;
    sw[at] += w;
  }
  const out: MemberCluster[] = [];
  clusters.forEach((c, at) => {
    if (members[at].length === 0) return;
    // A cluster whose members all weigh 0 keeps its centre rather than becoming NaN.
    const x = sw[at] > 0 ? sx[at] / sw[at] : c.x;
    const y = sw[at] > 0 ? sy[at] / sw[at] : c.y;
    out.push({ id: c.id, members: members[at], x, y });
  });
  return out;
}

function sameClustering(a: readonly MemberCluster[], b: readonly MemberCluster[], tolerance: number): boolean {
  const sorted = (cs: readonly MemberCluster[]) => [...cs].sort((p, q) => p.x - q.x || p.y - q.y);
  const sa = sorted(a);
  const sb = sorted(b);
  const n = Math.min(sa.length, sb.length);
  for (let i = 0; i < n; i++) if (Math.hypot(sa[i].x - sb[i].x, sa[i].y - sb[i].y) >= tolerance) return false;
  return true;
}

/** Clusters sorted by id. An empty point set gives no clusters. */
export function memberKMeans(points: PointSet, k: number, options: MemberKMeansOptions = {}): MemberCluster[] {
  if (points.ids.length === 0 || k < 1) return [];
  const index = indexed(points);
  const maxSteps = options.maxSteps ?? 20;
  const tolerance = options.tolerance ?? 0.01;
  let clusters =
    options.previous && options.previous.length > 0 ? warmStart(points, index, options.previous, k) : coldStart(points, k);
  for (let s = 0; s <= maxSteps; s++) {
    const next = step(points, index, clusters);
    const done = sameClustering(clusters, next, tolerance);
    clusters = next;
    if (done) break;
  }
  return clusters.sort((a, b) => a.id - b.id);
}
