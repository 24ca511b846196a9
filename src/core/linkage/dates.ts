/**
 * Partial dates as lists write them: 1965-03-12, 12.03.1965, 12/03/1965 (day first, as in Azerbaijan, Armenia
 * and Russia), 19650312, 1965-03, 03.1965, 1965. Unknown parts are 0. A date that cannot exist (month 13,
 * 31 April, year outside 1800-2100) is reported, not guessed at.
 */
export interface PartialDate {
  year: number;
  month: number;
  day: number;
}

export type DateParse = { ok: true; date: PartialDate | null } | { ok: false; reason: string };

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function check(year: number, month: number, day: number): DateParse {
  if (year < 1800 || year > 2100) return { ok: false, reason: `year ${year} is outside 1800-2100` };
  if (month < 0 || month > 12) return { ok: false, reason: `month ${month} does not exist` };
  if (day < 0 || day > 31) return { ok: false, reason: `day ${day} does not exist` };
  if (day > 0 && month === 0) return { ok: false, reason: 'a day without a month' };
  if (day > 0 && month > 0) {
    const max = month === 2 && !isLeap(year) ? 28 : DAYS_IN_MONTH[month - 1];
    if (day > max) return { ok: false, reason: `${year}-${month} has no day ${day}` };
  }
  return { ok: true, date: { year, month, day } };
}

const ISO = /^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?$/;
const DAY_FIRST = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/;
const MONTH_YEAR = /^(\d{1,2})[-/.](\d{4})$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;

export function parsePartialDate(text: string): DateParse {
  const t = text.trim().replace(/T.*$/, '');
  if (t === '' || /^(unknown|n\/?a|null|none|-+|\?+|нет|неизв\.?|anhayt|անհայտ|naməlum)$/iu.test(t)) {
    return { ok: true, date: null };
  }
  let m = COMPACT.exec(t);
  if (m) return check(+m[1], +m[2], +m[3]);
  m = ISO.exec(t);
  if (m) return check(+m[1], m[2] ? +m[2] : 0, m[3] ? +m[3] : 0);
  m = DAY_FIRST.exec(t);
  if (m) return check(+m[3], +m[2], +m[1]);
  m = MONTH_YEAR.exec(t);
  if (m) return check(+m[2], +m[1], 0);
  return { ok: false, reason: `"${t.slice(0, 40)}" is not a date` };
}
