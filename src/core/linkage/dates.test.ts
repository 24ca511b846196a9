import { describe, expect, it } from 'vitest';
import { compareOne, compileComparison } from './compare.ts';
import { parsePartialDate } from './dates.ts';
import { buildFeatures } from './features.ts';

describe('parsePartialDate', () => {
  it('reads full, partial and compact dates, day first', () => {
    expect(parsePartialDate('1965-03-12')).toEqual({ ok: true, date: { year: 1965, month: 3, day: 12 } });
    expect(parsePartialDate('12.03.1965')).toEqual({ ok: true, date: { year: 1965, month: 3, day: 12 } });
    expect(parsePartialDate('12/03/1965')).toEqual({ ok: true, date: { year: 1965, month: 3, day: 12 } });
    expect(parsePartialDate('19650312')).toEqual({ ok: true, date: { year: 1965, month: 3, day: 12 } });
    expect(parsePartialDate('1965-03')).toEqual({ ok: true, date: { year: 1965, month: 3, day: 0 } });
    expect(parsePartialDate('03.1965')).toEqual({ ok: true, date: { year: 1965, month: 3, day: 0 } });
    expect(parsePartialDate(' 1965 ')).toEqual({ ok: true, date: { year: 1965, month: 0, day: 0 } });
    expect(parsePartialDate('1965-03-12T00:00:00Z')).toEqual({ ok: true, date: { year: 1965, month: 3, day: 12 } });
  });

  it('reads dates of earlier centuries, which historical registers hold', () => {
    expect(parsePartialDate('12.03.1712')).toEqual({ ok: true, date: { year: 1712, month: 3, day: 12 } });
    // an estimate keeps the years it stands for
    expect(parsePartialDate('c. 1650')).toEqual({ ok: true, date: { year: 1650, month: 0, day: 0, span: { from: 1648, to: 1652 } } });
    expect(parsePartialDate('0999').ok).toBe(false);
  });

  it('follows an explicit day-month order', () => {
    expect(parsePartialDate('03/12/1965', 'mdy')).toEqual({ ok: true, date: { year: 1965, month: 3, day: 12 } });
    expect(parsePartialDate('26.03.1965', 'mdy')).toEqual({ ok: false, reason: '"26.03.1965" has the day first; expected MM/DD/YYYY' });
  });

  it('treats blanks and words for unknown as missing', () => {
    for (const t of ['', '  ', 'unknown', 'N/A', '?', 'неизв.', 'naməlum']) expect(parsePartialDate(t)).toEqual({ ok: true, date: null });
  });

  it('reports dates that cannot exist instead of guessing', () => {
    expect(parsePartialDate('1965-13-01').ok).toBe(false);
    expect(parsePartialDate('31.04.1965')).toEqual({ ok: false, reason: '31 April does not exist (31.04)' });
    expect(parsePartialDate('29.02.1965').ok).toBe(false);
    expect(parsePartialDate('29.02.1964').ok).toBe(true);
    expect(parsePartialDate('19659012').ok).toBe(false);
    expect(parsePartialDate('0001-01-01').ok).toBe(false);
    expect(parsePartialDate('yesterday').ok).toBe(false);
    const hostile = parsePartialDate('9'.repeat(100_000));
    expect(hostile.ok).toBe(false);
    if (!hostile.ok) expect(hostile.reason.length).toBeLessThan(80);
  });
});

describe('date comparison levels', () => {
  const level = (a: string, b: string) => {
    const { table } = buildFeatures({ d: [a, b] }, 2, [{ name: 'd', column: 'd', type: 'date' }]);
    const date = compileComparison({ field: 'd', kind: 'date' });
    return date.levels[compareOne(table, date, 0, 1)];
  };

  const cases: Array<[why: string, a: string, b: string, expected: string]> = [
    // a conflict of two full dates, not a missing part: Tofiq born 12.04.1961 and Tofiq born 30.11.1961
    ['two written months of one year', '12.04.1961', '30.11.1961', 'same year, full dates differ in month'],
    ['two written months, no days', '04.1961', '11.1961', 'same year, full dates differ in month'],
    ['a year written alone', '1961', '30.11.1961', 'same year'],
    ['an estimate of the year', 'abt 1842', '25 Feb 1842', 'same year'],
    ['a baptism days after the birth', '12.04.1961', '28.04.1961', 'one typo or same year and month'],
    ['one typo', '12.04.1961', '21.04.1961', 'one typo or same year and month'],
    ['one date', '12.04.1961', '12.04.1961', 'exact'],
    ['full dates four years apart', '19 Jan 1780', '21 Feb 1776', 'else'],
    // an estimate stands for its year give or take two (1778–1782 and 1774–1778 meet)
    ['estimates four years apart', 'abt 1780', 'abt 1776', 'within 1 year'],
    ['an estimate two years from a year', 'c. 1850', '1852', 'within 1 year'],
    ['an estimate five years from a year', 'c. 1850', '1855', 'within 5 years or one year digit off'],
    // past the estimate's own span a misread digit is no excuse: the span already allows for error
    ['an estimate six years from a year, one digit off', 'c. 1850', '1856', 'else'],
    // GEDCOM BEF/AFT: open on one side, so no disagreement inside it, and only the weakest agreement
    ['a birth before a year, fifteen years earlier', 'bef. 1850', '12.03.1835', 'within 5 years or one year digit off'],
    ['a birth after a year, fifteen years later', 'aft 1850', '1865', 'within 5 years or one year digit off'],
    ['a birth before a year, ten years after it', 'bef 1850', '1860', 'else'],
    // a year written with the next, and a registration quarter (the March quarter may hold a birth of December)
    ['one of two years', '1849/50', '1850', 'within 1 year'],
    ['a March quarter and the December before', 'Q1 1850', '20.12.1849', 'within 1 year'],
    ['a June quarter and the year before', 'Jun qtr 1850', '1848', 'within 5 years or one year digit off'],
    ['a year alone four years from a full date', '1780', '21 Feb 1776', 'within 5 years or one year digit off'],
    ["a family tree's year off by two", '19 Jan 1780', '19 Jan 1778', 'within 5 years or one year digit off'],
    ['full dates weeks apart across a new year', '19.01.1781', '30.12.1780', 'within 1 year'],
    ['one misread digit of the year, day and month agreeing', '19.01.1934', '19.01.1944', 'one typo or same year and month'],
    ['one misread digit of the year against a year alone', '1934', '19.01.1944', 'within 5 years or one year digit off'],
    ['one misread digit of the year, another day', '12.04.1963', '15.04.1968', 'within 5 years or one year digit off'],
  ];

  it.each(cases)('%s: %s against %s is "%s"', (_why, a, b, expected) => {
    expect(level(a, b)).toBe(expected);
  });
});
