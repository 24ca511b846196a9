import { describe, expect, it } from 'vitest';
import { UNSEEN, VoteLog, denseRow, voteAt } from './vote-matrix.ts';

describe('VoteLog.toMatrix', () => {
  it('keeps the latest vote per participant and statement and counts votes', () => {
    const log = new VoteLog(2);
    log.append(0, 3, 1);
    log.append(1, 0, -1);
    log.append(0, 3, -1); // changed mind
    log.append(0, 1, 0);
    log.append(0, 3, 0); // and again
    const m = log.toMatrix();
    expect(m.nParticipants).toBe(2);
    expect(m.nStatements).toBe(4);
    expect(Array.from(denseRow(m, 0))).toEqual([UNSEEN, 0, UNSEEN, 0]);
    expect(Array.from(denseRow(m, 1))).toEqual([-1, UNSEEN, UNSEEN, UNSEEN]);
    expect(Array.from(m.votesPerParticipant)).toEqual([2, 1]);
    expect(Array.from(m.votesPerStatement)).toEqual([1, 1, 0, 1]);
    expect(voteAt(m, 0, 3)).toBe(0);
    expect(voteAt(m, 1, 3)).toBe(UNSEEN);
  });

  it('sorts each row by statement and honours requested dimensions', () => {
    const log = new VoteLog();
    for (const s of [9, 2, 5, 2]) log.append(0, s, 1);
    const m = log.toMatrix(3, 12);
    expect(m.nParticipants).toBe(3);
    expect(m.nStatements).toBe(12);
    expect(Array.from(m.statement)).toEqual([2, 5, 9]);
    expect(Array.from(m.rowStart)).toEqual([0, 3, 3, 3]);
  });

  it('builds an empty matrix from an empty log', () => {
    const m = new VoteLog().toMatrix();
    expect(m.nParticipants).toBe(0);
    expect(m.statement.length).toBe(0);
  });

  it('rejects votes outside agree, disagree, pass and bad indices', () => {
    const log = new VoteLog();
    expect(() => log.append(0, 0, 2)).toThrow(/not 1/);
    expect(() => log.append(0, 0, Number.NaN)).toThrow(/not 1/);
    expect(() => log.append(-1, 0, 1)).toThrow(/participant/);
    expect(() => log.append(0, 1.5, 1)).toThrow(/statement/);
    expect(() => log.append(2 ** 31, 0, 1)).toThrow(/participant/);
    expect(log.length).toBe(0);
  });

  it('round-trips through fromMatrix without the superseded votes', () => {
    const log = new VoteLog();
    log.append(1, 1, 1);
    log.append(1, 1, -1);
    log.append(0, 2, 0);
    const m = log.toMatrix();
    const compact = VoteLog.fromMatrix(m);
    expect(compact.length).toBe(2);
    const again = compact.toMatrix();
    expect(Array.from(again.value)).toEqual(Array.from(m.value));
    expect(Array.from(again.statement)).toEqual(Array.from(m.statement));
  });
});
