import { describe, expect, it } from 'vitest';
import { UNSEEN, VoteLog, denseRow, voteAt, withVotes } from './vote-matrix.ts';
import { createRng } from './rng.ts';

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

describe('withVotes', () => {
  it('gives the same matrix as building from the whole log, batch after batch', () => {
    const rng = createRng(11);
    const log = new VoteLog();
    let m = log.toMatrix(30, 12);
    for (let round = 0; round < 20; round++) {
      const batch = Array.from({ length: 1 + Math.floor(rng() * 15) }, () => ({
        participant: Math.floor(rng() * 30),
        statement: Math.floor(rng() * 12),
        value: Math.floor(rng() * 3) - 1,
      }));
      for (const e of batch) log.append(e.participant, e.statement, e.value);
      m = withVotes(m, batch);
      const whole = log.toMatrix(30, 12);
      expect(Array.from(m.rowStart)).toEqual(Array.from(whole.rowStart));
      expect(Array.from(m.statement)).toEqual(Array.from(whole.statement));
      expect(Array.from(m.value)).toEqual(Array.from(whole.value));
      expect(Array.from(m.votesPerStatement)).toEqual(Array.from(whole.votesPerStatement));
      expect(Array.from(m.votesPerParticipant)).toEqual(Array.from(whole.votesPerParticipant));
    }
  });

  it('refuses a vote value or a cell outside the matrix', () => {
    const m = new VoteLog().toMatrix(2, 2);
    expect(() => withVotes(m, [{ participant: 0, statement: 0, value: 2 }])).toThrow(/not 1/);
    expect(() => withVotes(m, [{ participant: 2, statement: 0, value: 1 }])).toThrow(/outside the matrix/);
  });
});
