/**
 * participants-votes.csv: one row per participant with Pol.is's group-id (blank when not clustered), vote
 * counts, and one column per comment holding the latest vote (1, -1, 0, blank for unseen).
 */
import { PolisFormatError, indexHeader, parseInteger, parseVote, readCsv, writeCsv } from './csv.ts';

export const UNSEEN_CELL = -128;

export interface PolisParticipant {
  id: number;
  xid: string | null;
  groupId: number | null;
  nComments: number;
  nVotes: number;
  nAgree: number;
  nDisagree: number;
}

export interface PolisParticipantsVotes {
  hasXid: boolean;
  /** Comment ids of the vote columns, in header order. */
  commentIds: number[];
  participants: PolisParticipant[];
  /** Row-major [participant][column]; UNSEEN_CELL where blank. */
  cells: Int8Array;
}

const FIXED = ['participant', 'group-id', 'n-comments', 'n-votes', 'n-agree', 'n-disagree'] as const;

export interface ParticipantsLimits {
  /** Refuse grids larger than this many cells (participants × comments). */
  maxCells?: number;
}

export function parseParticipantsVotes(
  text: string,
  file = 'participants-votes.csv',
  limits: ParticipantsLimits = {},
): PolisParticipantsVotes {
  const maxCells = limits.maxCells ?? 500_000_000;
  let header: Map<string, number> | null = null;
  let width = 0;
  let hasXid = false;
  let firstVoteColumn = 0;
  const commentIds: number[] = [];
  const participants: PolisParticipant[] = [];
  const seen = new Map<number, number>();
  let cells = new Int8Array(0);
  readCsv(text, file, (fields, line) => {
    if (!header) {
      header = indexHeader(fields, file, FIXED, line);
      hasXid = header.has('xid');
      width = fields.length;
      const expected = hasXid
        ? ['participant', 'xid', ...FIXED.slice(1)]
        : [...FIXED];
      expected.forEach((name, i) => {
        if (fields[i].trim() !== name) {
          throw new PolisFormatError(file, line, `column ${i + 1} should be "${name}", found "${fields[i].trim()}"`);
        }
      });
      firstVoteColumn = expected.length;
      const columnSeen = new Set<number>();
      for (let i = firstVoteColumn; i < fields.length; i++) {
        const id = parseInteger(fields[i], file, line, `column ${i + 1} (comment id)`, 0);
        if (columnSeen.has(id)) throw new PolisFormatError(file, line, `comment column ${id} appears twice`);
        columnSeen.add(id);
        commentIds.push(id);
      }
      cells = new Int8Array(Math.max(16, commentIds.length * 64));
      return;
    }
    if (fields.length !== width) {
      throw new PolisFormatError(file, line, `expected ${width} fields as in the header, found ${fields.length}`);
    }
    const h = header;
    const id = parseInteger(fields[h.get('participant')!], file, line, 'participant', 0);
    if (seen.has(id)) throw new PolisFormatError(file, line, `participant ${id} already appeared on line ${seen.get(id)}`, 'participant');
    seen.set(id, line);
    const groupRaw = fields[h.get('group-id')!].trim();
    const row = participants.length;
    const C = commentIds.length;
    if ((row + 1) * C > maxCells) throw new PolisFormatError(file, line, `more than ${maxCells} vote cells; refusing to read further`);
    if ((row + 1) * C > cells.length) {
      const grown = new Int8Array(Math.max(cells.length * 2, (row + 1) * C));
      grown.set(cells);
      cells = grown;
    }
    for (let c = 0; c < C; c++) {
      const raw = fields[firstVoteColumn + c];
      cells[row * C + c] = raw.trim() === '' ? UNSEEN_CELL : parseVote(raw, file, line, `comment ${commentIds[c]}`);
    }
    participants.push({
      id,
      xid: hasXid ? fields[h.get('xid')!] : null,
      groupId: groupRaw === '' ? null : parseInteger(groupRaw, file, line, 'group-id', 0),
      nComments: parseInteger(fields[h.get('n-comments')!], file, line, 'n-comments', 0),
      nVotes: parseInteger(fields[h.get('n-votes')!], file, line, 'n-votes', 0),
      nAgree: parseInteger(fields[h.get('n-agree')!], file, line, 'n-agree', 0),
      nDisagree: parseInteger(fields[h.get('n-disagree')!], file, line, 'n-disagree', 0),
    });
  });
  if (!header) throw new PolisFormatError(file, null, 'the file is empty (no header row)');
  return { hasXid, commentIds, participants, cells: cells.slice(0, participants.length * commentIds.length) };
}

export function serialiseParticipantsVotes(table: PolisParticipantsVotes): string {
  const C = table.commentIds.length;
  const header = [
    'participant',
    ...(table.hasXid ? ['xid'] : []),
    'group-id',
    'n-comments',
    'n-votes',
    'n-agree',
    'n-disagree',
    ...table.commentIds.map(String),
  ];
  const rows: (string | number | null)[][] = [header];
  table.participants.forEach((p, r) => {
    const votes: (number | null)[] = [];
    for (let c = 0; c < C; c++) {
      const v = table.cells[r * C + c];
      votes.push(v === UNSEEN_CELL ? null : v);
    }
    rows.push([
      p.id,
      ...(table.hasXid ? [p.xid] : []),
      p.groupId,
      p.nComments,
      p.nVotes,
      p.nAgree,
      p.nDisagree,
      ...votes,
    ]);
  });
  return writeCsv(rows);
}
