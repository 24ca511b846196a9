import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFrameworkFiles } from '../../src/core/cases/index.ts';
import { readStandardFrameworks } from '../../src/server/cases/service.ts';
import { createTestApp, type TestApp } from '../../src/server/testing.ts';
import { syntheticFiles, userWithRole } from './registry-fixtures.ts';

type Headers = Record<string, string>;
type Problem = { severity: string; code: string; file: string; line?: number; field?: string };

const located = (problems: Problem[]) => problems.filter((p) => p.severity === 'error').map((p) => `${p.code}@${p.file}:${p.line ?? ''}#${p.field ?? ''}`);

/** A small invented national code, in the framework CSV format. */
const nationalCode = {
  'frameworks.csv': 'id,name,instrument,jurisdiction,summary_source,language\nXC,Example Criminal Code,Criminal Code of Exampleland (2001),Exampleland,Synthetic test data,en\n',
  'crimes.csv':
    'id,framework,parent,category,article,title,quoted_terms,summary\n' +
    'XC-100,XC,,other,100,Unlawful confinement,"""confinement""",Confining a person without lawful authority.\n',
  'modes.csv': 'id,framework,article,title,quoted_terms,summary\nXC-20,XC,20(1),Perpetration,,Doing it oneself.\n',
  'elements.csv':
    'id,crime,mode,number,kind,summary,quoted_terms,citation\n' +
    'XC-100.1,XC-100,,1,conduct,The person confined another.,,Code Art. 100\n' +
    'XC-100.2,XC-100,,2,circumstance,Without lawful authority.,,Code Art. 100\n' +
    'XC-20.1,,XC-20,1,conduct,The person did it personally.,,Code Art. 20(1)\n',
};

