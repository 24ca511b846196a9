import chardet from 'chardet';
import iconv from 'iconv-lite';
import { parse } from 'csv-parse/sync';
import { RECORD_FIELDS as recordFields, type ColumnMapping, type RecordField } from '../../core/casualties/record-fields.ts';

/** One thing wrong with an import, located so a person can find it in the file. */
export interface ImportProblem {
  line: number | null;
  field?: string;
  code: string;
  message: string;
}

export { recordFields, type RecordField, type ColumnMapping };

export interface ImportedRecord {
  line: number;
  sourceRecordId: string;
  names: string[];
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
  raw: Record<string, string>;
}

export interface ParsedImport {
  encoding: string;
  header: string[];
  records: ImportedRecord[];
  problems: ImportProblem[];
}

const MAX_PROBLEMS = 200;

function lineOfOffset(buffer: Buffer, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < buffer.length; i++) if (buffer[i] === 0x0a) line++;
  return line;
}

/**
 * UTF-8 (with or without BOM) and UTF-16 with a BOM are read as such; a file that is not UTF-8 throughout is refused
 * when some of its lines are valid UTF-8 and others are not (a mixture that no single decoding reads correctly),
 * otherwise its encoding is guessed.
 */
export function decodeCsv(buffer: Buffer): { text: string; encoding: string } | ImportProblem {
  if (buffer.length >= 2 && buffer[0] === 0xff && buffer[1] === 0xfe) return { text: iconv.decode(buffer.subarray(2), 'utf-16le'), encoding: 'UTF-16LE' };
  if (buffer.length >= 2 && buffer[0] === 0xfe && buffer[1] === 0xff) return { text: iconv.decode(buffer.subarray(2), 'utf-16be'), encoding: 'UTF-16BE' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(buffer).replace(/^\uFEFF/, ''), encoding: 'UTF-8' };
  } catch {
    // another encoding, or a mixture
  }
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const badLines: number[] = [];
  let utf8Lines = 0;
  let start = 0;
  for (let i = 0; i <= buffer.length; i++) {
    if (i < buffer.length && buffer[i] !== 0x0a) continue;
    const line = buffer.subarray(start, i);
    if (line.some((b) => b >= 0x80)) {
      try {
        decoder.decode(line);
        utf8Lines++;
      } catch {
        badLines.push(lineOfOffset(buffer, start));
      }
    }
    start = i + 1;
  }
  if (utf8Lines > 0 && badLines.length > 0) {
    return {
      line: badLines[0],
      code: 'mixed_encodings',
      message: `${utf8Lines} line(s) are UTF-8 but line(s) ${badLines.slice(0, 10).join(', ')}${badLines.length > 10 ? ` and ${badLines.length - 10} more` : ''} are not; re-save the file in one encoding`,
    };
  }
  const guess = chardet.detect(buffer) ?? 'windows-1251';
  const encoding = iconv.encodingExists(guess) ? guess : 'windows-1251';
  return { text: iconv.decode(buffer, encoding), encoding };
}

const SEXES: Record<string, 'female' | 'male' | 'unknown'> = {
  f: 'female', female: 'female', w: 'female', woman: 'female', 'ж': 'female', 'qadın': 'female', 'կին': 'female',
  m: 'male', male: 'male', man: 'male', 'м': 'male', 'kişi': 'male', 'տղամարդ': 'male',
  u: 'unknown', unknown: 'unknown', '?': 'unknown', '': 'unknown',
};
const STATUSES = new Set(['civilian', 'combatant', 'unknown']);

/** A partial date that exists: YYYY, YYYY-MM or YYYY-MM-DD, with a real month and day. */
export function checkPartialDate(text: string): string | null {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(text);
  if (!m) return null;
  const year = Number(m[1]);
  if (year < 1000) return null;
  if (m[2] === undefined) return text;
  const month = Number(m[2]);
  if (month < 1 || month > 12) return null;
  if (m[3] === undefined) return text;
  const day = Number(m[3]);
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day >= 1 && day <= days ? text : null;
}

function mappedColumns(mapping: ColumnMapping): Array<[RecordField, string]> {
  const out: Array<[RecordField, string]> = [];
  for (const field of recordFields) {
    const value = (mapping as Record<string, string | string[] | undefined>)[field];
    if (value === undefined) continue;
    for (const column of Array.isArray(value) ? value : [value]) out.push([field, column]);
  }
  return out;
}

/**
 * Reads a casualty list with a column mapping, all or nothing: every problem is collected with its line, and the
 * caller stores nothing when any is found.
 */
