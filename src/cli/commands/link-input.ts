import { parse } from 'csv-parse/sync';
import { decodeList, isDecodeProblem } from '../../core/casualties/decode.ts';
import { detectDelimiter, type Delimiter } from '../../core/casualties/delimiter.ts';
import { CliError } from '../exit-codes.ts';
import { csvRecordStartLines } from '../../core/text/csv-record-line.ts';

/**
 * Reading a records CSV for `reckon link`: decoding as the importer and the web preview decode (UTF-8 or UTF-16 as
 * marked, otherwise the region's single-byte encoding its words read best in; mixtures, files cut short, lone
 * surrogates and files that are not text refused with their line), and CSV errors reported with their line.
 */
export interface CsvTable {
  header: string[];
  /** Column-major values, trimmed: columns[k][r] is column k of row r. */
  columns: string[][];
  /** Number of data rows. */
  size: number;
  /** Physical line on which each row starts (1-based, header is line 1 or more). */
  lines: Int32Array;
  encoding: string;
}

/** The file's text through the decoder the importer and the web preview share; a file it cannot read is refused with its line. */
export function decodeCsv(buffer: Buffer, file: string): { text: string; encoding: string } {
  const decoded = decodeList(buffer);
  if (isDecodeProblem(decoded)) throw new CliError(`${file}${decoded.line !== null ? `:line ${decoded.line}` : ''}: ${decoded.code === 'mixed_encodings' ? 'mixed encodings: ' : ''}${decoded.message}`);
  return decoded;
}

/** csv-parse over the whole text: slow on large files, but its errors name the fault and the line. */
function parseCsvStrict(text: string, file: string, encoding: string, delimiter: Delimiter = ','): CsvTable {
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, {
      delimiter,
      bom: true,
      skip_empty_lines: true,
      info: true,
      relax_column_count: false,
      max_record_size: 1_000_000,
    }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
  } catch (error) {
    const e = error as { message?: string; lines?: number; code?: string };
    const where = e.lines ? `line ${e.lines}` : 'input';
    const reason =
      e.code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH'
        ? 'the number of columns differs from the header'
        : e.code === 'CSV_QUOTE_NOT_CLOSED'
          ? 'a quoted field is never closed'
          : e.code === 'CSV_INVALID_CLOSING_QUOTE' || e.code === 'INVALID_OPENING_QUOTE'
            ? 'a quote inside an unquoted field or after a closing quote'
            : (e.message ?? String(error)).replace(/^Invalid Record Length: /, '');
    throw new CliError(`${file}:${where}: ${reason}`);
  }
  if (records.length === 0) throw new CliError(`${file}: the file is empty (a header line is needed)`);
  const header = records[0].record.map((h) => h.trim());
  const seen = new Map<string, number>();
  header.forEach((h, k) => {
    if (h === '') throw new CliError(`${file}:line ${records[0].info.lines}: column ${k + 1} of the header has no name`);
    if (seen.has(h)) throw new CliError(`${file}:line ${records[0].info.lines}: column "${h}" appears twice in the header`);
    seen.set(h, k);
  });
  const size = records.length - 1;
  const lines = new Int32Array(size);
  const columns = header.map(() => new Array<string>(size));
  const startLines = csvRecordStartLines(records);
  for (let r = 1; r < records.length; r++) {
    const record = records[r].record;
    for (let k = 0; k < header.length; k++) columns[k][r - 1] = record[k].trim();
    lines[r - 1] = startLines[r];
  }
  return { header, columns, size, lines, encoding };
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;
const MAX_FIELD = 1_000_000;

/**
 * Parses a CSV (comma, double quotes, LF or CRLF lines, empty lines skipped) straight into columns. This is the
 * fast path for well-formed files: at a million records csv-parse with line information spends seconds and
 * allocates an object per record. Anything it does not accept as plainly valid (a different column count, a quote
 * out of place, a bare CR, an unclosed quote, an empty file) is handed to csv-parse, which then reports the fault
 * with its line exactly as before; so the two paths never disagree on what is an error.
 */
export function parseCsv(text: string, file: string, encoding: string): CsvTable {
  // a semicolon or tab file (a spreadsheet saved in a comma-decimal locale) goes through csv-parse with its separator
  const delimiter = detectDelimiter(text);
  if (delimiter !== ',') return parseCsvStrict(text, file, encoding, delimiter);
  const fast = parseCsvFast(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  if (!fast) return parseCsvStrict(text, file, encoding);
  const header = fast.header.map((h) => h.trim());
  const seen = new Set<string>();
  for (const h of header) {
    // header problems are reported by the strict path with its wording and line
    if (h === '' || seen.has(h)) return parseCsvStrict(text, file, encoding);
    seen.add(h);
  }
  return { header, columns: fast.columns, size: fast.size, lines: fast.lines, encoding };
}

function parseCsvFast(text: string): { header: string[]; columns: string[][]; size: number; lines: Int32Array } | null {
  const length = text.length;
  let pos = 0;
  let line = 1;
  let header: string[] | null = null;
  let columns: string[][] = [];
  let width = 0;
  let size = 0;
  let lines = new Int32Array(1024);
  const record: string[] = [];
  while (pos < length) {
    // an empty line is skipped, as csv-parse's skip_empty_lines does
    const first = text.charCodeAt(pos);
    if (first === LF) {
      pos++;
      line++;
      continue;
    }
    if (first === CR && text.charCodeAt(pos + 1) === LF) {
      pos += 2;
      line++;
      continue;
    }
    record.length = 0;
    const recordStart = line;
    // one record
    for (;;) {
      let value: string;
      if (text.charCodeAt(pos) === QUOTE) {
        let chunkStart = pos + 1;
        let out = '';
        let q = chunkStart;
        for (;;) {
          const close = text.indexOf('"', q);
          if (close < 0) return null; // never closed
          for (let k = q; k < close; k++) if (text.charCodeAt(k) === LF) line++;
          if (text.charCodeAt(close + 1) === QUOTE) {
            out += text.slice(chunkStart, close + 1);
            q = chunkStart = close + 2;
            continue;
          }
          value = out + text.slice(chunkStart, close);
          pos = close + 1;
          break;
        }
      } else {
        const start = pos;
        let c = 0;
        while (pos < length) {
          c = text.charCodeAt(pos);
          if (c === COMMA || c === LF || c === CR) break;
          if (c === QUOTE) return null;
          pos++;
        }
        value = text.slice(start, pos);
      }
      if (value.length > MAX_FIELD) return null;
      record.push(value);
      if (pos >= length) break;
      const c = text.charCodeAt(pos);
      if (c === COMMA) {
        pos++;
        continue;
      }
      if (c === LF) break;
      if (c === CR && text.charCodeAt(pos + 1) === LF) break;
      return null; // a bare CR, or text after a closing quote
    }
    if (header === null) {
      header = record.slice();
      width = header.length;
      columns = header.map(() => []);
    } else {
      if (record.length !== width) return null;
      for (let k = 0; k < width; k++) columns[k].push(record[k].trim());
      if (size === lines.length) {
        const grown = new Int32Array(size * 2);
        grown.set(lines);
        lines = grown;
      }
      // the line the row starts on, as the strict path names it
      lines[size++] = recordStart;
    }
    if (pos < length) {
      pos += text.charCodeAt(pos) === CR ? 2 : 1;
      line++;
    }
  }
  if (header === null) return null;
  return { header, columns, size, lines: lines.slice(0, size) };
}
