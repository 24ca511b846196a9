import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../src/server/testing.ts';
import { syntheticFiles, userWithRole } from './registry-fixtures.ts';

type Headers = Record<string, string>;

/** Synthetic units and persons (invented names; nothing about real people). */
const entitiesCsv =
  'id,kind,name,actor,description\n' +
  'ORG,organisation,Example Ministry of Defence,ACT1,\n' +
  'BDE,unit,1st Example Brigade,,\n' +
  'BN1,unit,1st Battalion,,\n' +
  'BN2,unit,2nd Battalion,,\n' +
  'P1,person,Colonel Example,,\n' +
  'P2,person,Major Sample,,\n';
const relationsCsv =
  'id,kind,from,to,start,end,sources,notes\n' +
  'R1,subordinate-to,BDE,ORG,2000,,SRC1,\n' +
  'R2,subordinate-to,BN1,BDE,2000-06,2002,SRC1;SRC2,\n' +
  'R3,subordinate-to,BN2,BDE,2001-04,,SRC2,\n' +
  'R4,commands,P1,BDE,2000-01-01,2001-12-31,SRC2,\n' +
  'R5,commands,P2,BN1,2001-02,2001-03,SRC1,\n' +
  'R6,area-of-operation,BN1,Exampletown,2001-02-20,2001-03-10,SRC1,\n';

