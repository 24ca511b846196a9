import { describe, expect, it } from 'vitest';
import { clusterRecords } from './cluster.ts';

/**
 * Careful clustering's balance test: links each of which is plausible can still join two groups that, taken whole,
 * are different people (namesakes of one parish chained through a record with little in it).
 */
describe('careful clustering weighs all pairs across two groups', () => {
  // 0~1 and 2~3 are one person each; 1~2 is a plausible link (a record with only a name and a year), but 0 and 3,
  // and 0 and 2, and 1 and 3 look like different people
  const links: Array<[number, number, number]> = [
    [0, 1, 0.99],
    [2, 3, 0.99],
    [1, 2, 0.92],
  ];
  const scores = new Map<string, number>([
    ['0:1', 0.99],
    ['2:3', 0.99],
    ['1:2', 0.92],
    ['0:2', 0.05],
    ['0:3', 0.02],
    ['1:3', 0.1],
  ]);
  const score = (i: number, j: number) => scores.get(`${Math.min(i, j)}:${Math.max(i, j)}`) ?? 0;
  const run = (withScore: boolean) =>
    clusterRecords(4, Int32Array.from(links.map((l) => l[0])), Int32Array.from(links.map((l) => l[1])), Float32Array.from(links.map((l) => l[2])), links.length, {
      threshold: 0.9,
      mode: 'careful',
      ...(withScore ? { score } : {}),
    });

  it('refuses a merge when the evidence across the groups is on balance against it, and flags it', () => {
    const c = run(true);
    expect(c.person[0]).toBe(c.person[1]);
    expect(c.person[2]).toBe(c.person[3]);
    expect(c.person[1]).not.toBe(c.person[2]);
    expect(c.mergesRefused).toBe(1);
    expect(c.flagged).toHaveLength(1);
    expect(c.flagged[0].reason).toBe('merge-refused');
    expect(c.flagged[0].conflict.why).toMatch(/bits on average/);
    expect(c.largest).toBe(2);
  });

  it('merges on the links alone without a scorer, as before', () => {
    const c = run(false);
    expect(c.persons).toBe(1);
  });

  it('merges when most pairs across the groups agree', () => {
    scores.set('0:2', 0.97);
    scores.set('1:3', 0.95);
    scores.set('0:3', 0.3);
    expect(run(true).persons).toBe(1);
  });
});
