import { describe, expect, it } from 'vitest';
import { clusterRecords } from './cluster.ts';

function run(pairs: Array<[number, number, number]>, n: number, mode: 'connected' | 'strict', cannotLink?: Array<[number, number]>) {
  const left = Int32Array.from(pairs.map((p) => p[0]));
  const right = Int32Array.from(pairs.map((p) => p[1]));
  const probability = Float32Array.from(pairs.map((p) => p[2]));
  return clusterRecords(n, left, right, probability, pairs.length, { threshold: 0.9, mode, cannotLink });
}

describe('clusterRecords', () => {
  // 0~1 and 1~2 are strong, 0 and 2 look nothing alike: the classic chain
  const chain: Array<[number, number, number]> = [
    [0, 1, 0.99],
    [1, 2, 0.95],
    [0, 2, 0.01],
  ];

  it('joins connected components above the threshold', () => {
    const c = run(chain, 4, 'connected');
    expect(Array.from(c.person)).toEqual([0, 0, 0, 1]);
    expect(c.persons).toBe(2);
    expect(c.probability[0]).toBeCloseTo((0.99 + 0.01) / 2, 5);
    expect(Number.isNaN(c.probability[3])).toBe(true);
  });

  it('refuses the chained merge in strict mode', () => {
    const c = run(chain, 4, 'strict');
    expect(Array.from(c.person)).toEqual([0, 0, 1, 2]);
    expect(c.mergesRefused).toBe(1);
    expect(c.probability[0]).toBeCloseTo(0.99, 5);
  });

  it('keeps a reviewer non-match apart even when links would join them', () => {
    const c = run([[0, 1, 0.99], [1, 2, 0.99]], 3, 'connected', [[0, 2]]);
    expect(c.person[0]).not.toBe(c.person[2]);
  });

  it('handles no pairs and no records', () => {
    expect(run([], 3, 'connected').persons).toBe(3);
    expect(run([], 0, 'strict').persons).toBe(0);
  });
});
