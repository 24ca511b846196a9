import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../src/server/testing.ts';
import { syntheticFiles, userWithRole } from './registry-fixtures.ts';

type Headers = Record<string, string>;
type Correction = { at: string; by: string; reason: string; changes: Array<{ field: string; from: string | null; to: string | null; hidden: boolean }> };
type AuditEvent = { action: string; subjectId: string; details: Record<string, unknown> };

const LIST = '7d0e8a52-58a4-4d8c-9f00-000000000021';
const RECORD = '7d0e8a52-58a4-4d8c-9f00-000000000022';

/** Correcting incidents and acts: a ledger event with the values before and after and the reason; never a silent overwrite. */
describe('cases API: corrections of incidents and acts', () => {
  let t: TestApp;
  let admin: Headers;
  let editor: Headers;
  let viewer: Headers;
  const inject = (method: 'GET' | 'POST', url: string, headers?: Headers, payload?: unknown) =>
    t.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
  const corrections = async (): Promise<AuditEvent[]> =>
    ((await inject('GET', '/api/audit?limit=200', admin)).json().events as AuditEvent[]).filter((e) => e.action.endsWith('_corrected'));
  const incident = async (headers: Headers = editor) => (await inject('GET', '/api/cases/incidents/INC1', headers)).json();

  beforeAll(async () => {
    t = await createTestApp();
    admin = (await t.login(t.admin.username, t.admin.password)).headers;
    editor = (await userWithRole(t, 'editor1', 'editor')).headers;
    viewer = (await userWithRole(t, 'viewer1', 'viewer')).headers;
    const registry = { 'sources.csv': syntheticFiles['sources.csv'], 'actors.csv': syntheticFiles['actors.csv'], 'events.csv': syntheticFiles['events.csv'] };
    expect((await inject('POST', '/api/registry/import', editor, { files: registry })).statusCode).toBe(201);
    // A synthetic casualty record for an act to name as its victim.
    await sql`insert into casualty_sources (id, name) values (${LIST}, 'Synthetic list')`.execute(t.ctx.db);
    await sql`insert into casualty_records (id, source_id, source_record_id, version, names) values (${RECORD}, ${LIST}, '1', 1, '["Synthetic Person"]')`.execute(t.ctx.db);
    const created = await inject('POST', '/api/cases/incidents', editor, { id: 'INC1', title: 'Shelling of Exampletown', dateKind: 'exact', dateStart: '2001-03-01', placeName: 'Exampletown' });
    expect(created.statusCode).toBe(201);
    const act = await inject('POST', '/api/cases/incidents/INC1/acts', editor, { id: 'ACTA', actType: 'killing', description: 'Residents killed', involvement: 'direct', sourceId: 'SRC1', pinpoint: 'p. 2', verification: 'reported' });
    expect(act.statusCode).toBe(201);
  });
  afterAll(async () => t?.close());

  it('corrects an incident: the page shows the new values and the correction with the old ones, and the ledger event holds both', async () => {
    const res = await inject('POST', '/api/cases/incidents/INC1/corrections', editor, {
      changes: { dateKind: 'range', dateStart: '2001-03-01', dateEnd: '2001-03-03', eventIds: ['EV1'], placeName: null },
      reason: 'The second report dates the shelling over three days',
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.incident).toMatchObject({ title: 'Shelling of Exampletown', date: { kind: 'range', start: '2001-03-01', end: '2001-03-03' }, placeName: null, events: [{ id: 'EV1' }] });
    const shown = body.corrections as Correction[];
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatchObject({ by: 'editor1', reason: 'The second report dates the shelling over three days' });
    expect(Object.fromEntries(shown[0].changes.map((c) => [c.field, [c.from, c.to]]))).toEqual({
      dateKind: ['exact', 'range'],
      dateEnd: [null, '2001-03-03'],
      placeName: ['Exampletown', null],
      eventIds: [null, 'EV1'],
    });
    const event = (await corrections()).find((e) => e.subjectId === 'INC1');
    expect(event).toMatchObject({ action: 'cases.incident_corrected', subjectId: 'INC1', details: { from: { dateKind: 'exact', placeName: 'Exampletown' }, to: { dateKind: 'range', dateEnd: '2001-03-03' } } });
    // Viewers read the history too.
    expect((await incident(viewer)).corrections).toHaveLength(1);
  });

  it('refuses a bad correction with the field named and saves nothing: dates that end before they start, unknown events, hostile or oversized text, no reason, no change', async () => {
    const before = await incident();
    const events = (await corrections()).length;
    const backwards = await inject('POST', '/api/cases/incidents/INC1/corrections', editor, { changes: { dateEnd: '2001-02-01' }, reason: 'typo' });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().error.code).toBe('correction_rejected');
    expect(backwards.json().error.details.problems.map((p: { code: string; field: string }) => `${p.code}#${p.field}`)).toContain('date_order#incidents[0].dateEnd');
    const unknown = await inject('POST', '/api/cases/incidents/INC1/corrections', editor, { changes: { eventIds: ['EV404'] }, reason: 'x' });
    expect(unknown.json().error.details.problems[0]).toMatchObject({ code: 'unknown_reference', field: 'incidents[0].events' });
    expect((await inject('POST', '/api/cases/incidents/INC1/corrections', editor, { changes: { title: 'nul\u0000byte' }, reason: 'x' })).json().error.code).toBe('invalid_text');
    expect((await inject('POST', '/api/cases/incidents/INC1/corrections', editor, { changes: { title: 'lone \ud800' }, reason: 'x' })).statusCode).toBe(400);
    expect((await inject('POST', '/api/cases/incidents/INC1/corrections', editor, { changes: { title: 'x'.repeat(301) }, reason: 'x' })).json().error.code).toBe('invalid_request');
    expect((await inject('POST', '/api/cases/incidents/INC1/corrections', editor, { changes: { id: 'INC2' }, reason: 'x' })).json().error.code).toBe('invalid_request');
    expect((await inject('POST', '/api/cases/incidents/INC1/corrections', editor, { changes: { title: 'y' }, reason: 'x'.repeat(2001) })).json().error.code).toBe('invalid_request');
    expect((await inject('POST', '/api/cases/incidents/INC1/corrections', editor, { changes: { title: 'y' }, reason: '   ' })).json().error.code).toBe('reason_required');
    const same = await inject('POST', '/api/cases/incidents/INC1/corrections', editor, { changes: { title: 'Shelling of Exampletown' }, reason: 'again' });
    expect(same.statusCode).toBe(409);
    expect(same.json().error.code).toBe('correction_unchanged');
    expect((await inject('POST', '/api/cases/incidents/INC404/corrections', editor, { changes: { title: 'y' }, reason: 'x' })).statusCode).toBe(404);
    expect((await inject('POST', '/api/cases/incidents/..%2Fetc/corrections', editor, { changes: { title: 'y' }, reason: 'x' })).statusCode).toBe(400);
    expect((await inject('POST', '/api/cases/incidents/INC1/corrections', viewer, { changes: { title: 'y' }, reason: 'x' })).statusCode).toBe(403);
    expect((await inject('POST', '/api/cases/incidents/INC1/corrections', undefined, { changes: { title: 'y' }, reason: 'x' })).statusCode).toBe(401);
    expect(await incident()).toEqual(before);
    expect((await corrections()).length).toBe(events);
  });

  it('keeps script as text in a correction and records a second correction after the first', async () => {
    const res = await inject('POST', '/api/cases/incidents/INC1/corrections', editor, { changes: { title: 'Shelling <script>alert(1)</script>' }, reason: 'Title as the source gives it' });
    expect(res.statusCode).toBe(200);
    expect(res.json().incident.title).toBe('Shelling <script>alert(1)</script>');
    expect((res.json().corrections as Correction[]).map((c) => c.changes.map((x) => x.field).join())).toEqual(['dateKind,dateEnd,placeName,eventIds', 'title']);
  });

  it('corrects an act without moving it to another incident, and hides which casualty record it names from viewers', async () => {
    expect((await inject('POST', '/api/cases/acts/ACTA/corrections', editor, { changes: { incidentId: 'INC2' }, reason: 'x' })).json().error.code).toBe('invalid_request');
    const bad = await inject('POST', '/api/cases/acts/ACTA/corrections', editor, { changes: { sourceId: 'SRC404', perpetratorActorId: 'ACT404' }, reason: 'x' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.problems.map((p: { field: string }) => p.field).sort()).toEqual(['acts[0].perpetrator_actor', 'acts[0].source']);
    expect((await inject('POST', '/api/cases/acts/ACT404/corrections', editor, { changes: { pinpoint: 'p. 3' }, reason: 'x' })).statusCode).toBe(404);

    const res = await inject('POST', '/api/cases/acts/ACTA/corrections', editor, {
      changes: { involvement: 'ordered', pinpoint: 'p. 3', perpetratorActorId: 'ACT1', victimRecordId: RECORD },
      reason: 'The report names the victim and says the ministry ordered it',
    });
    expect(res.statusCode).toBe(200);
    const act = res.json().acts.find((a: { id: string }) => a.id === 'ACTA');
    expect(act).toMatchObject({ involvement: 'ordered', source: { id: 'SRC1', pinpoint: 'p. 3' }, perpetratorActor: { id: 'ACT1' }, victimRecord: { id: RECORD, name: 'Synthetic Person' } });
    expect(act.corrections[0].changes).toContainEqual({ field: 'victimRecordId', from: null, to: RECORD, hidden: false });
    expect(act.corrections[0].changes).toContainEqual({ field: 'involvement', from: 'direct', to: 'ordered', hidden: false });

    const seen = (await incident(viewer)).acts.find((a: { id: string }) => a.id === 'ACTA');
    expect(seen.victimRecord).toBeNull();
    expect(seen.victimRecorded).toBe(true);
    expect(seen.corrections[0].changes).toContainEqual({ field: 'victimRecordId', from: null, to: null, hidden: true });
    expect(JSON.stringify(await incident(viewer))).not.toContain(RECORD);
    const event = (await corrections()).find((e) => e.subjectId === 'ACTA');
    expect(event).toMatchObject({ action: 'cases.act_corrected', subjectId: 'ACTA', details: { incidentId: 'INC1', from: { involvement: 'direct', pinpoint: 'p. 2' }, to: { involvement: 'ordered', pinpoint: 'p. 3' } } });
  });
});
