import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { actorId, requireRole, type Actor } from '../accounts/actor.ts';
import { recordAudit } from '../audit/service.ts';
import type { Database } from '../db/schema.ts';
import { invalid, notFound } from '../errors.ts';
import { analyzeDialogue } from '../../core/dialogue/analysis.ts';
import {
  PolisFormatError,
  chronologicalOrder,
  parsePolisExport,
  readCsv,
  replayProblem,
  serialisePolisExport,
  toDialogue,
  withAnalysis,
  UNSEEN_CELL,
  type PolisExport,
  type PolisVotes,
} from '../../core/polis-format/index.ts';
import { recordVoteCheckpoint } from './checkpoint.ts';
import * as repo from './repository.ts';
import type { ImportInput, PolisFiles } from './schemas.ts';
import { newToken } from './tokens.ts';
import type { StatementModeration } from './tables.ts';

const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
/** The database allows statements up to 2,000 characters; Pol.is itself stops at 1,000. */
const IMPORT_BODY_MAX = 2000;

const moderationOf = (m: -1 | 0 | 1): StatementModeration => (m === 1 ? 'approved' : m === -1 ? 'rejected' : 'pending');
const polisModeration = (m: StatementModeration): -1 | 0 | 1 => (m === 'approved' ? 1 : m === 'rejected' ? -1 : 0);

function formatError(error: PolisFormatError) {
  return invalid('polis_format', error.message, { file: error.file, line: error.line, field: error.field ?? null });
}

/** Line where each data record of a CSV text starts (index 0 = first row after the header). */
function recordLines(text: string, file: string): number[] {
  const lines: number[] = [];
  readCsv(text, file, (_fields, line) => lines.push(line));
  return lines.slice(1);
}

/** The export parsed and checked before anything is written: its format, its vote history if needed, its comments. */
function checkedExport(input: ImportInput): PolisExport {
  const files = input.files;
  let exp: PolisExport;
  try {
    exp = parsePolisExport({
      summary: files['summary.csv'],
      comments: files['comments.csv'],
      votes: files['votes.csv'],
      participantsVotes: files['participants-votes.csv'],
    });
    toDialogue(exp); // votes on comments the export does not list are refused here, before anything is written
  } catch (error) {
    if (error instanceof PolisFormatError) throw formatError(error);
    throw error;
  }
  const historyProblem = input.grouping === 'polis' ? replayProblem(exp) : null;
  if (historyProblem && !input.allowNoHistory) {
    throw invalid(
      'polis_history_missing',
      `Pol.is-compatible groups replay the votes in the order they were cast, but ${historyProblem}. Import with the default grouping, or allow the final votes to stand as one update.`,
      { file: 'votes.csv' },
    );
  }
  const lines = recordLines(files['comments.csv'], 'comments.csv');
  exp.comments.rows.forEach((c, i) => {
    const trimmed = c.body.trim();
    if (trimmed.length === 0) throw formatError(new PolisFormatError('comments.csv', lines[i] ?? null, `comment ${c.id} has no text`, 'comment-body'));
    if (trimmed.length > IMPORT_BODY_MAX)
      throw formatError(
        new PolisFormatError('comments.csv', lines[i] ?? null, `comment ${c.id} is ${trimmed.length} characters, over ${IMPORT_BODY_MAX}`, 'comment-body'),
      );
  });
  return exp;
}

interface LatestVote {
  pid: number;
  tid: number;
  value: number;
  at: number;
}

/** Latest vote per (voter, comment), with its time; from the grid when there is no vote log. */
function latestVotes(exp: PolisExport): Map<string, LatestVote> {
  const latest = new Map<string, LatestVote>();
  if (exp.votes) {
    const v: PolisVotes = exp.votes;
    for (const i of chronologicalOrder(v))
      latest.set(`${v.voterId[i]}:${v.commentId[i]}`, { pid: v.voterId[i], tid: v.commentId[i], value: v.vote[i], at: v.timestamp[i] });
  } else if (exp.participantsVotes) {
    const grid = exp.participantsVotes;
    const C = grid.commentIds.length;
    const now = Date.now();
    grid.participants.forEach((p, r) => {
      for (let c = 0; c < C; c++) {
        const value = grid.cells[r * C + c];
        if (value !== UNSEEN_CELL) latest.set(`${p.id}:${grid.commentIds[c]}`, { pid: p.id, tid: grid.commentIds[c], value, at: now });
      }
    });
  }
  return latest;
}

