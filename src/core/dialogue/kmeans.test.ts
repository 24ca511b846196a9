import { describe, expect, it } from 'vitest';
import { kmeans, silhouette } from './kmeans.ts';
import { createRng } from './rng.ts';

function blobs(centers: [number, number][], perBlob: number, spread: number, seed: number) {
  const rng = createRng(seed);
  const points = new Float64Array(centers.length * perBlob * 2);
  const truth: number[] = [];
  let i = 0;
  centers.forEach(([x, y], c) => {
    for (let k = 0; k < perBlob; k++) {
      points[i++] = x + (rng() - 0.5) * spread;
      points[i++] = y + (rng() - 0.5) * spread;
      truth.push(c);
    }
  });
  return { points, truth };
}

describe('kmeans', () => {
  it('recovers well-separated blobs', () => {
    const { points, truth } = blobs([[0, 0], [10, 0], [0, 10]], 40, 1, 1);
    const result = kmeans(points, 3, { seed: 4, restarts: 5 });
    expect(result.k).toBe(3);
    const map = new Map<number, number>();
    truth.forEach((t, i) => {
      if (!map.has(t)) map.set(t, result.assignment[i]);
      expect(result.assignment[i]).toBe(map.get(t));
    });
    expect(silhouette(points, result.assignment, result.k)).toBeGreaterThan(0.8);
  });

  it('caps k at the number of distinct points and drops empty clusters', () => {
    const points = Float64Array.from([1, 1, 1, 1, 2, 2]);
    const result = kmeans(points, 5);
    expect(result.k).toBe(2);
    expect(Array.from(result.sizes).sort()).toEqual([1, 2]);
  });

  it('weights pull centres and warm starts keep labels', () => {
    const points = Float64Array.from([0, 0, 1, 0, 10, 0]);
    const weights = Float64Array.from([1, 3, 1]);
    const result = kmeans(points, 2, { weights, seed: 2 });
    const left = result.assignment[0];
    expect(result.centers[2 * left]).toBeCloseTo(0.75, 12);
    const warm = kmeans(points, 2, { weights, start: result.centers });
    expect(Array.from(warm.assignment)).toEqual(Array.from(result.assignment));
  });

  it('handles no points', () => {
    expect(kmeans(new Float64Array(0), 3).k).toBe(0);
  });

  it('scores a singleton member as 0 in the silhouette', () => {
    const points = Float64Array.from([0, 0, 0, 1, 5, 5]);
    const s = silhouette(points, Int32Array.from([0, 0, 1]), 2);
    // members of the pair: a = 1, b = distances to the singleton
    const b0 = Math.hypot(5, 5);
    const b1 = Math.hypot(5, 4);
    expect(s).toBeCloseTo(((b0 - 1) / b0 + (b1 - 1) / b1 + 0) / 3, 12);
  });
});
