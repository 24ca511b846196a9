import { describe, expect, it } from 'vitest';
import { detectDateFormat, displayValue, headerDeclaresNumericSex, isBirthplaceCode, isMissing, readAge, readDate, readSex, writeDate } from './values.ts';

const value = (text: string, format?: Parameters<typeof readDate>[1]) => {
  const r = readDate(text, format);
  return r.ok ? r.value : `${r.code}: ${r.message}`;
};

describe('isMissing', () => {
  it('knows the words for "not known" in the four languages, and nothing else', () => {
    for (const t of ['', '  ', '-', '—', '?', 'n/a', 'N/A', 'unknown', 'неизв.', 'Неизвестно', 'naməlum', 'bilinmir', 'անհայտ', null, undefined]) {
      expect(isMissing(t), String(t)).toBe(true);
    }
    for (const t of ['0', 'Aliyev', '1992', 'x'.repeat(10_000)]) expect(isMissing(t)).toBe(false);
  });
});

describe('readDate', () => {
  it('reads ISO, day-first, compact, month-year and year-only dates into partial dates', () => {
    expect(value('1992-02-26')).toBe('1992-02-26');
    expect(value('1992-2-6')).toBe('1992-02-06');
    expect(value('1992-02')).toBe('1992-02');
    expect(value('1992')).toBe('1992');
    expect(value('26.02.1992')).toBe('1992-02-26');
    expect(value('6.2.1992')).toBe('1992-02-06');
    expect(value('26/02/1992')).toBe('1992-02-26');
    expect(value('26-02-1992')).toBe('1992-02-26');
    expect(value('02.1992')).toBe('1992-02');
    expect(value('19920226')).toBe('1992-02-26');
    expect(value('1992/02/26')).toBe('1992-02-26');
    expect(value('1992-02-26T10:00:00Z')).toBe('1992-02-26');
    expect(value('1950 г.')).toBe('1950');
    expect(value('00.03.1965')).toBe('1965-03');
    expect(value('00.00.1965')).toBe('1965');
  });

  it('reads any era from 1000 to 2100 and refuses years outside it', () => {
    expect(value('1000')).toBe('1000');
    expect(value('12.03.1712')).toBe('1712-03-12');
    expect(value('2100-12-31')).toBe('2100-12-31');
    expect(value('0999')).toMatch(/^year_out_of_range: year 0999 is outside 1000–2100/);
    expect(value('2101')).toMatch(/^year_out_of_range/);
    expect(value('0001-01-01')).toMatch(/^year_out_of_range/);
  });

  it('reads approximate years and flags them', () => {
    for (const t of ['c. 1850', 'ca. 1850', 'circa 1850', '~1850', 'около 1850', 'около 1850 г.', 'təxminən 1850', '1850?']) {
      const r = readDate(t);
      expect(r, t).toMatchObject({ ok: true, value: '1850', approximate: true });
    }
    expect(readDate('1850')).toMatchObject({ approximate: false });
  });

  it('reads month names in the four languages, under every order', () => {
    for (const t of ['12 March 1965', '12 Mar 1965', 'March 12, 1965', 'Mar. 12 1965', '12th March 1965', '12 марта 1965', '12 марта 1965 г.', '12 mart 1965', '12 մարտի 1965']) {
      expect(value(t), t).toBe('1965-03-12');
      expect(value(t, 'mdy'), t).toBe('1965-03-12');
    }
    expect(value('октября 1950')).toBe('1950-10');
    expect(value('Oct 1950')).toBe('1950-10');
    expect(value('1-го мая 1945')).toBe('1945-05-01');
    expect(value('31 April 1990')).toMatch(/^impossible_date: 31 April does not exist/);
    expect(value('12 Foo 1965')).toMatch(/^not_a_date/);
  });

  it('reads the qualified and ranged dates of genealogical records (GEDCOM ABT, BEF, AFT, BET … AND …)', () => {
    for (const [t, v] of [['ABT 1750', '1750'], ['abt. 12 MAR 1750', '1750-03-12'], ['BEF 1800', '1800'], ['AFT 1790', '1790'], ['EST 1701', '1701'], ['до 1950', '1950'], ['ок. 1950', '1950'], ['ca 12.03.1850', '1850-03-12']]) {
      expect(readDate(t), t).toMatchObject({ ok: true, value: v, approximate: true });
    }
    expect(readDate('BET 1750 AND 1760')).toMatchObject({ ok: true, value: '1755', approximate: true });
    expect(readDate('1750-1760')).toMatchObject({ ok: true, value: '1755', approximate: true });
    expect(value('1760-1750')).toMatch(/^impossible_date: .*the range ends before it starts/);
    expect(value('ABT 0999')).toMatch(/^not_a_date|^year_out_of_range/);
  });

  it('keeps the years an estimate stands for, and writes it back in a form it reads the same', () => {
    const span = (t: string) => {
      const r = readDate(t);
      return r.ok && r.value !== null ? r.span : r;
    };
    // GEDCOM 5.5.1 ABT/EST/CAL and "?": the year give or take two; BEF/AFT open on one side
    for (const t of ['abt 1850', 'c. 1850', 'ca 1850', '1850?', 'EST 1850', '~1850']) expect(span(t), t).toEqual({ from: 1848, to: 1852, kind: 'about' });
    expect(span('bef. 1850')).toEqual({ from: 1830, to: 1850, kind: 'before' });
    expect(span('до 1950')).toEqual({ from: 1930, to: 1950, kind: 'before' });
    expect(span('AFT 1790')).toEqual({ from: 1790, to: 1810, kind: 'after' });
    expect(span('BET 1750 AND 1760')).toEqual({ from: 1750, to: 1760, kind: 'between' });
    // a year written with the next; after 1751 "1991/2" is still a year and a month, and 1849/11 a month
    expect(span('1849/50')).toEqual({ from: 1849, to: 1850, kind: 'between' });
    expect(span('1849/1850')).toEqual({ from: 1849, to: 1850, kind: 'between' });
    expect(value('1991/2')).toBe('1991-02');
    expect(value('1849/11')).toBe('1849-11');
    expect(value('1849/52')).toMatch(/^impossible_date/);
    // registration quarters of the GRO indexes (England and Wales from 1837): a March quarter may hold a December birth
    expect(span('Q1 1850')).toEqual({ from: 1849, to: 1850, kind: 'between' });
    expect(span('Mar Q 1850')).toEqual({ from: 1849, to: 1850, kind: 'between' });
    expect(span('1850 Q3')).toEqual({ from: 1850, to: 1850, kind: 'between' });
    expect(span('Dec qtr 1850')).toEqual({ from: 1850, to: 1850, kind: 'between' });
    expect(value('Q5 1850')).toMatch(/^not_a_date/);
    expect(readDate('12.03.1850')).not.toHaveProperty('span');
    for (const t of ['abt 1850', 'bef. 12 Mar 1850', 'aft 1790', 'BET 1750 AND 1760', '1849/50', '12.03.1850']) {
      expect(span(writeDate(readDate(t))), t).toEqual(span(t));
    }
    // a quarter of one year is that year
    expect(writeDate(readDate('Jun qtr 1850'))).toBe('1850');
    expect(writeDate(readDate(''))).toBe('');
    expect(writeDate(readDate('31.02.1850'))).toBe('');
  });

  it('reads "г.р.", "born", "b." and the dual years of English registers before 1752', () => {
    for (const t of ['1979 г.р.', '1979 г. р.', '1979 doğumlu', 'born 1979', 'b. 1979', 'b.1979', 'род. 1979']) expect(value(t), t).toBe('1979');
    expect(value('b. 12 Mar 1950')).toBe('1950-03-12');
    expect(value('12 Feb 1733/4')).toBe('1734-02-12');
    expect(value('3 JAN 1714/15')).toBe('1715-01-03');
    expect(value('1699/00')).toBe('1700');
    // after the calendar change a slash after the year is a month, and a year that does not follow is no dual year
    expect(value('1991/2')).toBe('1991-02');
    expect(value('1733/5')).toBe('1733-05');
  });

  it('says why a date does not exist', () => {
    expect(value('31.02.1992')).toBe('impossible_date: 31 February does not exist (31.02)');
    expect(value('31.04.1992')).toBe('impossible_date: 31 April does not exist (31.04)');
    expect(value('29.02.1993')).toMatch(/1993 is not a leap year/);
    expect(value('29.02.1992')).toBe('1992-02-29');
    expect(value('29.02.1900')).toMatch(/not a leap year/);
    expect(value('1992-13-01')).toBe('impossible_date: month 13 does not exist');
    expect(value('1992-00-05')).toMatch(/a day without a month/);
    expect(value('19929012')).toMatch(/^impossible_date/);
    expect(value('26.02.92')).toMatch(/^not_a_date: .*two-digit year/);
    expect(value('yesterday')).toMatch(/^not_a_date: "yesterday" is not a date; expected/);
  });

  it('treats missing words and all-zero dates as missing, not as errors', () => {
    for (const t of ['', '-', '?', 'неизвестно', 'naməlum', '00.00.0000', '0000-00-00']) expect(readDate(t), t).toEqual({ ok: true, value: null });
  });

  it('follows an explicit order and names the expected format when a cell does not fit it', () => {
    expect(value('02/26/1992', 'mdy')).toBe('1992-02-26');
    expect(value('03/04/1992', 'mdy')).toBe('1992-03-04');
    expect(value('03/04/1992', 'dmy')).toBe('1992-04-03');
    expect(value('26.02.1992', 'mdy')).toBe('wrong_date_format: "26.02.1992" has the day first; expected MM/DD/YYYY');
    expect(value('02/26/1992', 'dmy')).toBe('wrong_date_format: "02/26/1992" has the month first; expected DD.MM.YYYY');
    expect(value('26.02.1992', 'ymd')).toMatch(/expected YYYY-MM-DD/);
    expect(value('1992-02-26', 'dmy')).toBe('1992-02-26');
    const r = readDate('31.04.1992', 'dmy');
    expect(r.ok === false && r.expected).toBe('DD.MM.YYYY');
    // auto: day first, unless only the month-first reading exists
    expect(value('03/04/1992')).toBe('1992-04-03');
    expect(value('02/26/1992')).toBe('1992-02-26');
  });

  it("reads a spreadsheet's five-digit date serials (Excel's 1900 system), in every order, and nothing shorter", () => {
    // serials checked against the 1900 system's definition: 1 is 1900-01-01, 1900-02-29 is counted, 61 is 1900-03-01
    expect(value('23138')).toBe('1963-05-07');
    expect(value('33660', 'mdy')).toBe('1992-02-26');
    expect(value('33660', 'dmy')).toBe('1992-02-26');
    expect(value('10000')).toBe('1927-05-18');
    expect(value('73050')).toBe('2099-12-31');
    // four digits are a year; six or more, or past 2099, are not dates
    expect(value('1963')).toBe('1963');
    expect(value('73051')).toMatch(/^not_a_date/);
    expect(value('123456')).toMatch(/^not_a_date/);
    expect(value('09999')).toMatch(/^not_a_date/);
  });

  it('survives hostile cells: NUL, lone surrogates, 10,000 characters', () => {
    expect(value('\u0000')).toBe('not_a_date: "\\u0000" is not a date; expected a date such as DD.MM.YYYY, YYYY-MM-DD or YYYY');
    expect(value('1992\u0000-02-26')).toMatch(/^not_a_date/);
    expect(value('\uD800')).toMatch(/^not_a_date: "\uFFFD"/);
    const long = readDate('9'.repeat(10_000));
    expect(long.ok).toBe(false);
    if (!long.ok) expect(long.message).toBe('a 10000-character value is not a date');
    expect(value('<script>alert(1)</script>')).toMatch(/^not_a_date/);
  });
});

