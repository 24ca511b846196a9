/**
 * Representative and consensus statements with the Pol.is formulas (polismath/math/repness.clj and stats.clj).
 *
 * Per group g and statement s, over the group's votes: na agrees, nd disagrees, ns votes seen (pass included),
 *   pa = (na + 1) / (ns + 2), pd = (nd + 1) / (ns + 2)                    (pseudocount-smoothed probabilities)
 *   pat = prop-test(na, ns), pdt = prop-test(nd, ns)                        (one-proportion z against 1/2)
 *   ra = pa / ((na_rest + 1) / (ns_rest + 2)), rd likewise                 (ratio against all other groups)
 *   rat = two-prop-test(na, na_rest, ns, ns_rest), rdt likewise
 * with prop-test(x, n) = 2 sqrt(n + 1) ((x + 1)/(n + 1) - 1/2) and two-prop-test on counts incremented by one.
 * A statement represents a group when (rat and pat) or (rdt and pdt) exceed 1.2816 (one-sided 90%).
 */
import type { VoteMatrix } from './vote-matrix.ts';

export const Z_90 = 1.2816;

export interface GroupVoteCounts {
  groupCount: number;
  nStatements: number;
  /** Indexed [group * nStatements + statement]. */
  agree: Int32Array;
  disagree: Int32Array;
  seen: Int32Array;
}

export function countGroupVotes(matrix: VoteMatrix, groupOf: Int32Array, groupCount: number): GroupVoteCounts {
  const S = matrix.nStatements;
  const agree = new Int32Array(groupCount * S);
  const disagree = new Int32Array(groupCount * S);
  const seen = new Int32Array(groupCount * S);
  for (let p = 0; p < matrix.nParticipants; p++) {
    const g = groupOf[p];
    if (g < 0 || g >= groupCount) continue;
    const offset = g * S;
    for (let k = matrix.rowStart[p]; k < matrix.rowStart[p + 1]; k++) {
      const i = offset + matrix.statement[k];
      const v = matrix.value[k];
      seen[i] += 1;
      if (v === 1) agree[i] += 1;
      else if (v === -1) disagree[i] += 1;
    }
  }
  return { groupCount, nStatements: S, agree, disagree, seen };
}

export function propTest(successes: number, trials: number): number {
  const n = trials + 1;
  return 2 * Math.sqrt(n) * ((successes + 1) / n - 0.5);
}

export function twoPropTest(successIn: number, successOut: number, trialsIn: number, trialsOut: number): number {
  const s1 = successIn + 1;
  const s2 = successOut + 1;
  const n1 = trialsIn + 1;
  const n2 = trialsOut + 1;
  const p1 = s1 / n1;
  const p2 = s2 / n2;
  const pooled = (s1 + s2) / (n1 + n2);
  if (pooled >= 1) return 0;
  return (p1 - p2) / Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
}

export interface StatementGroupStats {
  statement: number;
  na: number;
  nd: number;
  ns: number;
  pa: number;
  pd: number;
  pat: number;
  pdt: number;
  ra: number;
  rd: number;
  rat: number;
  rdt: number;
}

export function groupStats(counts: GroupVoteCounts, group: number, statement: number): StatementGroupStats {
  const S = counts.nStatements;
  const i = group * S + statement;
  const na = counts.agree[i];
  const nd = counts.disagree[i];
  const ns = counts.seen[i];
  let naRest = 0;
  let ndRest = 0;
  let nsRest = 0;
  for (let g = 0; g < counts.groupCount; g++) {
    if (g === group) continue;
    naRest += counts.agree[g * S + statement];
    ndRest += counts.disagree[g * S + statement];
    nsRest += counts.seen[g * S + statement];
  }
  const pa = (na + 1) / (ns + 2);
  const pd = (nd + 1) / (ns + 2);
  return {
    statement,
    na,
    nd,
    ns,
    pa,
    pd,
    pat: propTest(na, ns),
    pdt: propTest(nd, ns),
    ra: pa / ((naRest + 1) / (nsRest + 2)),
    rd: pd / ((ndRest + 1) / (nsRest + 2)),
    rat: twoPropTest(na, naRest, ns, nsRest),
    rdt: twoPropTest(nd, ndRest, ns, nsRest),
  };
}

export interface RepresentativeStatement {
  statement: number;
  repfulFor: 'agree' | 'disagree';
  nSuccess: number;
  nTrials: number;
  pSuccess: number;
  pTest: number;
  repness: number;
  repnessTest: number;
  /** Set on the statement picked as the group's best agreed one (shown first, as Pol.is does). */
  bestAgree: boolean;
}

function finalize(stats: StatementGroupStats): RepresentativeStatement {
  const agree = stats.rat > stats.rdt;
  return {
    statement: stats.statement,
    repfulFor: agree ? 'agree' : 'disagree',
    nSuccess: agree ? stats.na : stats.nd,
    nTrials: stats.ns,
    pSuccess: agree ? stats.pa : stats.pd,
    pTest: agree ? stats.pat : stats.pdt,
    repness: agree ? stats.ra : stats.rd,
    repnessTest: agree ? stats.rat : stats.rdt,
    bestAgree: false,
  };
}

const metric = (r: RepresentativeStatement) => r.repness * r.repnessTest * r.pSuccess * r.pTest;

