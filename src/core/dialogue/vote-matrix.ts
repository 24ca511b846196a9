/**
 * The participants × statements vote matrix in compressed sparse row form. Most cells of a dialogue are unseen
 * (a participant votes on a few dozen of thousands of statements), so only cast votes are stored.
 */

export const AGREE = 1;
export const DISAGREE = -1;
export const PASS = 0;
/** Marker for "not seen" where a dense row is materialised; never stored in the sparse matrix. */
export const UNSEEN = -128;

export type VoteValue = typeof AGREE | typeof DISAGREE | typeof PASS;

export function isVoteValue(value: number): value is VoteValue {
  return value === AGREE || value === DISAGREE || value === PASS;
}

export interface VoteMatrix {
  readonly nParticipants: number;
  readonly nStatements: number;
  /** rowStart[p]..rowStart[p+1] indexes the votes of participant p, sorted by statement. */
  readonly rowStart: Int32Array;
  readonly statement: Int32Array;
  readonly value: Int8Array;
  /** Votes cast per participant and per statement (agree, disagree and pass all count; unseen does not). */
  readonly votesPerParticipant: Int32Array;
  readonly votesPerStatement: Int32Array;
}

/**
 * An append-only log of vote events in arrival order. Arrival order decides which vote is the latest when a
 * participant changes their mind, so callers must append in time order (the Pol.is reader sorts by timestamp).
 */
export class VoteLog {
  private participants: Int32Array;
  private statements: Int32Array;
  private values: Int8Array;
  private count = 0;

  constructor(initialCapacity = 1024) {
    const capacity = Math.max(16, initialCapacity);
    this.participants = new Int32Array(capacity);
    this.statements = new Int32Array(capacity);
    this.values = new Int8Array(capacity);
  }

  get length(): number {
    return this.count;
  }

  append(participant: number, statement: number, value: number): void {
    if (!Number.isInteger(participant) || participant < 0 || participant > 0x7fffffff) {
      throw new RangeError(`participant index ${participant} is not a non-negative 32-bit integer`);
    }
    if (!Number.isInteger(statement) || statement < 0 || statement > 0x7fffffff) {
      throw new RangeError(`statement index ${statement} is not a non-negative 32-bit integer`);
    }
    if (!isVoteValue(value)) throw new RangeError(`vote ${value} is not 1 (agree), -1 (disagree) or 0 (pass)`);
    if (this.count === this.participants.length) this.grow();
    this.participants[this.count] = participant;
    this.statements[this.count] = statement;
    this.values[this.count] = value;
    this.count += 1;
  }

  /** The event at position i, for callers that replay or export the log. */
  at(i: number): { participant: number; statement: number; value: VoteValue } {
    return { participant: this.participants[i], statement: this.statements[i], value: this.values[i] as VoteValue };
  }

  /**
   * Builds the matrix, keeping each participant's latest vote per statement. `nParticipants`/`nStatements` may
   * exceed the largest index seen (people who joined but did not vote; statements nobody voted on yet).
   */
  toMatrix(nParticipants?: number, nStatements?: number): VoteMatrix {
    let maxP = -1;
    let maxS = -1;
    for (let i = 0; i < this.count; i++) {
      if (this.participants[i] > maxP) maxP = this.participants[i];
      if (this.statements[i] > maxS) maxS = this.statements[i];
    }
    const nP = Math.max(nParticipants ?? 0, maxP + 1);
    const nS = Math.max(nStatements ?? 0, maxS + 1);

    // Counting sort by participant keeps arrival order within each row, which the dedup below relies on.
    const rowCount = new Int32Array(nP + 1);
    for (let i = 0; i < this.count; i++) rowCount[this.participants[i] + 1] += 1;
    for (let p = 0; p < nP; p++) rowCount[p + 1] += rowCount[p];
    const cursor = rowCount.slice(0, nP);
    const order = new Int32Array(this.count);
    for (let i = 0; i < this.count; i++) order[cursor[this.participants[i]]++] = i;

    // lastPosition[s] holds the position of the latest event for statement s in the current row, tagged by row.
    const lastPosition = new Int32Array(nS);
    const lastRow = new Int32Array(nS).fill(-1);
    const rowStart = new Int32Array(nP + 1);
    const statementOut = new Int32Array(this.count);
    const valueOut = new Int8Array(this.count);
    const votesPerParticipant = new Int32Array(nP);
    const votesPerStatement = new Int32Array(nS);
    let written = 0;
    const rowColumns: number[] = [];
    for (let p = 0; p < nP; p++) {
      rowStart[p] = written;
      rowColumns.length = 0;
      for (let k = rowCount[p]; k < rowCount[p + 1]; k++) {
        const event = order[k];
        const s = this.statements[event];
        if (lastRow[s] !== p) {
          lastRow[s] = p;
          rowColumns.push(s);
        }
        lastPosition[s] = event;
      }
      rowColumns.sort((a, b) => a - b);
      for (const s of rowColumns) {
        statementOut[written] = s;
        valueOut[written] = this.values[lastPosition[s]];
        votesPerStatement[s] += 1;
        written += 1;
      }
      votesPerParticipant[p] = rowColumns.length;
    }
    rowStart[nP] = written;
    return {
      nParticipants: nP,
      nStatements: nS,
      rowStart,
      statement: statementOut.slice(0, written),
      value: valueOut.slice(0, written),
      votesPerParticipant,
      votesPerStatement,
    };
  }

