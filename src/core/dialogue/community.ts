/**
 * Agreement by declared community: participants may say which community they belong to (set by the facilitator,
 * e.g. Azerbaijani, Armenian, international). For each statement and community we report agree, disagree and
 * pass counts and shares, and the statements that every community agrees with.
 *
 * Privacy: a community with fewer members than `minGroupSize` is never reported on its own (its votes would
 * come close to identifying individuals); such communities are pooled into one "other" row, which is itself
 * reported only if it reaches the minimum.
 */
import type { VoteMatrix } from './vote-matrix.ts';

export interface CommunityOptions {
  minGroupSize?: number;
  /** A community "agrees" when (agrees + 1) / (votes + 2) ≥ this (the Pol.is pseudocount). */
  agreeThreshold?: number;
  /** ... and at least this many of its members voted on the statement. */
  minVotesPerCommunity?: number;
  active?: Uint8Array;
}

export interface CommunityCell {
  agree: number;
  disagree: number;
  pass: number;
  votes: number;
  agreeShare: number;
  disagreeShare: number;
  passShare: number;
}

export interface CommunityAgreement {
  /** Reported rows: community names, possibly with a final pooled "other" row. */
  communities: string[];
  memberCounts: number[];
  /** Names of communities folded away because they are smaller than the minimum. */
  pooled: string[];
  /** Participants with no declared community are not in any row. */
  cells: CommunityCell[][]; // [statement][community row]
  /** Statements every reported community agrees with, best first by the smallest community agreement. */
  commonGround: { statement: number; minAgreement: number }[];
  thresholds: { minGroupSize: number; agreeThreshold: number; minVotesPerCommunity: number };
}

export const OTHER_COMMUNITIES = 'other (small communities pooled)';

export function communityAgreement(
  matrix: VoteMatrix,
  communityOf: Int32Array,
  names: string[],
  options: CommunityOptions = {},
): CommunityAgreement {
  const minGroupSize = options.minGroupSize ?? 5;
  const agreeThreshold = options.agreeThreshold ?? 0.6;
  const minVotesPerCommunity = options.minVotesPerCommunity ?? 3;
  const active = options.active ?? new Uint8Array(matrix.nStatements).fill(1);

  const members = new Int32Array(names.length);
  for (let p = 0; p < matrix.nParticipants; p++) {
    const c = communityOf[p];
    if (c >= 0 && c < names.length) members[c] += 1;
  }
  const row = new Int32Array(names.length).fill(-1);
  const communities: string[] = [];
  const memberCounts: number[] = [];
  const pooled: string[] = [];
  let pooledMembers = 0;
  names.forEach((name, c) => {
    if (members[c] >= minGroupSize) {
      row[c] = communities.length;
      communities.push(name);
      memberCounts.push(members[c]);
    } else if (members[c] > 0) {
      pooled.push(name);
      pooledMembers += members[c];
    }
  });
  if (pooled.length > 0 && pooledMembers >= minGroupSize) {
    const otherRow = communities.length;
    communities.push(OTHER_COMMUNITIES);
    memberCounts.push(pooledMembers);
    names.forEach((_, c) => {
      if (row[c] < 0 && members[c] > 0) row[c] = otherRow;
    });
  }

  const R = communities.length;
  const S = matrix.nStatements;
  const agree = new Int32Array(S * R);
  const disagree = new Int32Array(S * R);
  const pass = new Int32Array(S * R);
  for (let p = 0; p < matrix.nParticipants; p++) {
    const c = communityOf[p];
    if (c < 0 || c >= names.length || row[c] < 0) continue;
    const r = row[c];
    for (let k = matrix.rowStart[p]; k < matrix.rowStart[p + 1]; k++) {
      const i = matrix.statement[k] * R + r;
      const v = matrix.value[k];
      if (v === 1) agree[i] += 1;
      else if (v === -1) disagree[i] += 1;
      else pass[i] += 1;
    }
  }

  const cells: CommunityCell[][] = [];
  const commonGround: { statement: number; minAgreement: number }[] = [];
  for (let s = 0; s < S; s++) {
    const statementCells: CommunityCell[] = [];
    let minAgreement = Infinity;
    let everyone = R >= 2 && active[s] !== 0;
    for (let r = 0; r < R; r++) {
      const i = s * R + r;
      const votes = agree[i] + disagree[i] + pass[i];
      statementCells.push({
        agree: agree[i],
        disagree: disagree[i],
        pass: pass[i],
        votes,
        agreeShare: votes > 0 ? agree[i] / votes : 0,
        disagreeShare: votes > 0 ? disagree[i] / votes : 0,
        passShare: votes > 0 ? pass[i] / votes : 0,
      });
      const smoothed = (agree[i] + 1) / (votes + 2);
      minAgreement = Math.min(minAgreement, smoothed);
      if (votes < minVotesPerCommunity || smoothed < agreeThreshold) everyone = false;
    }
    cells.push(statementCells);
    if (everyone) commonGround.push({ statement: s, minAgreement });
  }
  commonGround.sort((a, b) => b.minAgreement - a.minAgreement || a.statement - b.statement);
  return {
    communities,
    memberCounts,
    pooled,
    cells,
    commonGround,
    thresholds: { minGroupSize, agreeThreshold, minVotesPerCommunity },
  };
}
