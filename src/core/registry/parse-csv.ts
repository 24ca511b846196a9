import { parse } from 'csv-parse/sync';
import type { Column } from './columns.ts';
import type { Problem } from './types.ts';
import { csvRecordStartLines } from '../text/csv-record-line.ts';

export interface CsvRecord {
  line: number;
  cells: Record<string, string>;
}

export const MAX_ROWS = 100_000;

/**
 * Parses one CSV file into records keyed by column name, each with the line it starts on. Header problems (unknown,
 * repeated or missing columns) and malformed CSV are reported against the file and line; nothing is guessed.
 */
export function parseCsvFile(file: string, text: string, columns: readonly Column[], problems: Problem[]): CsvRecord[] {
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parse(text, {
      bom: true,
      info: true,
      skip_empty_lines: true,
      relax_column_count: true,
      max_record_size: 100_000,
      to: MAX_ROWS + 2,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    const e = error as Error & { lines?: number };
    problems.push({ severity: 'error', code: 'malformed_csv', file, ...(e.lines ? { line: e.lines } : {}), message: `not valid CSV: ${e.message}` });
    return [];
  }
  if (rows.length === 0) {
    problems.push({ severity: 'error', code: 'empty_file', file, message: `${file} is empty; it needs at least a header line` });
    return [];
  }
  if (rows.length > MAX_ROWS + 1) {
    problems.push({ severity: 'error', code: 'too_many_rows', file, message: `${file} has more than ${MAX_ROWS} rows` });
    return [];
  }
  const header = rows[0].record.map((h) => h.trim());
  const known = new Set(columns.map((c) => c.csv));
  const seen = new Set<string>();
  let headerOk = true;
  for (const name of header) {
    if (seen.has(name)) {
      problems.push({ severity: 'error', code: 'duplicate_column', file, line: 1, field: name, message: `column ${name} appears twice` });
      headerOk = false;
    }
    seen.add(name);
    if (!known.has(name)) {
      problems.push({ severity: 'error', code: 'unknown_column', file, line: 1, field: name, message: `unknown column "${name}"; expected: ${[...known].join(', ')}` });
      headerOk = false;
    }
  }
  for (const column of columns) {
    if (column.required && !seen.has(column.csv)) {
      problems.push({ severity: 'error', code: 'missing_column', file, line: 1, field: column.csv, message: `required column ${column.csv} is missing` });
      headerOk = false;
    }
  }
  if (!headerOk) return [];

  const records: CsvRecord[] = [];
  const startLines = csvRecordStartLines(rows);
  for (const [i, { record }] of rows.slice(1).entries()) {
    const line = startLines[i + 1];
    if (record.length !== header.length) {
      problems.push({
        severity: 'error',
        code: 'wrong_cell_count',
        file,
        line,
        message: `line ${line} has ${record.length} cells; the header has ${header.length}`,
      });
      continue;
    }
    const cells: Record<string, string> = Object.create(null) as Record<string, string>;
    header.forEach((name, i) => {
      cells[name] = record[i];
    });
    records.push({ line, cells });
  }
  return records;
}
