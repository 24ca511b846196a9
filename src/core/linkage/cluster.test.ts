import { describe, expect, it } from 'vitest';
import { clusterRecords, type ClusterOptions } from './cluster.ts';

type Mode = 'careful' | 'connected' | 'strict';

function run(pairs: Array<[number, number, number]>, n: number, mode: Mode, cannotLink?: Array<[number, number]>, extra: Partial<ClusterOptions> = {}) {
  const left = Int32Array.from(pairs.map((p) => p[0]));
  const right = Int32Array.from(pairs.map((p) => p[1]));
  const probability = Float32Array.from(pairs.map((p) => p[2]));
  return clusterRecords(n, left, right, probability, pairs.length, { threshold: 0.9, mode, cannotLink, ...extra });
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

  it('refuses, in careful mode, a merge that would join a pair scored far below the threshold, and flags it', () => {
    const c = run([[0, 1, 0.99], [1, 2, 0.95], [0, 2, 0.0001]], 4, 'careful');
    expect(Array.from(c.person)).toEqual([0, 0, 1, 2]);
    // 0.01 is low, but not a confident non-match: careful mode follows the links there
    expect(run(chain, 4, 'careful').largest).toBe(3);
    expect(c.mergesRefused).toBe(1);
    expect(c.largest).toBe(2);
    expect(c.flagged).toEqual([
      {
        reason: 'merge-refused',
        persons: [0, 1],
        records: [0, 1, 2],
        link: { left: 1, right: 2, probability: expect.closeTo(0.95, 5) as unknown as number },
        conflict: { left: 2, right: 0, why: expect.stringMatching(/far below the threshold/) as unknown as string },
      },
    ]);
  });

  // five records, each link strong, but 0 and 4 were born decades apart: the chain 0~1~2~3~4 of transitive
  // closure, broken where the data says two records cannot be one person
  const born = [1945, 1946, 1946, 1972, 1972];
  const conflict = (i: number, j: number) => (Math.abs(born[i] - born[j]) > 5 ? `birth: ${born[i]} against ${born[j]}` : null);
  const links: Array<[number, number, number]> = [
    [0, 1, 0.99],
    [1, 2, 0.98],
    [2, 3, 0.93],
    [3, 4, 0.99],
  ];

  it('does not chain through weak links into records its conflict test calls incompatible', () => {
    const connected = run(links, 5, 'connected', undefined, { conflict });
    expect(connected.largest).toBe(5);
    expect(connected.flagged.map((f) => f.reason)).toEqual(['conflict-inside']);
    expect(connected.flagged[0].records).toEqual([0, 1, 2, 3, 4]);
    const careful = run(links, 5, 'careful', undefined, { conflict });
    expect(Array.from(careful.person)).toEqual([0, 0, 0, 1, 1]);
    expect(careful.largest).toBe(3);
    expect(careful.flagged).toHaveLength(1);
    expect(careful.flagged[0]).toMatchObject({ reason: 'merge-refused', persons: [0, 1], link: { left: 2, right: 3 } });
    expect(careful.flagged[0].conflict.why).toMatch(/1946 against 1972|1972 against 194/);
  });

  it('leaves a scored pair to its score: the conflict test only stands in for pairs blocking never scored', () => {
    // 0 and 1 disagree on the birth year (a typo), yet their names and the rest scored them a match
    const typo = (i: number, j: number) => (i + j === 1 ? 'birth: 1956 against 1965' : null);
    const c = run([[0, 1, 0.97]], 2, 'careful', undefined, { conflict: typo });
    expect(c.person[0]).toBe(c.person[1]);
    expect(c.flagged).toEqual([]);
  });

  it('applies the conflict test to a pair scored below the threshold, not only to pairs never scored', () => {
    // siblings of one name: 0~1 and 1~2 are strong, 0 and 2 were scored (0.3, not a confident non-match by
    // score alone) and were born 27 years apart
    const c = run([[0, 1, 0.99], [1, 2, 0.95], [0, 2, 0.3]], 3, 'careful', undefined, { conflict: (i, j) => (i + j === 2 && i !== j ? 'birth: 1945 against 1972' : null) });
    expect(c.person[0]).not.toBe(c.person[2]);
    expect(c.flagged[0]).toMatchObject({ reason: 'merge-refused', conflict: { why: 'birth: 1945 against 1972' } });
  });

  it('lets a reviewer match override a conflict, and flags the person that now holds it', () => {
    const decided = new Uint8Array(links.length + 1);
    decided[links.length] = 1;
    const c = run([...links, [0, 4, 1]], 5, 'careful', undefined, { conflict, decided });
    expect(c.person[0]).toBe(c.person[4]);
    expect(c.flagged.some((f) => f.reason === 'conflict-inside' && f.records.includes(0) && f.records.includes(4))).toBe(true);
  });

  it('keeps a reviewer non-match apart in careful mode without flagging it', () => {
    const c = run([[0, 1, 0.99], [1, 2, 0.99]], 3, 'careful', [[0, 2]]);
    expect(c.person[0]).not.toBe(c.person[2]);
    expect(c.flagged).toEqual([]);
  });
});
