import type { LinkInput, LinkResult, ReviewDecision } from '../../core/linkage/index.ts';
import { linkageRunDecisionsCsv, linkageRunOutputs, linkageRunRecordsCsv } from '../../core/receipts/index.ts';
import type { LinkageRunReceiptInputs } from './repository.ts';

/**
 * What a finished linkage run keeps for its receipt (core/receipts/linkage-run-method.ts says why): the engine's
 * input as the engine was given it with each record's list, the decisions it applied by record id, the settings it
 * was given, and its figures computed from the engine's result by the same function a verifier's rerun uses. It lives
 * beside the run, and the receipts module reads the kept row back, so that casualties need not import receipts (which
 * imports casualties).
 */
export function linkageRunReceiptInputs(
  input: LinkInput,
  records: ReadonlyArray<{ id: string; source_id: string }>,
  sourceIds: readonly string[],
  decisions: readonly ReviewDecision[],
  settings: unknown,
  result: Pick<LinkResult, 'clusters' | 'stats'>,
): LinkageRunReceiptInputs {
  const index = new Map(sourceIds.map((id, i) => [id, i + 1]));
  const lists = Int32Array.from(records, (r) => index.get(r.source_id) ?? 0);
  const recordIds = records.map((r) => r.id);
  return {
    recordsCsv: linkageRunRecordsCsv(input.columns, input.size, lists),
    decisionsCsv: linkageRunDecisionsCsv(decisions.map((d) => ({ recordA: records[d.left].id, recordB: records[d.right].id, match: d.match }))),
    settings,
    outputs: linkageRunOutputs(result, recordIds, lists, sourceIds.length),
  };
}
