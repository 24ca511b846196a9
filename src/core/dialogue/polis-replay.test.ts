import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hasShared, sharedPath } from '../../../test/shared-data.ts';
import { parsePolisExport, replayProblem, timedVotes, toDialogue } from '../polis-format/index.ts';
import { adjustedRandIndex } from './ari.ts';
import { memberKMeans } from './polis-kmeans.ts';
import { replayPolis, smoothK, type KSmoother, type TimedVotes } from './polis-replay.ts';
import { generateSynthetic } from './synthetic.ts';

describe('group-k smoother', () => {
  it('shows a new k only after it has been best for four updates in a row', () => {
    let s: KSmoother = { lastK: null, lastKCount: 0, smoothedK: null };
    const shown: number[] = [];
    for (const best of [2, 3, 3, 3, 2, 3, 3, 3, 3, 3]) {
      s = smoothK(s, best, 4);
      shown.push(s.smoothedK!);
    }
    // The first best k is shown at once; 3 needs four wins in a row (the 2 at update 5 resets its count).
    expect(shown).toEqual([2, 2, 2, 2, 2, 2, 2, 2, 3, 3]);
  });
});

/** Two tight blobs of points around (-5, 0) and (5, 0), ids 0..2n-1. */
function blobs(n: number, flip = 1): { ids: Int32Array; xy: Float64Array } {
  const xy = new Float64Array(4 * n);
  for (let i = 0; i < 2 * n; i++) {
    xy[2 * i] = flip * ((i < n ? -5 : 5) + ((i * 37) % 11) / 50);
    xy[2 * i + 1] = ((i * 53) % 13) / 50;
  }
  return { ids: Int32Array.from({ length: 2 * n }, (_, i) => i), xy };
}

describe('member k-means (Pol.is style)', () => {
  it('separates two blobs from a cold start', () => {
    const points = blobs(20);
    const clusters = memberKMeans(points, 2);
    expect(clusters).toHaveLength(2);
    const sets = clusters.map((c) => [...c.members].sort((a, b) => a - b));
    expect(sets.map((s) => s.length).sort()).toEqual([20, 20]);
    expect(sets.some((s) => s[0] === 0 && s[19] === 19)).toBe(true);
  });

  it('keeps cluster ids and members when the axis flips sign (centres come from members, not coordinates)', () => {
    const first = memberKMeans(blobs(20), 2);
    const again = memberKMeans(blobs(20, -1), 2, { previous: first });
    expect(again.map((c) => c.id)).toEqual(first.map((c) => c.id));
    for (let c = 0; c < first.length; c++) expect([...again[c].members].sort()).toEqual([...first[c].members].sort());
  });

  it('splits off the farthest point when a warm start has fewer clusters than k', () => {
    const first = memberKMeans(blobs(20), 1);
    expect(first).toHaveLength(1);
    const two = memberKMeans(blobs(20), 2, { previous: first });
    expect(two).toHaveLength(2);
    expect(two.map((c) => c.members.length).sort()).toEqual([20, 20]);
  });

  it('never makes more clusters than distinct points, and handles no points', () => {
    const same = { ids: Int32Array.from([1, 2, 3]), xy: new Float64Array(6) };
    expect(memberKMeans(same, 5)).toHaveLength(1);
    expect(memberKMeans({ ids: new Int32Array(0), xy: new Float64Array(0) }, 3)).toEqual([]);
  });
});

/** A synthetic conversation's votes, one every `gapMs`, participants arriving one after another. */
function timed(seed: number, gapMs: number): { votes: TimedVotes; truth: Int32Array; nP: number; nS: number } {
  const syn = generateSynthetic({ participants: 150, statements: 24, votes: 150 * 14, groups: 2, seed });
  const m = syn.matrix;
  const n = m.statement.length;
  const votes: TimedVotes = { time: new Float64Array(n), participant: new Int32Array(n), statement: m.statement.slice(), value: m.value.slice() };
  for (let p = 0; p < m.nParticipants; p++) votes.participant.fill(p, m.rowStart[p], m.rowStart[p + 1]);
  for (let i = 0; i < n; i++) votes.time[i] = 1_600_000_000_000 + i * gapMs;
  return { votes, truth: syn.truth, nP: m.nParticipants, nS: m.nStatements };
}

describe('replayPolis', () => {
  it('finds the planted groups, keeps participants with fewer than 7 votes out, and counts its updates', () => {
    const { votes, truth, nP, nS } = timed(3, 10_000);
    const result = replayPolis(votes, nP, nS, new Uint8Array(nS).fill(1), { intervalMs: 60_000 });
    expect(result.groupCount).toBe(2);
    // 10 s between votes and 60 s windows: one update per 6 votes.
    expect(result.updates).toBe(Math.ceil(votes.time.length / 6));
    const both = Array.from(result.inConv);
    expect(adjustedRandIndex(both.map((p) => result.groupOf[p]), both.map((p) => truth[p]))).toBeGreaterThan(0.9);
    for (let p = 0; p < nP; p++) {
      if (result.matrix.votesPerParticipant[p] < 7) expect(result.groupOf[p]).toBe(-1);
    }
  });

  it('is deterministic', () => {
    const { votes, nP, nS } = timed(4, 10_000);
    const a = replayPolis(votes, nP, nS, new Uint8Array(nS).fill(1));
    const b = replayPolis(votes, nP, nS, new Uint8Array(nS).fill(1));
    expect(Array.from(a.groupOf)).toEqual(Array.from(b.groupOf));
  });

  it('refuses votes out of time order or outside the matrix, naming the vote', () => {
    const { votes, nP, nS } = timed(5, 1000);
    votes.time[10] = 0;
    expect(() => replayPolis(votes, nP, nS, new Uint8Array(nS).fill(1))).toThrow(/vote 11 is earlier than vote 10/);
    const fresh = timed(5, 1000);
    fresh.votes.statement[3] = nS + 4;
    expect(() => replayPolis(fresh.votes, nP, nS, new Uint8Array(nS).fill(1))).toThrow(/vote 4: statement/);
  });
});

describe.skipIf(!hasShared('data', 'polis', 'brexit-consensus'))('replay of a real Pol.is conversation', () => {
  it("brexit-consensus: the replayed groups agree with Pol.is's own (adjusted Rand index above 0.85)", () => {
    const read = (f: string) => readFileSync(sharedPath('data', 'polis', 'brexit-consensus', f), 'utf8');
    const exp = parsePolisExport({ comments: read('comments.csv'), votes: read('votes.csv'), participantsVotes: read('participants-votes.csv') });
    expect(replayProblem(exp)).toBeNull();
    const dlg = toDialogue(exp);
    const result = replayPolis(timedVotes(exp, dlg), dlg.matrix.nParticipants, dlg.matrix.nStatements, dlg.active);
    expect(result.groupCount).toBe(2);
    const both: number[] = [];
    for (let p = 0; p < dlg.participantIds.length; p++) if (result.groupOf[p] >= 0 && dlg.polisGroup[p] >= 0) both.push(p);
    expect(both.length).toBeGreaterThan(180);
    // Measured 0.90 (bench/dialogue-polis.bench.ts); the default, final-votes analysis gives 0.88 here.
    expect(adjustedRandIndex(both.map((p) => result.groupOf[p]), both.map((p) => dlg.polisGroup[p]))).toBeGreaterThan(0.85);
  });
});