  /** Replaces the log by the deduplicated votes of `matrix`, so the log stops growing with changed votes. */
  static fromMatrix(matrix: VoteMatrix): VoteLog {
    const log = new VoteLog(matrix.statement.length + 1024);
    for (let p = 0; p < matrix.nParticipants; p++) {
      for (let k = matrix.rowStart[p]; k < matrix.rowStart[p + 1]; k++) log.append(p, matrix.statement[k], matrix.value[k]);
    }
    return log;
  }

  private grow(): void {
    const capacity = this.participants.length * 2;
    const participants = new Int32Array(capacity);
    participants.set(this.participants);
    const statements = new Int32Array(capacity);
    statements.set(this.statements);
    const values = new Int8Array(capacity);
    values.set(this.values);
    this.participants = participants;
    this.statements = statements;
    this.values = values;
  }
}

/** One participant's row as a dense Int8Array with UNSEEN for statements not voted on (for export and tests). */
export function denseRow(matrix: VoteMatrix, participant: number): Int8Array {
  const row = new Int8Array(matrix.nStatements).fill(UNSEEN);
  for (let k = matrix.rowStart[participant]; k < matrix.rowStart[participant + 1]; k++) {
    row[matrix.statement[k]] = matrix.value[k];
  }
  return row;
}

/** Looks up one cell by binary search in the sorted row; UNSEEN when the participant has not voted on it. */
export function voteAt(matrix: VoteMatrix, participant: number, statement: number): number {
  let lo = matrix.rowStart[participant];
  let hi = matrix.rowStart[participant + 1] - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = matrix.statement[mid];
    if (s === statement) return matrix.value[mid];
    if (s < statement) lo = mid + 1;
    else hi = mid - 1;
  }
  return UNSEEN;
}

/**
 * A new matrix with `batch` applied (later events win, and win over the matrix's votes). Linear in the votes,
 * with no sorting of whole rows: what a replay needs to bring the matrix up to date at every update.
 */
export function withVotes(
  matrix: VoteMatrix,
  batch: readonly { participant: number; statement: number; value: number }[],
): VoteMatrix {
  const byParticipant = new Map<number, Map<number, number>>();
  for (const e of batch) {
    if (!isVoteValue(e.value)) throw new RangeError(`vote ${e.value} is not 1 (agree), -1 (disagree) or 0 (pass)`);
    if (e.participant < 0 || e.participant >= matrix.nParticipants || e.statement < 0 || e.statement >= matrix.nStatements) {
      throw new RangeError(`vote of participant ${e.participant} on statement ${e.statement} is outside the matrix`);
    }
    let row = byParticipant.get(e.participant);
    if (!row) byParticipant.set(e.participant, (row = new Map()));
    row.set(e.statement, e.value);
  }
  const capacity = matrix.statement.length + batch.length;
  const statement = new Int32Array(capacity);
  const value = new Int8Array(capacity);
  const rowStart = new Int32Array(matrix.nParticipants + 1);
  const votesPerParticipant = new Int32Array(matrix.nParticipants);
  const votesPerStatement = Int32Array.from(matrix.votesPerStatement);
  let w = 0;
  for (let p = 0; p < matrix.nParticipants; p++) {
    rowStart[p] = w;
    const start = matrix.rowStart[p];
    const end = matrix.rowStart[p + 1];
    const changes = byParticipant.get(p);
    if (!changes) {
      statement.set(matrix.statement.subarray(start, end), w);
      value.set(matrix.value.subarray(start, end), w);
      w += end - start;
    } else {
      const added = [...changes.keys()].sort((a, b) => a - b);
      let a = 0;
      let k = start;
      while (k < end || a < added.length) {
        const old = k < end ? matrix.statement[k] : Infinity;
        const fresh = a < added.length ? added[a] : Infinity;
        if (old < fresh) {
          statement[w] = old;
          value[w++] = matrix.value[k++];
        } else {
          statement[w] = fresh;
          value[w++] = changes.get(fresh)!;
          if (old === fresh) k += 1;
          else votesPerStatement[fresh] += 1;
          a += 1;
        }
      }
    }
    votesPerParticipant[p] = w - rowStart[p];
  }
  rowStart[matrix.nParticipants] = w;
  return {
    nParticipants: matrix.nParticipants,
    nStatements: matrix.nStatements,
    rowStart,
    statement: statement.slice(0, w),
    value: value.slice(0, w),
    votesPerParticipant,
    votesPerStatement,
  };
}