describe('cases API: frameworks, incidents, acts, allegations', () => {
  let t: TestApp;
  let admin: Headers;
  let editor: Headers;
  let reviewer: Headers;
  let viewer: Headers;
  const inject = (method: 'GET' | 'POST' | 'PUT', url: string, headers?: Headers, payload?: unknown) =>
    t.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
  const audit = async () => (await inject('GET', '/api/audit?limit=200', admin)).json().events as { action: string; subjectId: string; details: Record<string, unknown> }[];
  const counts = async () => (await inject('GET', '/api/cases', viewer)).json().counts as Record<string, number>;

  beforeAll(async () => {
    t = await createTestApp();
    admin = (await t.login(t.admin.username, t.admin.password)).headers;
    editor = (await userWithRole(t, 'editor1', 'editor')).headers;
    reviewer = (await userWithRole(t, 'reviewer1', 'reviewer')).headers;
    viewer = (await userWithRole(t, 'viewer1', 'viewer')).headers;
    // Registry actors, sources and an event for the allegations to name (synthetic).
    const registry = { 'sources.csv': syntheticFiles['sources.csv'], 'actors.csv': syntheticFiles['actors.csv'], 'events.csv': syntheticFiles['events.csv'] };
    expect((await inject('POST', '/api/registry/import', editor, { files: registry })).statusCode).toBe(201);
  });
  afterAll(async () => t?.close());

  it('lets only signed-in readers read and only editors write', async () => {
    expect((await inject('GET', '/api/cases')).statusCode).toBe(401);
    expect((await inject('GET', '/api/cases/incidents')).statusCode).toBe(401);
    expect((await inject('GET', '/api/cases', viewer)).statusCode).toBe(200);
    expect((await inject('POST', '/api/cases/frameworks/standard', viewer)).statusCode).toBe(403);
    expect((await inject('POST', '/api/cases/frameworks/standard', reviewer)).statusCode).toBe(403);
    expect((await inject('POST', '/api/cases/incidents', viewer, { title: 'x', dateKind: 'unknown' })).statusCode).toBe(403);
    expect((await inject('POST', '/api/cases/import', viewer, { files: {} })).statusCode).toBe(403);
  });

  it('loads the shipped frameworks once, with the elements as the Elements of Crimes numbers them, and exports them so they parse back identically', async () => {
    const first = await inject('POST', '/api/cases/frameworks/standard', editor);
    expect(first.statusCode).toBe(201);
    const parsed = parseFrameworkFiles(readStandardFrameworks(), { frameworks: new Set(), crimes: new Map(), modes: new Set(), elements: new Set() });
    expect(first.json().counts).toEqual({ frameworks: 2, crimes: parsed.dataset.crimes.length, modes: parsed.dataset.modes.length, elements: parsed.dataset.elements.length });
    expect((await inject('POST', '/api/cases/frameworks/standard', editor)).json().alreadyLoaded).toBe(true);

    const rs = (await inject('GET', '/api/cases/frameworks/RS', viewer)).json();
    const articles = rs.crimes.map((c: { article: string }) => c.article);
    for (const a of ['6(a)', '6(e)', '7(1)(a)', '7(1)(b)', '7(1)(d)', '7(1)(e)', '7(1)(f)', '7(1)(i)', '7(1)(k)', '8(2)(a)(i)', '8(2)(b)(i)', '8(2)(b)(iv)', '8(2)(e)(i)']) expect(articles).toContain(a);
    expect(rs.modes.map((m: { article: string }) => m.article)).toEqual(['25(3)(a)', '25(3)(b)', '25(3)(c)', '25(3)(d)', '28(a)', '28(b)']);
    const disappearance = rs.crimes.find((c: { id: string }) => c.id === 'RS-7-1-i');
    expect(disappearance.parentId).toBe('RS-7');
    expect(disappearance.elements.map((e: { number: number; kind: string }) => `${e.number}:${e.kind}`)).toEqual(['1:conduct', '2:circumstance', '3:mental', '4:circumstance', '5:circumstance', '6:mental']);
    const gc = (await inject('GET', '/api/cases/frameworks/GC', viewer)).json();
    expect(gc.crimes.map((c: { article: string }) => c.article)).toEqual(['II', 'II(a)', 'II(b)', 'II(c)', 'II(d)', 'II(e)']);
    expect(gc.crimes[0].elements.find((e: { kind: string }) => e.kind === 'mental').summary).toMatch(/destroy/);

    // Every framework in one request (the allegation form's lists): each exactly what its own request answers.
    expect((await inject('GET', '/api/cases/framework-details')).statusCode).toBe(401);
    const all = (await inject('GET', '/api/cases/framework-details', viewer)).json().frameworks as Array<{ framework: { id: string } }>;
    expect(all.map((f) => f.framework.id)).toEqual(['GC', 'RS']);
    expect(all[0]).toEqual(gc);
    expect(all[1]).toEqual(rs);

    for (const format of ['csv', 'json'] as const) {
      const exported = (await inject('GET', `/api/cases/frameworks/export?format=${format}`, viewer)).json().files as Record<string, string>;
      const back = parseFrameworkFiles(exported, { frameworks: new Set(), crimes: new Map(), modes: new Set(), elements: new Set() });
      expect(back.ok).toBe(true);
      expect(back.dataset.elements.length).toBe(parsed.dataset.elements.length);
      expect(new Set(back.dataset.crimes.map((c) => JSON.stringify(c)))).toEqual(new Set(parsed.dataset.crimes.map((c) => JSON.stringify(c))));
    }
  });

  it('refuses a framework with unknown articles, duplicate ids and element numbers, cycles and bad references, naming line and field, and saves none of it', async () => {
    const before = await counts();
    const broken = {
      'frameworks.csv': nationalCode['frameworks.csv'],
      'crimes.csv':
        nationalCode['crimes.csv'] +
        'XC-101,XC,XC-102,other,101,A,,s\n' +
        'XC-102,XC,XC-101,other,102,B,,s\n' +
        'XC-103,XC,,other,see below,C,,s\n' +
        'XC-104,NOWHERE,RS-7,other,104,D,,s\n',
      'modes.csv': nationalCode['modes.csv'],
      'elements.csv': `${nationalCode['elements.csv']}XC-100.1,XC-100,,3,conduct,dup id,,c\nXC-100.9,XC-100,,2,conduct,dup number,,c\nXC-X,XC-100,XC-20,4,conduct,two owners,,c\nXC-Y,XC-999,,1,conduct,unknown crime,,c\n`,
    };
    const refused = await inject('POST', '/api/cases/frameworks/import', editor, { files: broken });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.code).toBe('import_rejected');
    const errors = located(refused.json().error.details.problems);
    expect(errors).toEqual(expect.arrayContaining(['unknown_article@crimes.csv:5#article', 'element_owner@elements.csv:7#crime']));
    // The reference checks run once the rows themselves are well formed.
    const references = {
      ...broken,
      'crimes.csv': nationalCode['crimes.csv'] + 'XC-101,XC,XC-102,other,101,A,,s\nXC-102,XC,XC-101,other,102,B,,s\nXC-104,NOWHERE,RS-7,other,104,D,,s\n',
      'elements.csv': `${nationalCode['elements.csv']}XC-100.1,XC-100,,3,conduct,dup id,,c\nXC-100.9,XC-100,,2,conduct,dup number,,c\nXC-Y,XC-999,,1,conduct,unknown crime,,c\nRS-7.1,RS-7,,9,conduct,exists,,c\n`,
    };
    const second = await inject('POST', '/api/cases/frameworks/import', editor, { files: references });
    expect(second.statusCode).toBe(400);
    expect(located(second.json().error.details.problems)).toEqual(
      expect.arrayContaining([
        'cycle@crimes.csv:3#parent',
        'cycle@crimes.csv:4#parent',
        'unknown_reference@crimes.csv:5#framework',
        'bad_reference@crimes.csv:5#parent',
        'duplicate_id@elements.csv:5#id',
        'duplicate_element@elements.csv:6#number',
        'unknown_reference@elements.csv:7#crime',
        'already_exists@elements.csv:8#id',
      ]),
    );
    expect(await counts()).toEqual(before);
    expect((await audit()).filter((e) => e.action === 'cases.frameworks_imported')).toHaveLength(1);

    const hostile = await inject('POST', '/api/cases/frameworks/import', editor, {
      files: { ...nationalCode, 'crimes.csv': 'id,framework,parent,category,article,title,quoted_terms,summary\nXC-100,XC,,other,100,Bad\u0001title,,s\n' },
    });
    expect(hostile.statusCode).toBe(400);
    expect(located(hostile.json().error.details.problems)).toContain('forbidden_character@crimes.csv:2#title');
    expect((await inject('POST', '/api/cases/frameworks/import', editor, { files: { ...nationalCode, 'frameworks.json': '{}' } })).json().error.details.problems[0].code).toBe('mixed_formats');
    expect((await inject('POST', '/api/cases/frameworks/import', editor, { files: { 'frameworks.json': '{"format":"reckon-cases","version":1,"elements":[{"id":"E","crimeId":"C","number":"one"}]}' } })).statusCode).toBe(400);
    for (const payload of [{}, { files: { '../crimes.csv': 'x' } }, { files: { 'crimes.csv': 1 } }, { files: {}, extra: true }]) {
      expect((await inject('POST', '/api/cases/frameworks/import', editor, payload)).json().error.code).toBe('invalid_request');
    }

    const national = await inject('POST', '/api/cases/frameworks/import', editor, { files: nationalCode, label: 'Exampleland code' });
    expect(national.statusCode).toBe(201);
    expect(national.json().counts).toEqual({ frameworks: 1, crimes: 1, modes: 1, elements: 3 });
  });

  let incidentId = '';

  it('records an incident with its dates checked, refusing a range that ends before it starts, hostile text and duplicates', async () => {
    const backwards = await inject('POST', '/api/cases/incidents', editor, { title: 'Shelling of Exampletown', dateKind: 'range', dateStart: '2001-03-02', dateEnd: '2001-03-01' });
    expect(backwards.statusCode).toBe(400);
    expect(located(backwards.json().error.details.problems)).toContain('date_order@cases.json:#incidents[0].dateEnd');
    const noEnd = await inject('POST', '/api/cases/incidents', editor, { title: 'x', dateKind: 'range', dateStart: '2001-03' });
    expect(located(noEnd.json().error.details.problems)).toContain('missing_field@cases.json:#incidents[0].dateEnd');
    const badDay = await inject('POST', '/api/cases/incidents', editor, { title: 'x', dateKind: 'exact', dateStart: '2001-02-30' });
    expect(badDay.json().error.details.problems[0].code).toBe('invalid_date');
    expect((await inject('POST', '/api/cases/incidents', editor, { title: 'nul\u0000byte', dateKind: 'unknown' })).json().error.code).toBe('invalid_text');
    expect((await inject('POST', '/api/cases/incidents', editor, { title: 'lone \ud800', dateKind: 'unknown' })).statusCode).toBe(400);
    expect((await inject('POST', '/api/cases/incidents', editor, { title: 'x'.repeat(301), dateKind: 'unknown' })).json().error.code).toBe('invalid_request');
    expect((await inject('POST', '/api/cases/incidents', editor, { id: '../etc', title: 'x', dateKind: 'unknown' })).json().error.code).toBe('invalid_request');
    const unknownEvent = await inject('POST', '/api/cases/incidents', editor, { title: 'x', dateKind: 'unknown', eventIds: ['EV404'] });
    expect(located(unknownEvent.json().error.details.problems)).toContain('unknown_reference@cases.json:#incidents[0].events');
    expect((await counts()).incidents).toBe(0);

    const created = await inject('POST', '/api/cases/incidents', editor, {
      id: 'INC1',
      title: 'Shelling of Exampletown <script>alert(1)</script>',
      dateKind: 'range',
      dateStart: '2001-03-01',
      dateEnd: '2001-03-02',
      placeName: 'Exampletown',
      placeCountry: 'FR',
      latitude: 45.5,
      longitude: 4.25,
      eventIds: ['EV1'],
    });
    expect(created.statusCode).toBe(201);
    incidentId = created.json().incident.id;
    expect(created.json().incident).toMatchObject({ date: { kind: 'range', start: '2001-03-01', end: '2001-03-02' }, events: [{ id: 'EV1', name: 'The flood' }] });
    // Script is stored and returned as text, never interpreted (the web renders text).
    expect(created.json().incident.title).toContain('<script>');
    const duplicate = await inject('POST', '/api/cases/incidents', editor, { id: 'INC1', title: 'again', dateKind: 'unknown' });
    expect(duplicate.statusCode).toBe(409);
    const partial = await inject('POST', '/api/cases/incidents', editor, { title: 'Month only', dateKind: 'partial', dateStart: '2001-04' });
    expect(partial.statusCode).toBe(201);
    expect(partial.json().incident.id).toMatch(/^INC-[0-9a-f]{10}$/);
    expect((await audit()).filter((e) => e.action === 'cases.incident_created').map((e) => e.subjectId)).toContain('INC1');
  });

  it('adds acts from sources with the reported involvement, refusing unknown sources, actors and casualty records', async () => {
    const act = { actType: 'killing', description: 'Two residents killed by shellfire', involvement: 'direct', sourceId: 'SRC1', pinpoint: 'p. 2', verification: 'reported', perpetratorActorId: 'ACT1', victimDescription: 'two residents' };
    const unknown = await inject('POST', `/api/cases/incidents/${incidentId}/acts`, editor, { ...act, sourceId: 'SRC404', perpetratorActorId: 'ACT404', victimRecordId: '00000000-0000-4000-8000-000000000000' });
    expect(unknown.statusCode).toBe(400);
    expect(located(unknown.json().error.details.problems)).toEqual(
      expect.arrayContaining(['unknown_reference@cases.json:#acts[0].source', 'unknown_reference@cases.json:#acts[0].perpetrator_actor', 'unknown_reference@cases.json:#acts[0].victim_record']),
    );
    expect((await inject('POST', '/api/cases/incidents/NOPE/acts', editor, act)).statusCode).toBe(404);
    expect((await inject('POST', `/api/cases/incidents/${incidentId}/acts`, editor, { ...act, involvement: 'guilty' })).statusCode).toBe(400);
    const added = await inject('POST', `/api/cases/incidents/${incidentId}/acts`, editor, act);
    expect(added.statusCode).toBe(201);
    expect(added.json().act).toMatchObject({ involvement: 'direct', perpetratorActor: { id: 'ACT1', name: 'Ministry of Examples' }, source: { id: 'SRC1', pinpoint: 'p. 2' }, victimRecorded: false });
  });

  it('records competing characterisations side by side, each a claim with its proponent and sources, and refuses inconsistent ones', async () => {
    const base = { incidentId, verification: 'reported', statement: 'The proponent says so', sources: [{ sourceId: 'SRC1', pinpoint: 'p. 4' }] };
    const cah = await inject('POST', '/api/cases/allegations', editor, {
      ...base,
      id: 'AL1',
      proponentId: 'ACT2',
      characterisation: 'crime-against-humanity',
      crimeId: 'RS-7-1-a',
      modeId: 'RS-28-a',
      perpetratorActorId: 'ACT1',
      elementIds: ['RS-7.1', 'RS-7.2', 'RS-7-1-a.1', 'RS-28-a.2'],
      date: '2003',
    });
    expect(cah.statusCode).toBe(201);
    const lawful = await inject('POST', '/api/cases/allegations', editor, { ...base, id: 'AL2', proponentId: 'ACT1', characterisation: 'lawful-act-of-war', sources: [{ sourceId: 'SRC2' }] });
    expect(lawful.statusCode).toBe(201);

    const notACrime = await inject('POST', '/api/cases/allegations', editor, { ...base, proponentId: 'ACT3', characterisation: 'not-attributable', crimeId: 'RS-7-1-a' });
    expect(located(notACrime.json().error.details.problems)).toContain('not_a_crime@cases.json:#allegations[0].crime');
    const mismatch = await inject('POST', '/api/cases/allegations', editor, { ...base, proponentId: 'ACT3', characterisation: 'genocide', crimeId: 'RS-7-1-a' });
    expect(located(mismatch.json().error.details.problems)).toContain('category_mismatch@cases.json:#allegations[0].crime');
    const foreign = await inject('POST', '/api/cases/allegations', editor, { ...base, proponentId: 'ACT3', characterisation: 'war-crime', crimeId: 'RS-8-2-b-i', elementIds: ['RS-7-1-a.1'] });
    expect(located(foreign.json().error.details.problems)).toContain('element_not_of_crime@cases.json:#allegations[0].elements');
    const noSource = await inject('POST', '/api/cases/allegations', editor, { ...base, sources: [], proponentId: 'ACT3', characterisation: 'other' });
    expect(noSource.json().error.code).toBe('invalid_request');
    const unknown = await inject('POST', '/api/cases/allegations', editor, { ...base, proponentId: 'ACT404', characterisation: 'other', sources: [{ sourceId: 'SRC404' }] });
    expect(located(unknown.json().error.details.problems)).toEqual(expect.arrayContaining(['unknown_reference@cases.json:#allegations[0].proponent', 'unknown_reference@cases.json:#allegations[0].sources']));

    const page = (await inject('GET', `/api/cases/incidents/${incidentId}`, viewer)).json();
    expect(page.allegations.map((a: { id: string; characterisation: string; proponent: { name: string } }) => `${a.id}:${a.characterisation}:${a.proponent.name}`)).toEqual([
      'AL1:crime-against-humanity:Example Watch',
      'AL2:lawful-act-of-war:Ministry of Examples',
    ]);
    expect(page.allegations[0].sources).toEqual([expect.objectContaining({ id: 'SRC1', title: 'Report on the flood', pinpoint: 'p. 4' })]);
    expect(page.canEdit).toBe(false);

    const detail = (await inject('GET', '/api/cases/allegations/AL1', viewer)).json();
    // Every element the crime (with its Art. 7 context) and the mode require, those relied on marked.
    expect(detail.elements.map((e: { id: string; reliedOn: boolean }) => `${e.id}${e.reliedOn ? '*' : ''}`)).toEqual([
      'RS-7.1*', 'RS-7.2*', 'RS-7-1-a.1*', 'RS-28-a.1', 'RS-28-a.2*', 'RS-28-a.3', 'RS-28-a.4', 'RS-28-a.5',
    ]);
    expect(detail.competing.map((a: { id: string }) => a.id)).toEqual(['AL2']);
    expect((await inject('GET', '/api/cases/allegations/NOPE', viewer)).statusCode).toBe(404);
  });

  it('lets only reviewers change an allegation\'s verification, with a note, audited', async () => {
    const body = { verification: 'primary-seen', note: 'Read the original report' };
    expect((await inject('PUT', '/api/cases/allegations/AL1/verification', viewer, body)).statusCode).toBe(403);
    expect((await inject('PUT', '/api/cases/allegations/AL1/verification', editor, body)).statusCode).toBe(403);
    expect((await inject('PUT', '/api/cases/allegations/AL1/verification', reviewer, { ...body, note: '  ' })).json().error.code).toBe('note_required');
    const done = await inject('PUT', '/api/cases/allegations/AL1/verification', reviewer, body);
    expect(done.statusCode).toBe(200);
    expect(done.json().allegation.verification).toBe('primary-seen');
    expect((await inject('PUT', '/api/cases/allegations/AL1/verification', reviewer, body)).statusCode).toBe(409);
    const event = (await audit()).find((e) => e.action === 'cases.allegation_verification_changed');
    expect(event?.details).toMatchObject({ from: 'reported', to: 'primary-seen', note: 'Read the original report' });
  });

  it('lets analysts withdraw an allegation with a reason as a new ledger event, keeping what was alleged; refuses bad input and a second withdrawal', async () => {
    const before = (await inject('GET', '/api/cases/allegations/AL2', viewer)).json().allegation;
    expect(before.withdrawn).toBeNull();
    const body = { reason: 'The proponent retracted the statement (source S2, p. 1)' };
    expect((await inject('POST', '/api/cases/allegations/AL2/withdraw', viewer, body)).statusCode).toBe(403);
    expect((await inject('POST', '/api/cases/allegations/AL2/withdraw', reviewer, body)).statusCode).toBe(403);
    expect((await inject('POST', '/api/cases/allegations/AL2/withdraw', undefined, body)).statusCode).toBe(401);
    expect((await inject('POST', '/api/cases/allegations/AL2/withdraw', editor, { reason: '   ' })).json().error.code).toBe('reason_required');
    expect((await inject('POST', '/api/cases/allegations/AL2/withdraw', editor, { reason: 'x'.repeat(2001) })).statusCode).toBe(400);
    expect((await inject('POST', '/api/cases/allegations/AL2/withdraw', editor, { reason: 'a\u0000b' })).json().error.code).toBe('invalid_text');
    expect((await inject('POST', '/api/cases/allegations/AL2/withdraw', editor, { reason: '\ud800' })).json().error.code).toBe('invalid_text');
    expect((await inject('POST', '/api/cases/allegations/AL2/withdraw', editor, { ...body, extra: 1 })).statusCode).toBe(400);
    expect((await inject('POST', '/api/cases/allegations/..%2F..%2Fetc/withdraw', editor, body)).statusCode).toBeGreaterThanOrEqual(400);
    expect((await inject('POST', '/api/cases/allegations/NOPE/withdraw', editor, body)).statusCode).toBe(404);
    expect((await audit()).filter((e) => e.action === 'cases.allegation_withdrawn')).toHaveLength(0);

    const done = await inject('POST', '/api/cases/allegations/AL2/withdraw', editor, { reason: '  <script>alert(1)</script> retracted  ' });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().allegation.withdrawn).toMatchObject({ by: 'editor1', reason: '<script>alert(1)</script> retracted' });
    // What was alleged is unchanged; the incident page still shows it, marked withdrawn, beside the other one.
    const { withdrawn: _w, withdrawals: _ws, ...rest } = done.json().allegation;
    const { withdrawn: _b, withdrawals: _bs, ...was } = before;
    expect(rest).toEqual(was);
    const page = (await inject('GET', '/api/cases/incidents/INC1', viewer)).json();
    expect(page.allegations.map((a: { id: string; withdrawn: unknown }) => `${a.id}:${a.withdrawn ? 'withdrawn' : 'standing'}`)).toEqual(['AL1:standing', 'AL2:withdrawn']);
    expect((await inject('POST', '/api/cases/allegations/AL2/withdraw', editor, body)).json().error.code).toBe('already_withdrawn');
    const events = (await audit()).filter((e) => e.action === 'cases.allegation_withdrawn');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ subjectId: 'AL2', details: { reason: '<script>alert(1)</script> retracted', incidentId: 'INC1' } });

    // Restored as incidents and acts are: a new ledger event, every step kept; then withdrawn again.
    const restoreRefused = [
      [viewer, body, 403],
      [reviewer, body, 403],
      [editor, { reason: ' ' }, 400],
      [editor, { reason: 'a\u0000b' }, 400],
      [editor, { reason: 'x'.repeat(2001) }, 400],
    ] as const;
    for (const [headers, payload, status] of restoreRefused) expect((await inject('POST', '/api/cases/allegations/AL2/restore', headers, payload)).statusCode).toBe(status);
    expect((await inject('POST', '/api/cases/allegations/NOPE/restore', editor, body)).json().error.code).toBe('not_found');
    const restored = await inject('POST', '/api/cases/allegations/AL2/restore', editor, { reason: 'The retraction was itself withdrawn' });
    expect(restored.statusCode, restored.body).toBe(200);
    expect(restored.json().allegation.withdrawn).toBeNull();
    expect(restored.json().allegation.withdrawals.map((w: { action: string }) => w.action)).toEqual(['withdrawn', 'restored']);
    expect((await inject('POST', '/api/cases/allegations/AL2/restore', editor, body)).json().error.code).toBe('not_withdrawn');
    expect((await inject('POST', '/api/cases/allegations/AL2/withdraw', editor, body)).statusCode).toBe(200);
    const standing = (await inject('GET', '/api/cases/allegations/AL2', viewer)).json().allegation;
    expect(standing.withdrawn).toMatchObject({ reason: body.reason });
    expect(standing.withdrawals.map((w: { action: string; reason: string }) => `${w.action}:${w.reason}`)).toEqual([
      'withdrawn:<script>alert(1)</script> retracted',
      'restored:The retraction was itself withdrawn',
      `withdrawn:${body.reason}`,
    ]);
    expect((await audit()).filter((e) => e.action === 'cases.allegation_restored')).toHaveLength(1);
  });

  it('exports incidents, acts and allegations as CSV and JSON that import checks accept, and refuses re-importing the same ids', async () => {
    const csv = (await inject('GET', '/api/cases/export?format=csv', viewer)).json().files as Record<string, string>;
    expect(Object.keys(csv).sort()).toEqual(['acts.csv', 'allegations.csv', 'incidents.csv']);
    expect(csv['allegations.csv']).toContain('SRC1@p. 4');
    expect(csv['allegations.csv'].split('\n')[0]).toBe('id,incident,proponent,characterisation,crime,mode,perpetrator_actor,perpetrator_unit,perpetrator,statement,language,date,verification,sources,elements,notes');
    const json = (await inject('GET', '/api/cases/export?format=json', viewer)).json().files as Record<string, string>;
    const again = await inject('POST', '/api/cases/import', editor, { files: json, dryRun: true });
    expect(again.statusCode).toBe(400);
    expect(new Set(again.json().error.details.problems.filter((p: Problem) => p.severity === 'error').map((p: Problem) => p.code))).toEqual(new Set(['already_exists']));

    // The same records under new ids import (dry run checks, then all of it at once).
    const renamed = Object.fromEntries(Object.entries(csv).map(([name, text]) => [name, text.replaceAll('INC1', 'INC2').replaceAll(/\bAL(\d)\b/g, 'ALX$1').replaceAll(/\b(ACT-|INC-)([0-9a-f]{10})\b/g, '$1$2b')]));
    const dry = await inject('POST', '/api/cases/import', editor, { files: renamed, dryRun: true });
    expect(dry.statusCode).toBe(200);
    expect(dry.json().counts).toEqual({ incidents: 2, acts: 1, allegations: 2 });
    const before = await counts();
    expect(before.incidents).toBe(2);
    const imported = await inject('POST', '/api/cases/import', editor, { files: renamed, label: 'copy' });
    expect(imported.statusCode).toBe(201);
    expect((await counts()).allegations).toBe(before.allegations + 2);
    expect((await audit()).some((e) => e.action === 'cases.imported' && e.details.sha256 === imported.json().sha256)).toBe(true);
  });
});
