import { describe, expect, it } from 'vitest';
import { chartOn, unitsPresent } from './command-chain.ts';
import { checkRelations, findCommandCycle } from './command-check.ts';
import { endsBeforeStart, heldDuring, relationSpan, windowOf } from './command-dates.ts';
import type { CommandEntity, CommandRelation } from './command-types.ts';

const entities: CommandEntity[] = [
  { id: 'ORG', kind: 'organisation', name: 'Ministry (synthetic)' },
  { id: 'BDE', kind: 'unit', name: 'Brigade (synthetic)' },
  { id: 'BN1', kind: 'unit', name: 'Battalion 1 (synthetic)' },
  { id: 'BN2', kind: 'unit', name: 'Battalion 2 (synthetic)' },
  { id: 'P1', kind: 'person', name: 'Person One (synthetic)' },
  { id: 'P2', kind: 'person', name: 'Person Two (synthetic)' },
  { id: 'P3', kind: 'person', name: 'Person Three (synthetic)' },
];
const rel = (id: string, kind: CommandRelation['kind'], from: string, to: string, start: string | null, end: string | null, sources = ['S1']): CommandRelation => ({
  id, kind, from, to, start, end, sources,
});
const relations: CommandRelation[] = [
  rel('R1', 'subordinate-to', 'BDE', 'ORG', '1991', null),
  rel('R2', 'subordinate-to', 'BN1', 'BDE', '1991-06-01', '1992-12'),
  rel('R3', 'subordinate-to', 'BN2', 'BDE', '1992-03', null),
  rel('R4', 'commands', 'P1', 'BDE', '1991-01-01', '1992-02-27', ['S1', 'S2']),
  rel('R5', 'commands', 'P2', 'BDE', '1992-02-28', null),
  rel('R6', 'commands', 'P3', 'BN1', '1992-02', '1992-02'),
  rel('R7', 'area-of-operation', 'BN1', 'Town A', '1992-02-20', '1992-03-10', ['S3']),
  rel('R8', 'area-of-operation', 'BN2', 'Town A', '1992-03', '1992-04'),
];

describe('partial dates of relations', () => {
  it('holds certainly inside the known days and possibly inside the vague ones', () => {
    const span = relationSpan('1992-02', '1992-03');
    expect(span).toMatchObject({ first: '1992-02-01', last: '1992-03-31', certainFirst: '1992-02-29', certainLast: '1992-03-01' });
    expect(heldDuring(span, windowOf('1992-02-29'))).toBe('certain');
    expect(heldDuring(span, windowOf('1992-02-10'))).toBe('possible');
    expect(heldDuring(span, windowOf('1992-04-01'))).toBeNull();
    expect(heldDuring(relationSpan('1990', null), windowOf('1992-01-01'))).toBe('possible');
  });
  it('treats an end within the start month as valid and an end before the start as wrong', () => {
    expect(endsBeforeStart('1992-02', '1992-02-01')).toBe(false);
    expect(endsBeforeStart('1992-02-10', '1992-02-09')).toBe(true);
    expect(endsBeforeStart('1993', '1992-12-31')).toBe(true);
    expect(endsBeforeStart(null, '1992')).toBe(false);
  });
});

describe('the chain of command on a date', () => {
  it('draws only the relations that may hold on that day', () => {
    const chart = chartOn(entities, relations, windowOf('1992-02-26'));
    expect(chart.edges.map((e) => e.relation.id)).toEqual(['R1', 'R2', 'R4', 'R6']);
    expect(chart.roots).toEqual(['ORG']);
    expect(chart.entities.map((e) => e.id)).not.toContain('BN2');
    const later = chartOn(entities, relations, windowOf('1992-03-15'));
    expect(later.edges.map((e) => e.relation.id)).toEqual(['R1', 'R2', 'R3', 'R5']);
  });
  it('marks certainty: a month-only start is possible inside that month', () => {
    const chart = chartOn(entities, relations, windowOf('1992-03-15'));
    const r3 = chart.edges.find((e) => e.relation.id === 'R3')!;
    expect(r3.certainty).toBe('possible'); // open end
    const r2 = chart.edges.find((e) => e.relation.id === 'R2')!;
    expect(r2.certainty).toBe('certain');
  });
  it('focuses on one unit: its superiors and subordinates only', () => {
    const chart = chartOn(entities, relations, windowOf('1992-03-15'), 'BN2');
    expect(chart.edges.map((e) => e.relation.id)).toEqual(['R1', 'R3', 'R5']);
  });
  it('is empty before any relation starts', () => {
    const chart = chartOn(entities, relations, windowOf('1950'));
    expect(chart.edges).toEqual([]);
    expect(chart.entities).toEqual([]);
  });
});

