import type { ListColumns } from '../casualties/columns.ts';
import { detectDateFormat, displayValue, isBirthplaceCode, isMissing, readDate, readSex, writeDate, type DateFormat } from '../casualties/values.ts';
import type { LinkSettings } from './settings.ts';
import { givenFirst, hasLetter, wholeNameParts } from '../casualties/whole-name.ts';
import { personalNameOf } from './historical-names.ts';
import { householdColumns } from './historical-defaults.ts';

/** A list as columns of trimmed cells: what `reckon link` reads from a CSV file and the server builds from stored records. */
export interface CsvTable {
  header: string[];
  /** Column-major values: columns[k][r] is column k of row r. */
  columns: string[][];
  /** Number of data rows. */
  size: number;
  /** Line of each row in its file (for messages). */
  lines: Int32Array;
}

/**
 * The values `reckon link` and the server's linkage runs hand to the engine, read from the CSV cells with the shared readers of casualty lists:
 * dates in the order the column shows (or --date-format) as partial ISO dates, sex codes of the four languages as
 * female/male, and empty split name cells filled from a whole-name column of the same row. What cannot be read
 * becomes missing and is listed with its line, column, value and the expected form; the output file keeps the
 * cells exactly as they were.
 */
export interface UnreadableValue {
  line: number;
  column: string;
  kind: 'date' | 'sex';
  value: string;
  problem: string;
  expected: string;
}

export interface PreparedColumns {
  /** Column arrays for the engine; columns that needed no reading are the table's own arrays. */
  columns: Record<string, string[]>;
  /** Every unreadable value is counted; the first `detailLimit` are kept with their line. */
  unreadable: UnreadableValue[];
  unreadableCount: { date: number; sex: number };
  unreadableByColumn: Record<string, number>;
  /** The day-month order used for each date column, and what the column showed. */
  dateFormats: Record<
    string,
    { format: Exclude<DateFormat, 'auto'>; chosenBy: 'option' | 'values'; ambiguous: boolean; conflicting: boolean; note: string | null }
  >;
  /** Rows whose empty birth date was taken from a baptism or christening date of the same row. */
  birthFromBaptism: number;
  /** Rows whose empty given or family cell was taken from a whole-name column. */
  filledFromFullName: number;
  /** Whole names written "Family, Given" that were given to the name parser as "Given Family". */
  reorderedNames: number;
  /** Lines of rows with no letter in any person-name column (after the fill). */
  rowsWithoutName: number[];
  /** Rows whose family name was given its maiden name as an alternative ("Solberg or Nilsdatter"). */
  maidenAlternatives: number;
}

/** Longer than the longest word for "not known" (values.ts): such a cell is not read. */
const MISSING_WORD_LENGTH = 20;

const SEX_EXPECTED = 'm/f, male/female, М/Ж, K/Q (kişi/qadın), Ա/Ի';

/** Headers of a baptism or christening date: English, Russian крещение, Norwegian dåp/døpt, Latin baptizatus. */
const BAPTISM_HEADER = /^(?:bapti|christen|chr\b|крещ|dåp|døpt|dop|dåb|döpt)/iu;

/** The column of a header that gives a baptism or christening date (the first), if any. */
export function baptismColumn(header: readonly string[]): string | undefined {
  return header.find((h) => BAPTISM_HEADER.test(h.trim()));
}
const hasLetterOrDigit = (text: string | undefined) => typeof text === 'string' && /[\p{L}\p{N}]/u.test(text);

const GEDCOM_SURNAME = /^([^/]*)\/([^/]*\p{L}[^/]*)\/([^/]*)$/u;
const ROMAN_NUMERAL = /^[IVXLC]+$/;

/**
 * A whole name whose family name is marked the way genealogical records mark it, rewritten "Family, Given" (the
 * form the readers below take family first); null when nothing marks it:
 * - the surname between slashes of GEDCOM 5.5.1 (`NAME John /Smith/`, the export format of genealogy programs);
 * - one word in capitals among words in lower case ("SMITH John", "АЛИЕВ Рашид Фамиль оглы"): genealogical indexes
 *   and Soviet and Russian official lists write the family name in capitals. A word of one letter (an initial) or a
 *   Roman numeral (Henry VIII) is not taken for it.
 */
