/**
 * Dates in the reader's language. Intl does it where the browser has the language's data; Chromium's trimmed ICU
 * has no Azerbaijani month names and falls back to "2026 M12 6 11:51", so for a language listed below the page then
 * writes the date from the project's own table: "6 dekabr 2026, 11:51".
 */

/** Month names as written in a date ("6 dekabr 2026"), January first. */
const MONTH_NAMES: Readonly<Record<string, readonly string[]>> = {
  az: ['yanvar', 'fevral', 'mart', 'aprel', 'may', 'iyun', 'iyul', 'avqust', 'sentyabr', 'oktyabr', 'noyabr', 'dekabr'],
};

type DateTimeFormatConstructor = new (locale: string, options: Intl.DateTimeFormatOptions) => Intl.DateTimeFormat;

export interface DateFormatOptions {
  /** Add the hour and minute ("6 dekabr 2026, 11:51"); the default. */
  time?: boolean;
  /** For tests: an Intl.DateTimeFormat that behaves like a browser without the language's data. */
  DateTimeFormat?: DateTimeFormatConstructor;
}

/** Whether Intl knows this language's month names: a fallback gives "M12" or "12" for December. */
export function hasMonthNames(tag: string, DateTimeFormat: DateTimeFormatConstructor = Intl.DateTimeFormat): boolean {
  const probe = new DateTimeFormat(tag, { month: 'long', timeZone: 'UTC' });
  const month = probe.formatToParts(new Date(Date.UTC(2026, 11, 6))).find((part) => part.type === 'month')?.value ?? '';
  return /\p{L}{2,}/u.test(month);
}

const twoDigits = (value: number) => String(value).padStart(2, '0');

/** A formatter for the language of `tag`, in the browser's time zone, built once and used for every date on a page. */
export function dateFormatter(tag: string, options: DateFormatOptions = {}): (date: Date) => string {
  const { time = true, DateTimeFormat = Intl.DateTimeFormat } = options;
  const months = MONTH_NAMES[tag.split('-')[0].toLowerCase()];
  if (!months || hasMonthNames(tag, DateTimeFormat)) {
    const intl = new DateTimeFormat(tag, time ? { dateStyle: 'medium', timeStyle: 'short' } : { dateStyle: 'medium' });
    return (date) => intl.format(date);
  }
  return (date) => {
    const day = `${date.getDate()} ${months[date.getMonth()]} ${date.getFullYear()}`;
    return time ? `${day}, ${twoDigits(date.getHours())}:${twoDigits(date.getMinutes())}` : day;
  };
}