describe('cases API: units and chains of command', () => {
  let t: TestApp;
  let editor: Headers;
  let viewer: Headers;
  let reviewer: Headers;
  const inject = (method: 'GET' | 'POST', url: string, headers?: Headers, payload?: unknown) =>
    t.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
  const counts = async () => {
    const list = (await inject('GET', '/api/cases/units', editor)).json();
    return { entities: list.entities.length as number, relations: list.relations.length as number };
  };
  const located = (problems: { severity: string; code: string; file: string; line?: number; field?: string }[]) =>
    problems.filter((p) => p.severity === 'error').map((p) => `${p.code}@${p.file}:${p.line ?? ''}#${p.field ?? ''}`);

  beforeAll(async () => {
    t = await createTestApp();
    const admin = (await t.login(t.admin.username, t.admin.password)).headers;
    editor = (await userWithRole(t, 'editor1', 'editor')).headers;
    reviewer = (await userWithRole(t, 'reviewer1', 'reviewer')).headers;
    viewer = (await userWithRole(t, 'viewer1', 'viewer')).headers;
    expect((await inject('POST', '/api/registry/import', admin, { files: syntheticFiles })).statusCode).toBe(201);
  });
  afterAll(async () => t?.close());

  it('lets editors import, viewers read, and refuses the public and other roles', async () => {
    const files = { 'units-entities.csv': entitiesCsv, 'units-relations.csv': relationsCsv };
    expect((await inject('GET', '/api/cases/units')).statusCode).toBe(401);
    expect((await inject('POST', '/api/cases/units/import', viewer, { files })).statusCode).toBe(403);
    expect((await inject('POST', '/api/cases/units/import', reviewer, { files })).statusCode).toBe(403);
    const dry = await inject('POST', '/api/cases/units/import', editor, { files, dryRun: true });
    expect(dry.statusCode).toBe(200);
    expect(await counts()).toEqual({ entities: 0, relations: 0 });
    const done = await inject('POST', '/api/cases/units/import', editor, { files, label: 'synthetic' });
    expect(done.statusCode).toBe(201);
    expect(done.json().counts).toEqual({ entities: 6, relations: 6 });
    const list = (await inject('GET', '/api/cases/units', viewer)).json();
    expect(list.relations.find((r: { id: string }) => r.id === 'R2').sources.map((s: { title: string }) => s.title)).toEqual(['Report on the flood', 'Judgment 12/3']);
    const again = await inject('POST', '/api/cases/units/import', editor, { files });
    expect(again.statusCode).toBe(400);
    expect(located(again.json().error.details.problems)).toContain('already_exists@units-entities.csv:2#id');
  });

  it('draws the chain on a date with each edge sourced and its certainty, and refuses bad dates and unknown units', async () => {
    const chart = await inject('GET', '/api/cases/units/chart?date=2001-02-25', viewer);
    expect(chart.statusCode).toBe(200);
    const body = chart.json();
    expect(body.edges.map((e: { id: string }) => e.id)).toEqual(['R1', 'R2', 'R4', 'R5']);
    expect(body.roots).toEqual(['ORG']);
    expect(body.edges.find((e: { id: string }) => e.id === 'R5').certainty).toBe('possible');
    expect(body.edges.find((e: { id: string }) => e.id === 'R4').certainty).toBe('certain');
    // R2 ends "2002": in June 2002 it possibly still holds; in 2003 it cannot.
    const vague = (await inject('GET', '/api/cases/units/chart?date=2002-06', viewer)).json();
    expect(vague.edges.map((e: { id: string; certainty: string }) => `${e.id}:${e.certainty}`)).toEqual(['R1:possible', 'R2:possible', 'R3:possible']);
    const later = (await inject('GET', '/api/cases/units/chart?date=2003', viewer)).json();
    expect(later.edges.map((e: { id: string }) => e.id)).toEqual(['R1', 'R3']);
    expect((await inject('GET', '/api/cases/units/chart?date=2001-02-30', viewer)).json().error.code).toBe('invalid_date');
    expect((await inject('GET', '/api/cases/units/chart?date=26.02.2001', viewer)).json().error.code).toBe('invalid_request');
    expect((await inject('GET', '/api/cases/units/chart?date=2002&to=2001', viewer)).json().error.code).toBe('end_before_start');
    expect((await inject('GET', '/api/cases/units/chart?date=2001&focus=NOPE', viewer)).statusCode).toBe(404);
    expect((await inject('GET', '/api/cases/units/chart?date=2001&focus=..%2Fetc', viewer)).statusCode).toBe(400);
  });

  it('refuses a relation that closes a cycle on a common day, ends before it starts, or names unknown ids, saving nothing', async () => {
    const before = await counts();
    const cycle = await inject('POST', '/api/cases/units/relations', editor, { id: 'X1', kind: 'subordinate-to', from: 'BDE', to: 'BN1', start: '2001-12', sources: ['SRC1'] });
    expect(cycle.statusCode).toBe(400);
    expect(cycle.json().error.code).toBe('command_cycle');
    const backwards = await inject('POST', '/api/cases/units/relations', editor, { id: 'X2', kind: 'commands', from: 'P1', to: 'BN2', start: '2003', end: '2002-12', sources: ['SRC1'] });
    expect(backwards.json().error.code).toBe('end_before_start');
    const unknownUnit = await inject('POST', '/api/cases/units/relations', editor, { id: 'X3', kind: 'commands', from: 'P9', to: 'BN2', sources: ['SRC1'] });
    expect(unknownUnit.json().error.code).toBe('unknown_entity');
    const unknownSource = await inject('POST', '/api/cases/units/relations', editor, { id: 'X4', kind: 'commands', from: 'P1', to: 'BN2', sources: ['SRC404'] });
    expect(unknownSource.json().error.code).toBe('unknown_reference');
    const wrongKind = await inject('POST', '/api/cases/units/relations', editor, { id: 'X5', kind: 'subordinate-to', from: 'P1', to: 'BN2', sources: ['SRC1'] });
    expect(wrongKind.json().error.code).toBe('wrong_entity_kind');
    expect((await inject('POST', '/api/cases/units/relations', editor, { id: 'X6', kind: 'commands', from: 'P1', to: 'BN2', sources: [] })).json().error.code).toBe('invalid_request');
    expect((await inject('POST', '/api/cases/units/relations', editor, { id: 'X7', kind: 'commands', from: 'P1', to: 'BN2', sources: ['SRC1'], extra: 1 })).json().error.code).toBe('invalid_request');
    expect(await counts()).toEqual(before);
    // The same pair reversed after the first relation ended is a reorganisation, not a cycle.
    const later = await inject('POST', '/api/cases/units/relations', editor, { id: 'X8', kind: 'subordinate-to', from: 'BDE', to: 'BN1', start: '2004', sources: ['SRC1'] });
    expect(later.statusCode).toBe(201);
  });

  it('refuses hostile strings and malformed files with line and field, keeping markup as text', async () => {
    expect((await inject('POST', '/api/cases/units/entities', editor, { id: 'U9', kind: 'unit', name: 'nul\u0000byte' })).json().error.code).toBe('invalid_text');
    expect((await inject('POST', '/api/cases/units/entities', editor, { id: 'U9', kind: 'unit', name: 'lone \ud800' })).statusCode).toBe(400);
    expect((await inject('POST', '/api/cases/units/entities', editor, { id: '../../etc', kind: 'unit', name: 'x' })).json().error.code).toBe('invalid_request');
    expect((await inject('POST', '/api/cases/units/entities', editor, { id: 'U9', kind: 'unit', name: 'x'.repeat(1001) })).json().error.code).toBe('invalid_request');
    const script = await inject('POST', '/api/cases/units/entities', editor, { id: 'U9', kind: 'unit', name: '<script>alert(1)</script>' });
    expect(script.statusCode).toBe(201);
    expect(script.json().entities.find((e: { id: string }) => e.id === 'U9').name).toBe('<script>alert(1)</script>');
    const broken = {
      'units-entities.csv': 'id,kind,name,actor,description\nV1,brigade,X,,\n',
      'units-relations.csv': 'id,kind,from,to,start,end,sources,notes\nQ1,commands,P1,BN2,2001-13,,SRC1,\n',
    };
    const refused = await inject('POST', '/api/cases/units/import', editor, { files: broken });
    expect(refused.statusCode).toBe(400);
    const problems = located(refused.json().error.details.problems);
    expect(problems).toContain('invalid_value@units-entities.csv:2#kind');
    const unterminated = await inject('POST', '/api/cases/units/import', editor, { files: { 'units-entities.csv': 'id,kind,name,actor,description\nV2,unit,"unterminated\n' } });
    expect(located(unterminated.json().error.details.problems)[0]).toMatch(/^malformed_csv@units-entities.csv/);
    expect(problems).toContain('invalid_date@units-relations.csv:2#start');
    const json = await inject('POST', '/api/cases/units/import', editor, { files: { 'units.json': '{"format":"reckon-units","version":1,"relations":[{"id":"Q2","kind":"commands","from":"P1","to":"BN2","sources":["SRC1"],"secret":1}]}' } });
    expect(located(json.json().error.details.problems)).toContain('unknown_field@units.json:#relations[0].secret');
    expect(json.json().error.code).toBe('unknown_field');
    expect((await inject('POST', '/api/cases/units/import', editor, { files: { 'units.json': '{' } })).json().error.details.problems[0].code).toBe('malformed_json');
    expect((await inject('POST', '/api/cases/units/import', editor, { files: { 'x.csv': 'a\n' } })).json().error.code).toBe('nothing_to_import');
  });

  it('lists the units present at an incident and their commanders then, up the chain, with sources', async () => {
    const created = await inject('POST', '/api/cases/incidents', editor, { title: 'Shelling of Exampletown', dateKind: 'range', dateStart: '2001-02-25', dateEnd: '2001-02-26', placeName: 'Exampletown' });
    expect(created.statusCode).toBe(201);
    const id = created.json().incident?.id ?? created.json().id;
    const units = await inject('GET', `/api/cases/incidents/${encodeURIComponent(id)}/command`, viewer);
    expect(units.statusCode).toBe(200);
    const body = units.json();
    expect(body.units.map((u: { unit: { id: string } }) => u.unit.id)).toEqual(['BN1']);
    const chain = body.units[0].chain as { unit: { id: string }; via: { id: string } | null; commanders: { person: { name: string }; relation: { sources: { id: string }[] } }[] }[];
    expect(chain.map((s) => s.unit.id)).toEqual(['BN1', 'BDE', 'ORG']);
    expect(chain[0].commanders.map((c) => c.person.name)).toEqual(['Major Sample']);
    expect(chain[1].via?.id).toBe('R2');
    expect(chain[1].commanders[0].relation.sources.map((s) => s.id)).toEqual(['SRC2']);
    expect(body.units[0].areas[0].sources[0].id).toBe('SRC1');
    expect((await inject('GET', '/api/cases/incidents/NOPE/command', viewer)).statusCode).toBe(404);
    expect((await inject('GET', `/api/cases/incidents/${encodeURIComponent(id)}/command`)).statusCode).toBe(401);
  });
});
