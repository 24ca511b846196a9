/**
 * A whole Pol.is export (summary, comments, votes, participants-votes) and its bridge to the dialogue engine:
 * building the vote matrix from an export, and writing Reckon's analysis back in the same format.
 */
import { VoteLog, type VoteMatrix } from '../dialogue/vote-matrix.ts';
import type { DialogueAnalysis } from '../dialogue/analysis.ts';
import type { TimedVotes } from '../dialogue/polis-replay.ts';
import { PolisFormatError } from './csv.ts';
import { parseSummary, serialiseSummary, type PolisSummary } from './summary.ts';
import { parseComments, serialiseComments, type PolisComments } from './comments.ts';
import { chronologicalOrder, parseVotes, serialiseVotes, type PolisVotes } from './votes.ts';
import {
  UNSEEN_CELL,
  parseParticipantsVotes,
  serialiseParticipantsVotes,
  type PolisParticipantsVotes,
} from './participants-votes.ts';

export const POLIS_FILES = {
  summary: 'summary.csv',
  comments: 'comments.csv',
  votes: 'votes.csv',
  participantsVotes: 'participants-votes.csv',
} as const;

export interface PolisExport {
  summary: PolisSummary | null;
  comments: PolisComments;
  votes: PolisVotes | null;
  participantsVotes: PolisParticipantsVotes | null;
}

export interface PolisExportTexts {
  summary?: string;
  comments: string;
  votes?: string;
  participantsVotes?: string;
}

export function parsePolisExport(texts: PolisExportTexts): PolisExport {
  const exp: PolisExport = {
    summary: texts.summary !== undefined ? parseSummary(texts.summary, POLIS_FILES.summary) : null,
    comments: parseComments(texts.comments, POLIS_FILES.comments),
    votes: texts.votes !== undefined ? parseVotes(texts.votes, POLIS_FILES.votes) : null,
    participantsVotes:
      texts.participantsVotes !== undefined
        ? parseParticipantsVotes(texts.participantsVotes, POLIS_FILES.participantsVotes)
        : null,
  };
  if (!exp.votes && !exp.participantsVotes) {
    throw new PolisFormatError('export', null, `needs ${POLIS_FILES.votes} or ${POLIS_FILES.participantsVotes}`);
  }
  return exp;
}

export function serialisePolisExport(exp: PolisExport): Partial<Record<keyof typeof POLIS_FILES, string>> {
  const out: Partial<Record<keyof typeof POLIS_FILES, string>> = { comments: serialiseComments(exp.comments) };
  if (exp.summary) out.summary = serialiseSummary(exp.summary);
  if (exp.votes) out.votes = serialiseVotes(exp.votes);
  if (exp.participantsVotes) out.participantsVotes = serialiseParticipantsVotes(exp.participantsVotes);
  return out;
}

export interface PolisDialogue {
  matrix: VoteMatrix;
  /** Pol.is participant id of each matrix row. */
  participantIds: Int32Array;
  /** Pol.is comment id of each matrix column. */
  statementIds: Int32Array;
  /** 0 for comments moderated out (Pol.is leaves them out of the math). */
  active: Uint8Array;
  /** Pol.is's own group per row (-1 when Pol.is did not cluster the person or the export has no grid). */
  polisGroup: Int32Array;
}

function sortedUnique(values: Iterable<number>): Int32Array {
  return Int32Array.from(new Set(values)).sort();
}

function indexOf(ids: Int32Array): Map<number, number> {
  const map = new Map<number, number>();
  ids.forEach((id, i) => map.set(id, i));
  return map;
}

/**
 * Builds the vote matrix. The vote log is preferred (latest vote by timestamp wins); without it the
 * participants-votes grid, which holds the same latest votes, is used. A vote on a comment that comments.csv
 * does not list is an error naming its line.
 */
