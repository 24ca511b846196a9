/**
 * Partial ISO 8601 calendar dates: YYYY, YYYY-MM or YYYY-MM-DD, keeping only the parts that are known. Sorting the
 * strings sorts the dates (a year sorts before its months).
 */
const PARTIAL = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

export const MIN_YEAR = 1000;
export const MAX_YEAR = 2999;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

/** Returns null when the date is valid, or why it is not. */
export function partialDateProblem(text: string): string | null {
  const match = PARTIAL.exec(text);
  if (!match) return `"${text}" is not a date in the form YYYY, YYYY-MM or YYYY-MM-DD`;
  const year = Number(match[1]);
  if (year < MIN_YEAR || year > MAX_YEAR) return `year ${year} is outside ${MIN_YEAR}–${MAX_YEAR}`;
  if (match[2] === undefined) return null;
  const month = Number(match[2]);
  if (month < 1 || month > 12) return `month ${match[2]} does not exist`;
  if (match[3] === undefined) return null;
  const day = Number(match[3]);
  if (day < 1 || day > daysInMonth(year, month)) return `${text} does not exist (${year}-${match[2]} has ${daysInMonth(year, month)} days)`;
  return null;
}

export function isPartialDate(text: string): boolean {
  return partialDateProblem(text) === null;
}

/** The earliest and latest full day a partial date can stand for, e.g. "2012-04" → 2012-04-01 … 2012-04-30. */
export function dateBounds(text: string): { first: string; last: string } {
  const [y, m, d] = text.split('-');
  const year = Number(y);
  if (d) return { first: text, last: text };
  if (m) return { first: `${y}-${m}-01`, last: `${y}-${m}-${String(daysInMonth(year, Number(m))).padStart(2, '0')}` };
  return { first: `${y}-01-01`, last: `${y}-12-31` };
}

/** True when the partial date may fall on or after `from` and on or before `to` (both partial, either omitted). */
export function dateOverlaps(date: string, from?: string | null, to?: string | null): boolean {
  const { first, last } = dateBounds(date);
  if (from && last < dateBounds(from).first) return false;
  if (to && first > dateBounds(to).last) return false;
  return true;
}