export function markedFamilyFirst(whole: string): string | null {
  const gedcom = whole.includes('/') ? GEDCOM_SURNAME.exec(whole) : null;
  if (gedcom) {
    const rest = `${gedcom[1]} ${gedcom[3]}`.replace(/\s+/g, ' ').trim();
    return rest ? `${gedcom[2].trim()}, ${rest}` : gedcom[2].trim();
  }
  if (whole.includes(',')) return null;
  const words = whole.trim().split(/\s+/);
  if (words.length < 2) return null;
  const letters = (w: string) => w.replace(/[^\p{L}]/gu, '');
  const capitals = words.filter((w) => {
    const l = letters(w);
    return l.length >= 2 && l === l.toUpperCase() && l !== l.toLowerCase() && !ROMAN_NUMERAL.test(l);
  });
  const lower = words.some((w) => /\p{Ll}/u.test(w));
  if (capitals.length !== 1 || !lower) return null;
  return `${capitals[0]}, ${words.filter((w) => w !== capitals[0]).join(' ')}`;
}

export function prepareColumns(
  table: CsvTable,
  settings: LinkSettings,
  mapping: ListColumns,
  options: { dateFormat?: DateFormat; detailLimit?: number } = {},
): PreparedColumns {
  const detailLimit = options.detailLimit ?? 1000;
  const columns: Record<string, string[]> = {};
  table.header.forEach((h, k) => (columns[h] = table.columns[k]));
  const unreadable: UnreadableValue[] = [];
  const unreadableCount = { date: 0, sex: 0 };
  const unreadableByColumn: Record<string, number> = {};
  const note = (row: number, column: string, kind: 'date' | 'sex', value: string, problem: string, expected: string) => {
    unreadableCount[kind]++;
    unreadableByColumn[column] = (unreadableByColumn[column] ?? 0) + 1;
    if (unreadable.length < detailLimit) unreadable.push({ line: table.lines[row], column, kind, value: displayValue(value), problem, expected });
  };

  // a word lists write for "not known" (Not known, -, ?, n/a, неизвестно, naməlum, անհայտ) is no value: the import of
  // the web app stores it as missing, and a patronymic or place "Not known" must not agree with another
  const textColumns = new Set([
    ...settings.fields.filter((f) => f.type !== 'date').map((f) => f.column),
    ...mapping.full,
    ...[mapping.given, mapping.family, mapping.patronymic].filter((c): c is string => c !== undefined),
  ]);
  const maidenOf = householdColumns(table.header, mapping).maiden;
  if (maidenOf !== undefined) textColumns.add(maidenOf);
  for (const column of textColumns) {
    const raw = columns[column];
    if (raw === undefined) continue;
    let copy: string[] | null = null;
    // read once per distinct value (isMissing normalises each cell: 2.9 CPU-s for six columns of a million rows,
    // 0.3 with the memo), the memo emptied when a column of whole names makes it large
    const memo = new Map<string, boolean>();
    for (let r = 0; r < table.size; r++) {
      const cell = raw[r];
      if (cell.length === 0 || cell.length > MISSING_WORD_LENGTH) continue;
      let missing = memo.get(cell);
      if (missing === undefined) {
        if (memo.size >= 100_000) memo.clear();
        memo.set(cell, (missing = isMissing(cell)));
      }
      if (!missing) continue;
      copy ??= raw.slice();
      copy[r] = '';
    }
    if (copy) columns[column] = copy;
  }

  const dateFormats: PreparedColumns['dateFormats'] = {};
  const dateColumns = new Set(settings.fields.filter((f) => f.type === 'date').map((f) => f.column));
  for (const column of dateColumns) {
    const raw = columns[column];
    const report = detectDateFormat(raw);
    const format = options.dateFormat && options.dateFormat !== 'auto' ? options.dateFormat : report.format;
    const chosenBy = options.dateFormat && options.dateFormat !== 'auto' ? 'option' : 'values';
    dateFormats[column] = { format, chosenBy, ambiguous: report.ambiguous, conflicting: report.conflicting, note: report.note };
    const cache = new Map<string, ReturnType<typeof readDate>>();
    const out = new Array<string>(table.size);
    for (let r = 0; r < table.size; r++) {
      const cell = raw[r];
      let read = cache.get(cell);
      if (read === undefined) cache.set(cell, (read = readDate(cell, format)));
      // an estimate keeps its span ("c. 1850", "bef. 1850", "1849/50"), written so that the engine reads it back
      if (read.ok) out[r] = writeDate(read);
      else {
        out[r] = '';
        note(r, column, 'date', cell, read.message, read.code === 'wrong_date_format' ? read.expected : report.expected);
      }
    }
    columns[column] = out;
  }

  // a parish register knows most births through the baptism, days to weeks later (FamilySearch Research Wiki,
  // "England Church Records", "Norway Church Records"): a row with a baptism date and no birth date takes the
  // baptism date as its birth date, as genealogists do when they estimate a birth
  let birthFromBaptism = 0;
  const birthField = settings.fields.find((f) => f.type === 'date' && f.name === 'birth');
  const baptismColumn = birthField ? table.header.find((h) => h !== birthField.column && BAPTISM_HEADER.test(h.trim())) : undefined;
  if (birthField && baptismColumn !== undefined && columns[birthField.column] !== undefined) {
    const raw = columns[baptismColumn];
    const format = options.dateFormat && options.dateFormat !== 'auto' ? options.dateFormat : detectDateFormat(raw).format;
    const birth = columns[birthField.column].slice();
    for (let r = 0; r < table.size; r++) {
      if (birth[r] !== '' || !hasLetterOrDigit(raw[r])) continue;
      const read = readDate(raw[r], format);
      if (!read.ok || !read.value) continue;
      birth[r] = writeDate(read);
      birthFromBaptism++;
    }
    columns[birthField.column] = birth;
  }

  const sexColumn = mapping.sex;
  if (sexColumn !== undefined && settings.fields.some((f) => f.column === sexColumn && f.type !== 'date')) {
    const raw = columns[sexColumn];
    const out = new Array<string>(table.size);
    const cache = new Map<string, ReturnType<typeof readSex>>();
    for (let r = 0; r < table.size; r++) {
      let sex = cache.get(raw[r]);
      if (!cache.has(raw[r])) cache.set(raw[r], (sex = readSex(raw[r], { numeric: mapping.sexNumeric })));
      if (sex === undefined) {
        out[r] = '';
        note(r, sexColumn, 'sex', raw[r], `${displayValue(raw[r])} is not a sex code`, mapping.sexNumeric ? `${SEX_EXPECTED}, 1/2` : SEX_EXPECTED);
      } else out[r] = sex === 'unknown' || sex === null ? '' : sex;
    }
    columns[sexColumn] = out;
  }

  // a birthplace written as a census code (Y/N in 1841) is no place: missing rather than a value that agrees
  const placeColumns = mapping.place.filter((c) => settings.fields.some((f) => f.column === c) && columns[c] !== undefined);
  for (const column of placeColumns) {
    if (!columns[column].some(isBirthplaceCode)) continue;
    columns[column] = columns[column].map((cell) => (isBirthplaceCode(cell) ? '' : cell));
  }

  // whole-name columns read by parts: "Family, Given" (one comma, as indexes write it) becomes "Given Family", the
  // order the name parser assumes when no surname ending shows which word is the family name
  const partColumns = new Set(settings.fields.filter((f) => f.part !== undefined && f.part !== 'full').map((f) => f.column));
  let reorderedNames = 0;
  for (const column of partColumns) {
    const raw = columns[column];
    let copy: string[] | null = null;
    for (let r = 0; r < table.size; r++) {
      // titles and styles off first ("Thomas Clifford, 1st Baron Clifford of Chudleigh": the comma begins a title)
      const name = personalNameOf(raw[r]);
      const reordered = givenFirst(markedFamilyFirst(name) ?? name) ?? (name !== raw[r] ? name : null);
      if (reordered === null) continue;
      copy ??= raw.slice();
      copy[r] = reordered;
      reorderedNames++;
    }
    if (copy) columns[column] = copy;
  }

  // whole names fill the split name columns of rows where those are empty
  const nameColumns = new Set([mapping.given, mapping.family, mapping.patronymic, ...mapping.full].filter((c): c is string => c !== undefined));
  const splitFields = settings.fields.filter((f) => !f.part && (f.column === mapping.given || f.column === mapping.family || f.column === mapping.patronymic));
  let filledFromFullName = 0;
  if (mapping.full.length > 0 && splitFields.length > 0 && mapping.given !== undefined && mapping.family !== undefined) {
    const fullColumns = mapping.full.map((c) => columns[c]);
    const targets = splitFields.map((f) => ({
      column: f.column,
      part: f.column === mapping.given ? 'given' : f.column === mapping.family ? 'family' : 'patronymic',
      values: columns[f.column],
    }));
    const copies = new Map<string, string[]>();
    for (let r = 0; r < table.size; r++) {
      if (targets.every((t) => hasLetter(t.values[r]))) continue;
      const whole = fullColumns.map((c) => c[r]).find(hasLetter);
      if (whole === undefined) continue;
      const parsed = wholeNameParts(markedFamilyFirst(whole) ?? whole);
      let filled = false;
      for (const t of targets) {
        if (hasLetter(t.values[r])) continue;
        const value = t.part === 'given' ? parsed.given : t.part === 'family' ? parsed.family : parsed.patronymic;
        if (!value) continue;
        let copy = copies.get(t.column);
        if (!copy) copies.set(t.column, (copy = t.values.slice()));
        copy[r] = value;
        filled = true;
      }
      if (filled) filledFromFullName++;
    }
    for (const [column, copy] of copies) columns[column] = copy;
  }

  // a woman recorded under her married surname with her maiden name in a column beside it (Norwegian census of 1900,
  // family trees) is one person with her records under the maiden name: her family name names both, as the
  // Scottish statutory registers write it ("Mary Smith or Brown"), and agrees with either (compare.ts, alternatives)
  let maidenAlternatives = 0;
  const familyField = settings.fields.find((f) => f.name === 'family' && f.part === undefined && f.type === 'name');
  const maidenColumn = familyField ? householdColumns(table.header, mapping).maiden : undefined;
  if (familyField && maidenColumn !== undefined && maidenColumn !== familyField.column && columns[maidenColumn] !== undefined) {
    const maiden = columns[maidenColumn];
    let copy: string[] | null = null;
    const fold = (v: string) => v.toLocaleLowerCase().replace(/\s+/g, ' ').trim();
    for (let r = 0; r < table.size; r++) {
      const m = maiden[r];
      if (!hasLetter(m) || m.length > 200) continue;
      const family = (copy ?? columns[familyField.column])[r] ?? '';
      if (fold(family).split(' ').includes(fold(m))) continue;
      copy ??= columns[familyField.column].slice();
      copy[r] = hasLetter(family) ? `${family} or ${m.trim()}` : m.trim();
      maidenAlternatives++;
    }
    if (copy) columns[familyField.column] = copy;
  }

  // person names: the fields over the detected name columns, or, from a settings file, the fields named as such
  const personName = (f: LinkSettings['fields'][number]) =>
    nameColumns.has(f.column) || f.part !== undefined || ['given', 'family', 'patronymic'].includes(f.name);
  const personNames = [...new Set(settings.fields.filter(personName).map((f) => f.column))].map((c) => columns[c]);
  const rowsWithoutName: number[] = [];
  if (personNames.length > 0) {
    for (let r = 0; r < table.size; r++) if (personNames.every((c) => !hasLetter(c[r]))) rowsWithoutName.push(table.lines[r]);
  }
  return {
    columns,
    unreadable,
    unreadableCount,
    unreadableByColumn,
    dateFormats,
    birthFromBaptism,
    filledFromFullName,
    reorderedNames,
    rowsWithoutName,
    maidenAlternatives,
  };
}

/** One line per unreadable value, for messages: `line 12, birth_date "31.04.1992": 31 April does not exist (expected DD.MM.YYYY)`. */
export function describeUnreadable(u: UnreadableValue): string {
  return `line ${u.line}, ${u.column} ${u.value}: ${u.problem}${u.problem.includes('expected') ? '' : ` (expected ${u.expected})`}`;
}
