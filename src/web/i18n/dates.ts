/**
 * Dates in the reader's language. Intl does it where the browser has the language's data; Chromium's trimmed ICU
 * has no Azerbaijani month names and falls back to "2026 M12 6 11:51", and writes Armenian dates in English ("Dec 6,
 * 2026"), so for a language listed below the page then writes the date from the project's own table: "6 dekabr 2026,
 * 11:51", "6 դեկտեմբերի 2026 թ., 11:51".
 */

/** Month names as written in a date ("6 dekabr 2026"), January first, and how a day is written with them. */
const DATE_WORDS: Readonly<Record<string, { months: readonly string[]; day: (day: number, month: string, year: number) => string }>> = {
  az: {
    months: ['yanvar', 'fevral', 'mart', 'aprel', 'may', 'iyun', 'iyul', 'avqust', 'sentyabr', 'oktyabr', 'noyabr', 'dekabr'],
    day: (day, month, year) => `${day} ${month} ${year}`,
  },
  // The genitive, as CLDR writes a month beside a day ("6 դեկտեմբերի 2026 թ."), "թ." for "year".
  hy: {
    months: ['հունվարի', 'փետրվարի', 'մարտի', 'ապրիլի', 'մայիսի', 'հունիսի', 'հուլիսի', 'օգոստոսի', 'սեպտեմբերի', 'հոկտեմբերի', 'նոյեմբերի', 'դեկտեմբերի'],
    day: (day, month, year) => `${day} ${month} ${year} թ.`,
  },
};

type DateTimeFormatConstructor = new (locale: string, options: Intl.DateTimeFormatOptions) => Intl.DateTimeFormat;

export interface DateFormatOptions {
  /** Add the hour and minute ("6 dekabr 2026, 11:51"); the default. */
  time?: boolean;
  /** For tests: an Intl.DateTimeFormat that behaves like a browser without the language's data. */
  DateTimeFormat?: DateTimeFormatConstructor;
}

/**
 * Whether Intl knows this language's month names: a browser without the language's data falls back to "M12" or
 * "12" for December, or to English ("Dec 6, 2026", as Chromium does for Armenian).
 */
export function hasMonthNames(tag: string, DateTimeFormat: DateTimeFormatConstructor = Intl.DateTimeFormat): boolean {
  const monthOf = (locale: string) =>
    new DateTimeFormat(locale, { day: 'numeric', month: 'long', timeZone: 'UTC' }).formatToParts(new Date(Date.UTC(2026, 11, 6))).find((part) => part.type === 'month')?.value ?? '';
  const month = monthOf(tag);
  return /\p{L}{2,}/u.test(month) && (tag.split('-')[0].toLowerCase() === 'en' || month !== monthOf('en'));
}

const twoDigits = (value: number) => String(value).padStart(2, '0');

/** A formatter for the language of `tag`, in the browser's time zone, built once and used for every date on a page. */
export function dateFormatter(tag: string, options: DateFormatOptions = {}): (date: Date) => string {
  const { time = true, DateTimeFormat = Intl.DateTimeFormat } = options;
  const words = DATE_WORDS[tag.split('-')[0].toLowerCase()];
  if (!words || hasMonthNames(tag, DateTimeFormat)) {
    const intl = new DateTimeFormat(tag, time ? { dateStyle: 'medium', timeStyle: 'short' } : { dateStyle: 'medium' });
    return (date) => intl.format(date);
  }
  return (date) => {
    const day = words.day(date.getDate(), words.months[date.getMonth()], date.getFullYear());
    return time ? `${day}, ${twoDigits(date.getHours())}:${twoDigits(date.getMinutes())}` : day;
  };
}