export function toDialogue(exp: PolisExport): PolisDialogue {
  const commentIds = exp.comments.rows.map((c) => c.id);
  const known = new Set(commentIds);
  const voterIds: number[] = [];
  if (exp.votes) {
    for (let i = 0; i < exp.votes.length; i++) {
      if (!known.has(exp.votes.commentId[i])) {
        throw new PolisFormatError(POLIS_FILES.votes, null, `vote ${i + 1} (data row ${i + 2}) is on comment ${exp.votes.commentId[i]}, which ${POLIS_FILES.comments} does not list`, 'comment-id');
      }
      voterIds.push(exp.votes.voterId[i]);
    }
  }
  const grid = exp.participantsVotes;
  if (grid) {
    for (const id of grid.commentIds) {
      if (!known.has(id)) {
        throw new PolisFormatError(POLIS_FILES.participantsVotes, 1, `column for comment ${id}, which ${POLIS_FILES.comments} does not list`);
      }
    }
    for (const p of grid.participants) voterIds.push(p.id);
  }
  const participantIds = sortedUnique(voterIds);
  const statementIds = sortedUnique(commentIds);
  const rowOf = indexOf(participantIds);
  const colOf = indexOf(statementIds);
  const log = new VoteLog(exp.votes ? exp.votes.length : 1024);
  if (exp.votes) {
    for (const i of chronologicalOrder(exp.votes)) {
      log.append(rowOf.get(exp.votes.voterId[i])!, colOf.get(exp.votes.commentId[i])!, exp.votes.vote[i]);
    }
  } else if (grid) {
    const C = grid.commentIds.length;
    grid.participants.forEach((p, r) => {
      for (let c = 0; c < C; c++) {
        const v = grid.cells[r * C + c];
        if (v !== UNSEEN_CELL) log.append(rowOf.get(p.id)!, colOf.get(grid.commentIds[c])!, v);
      }
    });
  }
  const matrix = log.toMatrix(participantIds.length, statementIds.length);
  const active = new Uint8Array(statementIds.length).fill(1);
  for (const c of exp.comments.rows) if (c.moderated === -1) active[colOf.get(c.id)!] = 0;
  const polisGroup = new Int32Array(participantIds.length).fill(-1);
  if (grid) for (const p of grid.participants) if (p.groupId !== null) polisGroup[rowOf.get(p.id)!] = p.groupId;
  return { matrix, participantIds, statementIds, active, polisGroup };
}

/**
 * Writes Reckon's analysis back as a Pol.is export: group-id per participant from Reckon's groups, agrees and
 * disagrees recounted from the latest votes, group-informed-consensus from Reckon's group-aware consensus, the
 * participants-votes grid rebuilt from the matrix, and the summary's counts updated. The vote log is kept.
 */
