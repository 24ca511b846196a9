import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import {
  DATE_FIELDS,
  NAME_FIELDS,
  RECORD_FIELDS as recordFields,
  type ColumnMapping,
  type DateField,
  type RecordField,
} from '../../core/casualties/record-fields.ts';
import { decodeList } from '../../core/casualties/decode.ts';
import { detectListColumns } from '../../core/casualties/columns.ts';
import { csvRecordStartLines } from '../../core/text/csv-record-line.ts';
import { detectDelimiter } from '../../core/casualties/delimiter.ts';
import { HOUSEHOLD_VALUE_LIMIT, householdColumns } from '../../core/linkage/historical-defaults.ts';
import { detectDateFormat, displayValue, headerDeclaresNumericSex, isMissing, readAge, readDate, readSex, type DateFormat } from '../../core/casualties/values.ts';

/**
 * Reading a casualty list for import: decoding, CSV parsing, and every cell through the shared value readers of
 * src/core/casualties/values.ts (dates of any era and order, sex codes of the region, ages, missing-value words),
 * so that the importer, `reckon link` and the web mapping read one value one way.
 */

/** One thing wrong with an import, located so a person can find it in the file. */
export interface ImportProblem {
  /** Line of the file (1 is the header); null for the file or the mapping as a whole. */
  line: number | null;
  /** The record field concerned. */
  field?: string;
  /** The CSV column concerned, as the header names it. */
  column?: string;
  /** The cell as written (shortened and with control characters escaped). */
  value?: string;
  /** What the cell should look like. */
  expected?: string;
  code: string;
  message: string;
}

/** Something the reader did that the person importing should know about; nothing is refused for it. */
export interface ImportWarning {
  code: string;
  column?: string;
  field?: string;
  /** How many cells or rows it concerns. */
  count: number;
  /** The first lines concerned. */
  lines: number[];
  message: string;
}

export { recordFields, type RecordField, type ColumnMapping };

export interface ImportedRecord {
  line: number;
  sourceRecordId: string;
  /** Whole names as the list writes them (one per mapped name column that has one); may be empty. */
  names: string[];
  givenName: string | null;
  familyName: string | null;
  patronymic: string | null;
  sex: 'female' | 'male' | 'unknown' | null;
  age: number | null;
  birthDate: string | null;
  deathDate: string | null;
  place: string | null;
  status: 'civilian' | 'combatant' | 'unknown';
  type: string | null;
  cause: string | null;
  perpetratorReported: string | null;
  notes: string | null;
  /** What a historical register says of the household and family, from the columns householdColumns() finds. */
  household: Household;
  raw: Record<string, string>;
}

/** Relation to the head, marital condition, occupation, parents' and maiden names, as the list wrote them. */
export interface Household {
  relation: string | null;
  maritalCondition: string | null;
  occupation: string | null;
  fatherName: string | null;
  motherName: string | null;
  maidenName: string | null;
}

/** A row that cannot be imported, with every reason, kept so it can be handed back as a CSV. */
export interface RejectedRow {
  line: number;
  cells: string[];
  problems: ImportProblem[];
}

export interface ParsedImport {
  encoding: string;
  header: string[];
  /** The rows that can be imported. */
  records: ImportedRecord[];
  /** Problems of the file or the mapping: nothing can be imported while there is one. */
  fileProblems: ImportProblem[];
  /** Rows refused, each with its problems; importing the good rows leaves these out. */
  rejected: RejectedRow[];
  /** fileProblems, then the rows' problems, at most MAX_PROBLEMS (for a report). */
  problems: ImportProblem[];
  /** Every row problem, counted (problems may be cut short). */
  problemCount: number;
  warnings: ImportWarning[];
}

const MAX_PROBLEMS = 200;

/**
 * The file's text, decoded by the decoder the web preview and `reckon link` share (src/core/casualties/decode.ts):
 * UTF-8 or UTF-16 as marked, a mixture of encodings, a file cut short inside a character, a lone surrogate or a
 * file that is not text (an archive, a workbook, a PDF) refused with its line, otherwise a single-byte encoding of
 * the region guessed from how its words read.
 */
export function decodeCsv(buffer: Buffer): { text: string; encoding: string } | ImportProblem {
  return decodeList(buffer);
}

