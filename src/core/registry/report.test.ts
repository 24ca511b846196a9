import { describe, expect, it } from 'vitest';
import { formatCounts, formatProblem } from './report.ts';

describe('problem and count reports', () => {
  it('names file, line and field once', () => {
    expect(formatProblem({ severity: 'error', code: 'invalid_date', file: 'claims.csv', line: 5, field: 'date', message: 'date: 2013-02-30 does not exist' })).toBe(
      'error: claims.csv:5 date: 2013-02-30 does not exist',
    );
    expect(formatProblem({ severity: 'warning', code: 'x', file: 'registry.json', field: 'claims[0].statement', message: 'contains markup' })).toBe(
      'warning: registry.json claims[0].statement: contains markup',
    );
  });

  it('lists counts in a fixed order whatever order they come in', () => {
    expect(formatCounts({ claims: 17, sources: 23, recognitionActs: 20 })).toBe('23 sources, 17 claims, 20 recognition acts');
  });
});
