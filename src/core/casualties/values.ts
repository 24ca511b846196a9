/**
 * Reading the values of a casualty or person list as people write them: missing-value words, dates of any era in
 * the usual orders, sex codes in Azerbaijani, Russian, Armenian and English, and ages with their units. Shared by
 * the CLI (`reckon link`), the server's importer and the engine's date fields, so that one value is read one way
 * everywhere. Dependency-free, so the browser bundle can import it.
 */

/** Cells longer than this are never a date, a sex or an age; they are refused without being scanned. */
const MAX_VALUE_LENGTH = 64;

const MISSING_WORDS = new Set(
  [
    '-', '--', '---', '—', '–', '?', '??', '???', '.', 'x', 'n/a', 'na', 'n.a.', 'none', 'null', 'nil', 'unknown', 'unk', 'not known',
    'нет', 'нет данных', 'н/д', 'н.д.', 'неизв', 'неизв.', 'неизвестно', 'неизвестен', 'неизвестна', 'не известно', 'не указано',
    'naməlum', 'namelum', 'məlum deyil', 'melum deyil', 'bilinmir', 'yoxdur', 'qeyd olunmayıb',
    'անհայտ', 'anhayt', 'չկա', 'հայտնի չէ',
  ].map((w) => w.normalize('NFKC').toLowerCase()),
);