/** A partial date in the stored form (YYYY, YYYY-MM or YYYY-MM-DD) that exists, as the shared date reader judges it. */
export function checkPartialDate(text: string): string | null {
  const read = readDate(text, 'ymd');
  return read.ok && read.value === text ? text : null;
}

// C0 controls other than tab, line feed and carriage return; DEL; lone UTF-16 surrogates (PostgreSQL cannot store
// NUL, and a lone surrogate would be silently replaced on the way to the database)
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const BAD_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What is wrong with the characters of a text (a cell, a header, a file name), or null when nothing is. */
export function badCharacters(text: string): string | null {
  const m = BAD_CHARACTER.exec(text);
  if (!m) return null;
  const code = m[0].charCodeAt(0);
  if (code === 0) return 'a NUL character (U+0000)';
  if (code >= 0xd800 && code <= 0xdfff) return `a lone UTF-16 surrogate (U+${code.toString(16).toUpperCase()})`;
  return `a control character (U+${code.toString(16).toUpperCase().padStart(4, '0')})`;
}

const STATUSES = new Set(['civilian', 'combatant', 'unknown']);
const DATE_PROBLEM_WORDS: Record<string, string> = {
  wrong_date_format: 'wrong date format',
  impossible_date: 'impossible date',
  not_a_date: 'not a date',
  year_out_of_range: 'year out of range',
};
const SEX_EXPECTED = 'female or male: f/m, ж/м, q/k (qadın/kişi), ի/ա, or unknown';

function mappedColumns(mapping: ColumnMapping): Array<[RecordField, string]> {
  const out: Array<[RecordField, string]> = [];
  for (const field of recordFields) {
    const value = (mapping as Record<string, string | string[] | undefined>)[field];
    if (value === undefined) continue;
    for (const column of Array.isArray(value) ? value : [value]) out.push([field, column]);
  }
  return out;
}

function firstLines(lines: number[]): string {
  return `${lines.slice(0, 10).join(', ')}${lines.length > 10 ? ` and ${lines.length - 10} more` : ''}`;
}

function refused(encoding: string, header: string[], fileProblems: ImportProblem[], warnings: ImportWarning[] = []): ParsedImport {
  return { encoding, header, records: [], fileProblems, rejected: [], problems: fileProblems.slice(0, MAX_PROBLEMS), problemCount: fileProblems.length, warnings };
}

/**
 * Reads a casualty list with a column mapping. Problems of the file or the mapping (it cannot be decoded or
 * parsed, a mapped column is missing, no name column holds anything) are `fileProblems`: nothing can be imported.
 * Problems of single rows reject those rows only, each with its reasons; the caller decides whether any problem
 * refuses the whole file (the default) or the good rows are imported. A row without a name is not a problem: it is
 * imported and linked on its other fields. Missing-value words (-, ?, неизвестно, naməlum…) are missing values.
 */
