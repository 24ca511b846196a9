import { describe, expect, it } from 'vitest';
import { checkRecord, parentWouldCycle } from './record.ts';

describe('checkRecord', () => {
  const existing = { sources: new Set(['S1']), actors: new Set(['A1', 'A2']), events: new Set(['E1']), claims: new Set(['C1']) };

  it('accepts a record that an import would accept, resolving references to the registry', () => {
    const result = checkRecord(
      'claims',
      { id: 'C2', kind: 'statement', assertedBy: 'A1', statement: 'Synthetic statement', sources: ['S1'], verification: 'reported', contests: ['C1'] },
      existing,
    );
    expect(result.problems).toEqual([]);
    expect(result.record).toMatchObject({ id: 'C2', assertedBy: 'A1', contests: ['C1'], published: false });
  });

  it('names problems by the field of the record, not by a path in registry.json', () => {
    const result = checkRecord('events', { id: 'E2', name: '', startDate: '2001-02-30' }, existing);
    expect(result.record).toBeNull();
    expect(result.problems.map((p) => `${p.code}#${p.field}`)).toEqual(expect.arrayContaining(['missing_field#name', 'invalid_date#startDate']));
    expect(result.problems.every((p) => p.file === 'form' && p.line === undefined && !p.message.includes('events[0]'))).toBe(true);
  });

  it('lets an edit keep its own id and refuses a new record with a taken one', () => {
    const source = { id: 'S1', publisher: 'Example Gazette', title: 'Report', kind: 'news' };
    expect(checkRecord('sources', source, existing, 'S1').problems).toEqual([]);
    expect(checkRecord('sources', source, existing).problems.map((p) => p.code)).toEqual(['already_exists']);
  });

  it('refuses what is not an object, and unknown fields', () => {
    expect(checkRecord('actors', ['x'], existing).problems[0].code).toBe('invalid_type');
    const stray = checkRecord('actors', { id: 'A3', name: 'x', type: 'person', classification: 'official', role: 'admin' }, existing);
    expect(stray.problems.map((p) => `${p.code}#${p.field}`)).toEqual(['unknown_field#role']);
  });
});

describe('parentWouldCycle', () => {
  const parents = new Map<string, string | null>([
    ['A', null],
    ['B', 'A'],
    ['C', 'B'],
  ]);
  it('finds a cycle through the registry and none otherwise', () => {
    expect(parentWouldCycle('A', 'C', parents)).toBe(true);
    expect(parentWouldCycle('A', 'A', parents)).toBe(true);
    expect(parentWouldCycle('C', 'A', parents)).toBe(false);
    expect(parentWouldCycle('D', null, parents)).toBe(false);
  });
});
