import { describe, expect, it } from 'vitest';
import { decomposableGraphs } from './graphs.ts';

describe('decomposableGraphs', () => {
  it.each([
    [3, 8],
    [4, 61],
    [5, 822],
  ])('finds every chordal graph on %i vertices (%i, as dga ships)', (p, count) => {
    expect(decomposableGraphs(p)).toHaveLength(count);
  });

  it('leaves out the four-cycle and keeps the triangulated one', () => {
    const graphs = decomposableGraphs(4);
    const key = (edges: [number, number][]): string => edges.map((e) => e.join('-')).sort().join(' ');
    const keys = new Set(graphs.map((g) => key(g.edges)));
    expect(keys.has('0-1 0-2 1-3 2-3')).toBe(false);
    expect(keys.has('0-1 0-2 1-2 1-3 2-3')).toBe(true);
  });

  it('gives cliques and junction-tree separators that satisfy |C| − |S| = number of components', () => {
    for (const g of decomposableGraphs(5)) {
      const parent = [0, 1, 2, 3, 4];
      const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
      for (const [a, b] of g.edges) parent[find(a)] = find(b);
      const components = new Set([0, 1, 2, 3, 4].map(find)).size;
      expect(g.cliques.length - g.separators.length).toBe(components);
      // Every vertex is in some clique, every edge inside some clique.
      expect(g.cliques.reduce((a, c) => a | c, 0)).toBe(31);
      for (const [a, b] of g.edges) expect(g.cliques.some((c) => c & (1 << a) && c & (1 << b))).toBe(true);
    }
  });

  it('has independence as one clique per vertex with no separators, and the complete graph as one clique', () => {
    const graphs = decomposableGraphs(3);
    const empty = graphs.find((g) => g.edges.length === 0)!;
    expect(empty.cliques.sort()).toEqual([1, 2, 4]);
    expect(empty.separators).toEqual([]);
    const full = graphs.find((g) => g.edges.length === 3)!;
    expect(full.cliques).toEqual([7]);
  });

  it('refuses sizes it does not enumerate', () => {
    expect(() => decomposableGraphs(7)).toThrow(RangeError);
  });
});
