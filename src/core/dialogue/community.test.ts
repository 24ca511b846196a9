import { describe, expect, it } from 'vitest';
import { VoteLog } from './vote-matrix.ts';
import { OTHER_COMMUNITIES, communityAgreement } from './community.ts';

describe('agreement by declared community', () => {
  // 6 in A, 6 in B, 2 in C, 2 in D, 3 with none. Statement 0: all agree; 1: A agrees, B disagrees; 2: A passes.
  const names = ['A', 'B', 'C', 'D'];
  const communityOf = Int32Array.from([0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 2, 2, 3, 3, -1, -1, -1]);
  const log = new VoteLog();
  communityOf.forEach((c, p) => {
    log.append(p, 0, 1);
    log.append(p, 1, c === 0 ? 1 : -1);
    if (c === 0) log.append(p, 2, 0);
  });
  const matrix = log.toMatrix();

  it('reports counts and shares per community, pooling the small ones', () => {
    const result = communityAgreement(matrix, communityOf, names, { minGroupSize: 5 });
    expect(result.communities).toEqual(['A', 'B']);
    expect(result.pooled).toEqual(['C', 'D']);
    expect(result.cells[1][0]).toMatchObject({ agree: 6, disagree: 0, votes: 6, agreeShare: 1 });
    expect(result.cells[1][1]).toMatchObject({ agree: 0, disagree: 6, disagreeShare: 1 });
    expect(result.cells[2][0]).toMatchObject({ pass: 6, passShare: 1 });
  });

  it('pools small communities into one row once together they reach the minimum', () => {
    const result = communityAgreement(matrix, communityOf, names, { minGroupSize: 4 });
    expect(result.communities).toEqual(['A', 'B', OTHER_COMMUNITIES]);
    expect(result.memberCounts).toEqual([6, 6, 4]);
  });

  it('finds the statements every community agrees with', () => {
    const result = communityAgreement(matrix, communityOf, names, { minGroupSize: 5 });
    expect(result.commonGround.map((c) => c.statement)).toEqual([0]);
    expect(result.commonGround[0].minAgreement).toBeCloseTo(7 / 8, 12);
  });

  it('reports nothing separately when every community is too small', () => {
    const result = communityAgreement(matrix, communityOf, names, { minGroupSize: 50 });
    expect(result.communities).toEqual([]);
    expect(result.commonGround).toEqual([]);
  });

  it('ignores community indices outside the list', () => {
    const odd = Int32Array.from(communityOf);
    odd[0] = 99;
    const result = communityAgreement(matrix, odd, names, { minGroupSize: 5 });
    expect(result.cells[0][0].votes).toBe(5);
  });
});