/** Lone surrogates become U+FFFD, so that a value read from a broken file can still be printed or stored. */
function wellFormed(text: string): string {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

/** A value as it may be shown in a message: at most 40 characters, control characters escaped, quoted. */
export function displayValue(text: string): string {
  const chars = Array.from(wellFormed(text));
  const shown = chars
    .slice(0, 40)
    .map((c) => (/[\p{Cc}\p{Cf}]/u.test(c) ? `\\u${c.codePointAt(0)!.toString(16).padStart(4, '0')}` : c))
    .join('');
  return `"${shown}${chars.length > 40 ? '…' : ''}"`;
}

function clean(text: string): string {
  return text.normalize('NFKC').trim().replace(/\s+/gu, ' ');
}

/** Lower case in which a Turkish/Azerbaijani capital İ gives a plain i, not i with a combining dot. */
function lower(text: string): string {
  return text.toLowerCase().replace(/i\u0307/g, 'i');
}

/** True for an empty cell or a word that lists write for "not known" (-, ?, n/a, неизвестно, naməlum, անհայտ…). */
export function isMissing(text: string | null | undefined): boolean {
  if (text === null || text === undefined) return true;
  if (text.length > MAX_VALUE_LENGTH) return false;
  const t = lower(clean(text));
  return t === '' || MISSING_WORDS.has(t);
}

// ---------------------------------------------------------------- dates

/**
 * The order of day and month in dates written with separators: `dmy` (26.02.1992, the convention of Azerbaijan,
 * Armenia, Russia and most of Europe), `mdy` (02/26/1992, the United States), `ymd` (1992/02/26); `auto` reads
 * day first unless a whole column shows otherwise (see detectDateFormat). Year-first ISO dates (1992-02-26) are
 * read under every format, since nobody writes year-day-month.
 */
export type DateFormat = 'dmy' | 'mdy' | 'ymd' | 'auto';
export const DATE_FORMATS: readonly DateFormat[] = ['dmy', 'mdy', 'ymd', 'auto'];

export const EXPECTED_FORMAT: Record<DateFormat, string> = {
  dmy: 'DD.MM.YYYY',
  mdy: 'MM/DD/YYYY',
  ymd: 'YYYY-MM-DD',
  auto: 'a date such as DD.MM.YYYY, YYYY-MM-DD or YYYY',
};

export const MIN_YEAR = 1000;
export const MAX_YEAR = 2100;

export type DateProblemCode = 'not_a_date' | 'impossible_date' | 'year_out_of_range' | 'wrong_date_format';

export interface DateParts {
  year: number;
  /** 0 when unknown */
  month: number;
  /** 0 when unknown */
  day: number;
}

export type DateReading =
  | { ok: true; value: null }
  | {
      ok: true;
      /** YYYY, YYYY-MM or YYYY-MM-DD */
      value: string;
      parts: DateParts;
      /** "c. 1850", "около 1950", "~1950", "1950?": the year is a guess of the source */
      approximate: boolean;
      /**
       * For a date that stands for a span of years, the span and how the source wrote it: "about" (c., abt, ~, ?:
       * the year give or take {@link APPROXIMATE_DATE_YEARS}), "before" and "after" (open on one side, taken as
       * {@link OPEN_DATE_YEARS}), "between" (BET 1850 AND 1860, 1850-1860, 1849/50, a registration quarter).
       */
      span?: { from: number; to: number; kind: 'about' | 'before' | 'after' | 'between' };
    }
  | { ok: false; code: DateProblemCode; message: string; expected: string };

/** How a date cell is written, as seen by the column detector. */
export type DateShape = 'iso' | 'year-first' | 'compact' | 'day-month-year' | 'month-year' | 'named-month' | 'year' | 'approximate';

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const MONTH_NAMES_EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function problem(code: DateProblemCode, message: string, format: DateFormat): DateReading {
  return { ok: false, code, message, expected: EXPECTED_FORMAT[format] };
}

/** Checks that year, month and day exist (a 0 month or day is unknown) and writes the partial date. */
function partial(year: number, month: number, day: number, format: DateFormat, approximate = false): DateReading {
  if (year < MIN_YEAR || year > MAX_YEAR) return problem('year_out_of_range', `year ${pad(year, 4)} is outside ${MIN_YEAR}–${MAX_YEAR}`, format);
  if (month > 12) return problem('impossible_date', `month ${month} does not exist`, format);
  if (day > 31) return problem('impossible_date', `day ${day} does not exist`, format);
  if (day > 0 && month === 0) return problem('impossible_date', 'a day without a month', format);
  if (day > 0) {
    const max = month === 2 && !isLeap(year) ? 28 : DAYS_IN_MONTH[month - 1];
    if (day > max) {
      const what = month === 2 && day === 29 ? `${year} is not a leap year: 29 February` : `${day} ${MONTH_NAMES_EN[month - 1]}`;
      return problem('impossible_date', `${what} does not exist (${pad(day)}.${pad(month)})`, format);
    }
  }
  const value = month === 0 ? pad(year, 4) : day === 0 ? `${pad(year, 4)}-${pad(month)}` : `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
  return { ok: true, value, parts: { year, month, day }, approximate };
}

/** "c. 1850" stands for 1848–1852: the error of an estimated year (a census age, a family's memory). */
export const APPROXIMATE_DATE_YEARS = 2;
/** "bef. 1850" and "aft. 1850" are open on one side; a linker reads them as this many years before or after. */
export const OPEN_DATE_YEARS = 20;

const BEFORE_WORD = /^(?:before|bef|до)(?![\p{L}])/iu;
const AFTER_WORD = /^(?:after|aft|после)(?![\p{L}])/iu;
/**
 * A year written with the next ("1849/50", "1849/1850"): an event known only to fall in one of two years (a
 * winter, a financial or school year). Before 1752 the same form is the dual dating of 1 January – 24 March, read
 * by {@link newStyleYear} first.
 */
const YEAR_PAIR = /^(\d{4})\/(\d{2}|\d{4})$/;
/**
 * A registration quarter, the way the indexes of the General Register Office for England and Wales (from July 1837)
 * and FreeBMD give events: "Q1 1850", "1850 Q1", "Mar Q 1850", "Mar qtr 1850" (the quarter ending in March). A
 * birth could be registered up to six weeks after it happened (Births and Deaths Registration Act 1836), so a
 * March quarter may hold a birth of the year before.
 */
const QUARTER = /^(?:q([1-4])\s*(\d{4})|(\d{4})\s*q([1-4])|(mar|jun|sep|sept|dec)\.?\s*(?:q|qr|qtr|quarter)\.?\s*(\d{4}))$/i;
const QUARTER_ENDS: Record<string, number> = { mar: 1, jun: 2, sep: 3, sept: 3, dec: 4 };

/** The first year of "1849/50" or "1849/1850"; null for anything else (1991/2 or 1849/11 are a year and a month). */
function yearPair(t: string): number | null {
  const pair = YEAR_PAIR.exec(t);
  if (!pair) return null;
  const from = +pair[1];
  const next = pair[2].length === 2 ? (from + 1) % 100 : from + 1;
  return +pair[2] === next && (pair[2].length === 4 || next > 12) ? from : null;
}

function withSpan(reading: DateReading, from: number, to: number, kind: 'about' | 'before' | 'after' | 'between'): DateReading {
  if (!reading.ok || reading.value === null) return reading;
  return { ...reading, approximate: true, span: { from, to, kind } };
}

/**
 * Words that make a date approximate, GEDCOM's among them (ABT, EST, CAL, BEF, AFT; GEDCOM 5.5.1, "DATE_APPROXIMATED"
 * and "DATE_RANGE"), in the four languages. Longest first; a dot, a space or a digit must follow ("ок. 1950", "c1850"), so "октября" is not "ок".
 */
const QUALIFIER =
  /^(?:approximately|approx|about|around|circa|calculated|calc|cal|ca|c|abt|estimated|est|before|bef|after|aft|~|≈|около|ок|примерно|приблиз|до|после|təxminən|texminen|təx|մոտավորապես|մոտ)(?:\.\s*|\s+|(?=\d))(\S.*)$/iu;
const BETWEEN = /^(?:bet|between|from|между|с|arasında)\.?\s+(\d{4})\s+(?:and|to|и|по|və|-|–)\s+(\d{4})$/iu;
const YEAR_RANGE = /^(\d{4})\s*[-–—]\s*(\d{4})$/;
const YEAR_QUERY = /^(.+?)\s*\?$/;
const YEAR_WORD = /^(\d{4})\s*(?:г\.?\s*р\.?|гр|г\.?|года?|гг\.?|года рождения|il|ildə|ci il|cü il|doğumlu|dogumlu|թ\.?\s*ծ\.?|թ\.?|թվական)$/iu;
/** "born 1950", "b. 1950", "род. 1950", "d. 1992": a word for the event before an exact date. */
const EVENT_WORD = /^(?:born|b|died|d|род|родился|родилась|рожд|ум|умер|умерла|погиб|погибла|doğulub|ölüb|ծնվ|մահ)(?:\.\s*|\s+)(\S.*)$/iu;
/**
 * Dual dating ("12 Feb 1733/4"): before 1752 in England the year began on 25 March, so dates from 1 January to
 * 24 March carry both years (Calendar (New Style) Act 1750). The later, New Style year is the one other sources
 * and modern indexes give.
 */
const DUAL_YEAR = /(\d{4})\/(\d{1,2})$/;
const ISO_DATE = /^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;
const YEAR_FIRST = /^(\d{4})([./])(\d{1,2})(?:\2(\d{1,2}))?$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
const YEAR_ONLY = /^(\d{4})$/;
const THREE_PART = /^(\d{1,2})([./-])(\d{1,2})\2(\d{4})$/;
const TWO_DIGIT_YEAR = /^(\d{1,2})([./-])(\d{1,2})\2(\d{2})$/;
// A spreadsheet's date serial, as a CSV export writes a date cell that lost its date format: days in Excel's 1900
// date system, where 1 is 1 January 1900 and 29 February 1900 is counted (Microsoft documents it, for Lotus 1-2-3
// compatibility), so from 61 on a serial is that many days after 30 December 1899. Only five digits are read: fewer
// could be a year, and 10000–73050 (18 May 1927 to 31 December 2099) is neither a year, a compact date nor a day.
const SPREADSHEET_SERIAL = /^(\d{5})$/;
const SERIAL_FIRST = 10_000;
const SERIAL_LAST = 73_050;
const SERIAL_EPOCH_MS = Date.UTC(1899, 11, 30);
const MONTH_YEAR = /^(\d{1,2})[./-](\d{4})$/;
const ALL_ZERO = /^0{1,2}([./-])0{1,2}\1(0{4})$|^0{4}(-00(-00)?)?$/;
const YEAR_SUFFIX = '(?:\\s*(?:г\\.?|года?|il|թ\\.?))?';
const DAY_NAMED_MONTH = new RegExp(`^(\\d{1,2})(?:st|nd|rd|th|-?го|-?е)?\\s+(\\p{L}+)\\.?,?\\s+(\\d{4})${YEAR_SUFFIX}$`, 'iu');
const NAMED_MONTH_DAY = /^(\p{L}+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$/iu;
const NAMED_MONTH_YEAR = new RegExp(`^(\\p{L}+)\\.?,?\\s+(\\d{4})${YEAR_SUFFIX}$`, 'iu');

/** Month names and their usual abbreviations: English, Russian (nominative and genitive), Azerbaijani, Armenian. */
const MONTHS = new Map<string, number>();
[
  ['january jan январь января янв yanvar հունվար հունվարի', 1],
  ['february feb febr февраль февраля фев февр fevral փետրվար փետրվարի', 2],
  ['march mar март марта мар mart մարտ մարտի', 3],
  ['april apr апрель апреля апр aprel ապրիլ ապրիլի', 4],
  ['may май мая may մայիս մայիսի', 5],
  ['june jun июнь июня июн iyun հունիս հունիսի', 6],
  ['july jul июль июля июл iyul հուլիս հուլիսի', 7],
  ['august aug август августа авг avqust օգոստոս օգոստոսի', 8],
  ['september sep sept сентябрь сентября сен сент sentyabr սեպտեմբեր սեպտեմբերի', 9],
  ['october oct октябрь октября окт oktyabr հոկտեմբեր հոկտեմբերի', 10],
  ['november nov ноябрь ноября ноя нояб noyabr նոյեմբեր նոյեմբերի', 11],
  ['december dec декабрь декабря дек dekabr դեկտեմբեր դեկտեմբերի', 12],
].forEach(([words, month]) => (words as string).split(' ').forEach((w) => MONTHS.set(w, month as number)));

/** "1733/4" → "1734", "1699/00" → "1700"; anything else unchanged. */
function newStyleYear(text: string): string {
  const m = DUAL_YEAR.exec(text);
  // only where the old year start applied: after 1751 "1991/2" is a year and a month
  if (!m || +m[1] > 1751) return text;
  const next = String(+m[1] + 1);
  if (!next.endsWith(m[2]) || next.length !== 4) return text;
  return text.slice(0, m.index) + next;
}

/** 1-12 for a month name or abbreviation, 0 for anything else. */
function monthNumber(word: string): number {
  return MONTHS.get(lower(word)) ?? 0;
}

/** The shape of a date cell, for the column detector; null when it is not written like a date at all. */
export function dateShape(text: string): DateShape | null {
  if (text.length > MAX_VALUE_LENGTH) return null;
  const t = newStyleYear(clean(text));
  const event = EVENT_WORD.exec(t);
  if (event) return dateShape(event[1]);
  const qualified = QUALIFIER.exec(t) ?? YEAR_QUERY.exec(t);
  if (qualified) return dateShape(qualified[1]) === null ? null : 'approximate';
  if (BETWEEN.test(t) || YEAR_RANGE.test(t) || QUARTER.test(t) || yearPair(t) !== null) return 'approximate';
  if (ISO_DATE.test(t)) return 'iso';
  if (YEAR_FIRST.test(t)) return 'year-first';
  if (COMPACT.test(t)) return 'compact';
  if (YEAR_ONLY.test(t) || YEAR_WORD.test(t)) return 'year';
  if (THREE_PART.test(t)) return 'day-month-year';
  if (MONTH_YEAR.test(t)) return 'month-year';
  const named = DAY_NAMED_MONTH.exec(t) ?? NAMED_MONTH_DAY.exec(t) ?? NAMED_MONTH_YEAR.exec(t);
  if (named && (monthNumber(named[1]) || monthNumber(named[2]))) return 'named-month';
  return null;
}

/**
 * Reads one date cell into a partial date (YYYY, YYYY-MM or YYYY-MM-DD). Missing-value words and all-zero dates
 * are missing (value null); a 0 day or month (00.03.1965) is an unknown part. "c. 1850", "ABT 1850", "before
 * 1850", "1850?" are approximate; "BET 1850 AND 1860" and "1850-1860" are the middle year, approximate. Month names
 * in the four languages are read ("12 марта 1965", "March 12, 1965", "12 mart 1965"). A date that cannot exist,
 * a year outside 1000–2100, or a cell in another order than `format` is a problem with a code and a message that
 * says what was expected.
 */
export function readDate(text: string | null | undefined, format: DateFormat = 'auto'): DateReading {
  if (isMissing(text)) return { ok: true, value: null };
  const raw = text as string;
  if (raw.length > MAX_VALUE_LENGTH) return problem('not_a_date', `a ${raw.length}-character value is not a date`, format);
  const t = newStyleYear(clean(raw));
  if (ALL_ZERO.test(t)) return { ok: true, value: null };
  const event = EVENT_WORD.exec(t);
  if (event) {
    const inner = readDate(event[1], format);
    if (inner.ok && inner.value !== null) return inner;
  }
  const range = BETWEEN.exec(t) ?? YEAR_RANGE.exec(t);
  if (range) {
    const [from, to] = [+range[1], +range[2]];
    if (to < from) return problem('impossible_date', `${displayValue(t)}: the range ends before it starts`, format);
    return withSpan(partial(Math.floor((from + to) / 2), 0, 0, format, true), from, to, 'between');
  }
  const pair = yearPair(t);
  if (pair !== null) return withSpan(partial(pair, 0, 0, format, true), pair, pair + 1, 'between');
  const quarter = QUARTER.exec(t);
  if (quarter) {
    const q = quarter[1] ?? quarter[4] ?? String(QUARTER_ENDS[lower(quarter[5] ?? '')]);
    const year = +(quarter[2] ?? quarter[3] ?? quarter[6]);
    return withSpan(partial(year, 0, 0, format, true), q === '1' ? year - 1 : year, year, 'between');
  }
  const qualified = QUALIFIER.exec(t) ?? YEAR_QUERY.exec(t);
  if (qualified) {
    const inner = readPlain(qualified[1], format);
    if (inner.ok && inner.value !== null) {
      const year = inner.parts.year;
      if (BEFORE_WORD.test(t)) return withSpan(inner, year - OPEN_DATE_YEARS, year, 'before');
      if (AFTER_WORD.test(t)) return withSpan(inner, year, year + OPEN_DATE_YEARS, 'after');
      return withSpan(inner, year - APPROXIMATE_DATE_YEARS, year + APPROXIMATE_DATE_YEARS, 'about');
    }
  }
  return readPlain(t, format);
}

function readPlain(t: string, format: DateFormat): DateReading {
  let m = ISO_DATE.exec(t);
  if (m) return partial(+m[1], +m[2], m[3] ? +m[3] : 0, format);
  m = YEAR_FIRST.exec(t);
  if (m) return partial(+m[1], +m[3], m[4] ? +m[4] : 0, format);
  m = COMPACT.exec(t);
  if (m) return partial(+m[1], +m[2], +m[3], format);
  m = YEAR_ONLY.exec(t) ?? YEAR_WORD.exec(t);
  if (m) return partial(+m[1], 0, 0, format);
  m = THREE_PART.exec(t);
  if (m) {
    const a = +m[1];
    const b = +m[3];
    const year = +m[4];
    if (format === 'ymd') return problem('wrong_date_format', `${displayValue(t)} is not year-first; expected ${EXPECTED_FORMAT.ymd}`, format);
    if (format === 'mdy') {
      if (a > 12 && b <= 12) return problem('wrong_date_format', `${displayValue(t)} has the day first; expected ${EXPECTED_FORMAT.mdy}`, format);
      return partial(year, a, b, format);
    }
    if (b > 12 && a <= 12) {
      if (format === 'dmy') return problem('wrong_date_format', `${displayValue(t)} has the month first; expected ${EXPECTED_FORMAT.dmy}`, format);
      // auto: the only order in which this date exists (the column detector reports columns that mix orders)
      return partial(year, a, b, format);
    }
    return partial(year, b, a, format);
  }
  m = MONTH_YEAR.exec(t);
  if (m) {
    if (format === 'ymd') return problem('wrong_date_format', `${displayValue(t)} is not year-first; expected ${EXPECTED_FORMAT.ymd}`, format);
    return partial(+m[2], +m[1], 0, format);
  }
  // month names say which number is the day, so they are read under every order
  m = DAY_NAMED_MONTH.exec(t);
  if (m && monthNumber(m[2])) return partial(+m[3], monthNumber(m[2]), +m[1], format);
  m = NAMED_MONTH_DAY.exec(t);
  if (m && monthNumber(m[1])) return partial(+m[3], monthNumber(m[1]), +m[2], format);
  m = NAMED_MONTH_YEAR.exec(t);
  if (m && monthNumber(m[1])) return partial(+m[2], monthNumber(m[1]), 0, format);
  m = SPREADSHEET_SERIAL.exec(t);
  if (m && +m[1] >= SERIAL_FIRST && +m[1] <= SERIAL_LAST) {
    const day = new Date(SERIAL_EPOCH_MS + +m[1] * 86_400_000);
    return partial(day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate(), format);
  }
  if (TWO_DIGIT_YEAR.test(t)) return problem('not_a_date', `${displayValue(t)} has a two-digit year, which could be any century; write the year in full`, format);
  return problem('not_a_date', `${displayValue(t)} is not a date; expected ${EXPECTED_FORMAT[format]}`, format);
}

export interface DateColumnReport {
  /** Non-missing cells seen. */
  values: number;
  /** Cells of each shape. */
  shapes: Partial<Record<DateShape, number>>;
  /** Cells that are not written like a date at all. */
  notDates: number;
  /** The order to read day-month cells in: from the cells when they show it, otherwise day first. */
  format: Exclude<DateFormat, 'auto'>;
  /** Every day-month cell reads both ways (both numbers ≤ 12), so the order is a guess. */
  ambiguous: boolean;
  /** Some cells are certainly day-first and others certainly month-first. */
  conflicting: boolean;
  /** More than one way of writing dates in the column (ISO and DD.MM.YYYY, say). */
  mixed: boolean;
  /** How most of the column is written (YYYYMMDD, DD.MM.YYYY…): what an unreadable cell should have looked like. */
  expected: string;
  /** A sentence for the person who owns the list, or null when there is nothing to say. */
  note: string | null;
}

const SHAPE_FORMAT: Record<Exclude<DateShape, 'day-month-year'>, string> = {
  iso: 'YYYY-MM-DD',
  'year-first': 'YYYY/MM/DD',
  compact: 'YYYYMMDD',
  'month-year': 'MM.YYYY',
  'named-month': '12 March 1965',
  year: 'YYYY',
  approximate: 'YYYY',
};

/**
 * Looks at a column of dates: which ways of writing occur, whether day-month cells are day-first or month-first
 * (a first number above 12 proves day-first, a second number above 12 proves month-first), and whether the
 * column is ambiguous (every such cell reads both ways) or mixes formats. `sampleLimit` bounds the work.
 */
export function detectDateFormat(values: readonly string[], sampleLimit = 20_000): DateColumnReport {
  const shapes: Partial<Record<DateShape, number>> = {};
  let count = 0;
  let notDates = 0;
  let dayFirst = 0;
  let monthFirst = 0;
  let either = 0;
  for (let i = 0; i < values.length && count < sampleLimit; i++) {
    const v = values[i];
    if (isMissing(v)) continue;
    count++;
    const shape = dateShape(v);
    if (!shape) {
      notDates++;
      continue;
    }
    shapes[shape] = (shapes[shape] ?? 0) + 1;
    if (shape === 'day-month-year') {
      const m = THREE_PART.exec(clean(v))!;
      const a = +m[1];
      const b = +m[3];
      if (a > 12 && b <= 12) dayFirst++;
      else if (b > 12 && a <= 12) monthFirst++;
      else if (a <= 12 && b <= 12) either++;
    }
  }
  const conflicting = dayFirst > 0 && monthFirst > 0;
  const format = monthFirst > dayFirst ? 'mdy' : 'dmy';
  const ambiguous = either > 0 && dayFirst === 0 && monthFirst === 0;
  const kinds = Object.keys(shapes).filter((s) => s !== 'year' && s !== 'approximate');
  const mixed = kinds.length > 1;
  const notes: string[] = [];
  if (ambiguous) notes.push(`every day-month date reads both ways (both numbers 12 or less); read as ${EXPECTED_FORMAT[format]} — choose the order if that is wrong`);
  if (conflicting) notes.push(`${dayFirst} date(s) are certainly day-first and ${monthFirst} certainly month-first; read as ${EXPECTED_FORMAT[format]}, the others will be reported`);
  if (mixed) notes.push(`dates are written in ${kinds.length} ways (${kinds.join(', ')})`);
  if (notDates > 0) notes.push(`${notDates} of ${count} value(s) are not written like dates`);
  let dominant: DateShape | null = null;
  for (const [shape, n] of Object.entries(shapes) as Array<[DateShape, number]>) if (dominant === null || n > shapes[dominant]!) dominant = shape;
  const expected = dominant === null ? EXPECTED_FORMAT.auto : dominant === 'day-month-year' ? EXPECTED_FORMAT[format] : SHAPE_FORMAT[dominant];
  return { values: count, shapes, notDates, format, ambiguous, conflicting, mixed, expected, note: notes.length > 0 ? notes.join('; ') : null };
}

// ---------------------------------------------------------------- sex

export type Sex = 'female' | 'male' | 'unknown';

const SEX_WORDS: Record<string, Sex> = {};
function sexWords(sex: Sex, words: string[]): void {
  for (const w of words) SEX_WORDS[w.normalize('NFKC').toLowerCase()] = sex;
}
// English; Russian (М/Ж, муж./жен.); Azerbaijani (K/Q: kişi/qadın); Armenian (Ա/Ի: արական/իգական, abbreviated ար./իգ.)
sexWords('male', ['m', 'male', 'man', 'men', 'boy', 'м', 'муж', 'мужской', 'мужчина', 'мальчик', 'k', 'kişi', 'kisi', 'oğlan', 'oglan', 'ա', 'ար', 'արական', 'տղամարդ', 'տղա']);
sexWords('female', ['f', 'female', 'woman', 'women', 'girl', 'w', 'ж', 'жен', 'женский', 'женщина', 'девочка', 'q', 'qadın', 'qadin', 'qız', 'qiz', 'ի', 'իգ', 'իգական', 'կին', 'աղջիկ']);
sexWords('unknown', ['u', 'unknown', 'unk', 'not known', 'неизв', 'неизвестно', 'naməlum', 'namelum', 'bilinmir', 'անհայտ']);

export interface SexOptions {
  /**
   * Numeric codes, only when the column says so (a header such as "sex (1=male, 2=female)" or ISO/IEC 5218):
   * 1 male, 2 female, 0 and 9 unknown. Without it a digit is not a sex.
   */
  numeric?: boolean;
}

/** female, male or unknown; null for a missing cell; undefined when the value is not a sex code at all. */
export function readSex(text: string | null | undefined, options: SexOptions = {}): Sex | null | undefined {
  if (text === null || text === undefined) return null;
  if (text.length > MAX_VALUE_LENGTH) return undefined;
  const t = lower(clean(text)).replace(/\.$/, '');
  if (t === '') return null;
  const word = SEX_WORDS[t];
  if (word) return word;
  if (options.numeric) {
    if (t === '1') return 'male';
    if (t === '2') return 'female';
    if (t === '0' || t === '9') return 'unknown';
  }
  if (MISSING_WORDS.has(t) || MISSING_WORDS.has(`${t}.`)) return null;
  return undefined;
}

/** True when a header announces numeric sex codes: "sex (1=m, 2=f)", "пол: 1-муж, 2-жен", "ISO 5218". */
export function headerDeclaresNumericSex(header: string): boolean {
  return /5218|1\s*[=:\-–]\s*\p{L}.*2\s*[=:\-–]\s*\p{L}/u.test(header);
}

// ---------------------------------------------------------------- ages

export interface AgeRange {
  /** Years, whole; equal to `max` unless the cell gave a range. */
  min: number;
  max: number;
  approximate: boolean;
}

export type AgeReading = { ok: true; value: AgeRange | null } | { ok: false; code: 'not_an_age' | 'impossible_age'; message: string };

export const MAX_AGE = 130;

// longest first: the prefix is not anchored to the number, so `c` must not win over `circa`
const AGE_APPROX = /^(?:approximately|approx\.?|about|around|circa|ca\.?|c\.|~|≈|около|ок\.|примерно|приблиз\.?|təxminən|texminen|մոտավորապես|մոտ\.?)?\s*/iu;
const INFANT = /^(?:infant|baby|newborn|new-born|младенец|грудной|грудной ребенок|грудной ребёнок|новорожденный|новорождённый|körpə|korpe|südəmər|նորածին|մանուկ)$/iu;
// Scandinavian church books and censuses write infants' ages in weeks, months or days (Norwegian/Danish "3 uker",
// "5 mnd", "5 md.", "8 dager"; Swedish "3 veckor", "5 mån."; years "år"): FamilySearch Research Wiki, "Norway
// Church Records" and "Norwegian Genealogical Word List"
const YEAR_UNITS = /^(?:y|yr|yrs|y\.?o\.?|years?(?: old)?|г|год|года|лет|л|yaş|yaşında|yas|yasinda|il|տ|տարեկան|տարի|år|aar|ar)$/iu;
const MONTH_UNITS =
  /^(?:m|mo|mos|months?|мес|месяц|месяца|месяцев|ay|aylıq|ayliq|ամս|ամսական|ամիս|mnd|mnder|md|maaned|maaneder|måned|måneder|mån|månad|månader)$/iu;
const WEEK_DAY_UNITS =
  /^(?:w|wk|weeks?|d|days?|нед|недель|недели|дн|дней|дня|день|həftə|hefte|gün|gun|gunluk|günlük|շաբաթական|օրական|օր|uke|uker|u|veckor|vecka|v|dag|dager|dage|dagar|dgr)$/iu;

/**
 * A date reading written back as text that {@link readDate} reads to the same year and span: the partial ISO date,
 * with "abt", "bef" or "aft" before it, or "bet FROM and TO" for a span between two years. The linker's value
 * preparation hands dates to the engine in this form, so that an estimate keeps its span.
 */
export function writeDate(reading: DateReading): string {
  if (!reading.ok || reading.value === null) return '';
  const span = reading.span;
  if (!span) return reading.value;
  if (span.kind === 'about') return `abt ${reading.value}`;
  if (span.kind === 'before') return `bef ${reading.value}`;
  if (span.kind === 'after') return `aft ${reading.value}`;
  return span.from === span.to ? reading.value : `bet ${span.from} and ${span.to}`;
}

/**
 * A birthplace cell that is a census code, not a place: the 1841 census of Great Britain asked only "whether born in
 * same county" (Y or N) and, for others, S, E, I or F (Scotland, England, Ireland, foreign parts) (The National
 * Archives, research guide "Census records"; National Records of Scotland, "Census records"). One letter names no
 * place, and two such cells agreeing ("Y" and "Y") say nothing about a person, so a linker reads them as missing.
 */
export function isBirthplaceCode(text: string | null | undefined): boolean {
  return typeof text === 'string' && /^\s*\p{L}\.?\s*$/u.test(text);
}

/**
 * Reads an age: "46", "46 years", "46 лет", "46 yaş", "46 տարեկան", "about 46" (approximate), "6 months" or
 * "6 мес." (0 years), "infant", "младенец", "körpə" (0, approximate), a range "40-45" or "40–45 лет". Fractions
 * are cut to whole years.
 */
export function readAge(text: string | null | undefined): AgeReading {
  if (isMissing(text)) return { ok: true, value: null };
  const raw = text as string;
  if (raw.length > MAX_VALUE_LENGTH) return { ok: false, code: 'not_an_age', message: `a ${raw.length}-character value is not an age` };
  let t = lower(clean(raw));
  // a word for a baby: under a year, as far as the source knew
  if (INFANT.test(t)) return { ok: true, value: { min: 0, max: 0, approximate: true } };
  const approxMatch = AGE_APPROX.exec(t);
  const approximate = approxMatch !== null && approxMatch[0].trim() !== '';
  t = t.slice(approxMatch?.[0].length ?? 0);
  const m = /^(\d{1,3}(?:[.,]\d+)?)(?:\s*[-–—]\s*(\d{1,3}(?:[.,]\d+)?))?\s*\+?\s*(.*?)\.?$/u.exec(t);
  if (!m) return { ok: false, code: 'not_an_age', message: `${displayValue(raw)} is not an age; expected years, such as 46 or 40-45` };
  const unit = m[3].trim();
  let factor: number;
  if (unit === '' || YEAR_UNITS.test(unit)) factor = 1;
  else if (MONTH_UNITS.test(unit)) factor = 1 / 12;
  else if (WEEK_DAY_UNITS.test(unit)) factor = 0;
  else return { ok: false, code: 'not_an_age', message: `${displayValue(raw)}: "${unit.slice(0, 20)}" is not a unit of age; expected years, such as 46 or 40-45` };
  const years = (s: string) => Math.floor(Number(s.replace(',', '.')) * factor);
  const min = years(m[1]);
  const max = m[2] !== undefined ? years(m[2]) : min;
  if (max > MAX_AGE) return { ok: false, code: 'impossible_age', message: `${displayValue(raw)} is more than ${MAX_AGE} years` };
  if (max < min) return { ok: false, code: 'impossible_age', message: `${displayValue(raw)}: the range ends before it starts` };
  return { ok: true, value: { min, max, approximate } };
}
