/**
 * Whether a statement was agreed across every opinion group (and every community): the rule a statement must meet
 * before a facilitator may record it in the registry as a claim of the participants (issue 16, item 4).
 *
 * The rule is the one community agreement already uses (community.ts): a group agrees when (agrees + 1) /
 * (votes + 2) ≥ 0.6 — Pol.is's pseudocount, so three of three is not yet certainty — and at least three of its
 * members voted on the statement. "Every group" needs at least two groups: one group agreeing is not agreement
 * across groups, and the report never says so (the "agreed across every group" with 0 or 1 group).
 */
import type { GroupVoteCounts } from './repness.ts';

export interface AgreementCell {
  agree: number;
  disagree: number;
  pass: number;
  votes: number;
}

export interface AgreementRule {
  agreeThreshold: number;
  minVotes: number;
}

export const AGREEMENT_RULE: AgreementRule = { agreeThreshold: 0.6, minVotes: 3 };

export function cellAgrees(cell: AgreementCell, rule: AgreementRule = AGREEMENT_RULE): boolean {
  return cell.votes >= rule.minVotes && (cell.agree + 1) / (cell.votes + 2) >= rule.agreeThreshold;
}

/** True only with two or more cells, every one of which agrees. */
export function everyCellAgrees(cells: readonly AgreementCell[], rule: AgreementRule = AGREEMENT_RULE): boolean {
  return cells.length >= 2 && cells.every((cell) => cellAgrees(cell, rule));
}

/** One statement's votes in each of the given groups (passes are the votes neither agree nor disagree). */
export function groupCells(counts: GroupVoteCounts, statement: number, groups: readonly number[]): AgreementCell[] {
  return groups.map((g) => {
    if (g < 0 || g >= counts.groupCount || statement < 0 || statement >= counts.nStatements) return { agree: 0, disagree: 0, pass: 0, votes: 0 };
    const i = g * counts.nStatements + statement;
    const votes = counts.seen[i];
    return { agree: counts.agree[i], disagree: counts.disagree[i], pass: votes - counts.agree[i] - counts.disagree[i], votes };
  });
}

/** Opinion groups are named by letter (A, B, … Z, AA, …) as Pol.is names them, never by a name read as a side. */
export function groupLabel(id: number): string {
  let n = id;
  let label = '';
  do {
    label = String.fromCharCode(65 + (n % 26)) + label;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return label;
}