export function parseCasualtyCsv(buffer: Buffer, mapping: ColumnMapping, limits: { maxRows: number }): ParsedImport {
  const decoded = decodeCsv(buffer);
  if ('code' in decoded) return refused(decoded.code === 'mixed_encodings' ? 'mixed' : 'unknown', [], [decoded]);
  let parsed: Array<{ record: string[]; info: { lines: number } }>;
  try {
    parsed = parse(decoded.text, { delimiter: detectDelimiter(decoded.text), skip_empty_lines: true, info: true, max_record_size: 100_000, relax_column_count: true, relax_quotes: true }) as unknown as typeof parsed;
  } catch (error) {
    const e = error as { message?: string; lines?: number; code?: string };
    const code = e.code?.includes('QUOTE') ? 'bad_quoting' : 'unreadable_csv';
    const message = code === 'bad_quoting' ? 'a quoted value is never closed (the file may have been cut short)' : (e.message ?? 'the file cannot be read as CSV');
    return refused(decoded.encoding, [], [{ line: e.lines ?? null, code, message }]);
  }
  if (parsed.length === 0) return refused(decoded.encoding, [], [{ line: 1, code: 'empty_file', message: 'the file is empty (a header line is needed)' }]);

  const fileProblems: ImportProblem[] = [];
  const header = parsed[0].record.map((h) => h.trim());
  const index = new Map<string, number>();
  header.forEach((h, k) => {
    const bad = badCharacters(h);
    if (bad) fileProblems.push({ line: 1, code: 'bad_characters', value: displayValue(h), message: `column ${k + 1} of the header contains ${bad}` });
    else if (h === '') fileProblems.push({ line: 1, code: 'unnamed_column', message: `column ${k + 1} of the header has no name` });
    else if (index.has(h)) fileProblems.push({ line: 1, column: h, code: 'duplicate_column', message: `column "${h}" appears twice in the header` });
    else index.set(h, k);
  });
  const columns = mappedColumns(mapping);
  for (const [field, column] of columns) {
    if (!index.has(column)) fileProblems.push({ line: 1, field, column, code: 'missing_column', message: `the mapping sends column "${column}" to ${field}, but the file has no such column` });
  }
  const nameColumns = columns.filter(([f]) => (NAME_FIELDS as readonly string[]).includes(f));
  if (nameColumns.length === 0) {
    fileProblems.push({ line: null, field: 'name', code: 'mapping_incomplete', message: 'the mapping names no column holding a name or a part of one (name, family_name, given_name, patronymic)' });
  }
  if (parsed.length === 1) fileProblems.push({ line: 2, code: 'no_rows', message: 'the file has a header line but no rows after it' });
  if (parsed.length - 1 > limits.maxRows) fileProblems.push({ line: null, code: 'too_many_rows', message: `the file has ${parsed.length - 1} rows; at most ${limits.maxRows} are accepted in one import` });
  if (fileProblems.length > 0) return refused(decoded.encoding, header, fileProblems);

  const warnings: ImportWarning[] = [];
  const cellOf = (row: string[], column: string) => (row[index.get(column)!] ?? '').trim();
  const columnOf = (field: RecordField) => columns.find(([f]) => f === field)?.[1];

  // each date column is read in one order: the one chosen in the mapping, else the one its own cells show
  const formats = new Map<DateField, DateFormat>();
  for (const field of DATE_FIELDS) {
    const column = columnOf(field);
    if (!column) continue;
    const chosen = mapping.date_formats?.[field] as DateFormat | undefined;
    if (chosen && chosen !== 'auto') {
      formats.set(field, chosen);
      continue;
    }
    const report = detectDateFormat(parsed.slice(1).map((p) => (p.record[index.get(column)!] ?? '').trim()));
    formats.set(field, report.format);
    if (report.note) warnings.push({ code: 'date_column', column, field, count: report.values, lines: [], message: `column "${column}" (${field}): ${report.note}` });
  }
  const numericSex = (() => {
    const column = columnOf('sex');
    return column ? headerDeclaresNumericSex(column) : false;
  })();

  // the household columns of a historical register, found as `reckon link` finds them (historical-defaults.ts)
  const householdOf = householdColumns(header, detectListColumns(header));
  const householdCell = (cells: string[], column: string | undefined): string | null => {
    if (column === undefined) return null;
    const value = cellOf(cells, column);
    return isMissing(value) || value.length > HOUSEHOLD_VALUE_LIMIT ? null : value;
  };

  const records: ImportedRecord[] = [];
  const rejected: RejectedRow[] = [];
  const seenIds = new Map<string, number>();
  const unreadableDates = new Map<string, Array<{ line: number; value: string }>>();
  const nameless: number[] = [];
  const startLines = csvRecordStartLines(parsed);
  for (let r = 1; r < parsed.length; r++) {
    const line = startLines[r];
    const cells = parsed[r].record;
    const rowProblems: ImportProblem[] = [];
    const problem = (p: Omit<ImportProblem, 'line'>) => rowProblems.push({ line, ...p });
    if (cells.length !== header.length) {
      problem({ code: 'wrong_column_count', message: `line ${line} has ${cells.length} column(s); the header has ${header.length}` });
      rejected.push({ line, cells, problems: rowProblems });
      continue;
    }
    cells.forEach((cell, k) => {
      const bad = badCharacters(cell);
      if (bad) problem({ column: header[k], code: 'bad_characters', value: displayValue(cell), message: `column "${header[k]}", line ${line}: the cell contains ${bad}` });
    });
    if (rowProblems.length > 0) {
      rejected.push({ line, cells, problems: rowProblems });
      continue;
    }
    const raw: Record<string, string> = {};
    header.forEach((h, k) => (raw[h] = cells[k].trim()));
    const one = (field: RecordField): string | null => {
      const column = columnOf(field);
      if (!column) return null;
      const value = cellOf(cells, column);
      return isMissing(value) ? null : value;
    };

    // a list without record ids (a press list, a typed register) is known by its line numbers
    const id = columnOf('source_record_id') ? cellOf(cells, columnOf('source_record_id')!) : String(line);
    if (!id) problem({ field: 'source_record_id', column: columnOf('source_record_id'), code: 'empty_record_id', message: `column "${columnOf('source_record_id')}", line ${line}: the record id is empty` });
    else if (seenIds.has(id)) {
      problem({ field: 'source_record_id', column: columnOf('source_record_id'), value: displayValue(id), code: 'duplicate_record_id', message: `record id "${id}" already appears on line ${seenIds.get(id)}` });
    } else seenIds.set(id, line);

    const names = columns.filter(([f]) => f === 'name').map(([, c]) => cellOf(cells, c)).filter((n) => !isMissing(n));
    const givenName = one('given_name');
    const familyName = one('family_name');
    const patronymic = one('patronymic');
    if (names.length === 0 && !givenName && !familyName && !patronymic) nameless.push(line);

    let sex: ImportedRecord['sex'] = null;
    const sexText = columnOf('sex') ? cellOf(cells, columnOf('sex')!) : '';
    const readSexValue = readSex(sexText, { numeric: numericSex });
    if (readSexValue === undefined) {
      problem({ field: 'sex', column: columnOf('sex'), value: displayValue(sexText), expected: SEX_EXPECTED, code: 'bad_sex', message: `not a sex in column "${columnOf('sex')}", line ${line}: ${displayValue(sexText)}; expected ${SEX_EXPECTED}` });
    } else sex = readSexValue;

    let age: number | null = null;
    const ageColumn = columnOf('age');
    if (ageColumn) {
      const text = cellOf(cells, ageColumn);
      const read = readAge(text);
      if (!read.ok) problem({ field: 'age', column: ageColumn, value: displayValue(text), expected: 'years from 0 to 130, such as 46 or 40-45', code: 'bad_age', message: `not an age in column "${ageColumn}", line ${line}: ${read.message}` });
      else if (read.value) age = read.value.min === read.value.max ? read.value.min : Math.round((read.value.min + read.value.max) / 2);
    }

    const date = (field: DateField): string | null => {
      const column = columnOf(field);
      if (!column) return null;
      const text = cellOf(cells, column);
      const read = readDate(text, formats.get(field));
      if (read.ok) return read.value;
      problem({ field, column, value: displayValue(text), expected: read.expected, code: read.code, message: `${DATE_PROBLEM_WORDS[read.code]} in column "${column}", line ${line}: ${read.message}` });
      const list = unreadableDates.get(column) ?? [];
      list.push({ line, value: text });
      unreadableDates.set(column, list);
      return null;
    };
    const birthDate = date('birth_date');
    const deathDate = date('death_date');
    if (birthDate && deathDate && birthDate.slice(0, Math.min(birthDate.length, deathDate.length)) > deathDate.slice(0, Math.min(birthDate.length, deathDate.length))) {
      problem({ field: 'birth_date', column: columnOf('birth_date'), value: birthDate, code: 'birth_after_death', message: `line ${line}: born ${birthDate}, after the death date ${deathDate}` });
    }
    const statusText = (one('status') ?? 'unknown').toLowerCase();
    if (!STATUSES.has(statusText)) {
      problem({ field: 'status', column: columnOf('status'), value: displayValue(statusText), expected: 'civilian, combatant or unknown', code: 'bad_status', message: `column "${columnOf('status')}", line ${line}: "${statusText}" is not civilian, combatant or unknown` });
    }
    if (rowProblems.length > 0) {
      rejected.push({ line, cells, problems: rowProblems });
      continue;
    }
    records.push({
      line,
      sourceRecordId: id,
      names,
      givenName,
      familyName,
      patronymic,
      sex,
      age,
      birthDate,
      deathDate,
      place: one('place'),
      status: statusText as ImportedRecord['status'],
      type: one('type'),
      cause: one('cause'),
      perpetratorReported: one('perpetrator_reported'),
      notes: one('notes'),
      household: {
        relation: householdCell(cells, householdOf.relation),
        maritalCondition: householdCell(cells, householdOf.condition),
        occupation: householdCell(cells, householdOf.occupation),
        fatherName: householdCell(cells, householdOf.father),
        motherName: householdCell(cells, householdOf.mother),
        maidenName: householdCell(cells, householdOf.maiden),
      },
      raw,
    });
  }

  if (parsed.length > 1 && nameless.length === parsed.length - 1) {
    const named = nameColumns.map(([, c]) => `"${c}"`).join(', ');
    return refused(decoded.encoding, header, [{ line: null, field: 'name', code: 'no_names', message: `every name column (${named}) is empty on every line; check which columns hold the names` }], warnings);
  }
  for (const [column, cells] of unreadableDates) {
    const shown = cells.slice(0, 5).map((c) => `line ${c.line} ${displayValue(c.value)}`).join(', ');
    warnings.push({
      code: 'unreadable_dates',
      column,
      count: cells.length,
      lines: cells.slice(0, 50).map((c) => c.line),
      message: `${cells.length} date(s) in column "${column}" could not be read: ${shown}${cells.length > 5 ? ` and ${cells.length - 5} more` : ''}`,
    });
  }
  if (!columnOf('source_record_id') && records.length > 0) {
    warnings.push({
      code: 'line_numbers_as_ids',
      count: records.length,
      lines: [],
      message: 'no column holds a record id: each row is known by its line number in this file (import later versions of the list with the same order, or map an id column)',
    });
  }
  if (nameless.length > 0) {
    warnings.push({
      code: 'no_name',
      count: nameless.length,
      lines: nameless.slice(0, 50),
      message: `${nameless.length} row(s) have no name (lines ${firstLines(nameless)}); they are imported and linked on their other fields`,
    });
  }
  const rowProblems = rejected.flatMap((r) => r.problems);
  return { encoding: decoded.encoding, header, records, fileProblems: [], rejected, problems: rowProblems.slice(0, MAX_PROBLEMS), problemCount: rowProblems.length, warnings };
}

