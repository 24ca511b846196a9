/** votes.csv: the vote event log (timestamp, [datetime,] comment-id, voter-id, vote), kept in typed arrays. */
import { PolisFormatError, indexHeader, parseInteger, parseVote, readCsv, writeCsv } from './csv.ts';

export interface PolisVotes {
  length: number;
  timestamp: Float64Array;
  /** Present when the file had a datetime column; kept verbatim (Pol.is writes local time zone names). */
  datetime: string[] | null;
  commentId: Int32Array;
  voterId: Int32Array;
  vote: Int8Array;
}

export interface VoteLimits {
  /** Refuse logs beyond this many events instead of exhausting memory. */
  maxVotes?: number;
}

const MAX_ID = 0x7fffffff;

export function parseVotes(text: string, file = 'votes.csv', limits: VoteLimits = {}): PolisVotes {
  const maxVotes = limits.maxVotes ?? 50_000_000;
  let header: Map<string, number> | null = null;
  let width = 0;
  let capacity = 1024;
  let timestamp = new Float64Array(capacity);
  let commentId = new Int32Array(capacity);
  let voterId = new Int32Array(capacity);
  let vote = new Int8Array(capacity);
  let datetime: string[] | null = null;
  let n = 0;
  readCsv(text, file, (fields, line) => {
    if (!header) {
      header = indexHeader(fields, file, ['timestamp', 'comment-id', 'voter-id', 'vote'], line);
      width = fields.length;
      if (header.has('datetime')) datetime = [];
      return;
    }
    if (fields.length !== width) {
      throw new PolisFormatError(file, line, `expected ${width} fields as in the header, found ${fields.length}`);
    }
    if (n >= maxVotes) throw new PolisFormatError(file, line, `more than ${maxVotes} votes; refusing to read further`);
    if (n === capacity) {
      capacity *= 2;
      const grow = <T extends Float64Array | Int32Array | Int8Array>(a: T, make: (size: number) => T): T => {
        const b = make(capacity);
        b.set(a);
        return b;
      };
      timestamp = grow(timestamp, (s) => new Float64Array(s));
      commentId = grow(commentId, (s) => new Int32Array(s));
      voterId = grow(voterId, (s) => new Int32Array(s));
      vote = grow(vote, (s) => new Int8Array(s));
    }
    const h = header;
    timestamp[n] = parseInteger(fields[h.get('timestamp')!], file, line, 'timestamp', 0);
    const c = parseInteger(fields[h.get('comment-id')!], file, line, 'comment-id', 0);
    const v = parseInteger(fields[h.get('voter-id')!], file, line, 'voter-id', 0);
    if (c > MAX_ID) throw new PolisFormatError(file, line, `${c} is too large`, 'comment-id');
    if (v > MAX_ID) throw new PolisFormatError(file, line, `${v} is too large`, 'voter-id');
    commentId[n] = c;
    voterId[n] = v;
    vote[n] = parseVote(fields[h.get('vote')!], file, line, 'vote');
    if (datetime) datetime.push(fields[h.get('datetime')!]);
    n += 1;
  });
  if (!header) throw new PolisFormatError(file, null, 'the file is empty (no header row)');
  return {
    length: n,
    timestamp: timestamp.slice(0, n),
    datetime,
    commentId: commentId.slice(0, n),
    voterId: voterId.slice(0, n),
    vote: vote.slice(0, n),
  };
}

export function serialiseVotes(votes: PolisVotes): string {
  const header = votes.datetime
    ? ['timestamp', 'datetime', 'comment-id', 'voter-id', 'vote']
    : ['timestamp', 'comment-id', 'voter-id', 'vote'];
  const rows: (string | number)[][] = [header];
  for (let i = 0; i < votes.length; i++) {
    rows.push(
      votes.datetime
        ? [votes.timestamp[i], votes.datetime[i], votes.commentId[i], votes.voterId[i], votes.vote[i]]
        : [votes.timestamp[i], votes.commentId[i], votes.voterId[i], votes.vote[i]],
    );
  }
  return writeCsv(rows);
}

/** Event order by time, ties kept in file order, so "latest vote wins" means latest by timestamp. */
export function chronologicalOrder(votes: PolisVotes): Int32Array {
  const order = Int32Array.from({ length: votes.length }, (_, i) => i);
  const sorted = Array.from(order).sort((a, b) => votes.timestamp[a] - votes.timestamp[b] || a - b);
  return Int32Array.from(sorted);
}
