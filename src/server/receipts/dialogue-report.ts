/**
 * A dialogue report's receipt, on the server side: the vote table the report's figures are recomputed from
 * (core/receipts/dialogue-method.ts), built from the stored votes and the live analysis's groups, and the report's
 * own figures named the same way, so the two can be compared before a receipt is issued.
 */
import { flattenFigures, type Scalar } from '../../core/receipts/index.ts';
import { dialogueFromTable, dialogueVotesCsv, MERGED_GROUP, type DialogueParameters, type DialogueVoteRow } from '../../core/receipts/dialogue-method.ts';
import { isShown, type LiveEntry } from '../dialogue/live.ts';
import type { DialogueReport } from '../dialogue/schemas.ts';

/** The figures of a published report that its receipt covers (the opinion map, bridging and communities are not). */
export function dialogueReportOutputs(report: DialogueReport): Record<string, Scalar> {
  const listed = <T>(items: readonly T[], f: (x: T) => unknown) => Object.fromEntries(items.map((x, i) => [String(i), f(x)]));
  return flattenFigures({
    totals: report.totals,
    groups: Object.fromEntries(
      report.groups.map((g) => [
        String(g.id),
        {
          size: g.size,
          representative: listed(g.representative, (r) => ({ statement: r.tid, repfulFor: r.repfulFor, count: r.count, of: r.of, share: r.share, repness: r.repness })),
        },
      ]),
    ),
    smallGroupsMerged: { participants: report.smallGroupsMerged.participants },
    consensus: {
      agree: listed(report.consensus.agree, (c) => ({ statement: c.tid, count: c.count, of: c.of, share: c.share })),
      disagree: listed(report.consensus.disagree, (c) => ({ statement: c.tid, count: c.count, of: c.of, share: c.share })),
    },
  });
}

/**
 * The vote table and parameters of the report the live entry shows now, from the conversation's stored votes (the
 * latest vote of every participant on every statement, read by the dialogue module).
 */
export function dialogueReceiptInput(votes: readonly { pid: number; tid: number; value: number }[], entry: LiveEntry): { csv: string; parameters: DialogueParameters } {
  const { conversation, result } = entry;
  const reported = new Set((result?.groups ?? []).filter((g) => !g.suppressed).map((g) => g.id));
  const groupOf = (pid: number): string | null => {
    const g = result && pid < result.groupOf.length ? result.groupOf[pid] : -1;
    return g < 0 ? null : reported.has(g) ? String(g) : MERGED_GROUP;
  };
  const rows: DialogueVoteRow[] = votes.map((v) => ({ participant: v.pid, group: groupOf(v.pid), statement: v.tid, vote: v.value as -1 | 0 | 1 }));
  const statements = Math.max(0, ...[...entry.statements.keys()].map((t) => t + 1), ...rows.map((r) => r.statement + 1));
  const shown = [...entry.statements.values()].filter((s) => isShown(s.moderation, conversation.moderation)).map((s) => s.tid).sort((a, b) => a - b);
  return {
    csv: dialogueVotesCsv(rows),
    parameters: { conversationId: conversation.id, statements, shown, minGroupSize: conversation.min_group_size, representativeLimit: 5, consensusLimit: 5, grouping: conversation.grouping_mode },
  };
}

/** The names of the figures where the report and the recomputation from its vote table differ. */
export function dialogueMismatch(report: DialogueReport, csv: string, parameters: DialogueParameters): string[] {
  const published = dialogueReportOutputs(report);
  const recomputed = dialogueFromTable(csv, parameters);
  return [...new Set([...Object.keys(published), ...Object.keys(recomputed)])].filter((k) => published[k] !== recomputed[k]);
}
