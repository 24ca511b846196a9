/**
 * Which statement to show a participant next: the Pol.is comment priority (compdemocracy/polis,
 * math/src/polismath/math/conversation.clj, `importance-metric` and `priority-metric`):
 *
 *   a = (A + 1) / (S + 2)                     agree share, pseudocount-smoothed
 *   p = (P + 1) / (S + 2)                     pass share, likewise
 *   importance = (1 − p) · (E + 1) · a
 *   priority   = (importance · (1 + 8 · 2^(−S/5)))²
 *
 * A agrees, P passes, S votes seen on the statement, E its extremity: how far from the centre of the opinion map
 * a participant lands who voted on this statement alone. Statements people pass on sink; statements that split
 * opinion (far from the centre) and that people agree with rise; a new statement (S = 0) gets up to nine times
 * the weight so it collects its first votes quickly. Pol.is's meta statements (priority 7²) do not exist here.
 * The server draws the next statement at random with these weights (as Pol.is's server does), so two
 * participants do not all see the same order.
 */
import type { PcaResult } from './pca.ts';
import type { VoteMatrix } from './vote-matrix.ts';

export function statementPriority(agrees: number, passes: number, seen: number, extremity: number): number {
  const a = (agrees + 1) / (seen + 2);
  const p = (passes + 1) / (seen + 2);
  const importance = (1 - p) * (extremity + 1) * a;
  const boost = 1 + 8 * Math.pow(2, -seen / 5);
  return (importance * boost) ** 2;
}

/**
 * Extremity per statement, as Pol.is's `pca-project-cmnts`: the sparsity-aware projection of someone who agreed
 * with this one statement and saw nothing else, sqrt(n_active) · |1 − c_s| · ‖(pc1_s, pc2_s)‖.
 */
export function statementExtremity(pca: PcaResult, active: Uint8Array): Float64Array {
  const [c1, c2] = pca.components;
  const n = c1.length;
  let nActive = 0;
  for (let s = 0; s < active.length; s++) nActive += active[s] !== 0 ? 1 : 0;
  const out = new Float64Array(n);
  const scale = Math.sqrt(nActive);
  for (let s = 0; s < n; s++) {
    if (active[s] === 0) continue;
    out[s] = scale * Math.abs(1 - pca.center[s]) * Math.hypot(c1[s], c2[s]);
  }
  return out;
}

/** Priority of every statement from the matrix counts and extremities (0 for inactive ones). */
export function statementPriorities(matrix: VoteMatrix, extremity: Float64Array, active: Uint8Array): Float64Array {
  const S = matrix.nStatements;
  const agrees = new Int32Array(S);
  const passes = new Int32Array(S);
  for (let k = 0; k < matrix.statement.length; k++) {
    if (matrix.value[k] === 1) agrees[matrix.statement[k]] += 1;
    else if (matrix.value[k] === 0) passes[matrix.statement[k]] += 1;
  }
  const out = new Float64Array(S);
  for (let s = 0; s < S; s++) {
    if (active[s] === 0) continue;
    out[s] = statementPriority(agrees[s], passes[s], matrix.votesPerStatement[s], extremity[s] ?? 0);
  }
  return out;
}

/**
 * Draws one candidate with probability proportional to its weight. `random` returns a number in [0, 1).
 * Candidates with no known weight (statements newer than the last analysis) take `unknownWeight`.
 */
export function drawWeighted(candidates: readonly number[], weightOf: (c: number) => number, random: () => number): number | null {
  if (candidates.length === 0) return null;
  const weights = candidates.map((c) => Math.max(weightOf(c), 0));
  const total = weights.reduce((sum, w) => sum + w, 0);
  if (!(total > 0)) return candidates[Math.floor(random() * candidates.length)];
  let r = random() * total;
  for (let i = 0; i < candidates.length; i++) {
    r -= weights[i];
    if (r < 0) return candidates[i];
  }
  return candidates[candidates.length - 1];
}