/** What an import writes: the export, its latest votes, and the new ids its participants and comments get. */
interface ImportPlan {
  exp: PolisExport;
  latest: Map<string, LatestVote>;
  topic: Record<string, string>;
  description: Record<string, string>;
  conversationId: string;
  community: { id: string; token: string; hash: string };
  /** Pol.is participant number → participant id, in pid order. */
  participantId: Map<number, string>;
  /** Pol.is comment number → statement id. */
  statementId: Map<number, string>;
}

/** Every voter, every participant of the grid and every author of a comment that is not a seed gets a participant id. */
function plan(exp: PolisExport, latest: Map<string, LatestVote>, topic: Record<string, string>, description: Record<string, string>): ImportPlan {
  const pids = new Set<number>();
  for (const v of latest.values()) pids.add(v.pid);
  for (const p of exp.participantsVotes?.participants ?? []) pids.add(p.id);
  for (const c of exp.comments.rows) if (c.authorId !== null && !c.isSeed) pids.add(c.authorId);
  const participantId = new Map<number, string>();
  for (const pid of [...pids].sort((a, b) => a - b)) participantId.set(pid, randomUUID());
  const statementId = new Map<number, string>();
  for (const c of exp.comments.rows) statementId.set(c.id, randomUUID());
  return { exp, latest, topic, description, conversationId: randomUUID(), community: { id: randomUUID(), ...newToken() }, participantId, statementId };
}

/**
 * A whole Pol.is export into a new conversation, all or nothing, in one transaction. Pol.is participant numbers
 * become pids and comment numbers tids, so a re-export lines up with the original. Only each participant's latest
 * vote per statement is kept (with its time), as the vote table holds one row per pair; Pol.is xids are not
 * imported (Reckon keeps external ids only for allow-lists, and never exports them).
 */
export async function importPolis(db: Kysely<Database>, actor: Actor, input: ImportInput) {
  requireRole(actor, 'facilitator');
  const importer = actorId(actor);
  if (!importer) throw invalid('user_required', 'An import is made by a facilitator account');
  const exp = checkedExport(input);
  const topic = input.topic ?? (exp.summary?.topic.trim() ? { [input.language]: exp.summary.topic.trim().slice(0, 300) } : null);
  if (!topic) throw invalid('topic_required', 'summary.csv has no topic; give one');
  const description = exp.summary?.description.trim() ? { [input.language]: exp.summary.description.trim().slice(0, 5000) } : {};
  const p = plan(exp, latestVotes(exp), topic, description);
  await db.transaction().execute((tx) => writeImport(tx, actor, importer, input, p));
  return {
    conversationId: p.conversationId,
    invitation: { communityId: p.community.id, token: p.community.token },
    imported: { participants: p.participantId.size, statements: exp.comments.rows.length, votes: p.latest.size },
  };
}

