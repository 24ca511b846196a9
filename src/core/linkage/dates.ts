import { readDate, type DateFormat } from '../casualties/values.ts';

/**
 * Partial dates for the engine's date fields, read by the one date reader of casualty lists
 * (src/core/casualties/values.ts): ISO, DD.MM.YYYY and its variants (day first, as in Azerbaijan, Armenia and
 * Russia, unless `format` says otherwise), YYYYMMDD, MM.YYYY and year only, for years 1000–2100. Unknown parts are
 * 0. A date that cannot exist is reported with the reason, not guessed at.
 */
export interface PartialDate {
  year: number;
  month: number;
  day: number;
  /** The years an estimate stands for ("c. 1850": 1848–1852, "bef. 1850", "1849/50"); absent for a date as written. */
  span?: { from: number; to: number };
}

export type DateParse = { ok: true; date: PartialDate | null } | { ok: false; reason: string };

export function parsePartialDate(text: string, format: DateFormat = 'auto'): DateParse {
  const read = readDate(text, format);
  if (!read.ok) return { ok: false, reason: read.message };
  if (read.value === null) return { ok: true, date: null };
  return { ok: true, date: read.span ? { ...read.parts, span: { from: read.span.from, to: read.span.to } } : { ...read.parts } };
}
