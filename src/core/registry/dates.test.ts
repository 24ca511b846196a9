import { describe, expect, it } from 'vitest';
import { dateBounds, dateOverlaps, isPartialDate, partialDateProblem } from './dates.ts';

describe('partial dates', () => {
  it('accepts year, year-month and full dates', () => {
    for (const d of ['1992', '2012-04', '2010-04-22', '2000-02-29']) expect(partialDateProblem(d)).toBeNull();
  });

  it('refuses malformed and impossible dates with a reason', () => {
    expect(partialDateProblem('2013-02-30')).toMatch(/does not exist/);
    expect(partialDateProblem('1900-02-29')).toMatch(/does not exist/);
    expect(partialDateProblem('2012-13')).toMatch(/month 13/);
    expect(partialDateProblem('2012-00')).toMatch(/month 00/);
    expect(partialDateProblem('22/04/2010')).toMatch(/not a date/);
    expect(partialDateProblem('2010-4-2')).toMatch(/not a date/);
    expect(partialDateProblem('0999')).toMatch(/outside/);
    expect(partialDateProblem("2010'; drop table x;--")).toMatch(/not a date/);
    expect(isPartialDate('')).toBe(false);
  });

  it('gives the days a partial date may stand for, and filters by overlap', () => {
    expect(dateBounds('2012-02')).toEqual({ first: '2012-02-01', last: '2012-02-29' });
    expect(dateBounds('1992')).toEqual({ first: '1992-01-01', last: '1992-12-31' });
    expect(dateOverlaps('2012', '2012-06', '2013')).toBe(true);
    expect(dateOverlaps('2011-12-08', '2012', null)).toBe(false);
    expect(dateOverlaps('2017-02', null, '2017-01-31')).toBe(false);
    expect(dateOverlaps('2017-02', null, '2017-02-01')).toBe(true);
  });
});
