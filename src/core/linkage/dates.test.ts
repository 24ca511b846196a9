import { describe, expect, it } from 'vitest';
import { parsePartialDate } from './dates.ts';

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
    expect(parsePartialDate('c. 1650')).toEqual({ ok: true, date: { year: 1650, month: 0, day: 0 } });
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
