import { describe, expect, it } from 'vitest';
import { cellAgrees, everyCellAgrees, groupCells } from './agreement.ts';
import { countGroupVotes } from './repness.ts';
import { VoteLog } from './vote-matrix.ts';

const cell = (agree: number, disagree: number, pass = 0) => ({ agree, disagree, pass, votes: agree + disagree + pass });

describe('agreement across every group', () => {
  it('needs at least three votes and (agree + 1) / (votes + 2) ≥ 0.6 in a group', () => {
    expect(cellAgrees(cell(2, 0))).toBe(false); // two votes are too few
    expect(cellAgrees(cell(3, 0))).toBe(true); // 4/5 = 0.8
    expect(cellAgrees(cell(2, 1))).toBe(true); // 3/5 = 0.6
    expect(cellAgrees(cell(2, 2))).toBe(false); // 3/6 = 0.5
    expect(cellAgrees(cell(3, 0, 3))).toBe(false); // passes count as votes: 4/8
  });

  it('never calls one group, or none, agreement across groups', () => {
    expect(everyCellAgrees([])).toBe(false);
    expect(everyCellAgrees([cell(10, 0)])).toBe(false);
    expect(everyCellAgrees([cell(10, 0), cell(5, 1)])).toBe(true);
    expect(everyCellAgrees([cell(10, 0), cell(5, 1), cell(1, 5)])).toBe(false);
  });

  it('reads one statement per group from the group vote counts', () => {
    // participants 0-2 in group 0, 3-5 in group 1; statement 1: group 0 agrees, group 1 splits and passes
    const votes = [
      [0, 1, 1], [1, 1, 1], [2, 1, 1],
      [3, 1, 1], [4, 1, -1], [5, 1, 0],
      [0, 0, -1],
    ];
    const log = new VoteLog();
    for (const [participant, statement, value] of votes) log.append(participant, statement, value);
    const matrix = log.toMatrix(6, 2);
    const counts = countGroupVotes(matrix, Int32Array.from([0, 0, 0, 1, 1, 1]), 2);
    expect(groupCells(counts, 1, [0, 1])).toEqual([cell(3, 0), cell(1, 1, 1)]);
    expect(groupCells(counts, 0, [0, 1, 7])).toEqual([cell(0, 1), cell(0, 0), cell(0, 0)]);
  });
});
