import { describe, expect, it } from 'vitest';
import { computeMatrix, matrixFromCounts, sourceKey, type MatrixLinkInput } from './matrix-compute.ts';

const elements = [
  { id: 'e1', code: '1', label: 'Conduct' },
  { id: 'e2', code: '2', label: 'Victims' },
  { id: 'e3', code: '3', label: 'Intent' },
];
let n = 0;
const link = (elementId: string, itemId: string, providedBy: string | null, direction: 'supporting' | 'undermining' = 'supporting', reliability: MatrixLinkInput['reliability'] = 'B'): MatrixLinkInput => ({
  id: `l${(n += 1)}`,
  elementId,
  itemId,
  direction,
  reliability,
  providedBy,
});

describe('computeMatrix', () => {
  it('counts independent sources by the items\' source, not by links or items', () => {
    const m = computeMatrix(elements, [
      link('e1', 'i1', 'Witness A'),
      link('e1', 'i2', '  witness   a '), // the same source, written differently
      link('e1', 'i3', 'Witness B'),
      link('e1', 'i4', null), // no source named: the item is its own source
      link('e1', 'i4', null),
      link('e1', 'i5', 'Witness B', 'undermining'),
    ]);
    expect(m.rows[0].supporting).toEqual({ links: 5, sources: 3, reliableSources: 3, lowReliability: 0 });
    expect(m.rows[0].undermining).toEqual({ links: 1, sources: 1, reliableSources: 1, lowReliability: 0 });
    expect(m.rows[0].gap).toBe(false);
    expect(m.totals).toEqual({ links: 6, items: 5, sources: 3, gaps: 2, lowReliability: 0 });
  });

  it('names gaps and elements held up only by low-reliability evidence', () => {
    const m = computeMatrix(elements, [link('e2', 'i1', 'X', 'supporting', 'E'), link('e2', 'i2', 'Y', 'undermining', 'F'), link('e3', 'i1', 'X', 'supporting', 'D'), link('e3', 'i9', 'Z', 'supporting', 'A')]);
    expect(m.rows.map((r) => r.gap)).toEqual([true, false, false]);
    expect(m.rows[1].onlyLowReliability).toBe(true);
    expect(m.rows[1].supporting.lowReliability).toBe(1);
    expect(m.rows[2].onlyLowReliability).toBe(false);
    expect(m.rows[2].supporting).toEqual({ links: 2, sources: 2, reliableSources: 1, lowReliability: 1 });
    expect(m.totals.lowReliability).toBe(3);
  });

  it('ignores links to elements that are not the allegation\'s', () => {
    const m = computeMatrix(elements, [link('other', 'i1', null)]);
    expect(m.totals.links).toBe(0);
    expect(m.totals.gaps).toBe(3);
  });

  it('folds case and compatibility forms in source names', () => {
    expect(sourceKey('i', 'ＡＢＣ')).toBe(sourceKey('j', 'abc'));
    expect(sourceKey('i', '')).toBe('item:i');
  });
});

describe('matrixFromCounts', () => {
  it('builds the rows computeMatrix builds from the same counts, gaps included', () => {
    const links = [link('e1', 'i1', 'X'), link('e1', 'i2', 'Y', 'undermining', 'E'), link('e3', 'i3', 'Z', 'supporting', 'D')];
    const pure = computeMatrix(elements, links);
    const cells = pure.rows.flatMap((r) =>
      (['supporting', 'undermining'] as const).filter((d) => r[d].links > 0).map((d) => ({ elementId: r.elementId, direction: d, ...r[d] })),
    );
    const { gaps: _gaps, ...totals } = pure.totals;
    expect(matrixFromCounts(elements, cells, totals)).toEqual(pure);
  });
});