/** The conversation, its one community, participants, statements and votes, the audit event and a vote checkpoint. */
async function writeImport(tx: Kysely<Database>, actor: Actor, importer: string, input: ImportInput, p: ImportPlan): Promise<void> {
  const { exp, conversationId, community, participantId, statementId } = p;
  await repo.insertConversation(tx, {
    id: conversationId,
    topic: JSON.stringify(p.topic),
    description: JSON.stringify(p.description),
    moderation: input.moderation,
    min_group_size: input.minGroupSize,
    created_by: importer,
    grouping_mode: input.grouping,
  });
  await repo.insertCommunities(tx, [
    {
      id: community.id,
      conversation_id: conversationId,
      name: JSON.stringify(input.communityName ?? { en: 'Imported from Pol.is' }),
      invitation_hash: community.hash,
    },
  ]);
  const participants = [...participantId.entries()];
  await repo.insertParticipants(
    tx,
    participants.map(([pid, id]) => ({
      id,
      conversation_id: conversationId,
      pid,
      community_id: community.id,
      external_id: null,
      token_hash: sha256Hex(randomBytes(32).toString('base64url')),
    })),
  );
  const comments = exp.comments.rows;
  await repo.insertStatements(
    tx,
    comments.map((c) => {
      const byParticipant = !c.isSeed && c.authorId !== null;
      return {
        id: statementId.get(c.id)!,
        conversation_id: conversationId,
        tid: c.id,
        author_participant_id: byParticipant ? participantId.get(c.authorId!)! : null,
        author_user_id: byParticipant ? null : importer,
        text: c.body.trim(),
        language: input.language,
        seed: c.isSeed === true,
        moderation: moderationOf(c.moderated),
        moderated_by: c.moderated === 0 ? null : importer,
        moderated_at: c.moderated === 0 ? null : new Date(),
        created_at: c.timestamp !== null ? new Date(c.timestamp) : new Date(),
      };
    }),
  );
  const votes = [...p.latest.values()];
  await repo.insertVotes(
    tx,
    votes.map((v) => ({
      conversation_id: conversationId,
      participant_id: participantId.get(v.pid)!,
      statement_id: statementId.get(v.tid)!,
      value: v.value as -1 | 0 | 1,
      created_at: new Date(v.at),
      updated_at: new Date(v.at),
    })),
  );
  await recordAudit(tx, actor, {
    action: 'dialogue.conversation_imported',
    subjectType: 'dialogue_conversation',
    subjectId: conversationId,
    details: {
      topic: p.topic,
      moderation: input.moderation,
      grouping: input.grouping,
      participants: participants.length,
      statements: comments.length,
      votes: votes.length,
      files: Object.fromEntries(
        Object.entries(input.files)
          .filter(([, text]) => text !== undefined)
          .map(([name, text]) => [name, { sha256: sha256Hex(text!) }]),
      ),
    },
  });
  await recordVoteCheckpoint(tx, actor, conversationId, 'imported');
}

/**
 * The conversation as the four Pol.is files. Group ids and group-informed consensus come from Reckon's analysis
 * (run here on the stored votes); the vote log holds each participant's latest vote per statement with its time
 * (Reckon keeps no history of changed votes). No xid column: external ids never leave the server.
 */
export async function exportPolis(db: Kysely<Database>, actor: Actor, conversationId: string): Promise<Required<PolisFiles>> {
  requireRole(actor, 'facilitator');
  const conversation = await repo.findConversation(db, conversationId);
  if (!conversation) throw notFound('Conversation', conversationId);
  const statements = await repo.statementsWithAuthors(db, conversationId);
  const votes = await repo.conversationVotes(db, conversationId, 'time');
  const firstLanguage = (text: Record<string, string>) => text.en ?? Object.values(text)[0] ?? '';
  const log: PolisVotes = {
    length: votes.length,
    timestamp: Float64Array.from(votes, (v) => new Date(v.updated_at).getTime()),
    datetime: null,
    commentId: Int32Array.from(votes, (v) => v.tid),
    voterId: Int32Array.from(votes, (v) => v.pid),
    vote: Int8Array.from(votes, (v) => v.value),
  };
  const exp: PolisExport = {
    summary: {
      topic: firstLanguage(conversation.topic),
      url: '',
      views: null,
      voters: null,
      votersInConv: null,
      commenters: new Set(statements.filter((s) => s.pid !== null).map((s) => s.pid)).size,
      comments: null,
      groups: null,
      description: firstLanguage(conversation.description),
      extra: [],
    },
    comments: {
      columns: ['timestamp', 'comment-id', 'author-id', 'agrees', 'disagrees', 'moderated', 'is-seed', 'comment-body'],
      ignoredColumns: [],
      rows: statements.map((s) => ({
        timestamp: new Date(s.created_at).getTime(),
        datetime: null,
        id: s.tid,
        authorId: s.pid,
        agrees: 0,
        disagrees: 0,
        moderated: polisModeration(s.moderation),
        isMeta: null,
        isSeed: s.seed,
        groupInformedConsensus: null,
        body: s.text,
      })),
    },
    votes: log,
    participantsVotes: null,
  };
  const dialogue = toDialogue(exp);
  const analysis = analyzeDialogue({ matrix: dialogue.matrix, active: dialogue.active }, { minGroupSize: conversation.min_group_size, seed: 1 });
  const texts = serialisePolisExport(withAnalysis(exp, dialogue, analysis));
  return {
    'summary.csv': texts.summary!,
    'comments.csv': texts.comments!,
    'votes.csv': texts.votes!,
    'participants-votes.csv': texts.participantsVotes!,
  };
}
