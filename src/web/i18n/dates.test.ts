import { describe, expect, it } from 'vitest';
import { dateFormatter, hasMonthNames } from './dates.ts';

/** Behaves as Chromium's Intl does for Azerbaijani: the root locale's pattern, months as "M12". */
class WithoutMonthNames extends Intl.DateTimeFormat {
  constructor(_locale: string, options: Intl.DateTimeFormatOptions) {
    super('en', options);
  }
  override formatToParts(date?: Date | number): Intl.DateTimeFormatPart[] {
    const month = new Date(date ?? Date.now()).getUTCMonth() + 1;
    return super.formatToParts(date).map((part) => (part.type === 'month' ? { ...part, value: `M${month}` } : part));
  }
  override format(date?: Date | number): string {
    const d = new Date(date ?? Date.now());
    return `${d.getFullYear()} M${d.getMonth() + 1} ${d.getDate()} ${d.getHours()}:${String(d.getMinutes()).padStart(2, '0')}`;
  }
}

// local time, as the page shows it
const sixthOfDecember = new Date(2026, 11, 6, 11, 51);
const ninthOfMay = new Date(2026, 4, 9, 9, 5);

describe('dateFormatter', () => {
  it('writes Azerbaijani month names from its own table when Intl has none', () => {
    expect(hasMonthNames('az-Latn', WithoutMonthNames)).toBe(false);
    const withTime = dateFormatter('az-Latn', { DateTimeFormat: WithoutMonthNames });
    expect(withTime(sixthOfDecember)).toBe('6 dekabr 2026, 11:51');
    expect(withTime(ninthOfMay)).toBe('9 may 2026, 09:05');
    expect(dateFormatter('az-Latn', { time: false, DateTimeFormat: WithoutMonthNames })(sixthOfDecember)).toBe('6 dekabr 2026');
    expect(withTime(sixthOfDecember)).not.toMatch(/M\d/);
  });

  it('uses Intl where it knows the month names (Node has full ICU)', () => {
    expect(hasMonthNames('az-Latn')).toBe(true);
    expect(dateFormatter('az-Latn')(sixthOfDecember)).toBe(new Intl.DateTimeFormat('az-Latn', { dateStyle: 'medium', timeStyle: 'short' }).format(sixthOfDecember));
    expect(dateFormatter('az-Latn')(sixthOfDecember)).toMatch(/^6 dek/);
    expect(dateFormatter('ru')(sixthOfDecember)).toMatch(/дек/);
    expect(dateFormatter('hy')(sixthOfDecember)).toMatch(/դեկ/);
  });

  it('writes Armenian dates from its own table when Intl falls back to English, as Chromium does', () => {
    /** Chromium without Armenian data: every language formatted as English. */
    class EnglishOnly extends Intl.DateTimeFormat {
      constructor(_locale: string, options: Intl.DateTimeFormatOptions) {
        super('en', options);
      }
    }
    expect(hasMonthNames('hy', EnglishOnly)).toBe(false);
    expect(hasMonthNames('en', EnglishOnly)).toBe(true);
    expect(dateFormatter('hy', { DateTimeFormat: EnglishOnly })(sixthOfDecember)).toBe('6 դեկտեմբերի 2026 թ., 11:51');
    expect(dateFormatter('hy', { time: false, DateTimeFormat: WithoutMonthNames })(ninthOfMay)).toBe('9 մայիսի 2026 թ.');
    expect(hasMonthNames('hy')).toBe(true);
  });

  it('leaves a language without its own table to Intl, whatever Intl gives', () => {
    expect(dateFormatter('ru', { DateTimeFormat: WithoutMonthNames })(sixthOfDecember)).toBe('2026 M12 6 11:51');
  });
});
