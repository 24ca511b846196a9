import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hasShared, sharedPath } from '../../../test/shared-data.ts';
import { assessTable, CaptureTableError, listTotals, makeTable, overlapCount, parseCaptureTable, tableFromCaptureHistories } from './table.ts';

const threeLists = 'A,B,C,count\n1,0,0,10\n0,1,0,12\n1,1,0,5\n0,0,1,7\n1,0,1,3\n0,1,1,4\n1,1,1,2\n';

function errorOf(text: string, strata?: string[]): CaptureTableError {
  try {
    parseCaptureTable(text, { strata });
  } catch (error) {
    if (error instanceof CaptureTableError) return error;
    throw error;
  }
  throw new Error('expected the table to be rejected');
}

describe('parseCaptureTable', () => {
  it('reads patterns into cells with list 0 as the lowest bit', () => {
    const parsed = parseCaptureTable(threeLists);
    expect(parsed.lists).toEqual(['A', 'B', 'C']);
    expect(Array.from(parsed.total.counts)).toEqual([0, 10, 12, 5, 7, 3, 4, 2]);
    expect(parsed.total.observed).toBe(43);
    expect(parsed.strata).toHaveLength(1);
    expect(parsed.warnings).toEqual([]);
  });

  it('accepts a byte-order mark, CRLF line ends, blank lines, quotes and a Count header in any case', () => {
    const text = '\uFEFF"A","B",Count\r\n1,0,4\r\n\r\n0,1,"6"\r\n1,1,2\r\n';
    const parsed = parseCaptureTable(text);
    expect(Array.from(parsed.total.counts)).toEqual([0, 4, 6, 2]);
  });

  it('treats absent patterns as zero and ignores an all-zero row whose count is 0, saying so', () => {
    const parsed = parseCaptureTable('A,B,count\n0,0,0\n1,1,3\n');
    expect(Array.from(parsed.total.counts)).toEqual([0, 0, 0, 3]);
    expect(parsed.warnings[0]).toMatch(/all-zero pattern/);
  });

  it.each([
    ['fewer than two lists', 'A,count\n1,5\n', /only 1 list column.*at least two lists/],
    ['no count column', 'A,B\n1,0\n', /no "count" column/],
    ['a negative count', 'A,B,count\n1,0,5\n0,1,-2\n', /line 3, column "count": count must not be negative/],
    ['a fractional count', 'A,B,count\n1,0,2.5\n', /line 2, column "count": count must be a whole number, got "2.5"/],
    ['a non-numeric count', 'A,B,count\n1,0,many\n', /line 2.*whole number/],
    ['an empty count', 'A,B,count\n1,0,\n', /line 2.*whole number/],
    ['a huge count', 'A,B,count\n1,0,99999999999999999999\n', /line 2.*implausibly large/],
    ['a pattern value other than 0/1', 'A,B,count\n1,2,5\n', /line 2, column "B": expected 0 or 1, got "2"/],
    ['a pattern value with text', 'A,B,count\nyes,0,5\n', /line 2, column "A": expected 0 or 1.*--strata/],
    ['a count on the all-zero pattern', 'A,B,count\n1,0,5\n0,0,7\n', /line 3: the all-zero pattern .* has count 7/],
    ['a repeated pattern', 'A,B,count\n1,0,5\n0,1,3\n1,0,2\n', /line 4: pattern A is repeated \(first on line 2\)/],
    ['all counts zero', 'A,B,count\n1,0,0\n0,1,0\n', /every count is zero/],
    ['a row with too many fields', 'A,B,count\n1,0,5,9\n', /line 2|Invalid Record Length/],
    ['an empty file', '', /table is empty/],
    ['a header only', 'A,B,count\n', /every count is zero|no data rows/],
    ['a duplicate column', 'A,A,count\n1,0,5\n', /column "A" appears twice/],
    ['an unnamed column', 'A,,count\n1,0,5\n', /column 2 has no name/],
    ['binary content', 'A,B,count\n1,0,5\u0000\n', /NUL bytes/],
    ['an unterminated quote', 'A,B,count\n"1,0,5\n', /not valid CSV/],
  ])('rejects %s with a message naming the place', (_, text, message) => {
    expect(errorOf(text).message).toMatch(message);
  });

  it('rejects more lists than supported and oversized input before parsing it', () => {
    const header = Array.from({ length: 16 }, (_, i) => `L${i}`).join(',');
    expect(errorOf(`${header},count\n${'1,'.repeat(16)}1\n`).message).toMatch(/16 list columns; at most 15/);
    expect(() => parseCaptureTable('A,B,count\n1,0,5\n', { maxBytes: 10 })).toThrow(/too large/);
  });

  it('keeps hostile text in messages short and printable', () => {
    const evil = `=HYPERLINK("x")${'\u001b[31m'.repeat(30)}`;
    const message = errorOf(`A,B,count\n"${evil.replace(/"/g, '""')}",0,5\n`).message;
    expect(message.includes('\u001b')).toBe(false);
    expect(message.length).toBeLessThan(200);
  });

  it('splits strata, in order of first appearance, and pools them into the total', () => {
    const text = 'A,B,sex,count\n1,0,f,4\n0,1,f,6\n1,1,f,2\n1,0,m,3\n0,1,m,1\n1,1,m,1\n';
    const parsed = parseCaptureTable(text, { strata: ['sex'] });
    expect(parsed.lists).toEqual(['A', 'B']);
    expect(parsed.strata.map((s) => s.label)).toEqual(['sex=f', 'sex=m']);
    expect(Array.from(parsed.strata[1].table.counts)).toEqual([0, 3, 1, 1]);
    expect(Array.from(parsed.total.counts)).toEqual([0, 7, 7, 3]);
  });

  it('allows the same pattern in different strata but not twice in one', () => {
    expect(errorOf('A,B,sex,count\n1,0,f,4\n1,0,m,3\n1,0,f,1\n', ['sex']).message).toMatch(/line 4: pattern A is repeated \(first on line 2\) in stratum f/);
  });

  it('rejects unknown or empty stratum columns', () => {
    expect(errorOf('A,B,count\n1,0,4\n', ['sex']).message).toMatch(/stratum column "sex" is not in the header/);
    expect(errorOf('A,B,sex,count\n1,0,,4\n', ['sex']).message).toMatch(/line 2, column "sex": stratum value is empty/);
    expect(errorOf('A,B,count\n1,0,4\n', ['count']).message).toMatch(/cannot be a stratum/);
  });

  describe.skipIf(!hasShared('data', 'mse', 'kosovo-4lists.csv'))('on the Kosovo reference table', () => {
    it('reads 4,400 documented killings with the published list totals', () => {
      const parsed = parseCaptureTable(readFileSync(sharedPath('data', 'mse', 'kosovo-4lists.csv'), 'utf8'));
      expect(parsed.lists).toEqual(['EXH', 'ABA', 'OSCE', 'HRW']);
      expect(parsed.total.observed).toBe(4400);
      expect(listTotals(parsed.total)).toEqual([1910, 1528, 1786, 685]);
    });
  });
});