describe('detectDateFormat', () => {
  it('finds the order from the cells that show it', () => {
    expect(detectDateFormat(['13.02.1990', '01.02.1991', ''])).toMatchObject({ format: 'dmy', ambiguous: false, conflicting: false, mixed: false, values: 2 });
    expect(detectDateFormat(['02/13/1990', '01/02/1991'])).toMatchObject({ format: 'mdy', ambiguous: false });
  });

  it('says when every cell reads both ways', () => {
    const r = detectDateFormat(['01.02.1990', '03.04.1991', '12.11.1950']);
    expect(r).toMatchObject({ format: 'dmy', ambiguous: true });
    expect(r.note).toMatch(/reads both ways/);
  });

  it('says when a column mixes three formats and orders', () => {
    const r = detectDateFormat(['26.02.1992', '02/27/1992', '1992-02-28', 'not a date']);
    expect(r.mixed).toBe(true);
    expect(r.conflicting).toBe(true);
    expect(r.notDates).toBe(1);
    expect(r.note).toMatch(/1 date\(s\) are certainly day-first and 1 certainly month-first/);
    expect(r.note).toMatch(/written in 2 ways/);
    expect(r.note).toMatch(/1 of 4 value\(s\) are not written like dates/);
  });

  it('is quiet about a clean column', () => {
    expect(detectDateFormat(['1992-02-26', '1990', '1991-03']).note).toBeNull();
  });

  it('says how most of the column is written', () => {
    expect(detectDateFormat(['19920226', '19551192', '1990']).expected).toBe('YYYYMMDD');
    expect(detectDateFormat(['02/13/1990', '01/02/1991']).expected).toBe('MM/DD/YYYY');
    expect(detectDateFormat(['26.02.1992']).expected).toBe('DD.MM.YYYY');
    expect(detectDateFormat(['?', '']).expected).toMatch(/a date such as/);
  });
});

