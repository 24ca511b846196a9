/**
 * Decomposable (chordal) undirected graphs on a few vertices, with their cliques and separators, for Bayesian
 * model averaging over decomposable graphical log-linear models (Madigan & York 1997).
 *
 * All graphs on p vertices are enumerated (2^(p(p−1)/2): 1,024 for p = 5) and the chordal ones kept: 8, 61 and
 * 822 for p = 3, 4, 5 (OEIS A058862), the same sets as the dga package's graphs3/4/5 data. Cliques are the
 * maximal complete vertex sets; separators are the intersections along a junction tree, built as a maximum-weight
 * spanning tree of the clique graph (weights |C_i ∩ C_j|), which for a chordal graph is a junction tree. Empty
 * intersections (between connected components) are left out: they contribute nothing to the marginal likelihood.
 * Vertex sets are bit masks: bit j is list j.
 */
export interface DecomposableGraph {
  /** Edges as [i, j] with i < j. */
  edges: [number, number][];
  cliques: number[];
  separators: number[];
}

const cache = new Map<number, DecomposableGraph[]>();

export function decomposableGraphs(p: number): DecomposableGraph[] {
  if (!Number.isInteger(p) || p < 2 || p > 6) throw new RangeError(`decomposable graphs are enumerated for 2 to 6 vertices, got ${p}`);
  const cached = cache.get(p);
  if (cached) return cached;
  const pairs: [number, number][] = [];
  for (let i = 0; i < p; i++) for (let j = i + 1; j < p; j++) pairs.push([i, j]);
  const graphs: DecomposableGraph[] = [];
  for (let mask = 0; mask < 1 << pairs.length; mask++) {
    const adjacency = new Array<number>(p).fill(0);
    const edges: [number, number][] = [];
    pairs.forEach(([i, j], e) => {
      if (mask & (1 << e)) {
        adjacency[i] |= 1 << j;
        adjacency[j] |= 1 << i;
        edges.push([i, j]);
      }
    });
    if (!isChordal(adjacency)) continue;
    const cliques = maximalCliques(adjacency);
    graphs.push({ edges, cliques, separators: junctionTreeSeparators(cliques) });
  }
  cache.set(p, graphs);
  return graphs;
}

function popcount(x: number): number {
  let n = 0;
  while (x) {
    x &= x - 1;
    n++;
  }
  return n;
}

/** Maximum cardinality search (Tarjan & Yannakakis 1984) gives a perfect elimination order iff the graph is chordal. */
function isChordal(adjacency: number[]): boolean {
  const p = adjacency.length;
  const order: number[] = [];
  let visited = 0;
  for (let step = 0; step < p; step++) {
    let best = -1;
    let bestWeight = -1;
    for (let v = 0; v < p; v++) {
      if (visited & (1 << v)) continue;
      const w = popcount(adjacency[v] & visited);
      if (w > bestWeight) {
        best = v;
        bestWeight = w;
      }
    }
    order.push(best);
    visited |= 1 << best;
  }
  // In MCS order, each vertex's earlier neighbours must form a clique.
  let earlier = 0;
  for (const v of order) {
    const nbrs = adjacency[v] & earlier;
    for (let u = 0; u < p; u++) {
      if (nbrs & (1 << u) && (adjacency[u] & nbrs) !== (nbrs & ~(1 << u))) return false;
    }
    earlier |= 1 << v;
  }
  return true;
}

function maximalCliques(adjacency: number[]): number[] {
  const p = adjacency.length;
  const complete: number[] = [];
  for (let set = 1; set < 1 << p; set++) {
    let ok = true;
    for (let v = 0; v < p && ok; v++) {
      if (set & (1 << v) && (adjacency[v] & set) !== (set & ~(1 << v))) ok = false;
    }
    if (ok) complete.push(set);
  }
  return complete.filter((c) => !complete.some((d) => d !== c && (d & c) === c));
}

function junctionTreeSeparators(cliques: number[]): number[] {
  const candidates: { a: number; b: number; weight: number }[] = [];
  for (let a = 0; a < cliques.length; a++) {
    for (let b = a + 1; b < cliques.length; b++) candidates.push({ a, b, weight: popcount(cliques[a] & cliques[b]) });
  }
  candidates.sort((x, y) => y.weight - x.weight);
  const parent = cliques.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  const separators: number[] = [];
  for (const { a, b, weight } of candidates) {
    if (weight === 0) break;
    const ra = find(a);
    const rb = find(b);
    if (ra === rb) continue;
    parent[ra] = rb;
    separators.push(cliques[a] & cliques[b]);
  }
  return separators;
}
