import { describe, expect, it } from 'vitest';
import { VoteLog } from './vote-matrix.ts';
import {
  countGroupVotes,
  groupAwareConsensus,
  groupStats,
  propTest,
  selectConsensus,
  selectRepresentative,
  twoPropTest,
} from './repness.ts';

describe('Pol.is statistics', () => {
  it('prop-test and two-prop-test follow stats.clj with their +1 pseudocounts', () => {
    expect(propTest(3, 4)).toBeCloseTo(2 * Math.sqrt(5) * (4 / 5 - 0.5), 12);
    expect(propTest(0, 0)).toBeCloseTo(2 * 1 * (1 - 0.5), 12);
    expect(twoPropTest(3, 1, 4, 4)).toBeCloseTo(0.4 / Math.sqrt(0.6 * 0.4 * 0.4), 12);
    expect(twoPropTest(4, 4, 4, 4)).toBe(0); // pooled proportion 1
  });
});

/** Two groups of five on three statements: 0 splits them, 1 everybody agrees with, 2 only group 1 disagrees with. */
function twoGroups() {
  const log = new VoteLog();
  const groupOf = new Int32Array(10);
  for (let p = 0; p < 10; p++) {
    const g = p < 5 ? 0 : 1;
    groupOf[p] = g;
    log.append(p, 0, g === 0 ? 1 : -1);
    log.append(p, 1, 1);
    log.append(p, 2, g === 0 ? 0 : -1);
  }
  return { matrix: log.toMatrix(), groupOf };
}

describe('representative and consensus statements', () => {
  const { matrix, groupOf } = twoGroups();
  const counts = countGroupVotes(matrix, groupOf, 2);
  const active = new Uint8Array(3).fill(1);

  it('computes pa, pd, ra, rat as repness.clj does', () => {
    const st = groupStats(counts, 0, 0);
    expect(st.na).toBe(5);
    expect(st.ns).toBe(5);
    expect(st.pa).toBeCloseTo(6 / 7, 12);
    expect(st.ra).toBeCloseTo(6 / 7 / (1 / 7), 12);
    expect(st.rat).toBeCloseTo(twoPropTest(5, 0, 5, 5), 12);
  });

  it('selects the splitting statement for each group, agrees first', () => {
    const g0 = selectRepresentative(counts, 0, active);
    expect(g0[0]).toMatchObject({ statement: 0, repfulFor: 'agree' });
    const g1 = selectRepresentative(counts, 1, active);
    expect(g1.map((r) => [r.statement, r.repfulFor])).toContainEqual([0, 'disagree']);
    expect(g1.filter((r) => r.repfulFor === 'agree').every((r, i) => g1.indexOf(r) === i)).toBe(true);
  });

  it('never reports moderated-out statements', () => {
    const onlyTwo = Uint8Array.from([0, 1, 1]);
    for (const g of [0, 1]) expect(selectRepresentative(counts, g, onlyTwo).some((r) => r.statement === 0)).toBe(false);
  });

  it('finds the statement everybody agrees with as consensus', () => {
    const consensus = selectConsensus(matrix, active);
    expect(consensus.agree.map((c) => c.statement)).toEqual([1]);
    expect(consensus.agree[0].pSuccess).toBeCloseTo(11 / 12, 12);
    expect(consensus.disagree.map((c) => c.statement)).toEqual([]);
  });

  it('group-aware consensus is the product over groups of (agree+1)/(votes+2)', () => {
    const gac = groupAwareConsensus(counts, active);
    expect(gac[1]).toBeCloseTo((6 / 7) * (6 / 7), 12);
    expect(gac[0]).toBeCloseTo((6 / 7) * (1 / 7), 12);
    expect(gac[2]).toBeCloseTo((1 / 7) * (1 / 7), 12);
  });
});
