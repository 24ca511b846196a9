import { describe, expect, it } from 'vitest';
import { firstDetermined, protect, publishStats, type ExactStats, type Identity, type Variable } from './suppression.ts';

const rows = (pairs: Array<[string, number]>) => pairs.map(([key, persons]) => ({ key, persons }));
const cell = (value: number): Variable => ({ value, published: true, hideable: true });
const total = (value: number): Variable => ({ value, published: true, hideable: false });

/** Statistics of `persons` persons whose breakdowns are all one row, with the given rows replaced. */
function stats(persons: number, over: Partial<ExactStats>): ExactStats {
  const one = (key: string) => rows([[key, persons]]);
  return {
    runId: 'r',
    sources: [{ id: 'a', name: 'A' }],
    totals: { records: persons, persons, linkedPersons: 0 },
    bySex: one('female'),
    byAgeBand: one('30-44'),
    byStatus: one('civilian'),
    byDeathDay: one('2010-03-01'),
    byDeathMonth: one('2010-03'),
    byPlace: one('X'),
    coverage: [{ sourceId: 'a', name: 'A', records: persons, persons, share: 1 }],
    overlaps: [{ pattern: '1', sourceIds: ['a'], persons }],
    disagreements: { persons: 0, byField: [], examples: [] },
    ...over,
  };
}

describe('small-cell suppression', () => {
  it('hides a small cell and, when it is the only one, the next smallest so the total cannot give it back', () => {
    // female 10, male 5, unknown 1; total 16
    const variables = [total(16), cell(10), cell(5), cell(1)];
    const identities: Identity[] = [[[1, 1], [2, 1], [3, 1], [0, -1]]];
    expect(firstDetermined(variables, identities, [false, false, false, true])).toBe(3);
    expect(protect(variables, identities, 3)).toEqual([false, false, true, true]);
    // two small cells protect each other; nothing more is hidden
    expect(protect([total(17), cell(10), cell(2), cell(1), cell(4)], [[[1, 1], [2, 1], [3, 1], [4, 1], [0, -1]]], 3)).toEqual([false, false, true, true, false]);
    // 0 and 1 turn it off
    for (const min of [0, 1]) expect(protect(variables, identities, min)).toEqual([false, false, false, false]);
  });

  it('sees through combinations of sums: three lists, one small overlap', () => {
    // patterns 100 010 001 110 101 011 = 12 6 4 5 2 1; list persons 19, 12, 7; total 30. With only one more pattern
    // hidden, list B + list C − total + ... gives the 1 back; the protection hides until no combination does
    const values = [12, 6, 4, 5, 2, 1];
    const patterns = ['100', '010', '001', '110', '101', '011'];
    const variables = [total(30), ...values.map(cell), cell(19), cell(12), cell(7)];
    const identities: Identity[] = [[...values.map((_, c): [number, number] => [1 + c, 1]), [0, -1]]];
    for (let i = 0; i < 3; i++) identities.push([...patterns.flatMap((p, c): Array<[number, number]> => (p[i] === '1' ? [[1 + c, 1]] : [])), [7 + i, -1]]);
    const hidden = protect(variables, identities, 3);
    expect(hidden[6]).toBe(true);
    expect(firstDetermined(variables, identities, hidden)).toBe(-1);
    // the simple rule alone (two hidden in the total) would not do: pattern 011 and the smallest other
    const naive = [false, false, false, false, false, true, true, false, false, false];
    expect(firstDetermined(variables, identities, naive)).toBeGreaterThan(0);
  });

  it('publishes statistics with hidden cells marked, totals exact, and no per-person detail', () => {
    const exact = stats(30, {
      sources: [
        { id: 'a', name: 'A' },
        { id: 'b', name: 'B' },
        { id: 'c', name: 'C' },
      ],
      totals: { records: 40, persons: 30, linkedPersons: 2 },
      bySex: rows([['female', 20], ['male', 9], ['unknown', 1]]),
      byAgeBand: rows([['18-29', 15], ['30-44', 15]]),
      byPlace: rows([['X', 28], ['Y', 2]]),
      coverage: [
        { sourceId: 'a', name: 'A', records: 20, persons: 19, share: 19 / 30 },
        { sourceId: 'b', name: 'B', records: 12, persons: 12, share: 12 / 30 },
        { sourceId: 'c', name: 'C', records: 8, persons: 7, share: 7 / 30 },
      ],
      overlaps: [
        { pattern: '100', sourceIds: ['a'], persons: 12 },
        { pattern: '010', sourceIds: ['b'], persons: 6 },
        { pattern: '001', sourceIds: ['c'], persons: 4 },
        { pattern: '110', sourceIds: ['a', 'b'], persons: 5 },
        { pattern: '101', sourceIds: ['a', 'c'], persons: 2 },
        { pattern: '011', sourceIds: ['b', 'c'], persons: 1 },
      ],
      disagreements: { persons: 4, byField: [{ field: 'age', persons: 3 }, { field: 'place', persons: 1 }], examples: [] },
    });
    const published = publishStats(exact, 3);
    expect(published.suppression.minCell).toBe(3);
    expect(published.totals).toEqual({ records: 40, persons: 30, linkedPersons: null });
    // hidden rows last, in key order
    expect(published.bySex).toEqual([
      { key: 'female', persons: 20, suppressed: false },
      { key: 'male', persons: null, suppressed: true },
      { key: 'unknown', persons: null, suppressed: true },
    ]);
    expect(published.byPlace.every((c) => c.suppressed)).toBe(true);
    expect(published.disagreements).toEqual({ persons: 4, byField: [{ field: 'age', persons: 3, suppressed: false }, { field: 'place', persons: null, suppressed: true }], examples: null });
    const shown = [...published.bySex, ...published.byAgeBand, ...published.byPlace, ...published.overlaps, ...published.coverage, ...published.disagreements.byField].flatMap((c) =>
      c.persons === null ? [] : [c.persons],
    );
    expect(shown.every((n) => n >= 3)).toBe(true);
    expect(published.overlaps.filter((o) => o.suppressed).length).toBeGreaterThanOrEqual(2);

    const exactView = publishStats(exact, 0);
    expect(exactView.bySex.every((c) => !c.suppressed)).toBe(true);
    expect(exactView.disagreements.examples).toEqual([]);
    expect(exactView.suppression).toEqual({ minCell: 0, hidden: 0 });
  });

  it('links days to months, so a hidden day is not given back by its month', () => {
    // every date is a full day: month 2010-03 = its days exactly. One day has 1 person; hiding a day of another
    // month beside it would leave both recoverable from their months
    const exact = stats(20, {
      byDeathDay: rows([['2010-03-01', 9], ['2010-03-02', 1], ['2010-04-01', 10]]),
      byDeathMonth: rows([['2010-03', 10], ['2010-04', 10]]),
    });
    const published = publishStats(exact, 3);
    const days = Object.fromEntries(published.byDeathDay.map((d) => [d.key, d.suppressed]));
    const months = Object.fromEntries(published.byDeathMonth.map((d) => [d.key, d.suppressed]));
    expect(days['2010-03-02']).toBe(true);
    // the 1 is safe only if its month or its neighbour in the month is hidden too
    expect(days['2010-03-01'] || months['2010-03']).toBe(true);
  });

  it('hides the total of a tiny run and everything in it', () => {
    const published = publishStats(stats(2, { bySex: rows([['female', 1], ['male', 1]]) }), 3);
    expect(published.totals.persons).toBeNull();
    expect(published.bySex.every((c) => c.suppressed)).toBe(true);
    expect(published.overlaps.every((c) => c.suppressed)).toBe(true);
  });
});
