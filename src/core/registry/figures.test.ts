import { describe, expect, it } from 'vitest';
import { checkFigures, figureInterval, formatFigure } from './figures.ts';

describe('figures', () => {
  it('accepts values with qualifiers, ranges and nested breakdowns', () => {
    const { figures, issues } = checkFigures([
      { label: 'deaths', value: 200, qualifier: 'more-than' },
      { label: 'may have died', min: 500, max: 1000 },
      { label: 'examined', value: 181, breakdown: { mode: 'complete', parts: [{ label: 'male', value: 130 }, { label: 'female', value: 51 }] } },
    ]);
    expect(issues).toEqual([]);
    expect(figures).toHaveLength(3);
    expect(formatFigure(figures[0])).toBe('more than 200 deaths');
    expect(formatFigure(figures[1])).toBe('500–1000 may have died');
    expect(formatFigure(figures[2])).toBe('181 examined (130 male; 51 female)');
  });

  it('warns, without correcting, when a complete breakdown does not add up or a partial one exceeds the total', () => {
    const mismatch = checkFigures([{ value: 100, breakdown: { mode: 'complete', parts: [{ value: 60 }, { value: 30 }] } }]);
    expect(mismatch.issues).toEqual([expect.objectContaining({ severity: 'warning', code: 'breakdown_mismatch', path: '[0].breakdown' })]);
    expect(mismatch.figures[0].value).toBe(100);
    const exceeds = checkFigures([{ value: 10, breakdown: { mode: 'partial', parts: [{ value: 8 }, { value: 5 }] } }]);
    expect(exceeds.issues.map((i) => i.code)).toEqual(['breakdown_exceeds_total']);
    // "at least 100" broken down into 120 is consistent with the bound
    expect(checkFigures([{ value: 100, qualifier: 'at-least', breakdown: { mode: 'complete', parts: [{ value: 120 }] } }]).issues).toEqual([]);
  });

  it('reports malformed and hostile figures as errors with their path', () => {
    const codes = (input: unknown) => checkFigures(input).issues.map((i) => `${i.code}@${i.path}`);
    expect(codes({ value: 1 })).toEqual(['invalid_figures@']);
    expect(codes([{}])).toEqual(['no_number@[0]']);
    expect(codes([{ value: -3 }])).toContain('invalid_number@[0].value');
    expect(codes([{ value: '12' }])).toContain('invalid_number@[0].value');
    expect(codes([{ value: Number.NaN }])).toContain('invalid_number@[0].value');
    expect(codes([{ min: 10, max: 5 }])).toEqual(['inverted_range@[0]']);
    expect(codes([{ value: 3, min: 1 }])).toEqual(['value_and_range@[0]']);
    expect(codes([{ value: 3, qualifier: 'roughly' }])).toEqual(['invalid_qualifier@[0].qualifier']);
    expect(codes([{ value: 3, __proto__x: 1 }])).toEqual(['unknown_field@[0].__proto__x']);
    expect(codes([{ value: 3, breakdown: { mode: 'all', parts: [] } }])).toEqual(['invalid_breakdown@[0].breakdown']);
    expect(codes(Array.from({ length: 21 }, () => ({ value: 1 })))).toEqual(['too_many_figures@']);
    let deep: Record<string, unknown> = { value: 1 };
    for (let i = 0; i < 6; i++) deep = { value: 1, breakdown: { mode: 'partial', parts: [deep] } };
    expect(codes([deep]).some((c) => c.startsWith('too_deep'))).toBe(true);
  });

  it('turns figures into intervals for charts', () => {
    expect(figureInterval({ value: 161, qualifier: 'at-least' })).toEqual({ low: 161, high: null, point: null });
    expect(figureInterval({ value: 613 })).toEqual({ low: 613, high: 613, point: 613 });
    expect(figureInterval({ min: 500, max: 1000 })).toEqual({ low: 500, high: 1000, point: null });
    expect(figureInterval({ value: 50, qualifier: 'up-to' })).toEqual({ low: 0, high: 50, point: null });
  });
});