describe('readSex', () => {
  it('reads the codes of the four languages', () => {
    const male = ['m', 'M', 'male', 'Man', 'М', 'м', 'муж.', 'мужской', 'K', 'kişi', 'KİŞİ', 'Ա', 'արական'];
    const female = ['f', 'F', 'female', 'woman', 'Ж', 'жен.', 'женский', 'Q', 'qadın', 'Ի', 'իգական'];
    for (const t of male) expect(readSex(t), t).toBe('male');
    for (const t of female) expect(readSex(t), t).toBe('female');
    for (const t of ['u', 'unknown', 'неизвестно', 'naməlum']) expect(readSex(t), t).toBe('unknown');
  });

  it('returns null for a missing cell and undefined for something that is not a sex', () => {
    for (const t of ['', ' ', '-', null, undefined]) expect(readSex(t)).toBeNull();
    for (const t of ['zz', '3', '\u0000', '\uD800', 'm'.repeat(10_000)]) expect(readSex(t)).toBeUndefined();
  });

  it('reads 1 and 2 only when the column says so', () => {
    expect(readSex('1')).toBeUndefined();
    expect(readSex('2')).toBeUndefined();
    expect(readSex('1', { numeric: true })).toBe('male');
    expect(readSex('2', { numeric: true })).toBe('female');
    expect(readSex('9', { numeric: true })).toBe('unknown');
    expect(headerDeclaresNumericSex('sex (1=male, 2=female)')).toBe(true);
    expect(headerDeclaresNumericSex('пол: 1 - муж, 2 - жен')).toBe(true);
    expect(headerDeclaresNumericSex('sex ISO 5218')).toBe(true);
    expect(headerDeclaresNumericSex('sex')).toBe(false);
  });
});

