import chardet from 'chardet';
import iconv from 'iconv-lite';
import { parse } from 'csv-parse/sync';
import { CliError } from '../exit-codes.ts';

/**
 * Reading a records CSV for `reckon link`: encoding detection (UTF-8 first, since it cannot be confused by
 * accident; otherwise chardet's guess decoded with iconv-lite), refusal of files that mix UTF-8 with another
 * encoding, and CSV errors reported with their line.
 */
export interface CsvTable {
  header: string[];
  rows: string[][];
  /** Physical line on which each row starts (1-based, header is line 1 or more). */
  lines: number[];
  encoding: string;
}

function lineOfOffset(buffer: Buffer, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < buffer.length; i++) if (buffer[i] === 0x0a) line++;
  return line;
}

export function decodeCsv(buffer: Buffer, file: string): { text: string; encoding: string } {
  if (buffer.length >= 2 && buffer[0] === 0xff && buffer[1] === 0xfe) return { text: iconv.decode(buffer.subarray(2), 'utf-16le'), encoding: 'UTF-16LE' };
  if (buffer.length >= 2 && buffer[0] === 0xfe && buffer[1] === 0xff) return { text: iconv.decode(buffer.subarray(2), 'utf-16be'), encoding: 'UTF-16BE' };
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(buffer);
    return { text: text.replace(/^\uFEFF/, ''), encoding: 'UTF-8' };
  } catch {
    // not UTF-8 throughout: either another encoding, or a mixture
  }
  const badLines: number[] = [];
  let utf8Multibyte = 0;
  let start = 0;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for (let i = 0; i <= buffer.length; i++) {
    if (i < buffer.length && buffer[i] !== 0x0a) continue;
    const line = buffer.subarray(start, i);
    let nonAscii = false;
    for (const b of line) if (b >= 0x80) nonAscii = true;
    if (nonAscii) {
      try {
        decoder.decode(line);
        utf8Multibyte++;
      } catch {
        badLines.push(lineOfOffset(buffer, start));
      }
    }
    start = i + 1;
  }
  if (utf8Multibyte > 0 && badLines.length > 0) {
    const shown = badLines.slice(0, 10).join(', ');
    throw new CliError(
      `${file}: mixed encodings: ${utf8Multibyte} line(s) are UTF-8 but line(s) ${shown}${badLines.length > 10 ? ` and ${badLines.length - 10} more` : ''} are not; ` +
        're-save the file in one encoding',
    );
  }
  const guess = chardet.detect(buffer) ?? 'windows-1251';
  const encoding = iconv.encodingExists(guess) ? guess : 'windows-1251';
  return { text: iconv.decode(buffer, encoding), encoding };
}

export function parseCsv(text: string, file: string, encoding: string): CsvTable {
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, {
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
  // csv-parse reports the line a record ends on; the next record starts one line after it
  const lines: number[] = [];
  const rows: string[][] = [];
  for (let r = 1; r < records.length; r++) {
    rows.push(records[r].record.map((v) => v.trim()));
    lines.push(records[r - 1].info.lines + 1);
  }
  return { header, rows, lines, encoding };
}