export function parseCasualtyCsv(buffer: Buffer, mapping: ColumnMapping, limits: { maxRows: number }): ParsedImport {
  const problems: ImportProblem[] = [];
  const decoded = decodeCsv(buffer);
  if ('code' in decoded) return { encoding: 'mixed', header: [], records: [], problems: [decoded] };
  let parsed: Array<{ record: string[]; info: { lines: number } }>;
  try {
    parsed = parse(decoded.text, { skip_empty_lines: true, info: true, max_record_size: 100_000 }) as unknown as typeof parsed;
  } catch (error) {
    const e = error as { message?: string; lines?: number; code?: string };
    const code =
      e.code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH' ? 'wrong_column_count' : e.code?.includes('QUOTE') ? 'bad_quoting' : 'unreadable_csv';
    const message =
      code === 'wrong_column_count'
        ? 'the number of columns differs from the header'
        : code === 'bad_quoting'
          ? 'a quote is not closed, or appears inside an unquoted field'
          : (e.message ?? 'the file cannot be read as CSV');
    return { encoding: decoded.encoding, header: [], records: [], problems: [{ line: e.lines ?? null, code, message }] };
  }
  if (parsed.length === 0) return { encoding: decoded.encoding, header: [], records: [], problems: [{ line: 1, code: 'empty_file', message: 'the file is empty (a header line is needed)' }] };
  const header = parsed[0].record.map((h) => h.trim());
  const index = new Map<string, number>();
  header.forEach((h, k) => {
    if (h === '') problems.push({ line: 1, code: 'unnamed_column', message: `column ${k + 1} of the header has no name` });
    else if (index.has(h)) problems.push({ line: 1, code: 'duplicate_column', message: `column "${h}" appears twice in the header` });
    else index.set(h, k);
  });
  const columns = mappedColumns(mapping);
  for (const [field, column] of columns) {
    if (!index.has(column)) problems.push({ line: 1, field, code: 'missing_column', message: `the mapping sends column "${column}" to ${field}, but the file has no such column` });
  }
  if (!columns.some(([f]) => f === 'source_record_id')) problems.push({ line: null, field: 'source_record_id', code: 'mapping_incomplete', message: 'the mapping must name the column holding the list\'s own record id' });
  if (parsed.length - 1 > limits.maxRows) problems.push({ line: null, code: 'too_many_rows', message: `the file has ${parsed.length - 1} rows; at most ${limits.maxRows} are accepted in one import` });
  if (problems.length > 0) return { encoding: decoded.encoding, header, records: [], problems };

  const records: ImportedRecord[] = [];
  const seenIds = new Map<string, number>();
  for (let r = 1; r < parsed.length && problems.length < MAX_PROBLEMS; r++) {
    const line = parsed[r - 1].info.lines + 1;
    const values = parsed[r].record.map((v) => v.trim());
    const raw: Record<string, string> = {};
    header.forEach((h, k) => (raw[h] = values[k]));
    const get = (field: RecordField): string[] => columns.filter(([f]) => f === field).map(([, c]) => raw[c]);
    const one = (field: RecordField): string | null => get(field)[0] || null;
    const problem = (field: string, code: string, message: string) => problems.push({ line, field, code, message });

    const id = one('source_record_id');
    if (!id) problem('source_record_id', 'empty_record_id', 'the record id is empty');
    else if (seenIds.has(id)) problem('source_record_id', 'duplicate_record_id', `record id "${id}" already appears on line ${seenIds.get(id)}`);
    else seenIds.set(id, line);
    const names = get('name').filter((n) => n !== '');
    if (names.length === 0) problem('name', 'empty_name', 'the record has no name');
    const sexText = (one('sex') ?? '').toLowerCase();
    const sex = sexText in SEXES ? SEXES[sexText] : undefined;
    if (sex === undefined) problem('sex', 'bad_sex', `"${sexText}" is not a recognised sex (female, male, unknown)`);
    const ageText = one('age');
    let age: number | null = null;
    if (ageText !== null) {
      age = /^\d{1,3}$/.test(ageText) ? Number(ageText) : NaN;
      if (!(age >= 0 && age <= 130)) problem('age', 'bad_age', `"${ageText}" is not an age in years (0 to 130)`);
    }
    const date = (field: 'birth_date' | 'death_date'): string | null => {
      const text = one(field);
      if (text === null) return null;
      const ok = checkPartialDate(text);
      if (ok === null) problem(field, 'impossible_date', `"${text}" is not a real date (YYYY, YYYY-MM or YYYY-MM-DD)`);
      return ok;
    };
    const birthDate = date('birth_date');
    const deathDate = date('death_date');
    if (birthDate && deathDate && birthDate.slice(0, Math.min(birthDate.length, deathDate.length)) > deathDate.slice(0, Math.min(birthDate.length, deathDate.length))) {
      problem('birth_date', 'impossible_date', `born ${birthDate}, after the death date ${deathDate}`);
    }
    const statusText = (one('status') ?? 'unknown').toLowerCase();
    if (!STATUSES.has(statusText)) problem('status', 'bad_status', `"${statusText}" is not civilian, combatant or unknown`);
    if (!id || names.length === 0 || sex === undefined) continue;
    records.push({
      line,
      sourceRecordId: id,
      names,
      sex: sexText === '' ? null : sex,
      age,
      birthDate,
      deathDate,
      place: one('place'),
      status: statusText as ImportedRecord['status'],
      type: one('type'),
      cause: one('cause'),
      perpetratorReported: one('perpetrator_reported'),
      notes: one('notes'),
      raw,
    });
  }
  return { encoding: decoded.encoding, header, records: problems.length > 0 ? [] : records, problems };
}