/** A cell a spreadsheet would run as a formula (=, +, @, or a minus before more text) is kept as text. */
function inert(cell: string): string {
  return /^[=+@\t\r]|^-./s.test(cell) ? `'${cell}` : cell;
}

/**
 * The rejected rows as a CSV to hand back: the line, the columns, values and expectations of its problems and
 * every reason, then the row's own cells under its own header, so it can be corrected and imported again.
 */
export function rejectedRowsCsv(header: readonly string[], rejected: readonly RejectedRow[]): string {
  const rows = rejected.map((r) => [
    String(r.line),
    r.problems.map((p) => p.column ?? p.field ?? '').join('; '),
    r.problems.map((p) => p.value ?? '').join('; '),
    r.problems.map((p) => p.expected ?? '').join('; '),
    r.problems.map((p) => p.message).join('; '),
    ...header.map((_, k) => r.cells[k] ?? ''),
  ]);
  return stringify([['line', 'column', 'value', 'expected', 'reason', ...header], ...rows].map((row) => row.map(inert)), { bom: true });
}

/**
 * The header and the first rows of a file, decoded as the importer decodes it, for detecting its columns; a file
 * that cannot be read gives the problem the importer would report (so the person sees why, not a mapping failure).
 */
export function sampleCsv(buffer: Buffer, maxRows = 500): { header: string[]; rows: string[][] } | ImportProblem {
  const decoded = decodeCsv(buffer);
  if ('code' in decoded) return decoded;
  let rows: string[][];
  try {
    rows = parse(decoded.text, { delimiter: detectDelimiter(decoded.text), skip_empty_lines: true, relax_column_count: true, relax_quotes: true, to_line: maxRows + 1, max_record_size: 100_000 }) as string[][];
  } catch (error) {
    // a quote left open at the end of the sample may close later: the sample ends before it
    const problem = parseCasualtyCsv(buffer, { source_record_id: '', name: '' }, { maxRows: Number.MAX_SAFE_INTEGER }).fileProblems.find((p) => p.code === 'bad_quoting' || p.code === 'unreadable_csv');
    if (problem) return problem;
    return { line: (error as { lines?: number }).lines ?? null, code: 'unreadable_csv', message: (error as Error).message };
  }
  if (rows.length === 0) return { line: 1, code: 'empty_file', message: 'the file is empty (a header line is needed)' };
  return { header: rows[0].map((h) => h.trim()), rows: rows.slice(1) };
}
