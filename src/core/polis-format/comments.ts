/**
 * comments.csv: one row per statement. Pol.is has shipped several layouts (with or without `datetime`, with
 * or without is-meta, is-seed and group-informed-consensus), so columns are found by name and the layout read
 * is remembered so it can be written back the same way.
 */
import {
  PolisFormatError,
  indexHeader,
  parseBoolean,
  parseInteger,
  parseOptionalNumber,
  readCsv,
  writeCsv,
} from './csv.ts';

export interface PolisComment {
  timestamp: number | null;
  datetime: string | null;
  id: number;
  authorId: number | null;
  agrees: number;
  disagrees: number;
  /** -1 moderated out, 0 not yet moderated, 1 accepted. */
  moderated: -1 | 0 | 1;
  isMeta: boolean | null;
  isSeed: boolean | null;
  groupInformedConsensus: number | null;
  body: string;
}

export const COMMENT_COLUMNS = [
  'timestamp',
  'datetime',
  'comment-id',
  'author-id',
  'agrees',
  'disagrees',
  'moderated',
  'is-meta',
  'is-seed',
  'group-informed-consensus',
  'comment-body',
] as const;
export type CommentColumn = (typeof COMMENT_COLUMNS)[number];

export interface PolisComments {
  /** The known columns present, in file order; used when writing back. */
  columns: CommentColumn[];
  /** Unknown columns found and ignored. */
  ignoredColumns: string[];
  rows: PolisComment[];
}

export interface CommentLimits {
  /** Pol.is caps statements at 1,000 characters; anything far beyond is not a statement. */
  maxBodyLength?: number;
}

export function parseComments(text: string, file = 'comments.csv', limits: CommentLimits = {}): PolisComments {
  const maxBody = limits.maxBodyLength ?? 10_000;
  let header: Map<string, number> | null = null;
  let width = 0;
  const result: PolisComments = { columns: [], ignoredColumns: [], rows: [] };
  const ids = new Map<number, number>();
  readCsv(text, file, (fields, line) => {
    if (!header) {
      header = indexHeader(fields, file, ['comment-id', 'comment-body'], line);
      width = fields.length;
      for (const name of fields.map((f) => f.trim())) {
        if ((COMMENT_COLUMNS as readonly string[]).includes(name)) result.columns.push(name as CommentColumn);
        else result.ignoredColumns.push(name);
      }
      return;
    }
    if (fields.length !== width) {
      throw new PolisFormatError(file, line, `expected ${width} fields as in the header, found ${fields.length}`);
    }
    const h = header;
    const get = (name: string) => (h.has(name) ? fields[h.get(name)!] : '');
    const id = parseInteger(get('comment-id'), file, line, 'comment-id', 0);
    if (ids.has(id)) throw new PolisFormatError(file, line, `comment ${id} already appeared on line ${ids.get(id)}`, 'comment-id');
    ids.set(id, line);
    const body = get('comment-body');
    if (body.length > maxBody) {
      throw new PolisFormatError(file, line, `statement is ${body.length} characters, over the ${maxBody} limit`, 'comment-body');
    }
    const moderatedRaw = h.has('moderated') ? get('moderated') : '0';
    const moderated = parseInteger(moderatedRaw, file, line, 'moderated');
    if (moderated !== -1 && moderated !== 0 && moderated !== 1) {
      throw new PolisFormatError(file, line, `${moderated} is not -1, 0 or 1`, 'moderated');
    }
    const optionalInt = (name: string, min = 0) => {
      const raw = get(name).trim();
      return raw === '' ? null : parseInteger(raw, file, line, name, min);
    };
    result.rows.push({
      timestamp: optionalInt('timestamp'),
      datetime: h.has('datetime') ? get('datetime') : null,
      id,
      authorId: optionalInt('author-id'),
      agrees: optionalInt('agrees') ?? 0,
      disagrees: optionalInt('disagrees') ?? 0,
      moderated,
      isMeta: parseBoolean(get('is-meta'), file, line, 'is-meta'),
      isSeed: parseBoolean(get('is-seed'), file, line, 'is-seed'),
      groupInformedConsensus: parseOptionalNumber(get('group-informed-consensus'), file, line, 'group-informed-consensus'),
      body,
    });
  });
  if (!header) throw new PolisFormatError(file, null, 'the file is empty (no header row)');
  return result;
}

function cell(comment: PolisComment, column: CommentColumn): string | number | null {
  switch (column) {
    case 'timestamp':
      return comment.timestamp;
    case 'datetime':
      return comment.datetime;
    case 'comment-id':
      return comment.id;
    case 'author-id':
      return comment.authorId;
    case 'agrees':
      return comment.agrees;
    case 'disagrees':
      return comment.disagrees;
    case 'moderated':
      return comment.moderated;
    case 'is-meta':
      return comment.isMeta === null ? null : String(comment.isMeta);
    case 'is-seed':
      return comment.isSeed === null ? null : String(comment.isSeed);
    case 'group-informed-consensus':
      return comment.groupInformedConsensus;
    case 'comment-body':
      return comment.body;
  }
}

export function serialiseComments(comments: PolisComments): string {
  const columns = comments.columns.length > 0 ? comments.columns : [...COMMENT_COLUMNS];
  return writeCsv([columns, ...comments.rows.map((c) => columns.map((col) => cell(c, col)))]);
}