describe('assessTable', () => {
  it('refuses a table in which no one is on two lists', () => {
    const table = makeTable(['A', 'B', 'C'], [0, 10, 12, 0, 7, 0, 0, 0]);
    expect(overlapCount(table)).toBe(0);
    const a = assessTable(table, 'sex=f');
    expect(a.estimable).toBe(false);
    expect(a.warnings[0]).toMatch(/sex=f: no person appears on more than one list/);
  });

  it('warns about sparse tables and empty lists but still lets them be estimated', () => {
    const a = assessTable(makeTable(['A', 'B', 'C'], [0, 10, 12, 3, 0, 0, 0, 0]));
    expect(a.estimable).toBe(true);
    expect(a.warnings.join(' ')).toMatch(/list "C" is empty/);
    expect(a.warnings.join(' ')).toMatch(/very sparse/);
  });

  it('has nothing to say about a well-overlapping table', () => {
    expect(assessTable(makeTable(['A', 'B'], [0, 300, 200, 100])).warnings).toEqual([]);
  });
});

describe('makeTable', () => {
  it('validates cell counts', () => {
    expect(() => makeTable(['A', 'B'], [1, 1, 1, 1])).toThrow(/all-zero cell/);
    expect(() => makeTable(['A', 'B'], [0, -1, 1, 1])).toThrow(/invalid count/);
    expect(() => makeTable(['A', 'B'], [0, 1, 1])).toThrow(/expected 4 cells/);
    expect(() => makeTable(['A'], [0, 1])).toThrow(/two lists/);
  });
});

describe('tableFromCaptureHistories', () => {
  it('counts people into patterns and strata', () => {
    const parsed = tableFromCaptureHistories(
      ['A', 'B'],
      [
        { lists: ['A'], strata: ['f'] },
        { lists: ['A', 'B'], strata: ['f'] },
        { lists: ['B', 'A'], strata: ['m'] },
        { lists: ['B'], strata: ['f'] },
      ],
      ['sex'],
    );
    expect(parsed.strata.map((s) => s.label)).toEqual(['sex=f', 'sex=m']);
    expect(Array.from(parsed.strata[0].table.counts)).toEqual([0, 1, 1, 1]);
    expect(Array.from(parsed.total.counts)).toEqual([0, 1, 1, 2]);
  });

  it('rejects people on no list or unknown lists, wrong stratum arity, and no people', () => {
    expect(() => tableFromCaptureHistories(['A', 'B'], [{ lists: [] }])).toThrow(/person 1 is on no list/);
    expect(() => tableFromCaptureHistories(['A', 'B'], [{ lists: ['A'] }, { lists: ['Z'] }])).toThrow(/person 2 is on unknown list "Z"/);
    expect(() => tableFromCaptureHistories(['A', 'B'], [{ lists: ['A'] }], ['sex'])).toThrow(/expected 1/);
    expect(() => tableFromCaptureHistories(['A', 'B'], [])).toThrow(/no people/);
    expect(() => tableFromCaptureHistories(['A', 'A'], [])).toThrow(/repeated/);
    expect(() => tableFromCaptureHistories(['A'], [])).toThrow(/at least two/);
  });
});
