/**
 * A dialogue report's figures as a receipt method: vote counts, the opinion groups' sizes and representative
 * statements, and the consensus statements, recomputed from the conversation's vote table.
 *
 * The vote table holds one row per cast vote (the latest value of each participant's vote on each statement), with
 * participants as the conversation's participant numbers (no account, token, community or time) and the opinion
 * group each participant was placed in by the live analysis. The live grouping is warm-started from update to update,
 * so it depends on the order votes arrived in; the receipt records the groups it used rather than claiming that a
 * fresh clustering would find the same ones, and checks every count and every statement chosen given those groups.
 * Groups below the conversation's minimum size are written as one group, `merged`, so the table shows no more of
 * them than the report does (the representative statements of the reported groups do not change: each is compared
 * with all other clustered participants together).
 */
import type { JsonValue } from '../ledger/entry.ts';
import { countGroupVotes, selectConsensus, selectRepresentative, VoteLog } from '../dialogue/index.ts';
import type { Scalar } from './format.ts';
import { flattenFigures, type FigureMethod } from './method.ts';
import { canonicalRows } from './rows.ts';

export const DIALOGUE_KIND = 'dialogue-report';
export const DIALOGUE_COLUMNS = ['participant', 'group', 'statement', 'vote'] as const;
/** The label small groups share in the vote table. */
export const MERGED_GROUP = 'merged';

export interface DialogueVoteRow {
  participant: number;
  /** A reported group's id, MERGED_GROUP, or null when the participant was not clustered. */
  group: string | null;
  statement: number;
  vote: -1 | 0 | 1;
}

export interface DialogueParameters {
  conversationId: string;
  /** The statement numbers of the conversation (0 … statements−1). */
  statements: number;
  /** The statements shown to participants and analysed (moderated-out ones are not). */
  shown: number[];
  minGroupSize: number;
  representativeLimit: number;
  consensusLimit: number;
  grouping: string;
}

/** The report's rounding, so a recomputed share equals the published one exactly. */
const round = (x: number, digits = 4) => Math.round(x * 10 ** digits) / 10 ** digits;

/** The vote table as CSV, rows sorted by participant then statement. */
export function dialogueVotesCsv(rows: readonly DialogueVoteRow[]): string {
  const sorted = [...rows].sort((a, b) => a.participant - b.participant || a.statement - b.statement);
  return `${DIALOGUE_COLUMNS.join(',')}\n${sorted.map((r) => `${r.participant},${r.group ?? ''},${r.statement},${r.vote}`).join('\n')}${sorted.length ? '\n' : ''}`;
}

function readVotes(text: string): DialogueVoteRow[] {
  const { columns, rows } = canonicalRows('vote table', text);
  const missing = DIALOGUE_COLUMNS.filter((c) => !columns.includes(c));
  if (missing.length > 0) throw new RangeError(`the vote table lacks the column(s) ${missing.join(', ')}`);
  const groupOf = new Map<number, string | null>();
  return rows.map(({ line, cells }) => {
    const participant = Number(cells.participant);
    const statement = Number(cells.statement);
    const vote = Number(cells.vote);
    if (!/^\d{1,9}$/.test(cells.participant) || !/^\d{1,9}$/.test(cells.statement)) throw new RangeError(`vote table line ${line}: participant and statement must be whole numbers`);
    if (!/^-?[01]$/.test(cells.vote) || cells.vote === '-0') throw new RangeError(`vote table line ${line}: vote must be 1 (agree), -1 (disagree) or 0 (pass)`);
    if (cells.group !== '' && cells.group !== MERGED_GROUP && !/^\d{1,4}$/.test(cells.group)) throw new RangeError(`vote table line ${line}: group must be a group number, "${MERGED_GROUP}" or empty`);
    const group = cells.group === '' ? null : cells.group;
    if (groupOf.has(participant) && groupOf.get(participant) !== group) throw new RangeError(`vote table line ${line}: participant ${participant} is in two groups`);
    groupOf.set(participant, group);
    return { participant, group, statement, vote: vote as -1 | 0 | 1 };
  });
}