describe('readAge', () => {
  const age = (t: string) => {
    const r = readAge(t);
    return r.ok ? r.value : r.code;
  };
  it('reads years with units in the four languages, months as 0, and ranges', () => {
    for (const t of ['46', '46 years', '46 years old', '46 y.o.', '46 лет', '46 года', '46 yaş', '46 yaşında', '46 տարեկան', '46.5']) {
      expect(age(t), t).toEqual({ min: 46, max: 46, approximate: false });
    }
    for (const t of ['about 46', 'c. 46', 'circa 46', '~46', 'около 46 лет']) expect(age(t), t).toEqual({ min: 46, max: 46, approximate: true });
    for (const t of ['6 months', '6 мес.', '6 ay', '3 weeks', '10 дней']) expect(age(t), t).toEqual({ min: 0, max: 0, approximate: false });
    expect(age('18 months')).toEqual({ min: 1, max: 1, approximate: false });
    for (const t of ['infant', 'Infant', 'младенец', 'körpə', 'նորածին']) expect(age(t), t).toEqual({ min: 0, max: 0, approximate: true });
    expect(age('40-45')).toEqual({ min: 40, max: 45, approximate: false });
    expect(age('40–45 лет')).toEqual({ min: 40, max: 45, approximate: false });
  });

  it('treats missing as missing and refuses what is not an age', () => {
    expect(readAge('')).toEqual({ ok: true, value: null });
    expect(readAge('неизв.')).toEqual({ ok: true, value: null });
    expect(age('200')).toBe('impossible_age');
    expect(age('45-40')).toBe('impossible_age');
    expect(age('forty')).toBe('not_an_age');
    expect(age('46 km')).toBe('not_an_age');
    expect(age('\u0000')).toBe('not_an_age');
    expect(age('4'.repeat(10_000))).toBe('not_an_age');
  });
});

describe('displayValue', () => {
  it('quotes, cuts and escapes a value for a message', () => {
    expect(displayValue('abc')).toBe('"abc"');
    expect(displayValue('a\u0000b')).toBe('"a\\u0000b"');
    expect(displayValue('x'.repeat(100))).toBe(`"${'x'.repeat(40)}…"`);
    expect(displayValue('\uDC00')).toBe('"\uFFFD"');
  });
});

describe('isBirthplaceCode', () => {
  it('reads the 1841 census answers Y, N, S, E, I, F as codes, not places', () => {
    for (const t of ['Y', 'N', ' n ', 'S', 'E.', 'I', 'F']) expect(isBirthplaceCode(t), t).toBe(true);
    for (const t of ['', 'Fife, Dalbrae', 'York', 'NY', 'Y N', '1', null, undefined, '\u0000', 'Y'.repeat(10_000)])
      expect(isBirthplaceCode(t), String(t).slice(0, 20)).toBe(false);
  });
});
