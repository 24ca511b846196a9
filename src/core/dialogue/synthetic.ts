/**
 * Synthetic conversations with planted opinion groups, for tests and benchmarks: each group has its own stance
 * on every statement (mostly agree or mostly disagree), a share of statements is agreed by all groups, and each
 * participant votes on a random subset of statements.
 */
import type { VoteMatrix } from './vote-matrix.ts';
import { createRng } from './rng.ts';

export interface SyntheticOptions {
  participants: number;
  statements: number;
  /** Approximate total votes; each participant casts between half and one and a half times the average. */
  votes: number;
  groups: number;
  seed?: number;
  /** Share of statements every group agrees with (planted consensus). */
  consensusShare?: number;
  /** Probability of voting with one's group stance; the rest is split between pass and the opposite. */
  loyalty?: number;
  /** Declared communities: participant p of group g declares community g with this probability, else random. */
  communityFidelity?: number;
}

export interface SyntheticConversation {
  matrix: VoteMatrix;
  truth: Int32Array;
  /** Statements planted as agreed by all groups. */
  consensus: Uint8Array;
  /** Each group's stance per statement, [group * statements + statement]: 1 leans agree, -1 leans disagree. */
  stance: Int8Array;
  communityOf: Int32Array;
  communityNames: string[];
}

export function generateSynthetic(options: SyntheticOptions): SyntheticConversation {
  const { participants: P, statements: S, groups: G } = options;
  if (P <= 0 || S <= 0 || G <= 0) throw new RangeError('participants, statements and groups must be positive');
  const rng = createRng(options.seed ?? 7);
  const consensusShare = options.consensusShare ?? 0.1;
  const loyalty = options.loyalty ?? 0.8;
  const fidelity = options.communityFidelity ?? 0.9;
  const consensus = new Uint8Array(S);
  const stance = new Int8Array(G * S);
  for (let s = 0; s < S; s++) {
    consensus[s] = rng() < consensusShare ? 1 : 0;
    for (let g = 0; g < G; g++) stance[g * S + s] = consensus[s] || rng() < 0.5 ? 1 : -1;
  }
  const truth = new Int32Array(P);
  const communityOf = new Int32Array(P);
  const average = Math.max(1, options.votes / P);
  const counts = new Int32Array(P);
  let total = 0;
  for (let p = 0; p < P; p++) {
    truth[p] = Math.floor(rng() * G);
    communityOf[p] = rng() < fidelity ? truth[p] : Math.floor(rng() * G);
    counts[p] = Math.min(S, Math.max(1, Math.round(average * (0.5 + rng()))));
    total += counts[p];
  }
  const rowStart = new Int32Array(P + 1);
  const statement = new Int32Array(total);
  const value = new Int8Array(total);
  const votesPerParticipant = new Int32Array(P);
  const votesPerStatement = new Int32Array(S);
  const stamp = new Int32Array(S).fill(-1);
  const chosen: number[] = [];
  let at = 0;
  for (let p = 0; p < P; p++) {
    rowStart[p] = at;
    chosen.length = 0;
    const want = counts[p];
    if (want * 2 > S) {
      // Dense rows: a partial Fisher–Yates shuffle avoids endless rejection sampling.
      const pool = Array.from({ length: S }, (_, i) => i);
      for (let i = 0; i < want; i++) {
        const j = i + Math.floor(rng() * (S - i));
        [pool[i], pool[j]] = [pool[j], pool[i]];
        chosen.push(pool[i]);
      }
    } else {
      while (chosen.length < want) {
        const s = Math.floor(rng() * S);
        if (stamp[s] === p) continue;
        stamp[s] = p;
        chosen.push(s);
      }
    }
    chosen.sort((a, b) => a - b);
    const g = truth[p];
    for (const s of chosen) {
      const r = rng();
      const own = stance[g * S + s];
      statement[at] = s;
      value[at] = r < loyalty ? own : r < loyalty + (1 - loyalty) / 2 ? 0 : -own;
      votesPerStatement[s] += 1;
      at += 1;
    }
    votesPerParticipant[p] = want;
  }
  rowStart[P] = at;
  return {
    matrix: { nParticipants: P, nStatements: S, rowStart, statement, value, votesPerParticipant, votesPerStatement },
    truth,
    consensus,
    stance,
    communityOf,
    communityNames: Array.from({ length: G }, (_, g) => `community-${g + 1}`),
  };
}