function passesByTest(s: StatementGroupStats): boolean {
  return (s.rat > Z_90 && s.pat > Z_90) || (s.rdt > Z_90 && s.pdt > Z_90);
}

function beatsBestAgree(s: StatementGroupStats, best: StatementGroupStats | null): boolean {
  if (s.na === 0 && s.nd === 0) return false;
  if (best && best.ra > 1) return s.ra * s.rat * s.pa * s.pat > best.ra * best.rat * best.pa * best.pat;
  if (best) return s.pa * s.pat > best.pa * best.pat;
  return s.pat > Z_90 || (s.ra > 1 && s.pa > 0.5);
}

/**
 * Pol.is select-rep-comments: statements passing the significance tests, sorted by ra·rat·pa·pat, best agreed
 * statement first, at most `limit`, agrees before disagrees; when none pass, the best agreed (or else the best
 * by test) so that every group has something to show.
 */
export function selectRepresentative(
  counts: GroupVoteCounts,
  group: number,
  active: Uint8Array,
  limit = 5,
): RepresentativeStatement[] {
  const sufficient: RepresentativeStatement[] = [];
  let best: RepresentativeStatement | null = null;
  let bestAgree: StatementGroupStats | null = null;
  for (let s = 0; s < counts.nStatements; s++) {
    if (active[s] === 0) continue;
    const stats = groupStats(counts, group, s);
    if (passesByTest(stats)) sufficient.push(finalize(stats));
    if (sufficient.length === 0 && (best === null || Math.max(stats.rat, stats.rdt) > best.repnessTest)) {
      best = finalize(stats);
    }
    if (beatsBestAgree(stats, bestAgree)) bestAgree = stats;
  }
  // The best agreed statement is there to show what the group agrees on, so it is reported as an agreement;
  // Pol.is's finalize-cmt-stats would label it by whichever of rat/rdt is larger, which can read "4% disagree".
  const head: RepresentativeStatement | null = bestAgree
    ? {
        statement: bestAgree.statement,
        repfulFor: 'agree',
        nSuccess: bestAgree.na,
        nTrials: bestAgree.ns,
        pSuccess: bestAgree.pa,
        pTest: bestAgree.pat,
        repness: bestAgree.ra,
        repnessTest: bestAgree.rat,
        bestAgree: true,
      }
    : null;
  if (sufficient.length === 0) return head ? [head] : best ? [best] : [];
  const sorted = sufficient
    .filter((r) => !head || r.statement !== head.statement)
    .sort((a, b) => metric(b) - metric(a) || a.statement - b.statement);
  const top = (head ? [head, ...sorted] : sorted).slice(0, limit);
  return [...top.filter((r) => r.repfulFor === 'agree'), ...top.filter((r) => r.repfulFor === 'disagree')];
}

export interface ConsensusStatement {
  statement: number;
  nSuccess: number;
  nTrials: number;
  pSuccess: number;
  pTest: number;
}

/**
 * Pol.is select-consensus-comments over all participants' votes: statements with pa > 0.5 and pat significant,
 * top `limit` by pa·pat (and the same for disagreement).
 */
export function selectConsensus(
  matrix: VoteMatrix,
  active: Uint8Array,
  limit = 5,
): { agree: ConsensusStatement[]; disagree: ConsensusStatement[] } {
  const everyone = countGroupVotes(matrix, new Int32Array(matrix.nParticipants), 1);
  const agree: ConsensusStatement[] = [];
  const disagree: ConsensusStatement[] = [];
  for (let s = 0; s < matrix.nStatements; s++) {
    if (active[s] === 0) continue;
    const na = everyone.agree[s];
    const nd = everyone.disagree[s];
    const ns = everyone.seen[s];
    const pa = (na + 1) / (ns + 2);
    const pd = (nd + 1) / (ns + 2);
    const pat = propTest(na, ns);
    const pdt = propTest(nd, ns);
    if (pa > 0.5 && pat > Z_90) agree.push({ statement: s, nSuccess: na, nTrials: ns, pSuccess: pa, pTest: pat });
    if (pd > 0.5 && pdt > Z_90) disagree.push({ statement: s, nSuccess: nd, nTrials: ns, pSuccess: pd, pTest: pdt });
  }
  const byMetric = (a: ConsensusStatement, b: ConsensusStatement) =>
    b.pSuccess * b.pTest - a.pSuccess * a.pTest || a.statement - b.statement;
  return { agree: agree.sort(byMetric).slice(0, limit), disagree: disagree.sort(byMetric).slice(0, limit) };
}

/**
 * Pol.is group-aware consensus (conversation.clj): the product over groups of (agrees + 1) / (seen + 2), so a
 * statement scores high only when every group tends to agree with it.
 */
export function groupAwareConsensus(counts: GroupVoteCounts, active: Uint8Array): Float64Array {
  const S = counts.nStatements;
  const out = new Float64Array(S);
  for (let s = 0; s < S; s++) {
    if (active[s] === 0) continue;
    let product = 1;
    for (let g = 0; g < counts.groupCount; g++) {
      product *= (counts.agree[g * S + s] + 1) / (counts.seen[g * S + s] + 2);
    }
    out[s] = product;
  }
  return out;
}