describe('units present at an incident', () => {
  it('finds the units in the area during the range, and their commanders up the chain with sources', () => {
    const present = unitsPresent(relations, { start: '1992-02-25', end: '1992-02-26', place: ' town a ' });
    expect(present.map((p) => p.unitId)).toEqual(['BN1']);
    const [bn1] = present;
    expect(bn1.areas[0].relation.sources).toEqual(['S3']);
    expect(bn1.chain.map((s) => s.unitId)).toEqual(['BN1', 'BDE', 'ORG']);
    expect(bn1.chain[0].commanders.map((c) => [c.relation.from, c.certainty])).toEqual([['P3', 'possible']]);
    expect(bn1.chain[1].via?.relation.id).toBe('R2');
    expect(bn1.chain[1].commanders.map((c) => c.relation.from)).toEqual(['P1']);
    expect(bn1.chain[1].commanders[0].relation.sources).toEqual(['S1', 'S2']);
  });
  it('a range spanning a change of command lists both commanders', () => {
    const present = unitsPresent(relations, { start: '1992-02-27', end: '1992-03-02', place: 'Town A' });
    expect(present.map((p) => p.unitId)).toEqual(['BN1', 'BN2']);
    expect(present[0].chain[1].commanders.map((c) => c.relation.from)).toEqual(['P1', 'P2']);
  });
  it('finds nobody at another place or time', () => {
    expect(unitsPresent(relations, { start: '1992-02-25', place: 'Town B' })).toEqual([]);
    expect(unitsPresent(relations, { start: '1993', place: 'Town A' })).toEqual([]);
  });
});

describe('checks', () => {
  it('refuses a unit subordinate to itself through others on a common day', () => {
    const cyclic = [...relations, rel('X1', 'subordinate-to', 'BDE', 'BN1', '1992-06', '1992-07')];
    const problems = checkRelations(cyclic, entities);
    expect(problems.map((p) => p.code)).toEqual(['command_cycle']);
    expect(new Set(problems[0].cycle)).toEqual(new Set(['R2', 'X1']));
  });
  it('allows the same pair reversed on days that do not overlap', () => {
    const reorganised = [...relations, rel('X1', 'subordinate-to', 'BDE', 'BN1', '1993', '1994')];
    expect(checkRelations(reorganised, entities)).toEqual([]);
    expect(findCommandCycle(reorganised)).toBeNull();
  });
  it('counts a vague date as possibly overlapping', () => {
    // R2 ends "1992-12", which may be 31 December; X1 starts "1992-12-31".
    const edge = [...relations, rel('X1', 'subordinate-to', 'BDE', 'BN1', '1992-12-31', null)];
    expect(checkRelations(edge, entities).map((p) => p.code)).toEqual(['command_cycle']);
  });
  it('finds a longer cycle among open-ended relations', () => {
    const three = [
      rel('A', 'subordinate-to', 'BN1', 'BN2', null, null),
      rel('B', 'subordinate-to', 'BN2', 'BDE', null, null),
      rel('C', 'subordinate-to', 'BDE', 'BN1', '2000', null),
    ];
    const cycle = findCommandCycle(three)!;
    expect(cycle).toHaveLength(3);
    expect(new Set(cycle)).toEqual(new Set(['A', 'B', 'C']));
    expect(findCommandCycle(three.slice(0, 2))).toBeNull();
  });
  it('refuses ends before starts, impossible dates, unknown and wrong entities, self relations, missing sources, duplicate ids', () => {
    const bad = [
      rel('B1', 'commands', 'P1', 'BN1', '1992-03', '1992-02'),
      rel('B2', 'commands', 'P1', 'BN1', '1992-02-30', null),
      rel('B3', 'commands', 'P9', 'BN1', null, null),
      rel('B4', 'subordinate-to', 'P1', 'BN1', null, null),
      rel('B5', 'subordinate-to', 'BN1', 'BN1', null, null),
      rel('B6', 'area-of-operation', 'BN1', 'Town A', null, null, []),
      rel('B6', 'member-of', 'P1', 'P2', null, null),
    ];
    expect(checkRelations(bad, entities).map((p) => `${p.relationId}:${p.code}:${p.field}`)).toEqual([
      'B1:end_before_start:end',
      'B2:invalid_date:start',
      'B3:unknown_entity:from',
      'B4:wrong_entity_kind:from',
      'B5:self_relation:to',
      'B6:no_sources:sources',
      'B6:duplicate_id:id',
      'B6:wrong_entity_kind:to',
    ]);
  });
});
