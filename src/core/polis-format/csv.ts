/**
 * CSV reading and writing for Pol.is exports, from and to text (no files: the caller reads them). Records are
 * handed over one by one with the line they start on, so large vote logs go straight into typed arrays.
 */

/** A malformed export: names the file, the line (1-based, where the record starts) and the field when known. */
export class PolisFormatError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | null,
    readonly detail: string,
    readonly field?: string,
  ) {
    super(`${file}${line !== null ? `:${line}` : ''}: ${field ? `field "${field}": ` : ''}${detail}`);
    this.name = 'PolisFormatError';
  }
}

export interface CsvReadOptions {
  /** Longest record accepted, in characters; a runaway quote otherwise swallows the whole file. */
  maxRecordSize?: number;
}

/**
 * Calls `onRecord(fields, line)` for every record (RFC 4180: comma-separated, fields optionally in double quotes
 * with "" for a quote, CRLF or LF line ends). Quoted fields may span lines (Pol.is descriptions do); `line` is
 * where the record starts. Blank lines between records are skipped. A hand-written scanner rather than
 * csv-parse: vote logs run to millions of rows and this is several times faster on them.
 */
export function readCsv(
  text: string,
  file: string,
  onRecord: (fields: string[], line: number) => void,
  options: CsvReadOptions = {},
): void {
  const maxRecordSize = options.maxRecordSize ?? 4_000_000;
  const QUOTE = 34;
  const COMMA = 44;
  const LF = 10;
  const CR = 13;
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  while (i < n) {
    const recordLine = line;
    const recordStart = i;
    const c0 = text.charCodeAt(i);
    if (c0 === LF || (c0 === CR && text.charCodeAt(i + 1) === LF)) {
      i += c0 === CR ? 2 : 1;
      line += 1;
      continue;
    }
    const fields: string[] = [];
    let ended = false;
    while (!ended) {
      if (i - recordStart > maxRecordSize) {
        throw new PolisFormatError(file, recordLine, `record longer than ${maxRecordSize} characters`);
      }
      if (text.charCodeAt(i) === QUOTE) {
        const openLine = line;
        let value = '';
        let from = i + 1;
        let j = from;
        for (;;) {
          const q = text.indexOf('"', j);
          if (q < 0) throw new PolisFormatError(file, openLine, 'a quoted field is never closed');
          for (let k = j; k < q; k++) if (text.charCodeAt(k) === LF) line += 1;
          if (q - recordStart > maxRecordSize) {
            throw new PolisFormatError(file, recordLine, `record longer than ${maxRecordSize} characters`);
          }
          if (text.charCodeAt(q + 1) === QUOTE) {
            value += text.slice(from, q + 1);
            from = q + 2;
            j = from;
            continue;
          }
          value += text.slice(from, q);
          i = q + 1;
          break;
        }
        fields.push(value);
        const next = i < n ? text.charCodeAt(i) : LF;
        if (next === COMMA) i += 1;
        else if (next === LF || (next === CR && text.charCodeAt(i + 1) === LF) || i >= n) {
          i += i >= n ? 0 : next === CR ? 2 : 1;
          line += 1;
          ended = true;
        } else {
          throw new PolisFormatError(file, line, `unexpected character after a closing quote in field ${fields.length}`);
        }
      } else {
        let j = i;
        let c = 0;
        while (j < n) {
          c = text.charCodeAt(j);
          if (c === COMMA || c === LF || c === CR) break;
          if (c === QUOTE) {
            throw new PolisFormatError(file, line, `a quote inside an unquoted field (field ${fields.length + 1})`);
          }
          j += 1;
        }
        if (j - recordStart > maxRecordSize) {
          throw new PolisFormatError(file, recordLine, `record longer than ${maxRecordSize} characters`);
        }
        fields.push(text.slice(i, j));
        if (j >= n) {
          i = n;
          ended = true;
        } else if (c === COMMA) {
          i = j + 1;
          if (i >= n) {
            fields.push('');
            ended = true;
          }
        } else if (c === CR && text.charCodeAt(j + 1) !== LF) {
          throw new PolisFormatError(file, line, 'a carriage return not followed by a line feed');
        } else {
          i = j + (c === CR ? 2 : 1);
          line += 1;
          ended = true;
        }
      }
    }
    onRecord(fields, recordLine);
  }
}

const NEEDS_QUOTES = /[",\r\n]/;

/** RFC 4180 text with LF line ends; a field is quoted only when it holds a comma, quote or line break. */
export function writeCsv(rows: (string | number | null)[][]): string {
  const lines: string[] = new Array(rows.length);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    const cells: string[] = new Array(row.length);
    for (let c = 0; c < row.length; c++) {
      const v = row[c];
      const text = v === null ? '' : typeof v === 'number' ? String(v) : v;
      cells[c] = NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
    }
    lines[r] = cells.join(',');
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

/** Maps a header row to column positions, rejecting duplicates and missing required columns. */
export function indexHeader(
  header: string[],
  file: string,
  required: readonly string[],
  line = 1,
): Map<string, number> {
  const index = new Map<string, number>();
  header.forEach((name, i) => {
    const key = name.trim();
    if (index.has(key)) throw new PolisFormatError(file, line, `column "${key}" appears twice in the header`);
    index.set(key, i);
  });
  for (const name of required) {
    if (!index.has(name)) throw new PolisFormatError(file, line, `required column "${name}" is missing from the header`);
  }
  return index;
}

const INTEGER = /^-?\d{1,15}$/;

export function parseInteger(raw: string, file: string, line: number, field: string, min = -Infinity): number {
  const text = raw.trim();
  if (!INTEGER.test(text)) throw new PolisFormatError(file, line, `"${clip(text)}" is not an integer`, field);
  const value = Number(text);
  if (value < min) throw new PolisFormatError(file, line, `${value} is below the minimum ${min}`, field);
  return value;
}

export function parseOptionalNumber(raw: string, file: string, line: number, field: string): number | null {
  const text = raw.trim();
  if (text === '') return null;
  const value = Number(text);
  if (!Number.isFinite(value)) throw new PolisFormatError(file, line, `"${clip(text)}" is not a number`, field);
  return value;
}

export function parseVote(raw: string, file: string, line: number, field: string): -1 | 0 | 1 {
  const text = raw.trim();
  if (text === '1') return 1;
  if (text === '-1') return -1;
  if (text === '0') return 0;
  throw new PolisFormatError(file, line, `"${clip(text)}" is not a vote (1 agree, -1 disagree, 0 pass)`, field);
}

export function parseBoolean(raw: string, file: string, line: number, field: string): boolean | null {
  const text = raw.trim().toLowerCase();
  if (text === '') return null;
  if (text === 'true') return true;
  if (text === 'false') return false;
  throw new PolisFormatError(file, line, `"${clip(text)}" is not true or false`, field);
}

export function clip(text: string, max = 40): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
