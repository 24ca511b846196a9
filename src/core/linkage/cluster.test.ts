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

  describe('a record left alone joins the person it most probably belongs to', () => {
    // records 0-5 are one person documented six times; 6 carries only the name (0.7 against each of them); 7 is
    // someone else. λ = 0.05 over 8 records: 0.35 matches a record, taken as 1
    const lambda = 0.05;
    const logPrior = Math.log2(lambda / (1 - lambda));
    const person = [0, 1, 2, 3, 4, 5];
    const strong: Array<[number, number, number]> = person.slice(1).map((j) => [0, j, 0.99]);
    const score = (i: number, j: number) => (person.includes(i) && person.includes(j) ? 0.99 : (i === 6 && person.includes(j)) || (j === 6 && person.includes(i)) ? 0.7 : 0.01);
    const lone: Array<[number, number, number]> = [[0, 6, 0.7], [1, 6, 0.7]];

    it('joins it when the person-level probability reaches one half, and flags the person', () => {
      const c = run([...strong, ...lone], 8, 'careful', undefined, { score, logPrior });
      expect(c.person[6]).toBe(c.person[0]);
      expect(c.person[7]).not.toBe(c.person[0]);
      const flag = c.flagged.find((f) => f.reason === 'attached');
      expect(flag).toMatchObject({ persons: [c.person[0]], records: [0, 1, 2, 3, 4, 5, 6], link: { probability: expect.closeTo(0.7, 5) } });
      expect(flag?.conflict.why).toMatch(/person-level probability 0\.9\d/);
    });

    it('leaves it alone without the prior, when two persons are as likely, when records conflict, or when a reviewer said no', () => {
      expect(run([...strong, ...lone], 8, 'careful', undefined, { score }).person[6]).not.toBe(0);
      // two persons of three records each, 0.7 to both: odds 7 each against 1 for nobody, 7/15 < 1/2
      const two: Array<[number, number, number]> = [[0, 1, 0.99], [0, 2, 0.99], [3, 4, 0.99], [3, 5, 0.99], [0, 6, 0.7], [3, 6, 0.7]];
      const c = run(two, 8, 'careful', undefined, { score: () => 0.7, logPrior });
      expect(new Set([c.person[6], c.person[0], c.person[3]]).size).toBe(3);
      expect(c.flagged).toEqual([]);
      const conflict = (i: number, j: number) => ((i === 6 && j < 4) || (j === 6 && i < 4) ? 'birth: 1816 against 1825' : null);
      expect(run([...strong, ...lone], 8, 'careful', undefined, { score, logPrior, conflict }).person[6]).not.toBe(0);
      expect(run([...strong, ...lone], 8, 'careful', [[6, 3]], { score, logPrior }).person[6]).not.toBe(0);
      expect(run([...strong, ...lone], 8, 'connected', undefined, { score, logPrior }).person[6]).not.toBe(0);
    });
  });
});