export function withAnalysis(exp: PolisExport, dialogue: PolisDialogue, analysis: DialogueAnalysis): PolisExport {
  const { matrix, participantIds, statementIds } = dialogue;
  const colOf = indexOf(statementIds);
  const agrees = new Int32Array(statementIds.length);
  const disagrees = new Int32Array(statementIds.length);
  for (let k = 0; k < matrix.statement.length; k++) {
    if (matrix.value[k] === 1) agrees[matrix.statement[k]] += 1;
    else if (matrix.value[k] === -1) disagrees[matrix.statement[k]] += 1;
  }
  const comments: PolisComments = {
    columns: exp.comments.columns.includes('group-informed-consensus')
      ? exp.comments.columns
      : insertBefore(exp.comments.columns, 'comment-body', 'group-informed-consensus'),
    ignoredColumns: [],
    rows: exp.comments.rows.map((c) => {
      const s = colOf.get(c.id)!;
      return {
        ...c,
        agrees: agrees[s],
        disagrees: disagrees[s],
        groupInformedConsensus: dialogue.active[s] ? analysis.groupAwareConsensus[s] : null,
      };
    }),
  };
  const authored = new Map<number, number>();
  for (const c of exp.comments.rows) if (c.authorId !== null) authored.set(c.authorId, (authored.get(c.authorId) ?? 0) + 1);
  const xids = new Map<number, string | null>();
  for (const p of exp.participantsVotes?.participants ?? []) xids.set(p.id, p.xid);
  const C = statementIds.length;
  const cells = new Int8Array(participantIds.length * C).fill(UNSEEN_CELL);
  const participants = Array.from(participantIds, (id, p) => {
    let nAgree = 0;
    let nDisagree = 0;
    for (let k = matrix.rowStart[p]; k < matrix.rowStart[p + 1]; k++) {
      cells[p * C + matrix.statement[k]] = matrix.value[k];
      if (matrix.value[k] === 1) nAgree += 1;
      else if (matrix.value[k] === -1) nDisagree += 1;
    }
    const group = analysis.clustering.groupOf[p];
    return {
      id,
      xid: xids.get(id) ?? null,
      groupId: group >= 0 ? group : null,
      nComments: authored.get(id) ?? 0,
      nVotes: matrix.votesPerParticipant[p],
      nAgree,
      nDisagree,
    };
  });
  const summary: PolisSummary = {
    ...(exp.summary ?? {
      topic: '',
      url: '',
      views: null,
      voters: null,
      votersInConv: null,
      commenters: null,
      comments: null,
      description: '',
      extra: [],
    }),
    voters: participantIds.length,
    votersInConv: analysis.clustering.inConv.length,
    comments: exp.comments.rows.length,
    groups: analysis.clustering.groupCount,
  };
  return {
    summary,
    comments,
    votes: exp.votes,
    participantsVotes: {
      hasXid: exp.participantsVotes?.hasXid ?? false,
      commentIds: Array.from(statementIds),
      participants,
      cells,
    },
  };
}

function insertBefore<T>(list: T[], anchor: T, item: T): T[] {
  const at = list.indexOf(anchor);
  return at < 0 ? [...list, item] : [...list.slice(0, at), item, ...list.slice(at)];
}

/** Why a Pol.is export cannot be replayed in time order (for --polis-compatible), or null when it can. */
export function replayProblem(exp: PolisExport): string | null {
  const votes = exp.votes;
  if (!votes) return `there is no ${POLIS_FILES.votes}: only the final votes (${POLIS_FILES.participantsVotes}) are known, not the order they were cast in`;
  if (votes.length === 0) return `${POLIS_FILES.votes} holds no votes`;
  let distinct = false;
  for (let i = 1; i < votes.length && !distinct; i++) distinct = votes.timestamp[i] !== votes.timestamp[0];
  if (!distinct && votes.length > 1) return `every vote in ${POLIS_FILES.votes} has the same timestamp (${votes.timestamp[0]}): the order they were cast in is unknown`;
  return null;
}

/**
 * The vote log in time order as matrix indices, for replaying a conversation as Pol.is updated it. Without a
 * vote log (or with `final` set) the latest votes form a single update at time 0.
 */
export function timedVotes(exp: PolisExport, dialogue: PolisDialogue, final = false): TimedVotes {
  const votes = exp.votes;
  if (!votes || final) {
    const { matrix } = dialogue;
    const participant = new Int32Array(matrix.statement.length);
    for (let p = 0; p < matrix.nParticipants; p++) participant.fill(p, matrix.rowStart[p], matrix.rowStart[p + 1]);
    return { time: new Float64Array(matrix.statement.length), participant, statement: matrix.statement.slice(), value: matrix.value.slice() };
  }
  const rowOf = indexOf(dialogue.participantIds);
  const colOf = indexOf(dialogue.statementIds);
  const order = chronologicalOrder(votes);
  const out: TimedVotes = {
    time: new Float64Array(order.length),
    participant: new Int32Array(order.length),
    statement: new Int32Array(order.length),
    value: new Int8Array(order.length),
  };
  order.forEach((i, k) => {
    out.time[k] = votes.timestamp[i];
    out.participant[k] = rowOf.get(votes.voterId[i])!;
    out.statement[k] = colOf.get(votes.commentId[i])!;
    out.value[k] = votes.vote[i];
  });
  return out;
}