/** The report's figures from its vote table: what src/server/dialogue/report.ts publishes, less the opinion map. */
export function dialogueFigures(rows: readonly DialogueVoteRow[], p: DialogueParameters): Record<string, Scalar> {
  const log = new VoteLog(rows.length + 1);
  const seenCell = new Set<string>();
  let nParticipants = 0;
  for (const r of rows) {
    const cell = `${r.participant}:${r.statement}`;
    if (seenCell.has(cell)) throw new RangeError(`the vote table has two votes of participant ${r.participant} on statement ${r.statement}`);
    seenCell.add(cell);
    if (r.statement >= p.statements) throw new RangeError(`statement ${r.statement} is beyond the conversation's ${p.statements} statements`);
    log.append(r.participant, r.statement, r.vote);
    nParticipants = Math.max(nParticipants, r.participant + 1);
  }
  const matrix = log.toMatrix(nParticipants, p.statements);
  const active = new Uint8Array(p.statements);
  for (const s of p.shown) if (s >= 0 && s < p.statements) active[s] = 1;

  // reported groups keep their ids; every small group becomes one, numbered after them
  const reportedIds = [...new Set(rows.map((r) => r.group).filter((g): g is string => g !== null && g !== MERGED_GROUP))].map(Number).sort((a, b) => a - b);
  const index = new Map(reportedIds.map((g, i) => [String(g), i]));
  const groupCount = reportedIds.length + 1;
  const groupOf = new Int32Array(nParticipants).fill(-1);
  for (const r of rows) if (r.group !== null) groupOf[r.participant] = r.group === MERGED_GROUP ? reportedIds.length : index.get(r.group)!;
  const sizes = new Int32Array(groupCount);
  const clustered = new Set<number>();
  for (const r of rows) {
    if (r.group === null || clustered.has(r.participant)) continue;
    clustered.add(r.participant);
    sizes[groupOf[r.participant]] += 1;
  }
  const counts = countGroupVotes(matrix, groupOf, groupCount);
  const consensus = selectConsensus(matrix, active, p.consensusLimit);
  const listed = <T>(items: readonly T[], f: (x: T) => unknown) => Object.fromEntries(items.map((x, i) => [String(i), f(x)]));

  return flattenFigures({
    totals: { participants: new Set(rows.map((r) => r.participant)).size, clustered: clustered.size, statements: p.shown.length, votes: rows.length },
    groups: Object.fromEntries(
      reportedIds.map((id, i) => [
        String(id),
        {
          size: sizes[i],
          representative: listed(selectRepresentative(counts, i, active, p.representativeLimit), (r) => ({
            statement: r.statement,
            repfulFor: r.repfulFor,
            count: r.nSuccess,
            of: r.nTrials,
            share: round(r.pSuccess),
            repness: round(r.repness),
          })),
        },
      ]),
    ),
    smallGroupsMerged: { participants: sizes[reportedIds.length] },
    consensus: {
      agree: listed(consensus.agree, (c) => ({ statement: c.statement, count: c.nSuccess, of: c.nTrials, share: round(c.pSuccess) })),
      disagree: listed(consensus.disagree, (c) => ({ statement: c.statement, count: c.nSuccess, of: c.nTrials, share: round(c.pSuccess) })),
    },
  });
}

export function dialogueParameterRecord(p: DialogueParameters): Record<string, JsonValue> {
  return {
    conversationId: p.conversationId,
    statements: p.statements,
    shown: [...p.shown],
    minGroupSize: p.minGroupSize,
    representativeLimit: p.representativeLimit,
    consensusLimit: p.consensusLimit,
    grouping: p.grouping,
    groups: 'as the live analysis assigned them (warm-started, so they depend on the order votes arrived); small groups merged',
  };
}

function readParameters(record: Record<string, JsonValue>): DialogueParameters {
  const whole = (name: string, min = 0): number => {
    const v = record[name];
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) throw new RangeError(`parameter "${name}" must be a whole number, the receipt has ${JSON.stringify(v)?.slice(0, 40)}`);
    return v;
  };
  const shown = record.shown;
  if (!Array.isArray(shown) || !shown.every((s) => typeof s === 'number' && Number.isSafeInteger(s) && s >= 0)) throw new RangeError('parameter "shown" must be a list of statement numbers');
  if (typeof record.conversationId !== 'string') throw new RangeError('parameter "conversationId" must be text');
  return {
    conversationId: record.conversationId,
    statements: whole('statements'),
    shown: shown as number[],
    minGroupSize: whole('minGroupSize'),
    representativeLimit: whole('representativeLimit', 1),
    consensusLimit: whole('consensusLimit', 1),
    grouping: typeof record.grouping === 'string' ? record.grouping : 'default',
  };
}

/** The figures from the vote table's text and the recorded parameters. */
export function dialogueFromTable(text: string, parameters: DialogueParameters): Record<string, Scalar> {
  return dialogueFigures(readVotes(text), parameters);
}

export function dialogueMethod(): FigureMethod {
  return {
    kind: DIALOGUE_KIND,
    inputRoles: ['vote table'],
    seeded: false,
    async recompute(inputs, parameters) {
      if (inputs.length !== 1) throw new RangeError('a dialogue report is computed from one vote table');
      return dialogueFromTable(inputs[0].text, readParameters(parameters));
    },
  };
}
