import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/server/accounts/actor.ts';
import { CaseWithdrawals } from '../../src/server/cases/withdraw-service.ts';
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
  const inject = (method: 'GET' | 'POST' | 'PUT', url: string, headers?: Headers, payload?: unknown) =>
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
  it('corrects an allegation with its reason and source: the old values stay in its history; its incident and verification cannot change; an element with evidence cannot be dropped', async () => {
    expect((await inject('POST', '/api/cases/frameworks/standard', editor)).statusCode).toBeLessThan(300);
    const created = await inject('POST', '/api/cases/allegations', editor, {
      id: 'ALC',
      incidentId: 'INC1',
      proponentId: 'ACT2',
      characterisation: 'crime-against-humanity',
      crimeId: 'RS-7-1-a',
      statement: 'Example Watch calls it murder as a crime against humanity',
      verification: 'reported',
      sources: [{ sourceId: 'SRC1', pinpoint: 'p. 1' }],
      elementIds: ['RS-7.1', 'RS-7-1-a.1'],
    });
    expect(created.statusCode).toBe(201);
    const url = '/api/cases/allegations/ALC/corrections';
    const refused = [
      [{ changes: { incidentId: 'INC2' }, reason: 'x' }, 400, 'invalid_request'],
      [{ changes: { verification: 'verified' }, reason: 'x' }, 400, 'invalid_request'],
      [{ changes: { statement: 'nul\u0000' }, reason: 'x' }, 400, 'invalid_text'],
      [{ changes: { statement: 'lone \ud800' }, reason: 'x' }, 400, 'invalid_text'],
      [{ changes: { statement: 'x'.repeat(10_001) }, reason: 'x' }, 400, 'invalid_request'],
      [{ changes: { statement: 'y' }, reason: '  ' }, 400, 'reason_required'],
      [{ changes: { statement: 'y' }, reason: 'x', sourceId: 'SRC404' }, 400, 'unknown_source'],
      [{ changes: { proponentId: 'ACT404' }, reason: 'x' }, 400, 'correction_rejected'],
      [{ changes: { elementIds: ['RS-8-2-a-i.1'] }, reason: 'x' }, 400, 'correction_rejected'],
      [{ changes: { statement: 'Example Watch calls it murder as a crime against humanity' }, reason: 'x' }, 409, 'correction_unchanged'],
    ] as const;
    for (const [body, status, code] of refused) {
      const res = await inject('POST', url, editor, body);
      expect([res.statusCode, res.json().error.code], JSON.stringify(body)).toEqual([status, code]);
    }
    expect((await inject('POST', url, viewer, { changes: { statement: 'y' }, reason: 'x' })).statusCode).toBe(403);
    expect((await inject('POST', '/api/cases/allegations/AL404/corrections', editor, { changes: { statement: 'y' }, reason: 'x' })).statusCode).toBe(404);
    expect((await inject('GET', '/api/cases/allegations/ALC', editor)).json().allegation.corrections).toEqual([]);

    // Evidence hangs on the first element: it cannot be dropped, the other can.
    const ITEM = '7d0e8a52-58a4-4d8c-9f00-000000000031';
    await sql`insert into items (id, kind, title, confidentiality) values (${ITEM}, 'document', 'Doc', 'restricted')`.execute(t.ctx.db);
    await sql`insert into cases_evidence_links (id, allegation_id, element_id, item_id, pinpoint, pinpoint_key, direction, reliability)
              values ('7d0e8a52-58a4-4d8c-9f00-000000000032', 'ALC', 'RS-7.1', ${ITEM}, '{"type":"item"}'::jsonb, '{"type":"item"}', 'supporting', 'B')`.execute(t.ctx.db);
    const drop = await inject('POST', url, editor, { changes: { elementIds: ['RS-7-1-a.1'] }, reason: 'x' });
    expect([drop.statusCode, drop.json().error.code, drop.json().error.details.elementIds]).toEqual([409, 'element_has_evidence', ['RS-7.1']]);

    const res = await inject('POST', url, editor, {
      changes: { statement: 'Example Watch: <script>alert(1)</script> murder', sources: [{ sourceId: 'SRC1', pinpoint: 'p. 2' }, { sourceId: 'SRC2' }], elementIds: ['RS-7.1'] },
      reason: 'The report quotes the statement on page 2',
      sourceId: 'SRC2',
    });
    expect(res.statusCode).toBe(200);
    const a = res.json().allegation;
    expect(a).toMatchObject({ statement: 'Example Watch: <script>alert(1)</script> murder', elementIds: ['RS-7.1'], verification: 'reported', incidentId: 'INC1' });
    expect(a.sources.map((x: { id: string; pinpoint: string | null }) => `${x.id}@${x.pinpoint}`)).toEqual(['SRC1@p. 2', 'SRC2@null']);
    expect(a.corrections).toHaveLength(1);
    expect(a.corrections[0]).toMatchObject({ reason: 'The report quotes the statement on page 2', source: { id: 'SRC2', title: 'Judgment 12/3' } });
    expect(Object.fromEntries(a.corrections[0].changes.map((c: { field: string; from: string; to: string }) => [c.field, [c.from, c.to]]))).toEqual({
      statement: ['Example Watch calls it murder as a crime against humanity', 'Example Watch: <script>alert(1)</script> murder'],
      sources: ['SRC1@p. 1', 'SRC1@p. 2; SRC2'],
      elementIds: ['RS-7.1; RS-7-1-a.1', 'RS-7.1'],
    });
    const event = (await corrections()).find((e) => e.subjectId === 'ALC');
    expect(event).toMatchObject({ action: 'cases.allegation_corrected', details: { incidentId: 'INC1', sourceId: 'SRC2', from: { elementIds: ['RS-7.1', 'RS-7-1-a.1'] }, to: { elementIds: ['RS-7.1'] } } });
    // The link stays on its element.
    expect((await inject('GET', '/api/cases/allegations/ALC/evidence', editor)).json().links).toHaveLength(1);
  });

  it('withdraws and restores incidents and acts with a reason: ledger events, the record unchanged, every step shown; refusals save nothing', async () => {
    const before = await incident();
    const refused = [
      ['/api/cases/incidents/INC1/withdraw', editor, { reason: '  ' }, 400, 'reason_required'],
      ['/api/cases/incidents/INC1/withdraw', editor, { reason: 'x'.repeat(2001) }, 400, 'invalid_request'],
      ['/api/cases/incidents/INC1/withdraw', editor, { reason: 'nul\u0000' }, 400, 'invalid_text'],
      ['/api/cases/incidents/INC1/withdraw', editor, { reason: 'x', extra: 1 }, 400, 'invalid_request'],
      ['/api/cases/incidents/INC1/withdraw', viewer, { reason: 'x' }, 403, 'forbidden'],
      ['/api/cases/incidents/INC404/withdraw', editor, { reason: 'x' }, 404, 'not_found'],
      ['/api/cases/acts/ACT404/withdraw', editor, { reason: 'x' }, 404, 'not_found'],
      ['/api/cases/acts/..%2Fx/withdraw', editor, { reason: 'x' }, 400, 'invalid_request'],
      ['/api/cases/incidents/INC1/restore', editor, { reason: 'x' }, 409, 'not_withdrawn'],
    ] as const;
    for (const [url, headers, body, status, code] of refused) {
      const res = await inject('POST', url, headers, body);
      expect([res.statusCode, res.json().error.code], url).toEqual([status, code]);
    }
    expect(await incident()).toEqual(before);

    const w = await inject('POST', '/api/cases/acts/ACTA/withdraw', editor, { reason: 'The source retracted this act' });
    expect(w.statusCode).toBe(200);
    const act = w.json().acts.find((a: { id: string }) => a.id === 'ACTA');
    expect(act.withdrawn).toMatchObject({ by: 'editor1', reason: 'The source retracted this act' });
    expect(act.description).toBe(before.acts.find((a: { id: string }) => a.id === 'ACTA').description);
    expect((await inject('POST', '/api/cases/acts/ACTA/withdraw', editor, { reason: 'again' })).json().error.code).toBe('already_withdrawn');
    const wi = await inject('POST', '/api/cases/incidents/INC1/withdraw', editor, { reason: 'Recorded twice' });
    expect(wi.json().incident.withdrawn).toMatchObject({ reason: 'Recorded twice' });
    const back = await inject('POST', '/api/cases/incidents/INC1/restore', editor, { reason: 'Not a duplicate after all' });
    expect(back.statusCode).toBe(200);
    const shown = back.json().incident;
    expect(shown.withdrawn).toBeNull();
    expect(shown.withdrawals.map((x: { action: string; reason: string }) => `${x.action}:${x.reason}`)).toEqual(['withdrawn:Recorded twice', 'restored:Not a duplicate after all']);
    // The list and viewers see the same standing.
    const listed = (await inject('GET', '/api/cases/incidents', viewer)).json().incidents.find((i: { id: string }) => i.id === 'INC1');
    expect(listed.withdrawals).toHaveLength(2);
    expect((await incident(viewer)).acts.find((a: { id: string }) => a.id === 'ACTA').withdrawn).not.toBeNull();
    const events = ((await inject('GET', '/api/audit?limit=200', admin)).json().events as AuditEvent[]).filter((e) => /_(withdrawn|restored)$/.test(e.action)).map((e) => `${e.action} ${e.subjectId}`);
    expect(events).toEqual(expect.arrayContaining(['cases.act_withdrawn ACTA', 'cases.incident_withdrawn INC1', 'cases.incident_restored INC1']));
  });

  it('withdraws an incident with the acts that stand, and restores only those: not one withdrawn before, nor one restored on its own since', async () => {
    expect((await inject('POST', '/api/cases/incidents', editor, { id: 'INC2', title: 'Second synthetic incident', dateKind: 'unknown' })).statusCode).toBe(201);
    for (const id of ['ACTB', 'ACTC', 'ACTD']) {
      const made = await inject('POST', '/api/cases/incidents/INC2/acts', editor, { id, actType: 'killing', description: `Synthetic ${id}`, involvement: 'direct', sourceId: 'SRC1', verification: 'reported' });
      expect(made.statusCode, made.body).toBe(201);
    }
    const standing = (body: { acts: Array<{ id: string; withdrawn: unknown }> }) => body.acts.map((a) => `${a.id}:${a.withdrawn ? 'withdrawn' : 'stands'}`);
    expect((await inject('POST', '/api/cases/acts/ACTD/withdraw', editor, { reason: 'Its source was retracted' })).statusCode).toBe(200);
    const withdrawn = await inject('POST', '/api/cases/incidents/INC2/withdraw', editor, { reason: 'Recorded under the wrong event' });
    expect(standing(withdrawn.json())).toEqual(['ACTB:withdrawn', 'ACTC:withdrawn', 'ACTD:withdrawn']);
    const actB = withdrawn.json().acts.find((a: { id: string }) => a.id === 'ACTB');
    expect(actB.withdrawals).toEqual([expect.objectContaining({ action: 'withdrawn', reason: 'Recorded under the wrong event', withIncident: true })]);
    expect(withdrawn.json().acts.find((a: { id: string }) => a.id === 'ACTD').withdrawals).toEqual([expect.objectContaining({ reason: 'Its source was retracted', withIncident: false })]);
    // The incident's withdrawal comes back with the acts that went with it; ACTD stays as its analyst left it.
    let restored = await inject('POST', '/api/cases/incidents/INC2/restore', editor, { reason: 'It was the right event' });
    expect(standing(restored.json())).toEqual(['ACTB:stands', 'ACTC:stands', 'ACTD:withdrawn']);
    // Withdrawn again; ACTB is restored on its own in between, so the next restore of the incident takes only ACTC.
    expect((await inject('POST', '/api/cases/incidents/INC2/withdraw', editor, { reason: 'A duplicate after all' })).statusCode).toBe(200);
    expect((await inject('POST', '/api/cases/acts/ACTB/restore', editor, { reason: 'This act stands on its own source' })).statusCode).toBe(200);
    expect((await inject('POST', '/api/cases/acts/ACTB/withdraw', editor, { reason: 'Withdrawn on its own' })).statusCode).toBe(200);
    restored = await inject('POST', '/api/cases/incidents/INC2/restore', editor, { reason: 'Not a duplicate' });
    expect(standing(restored.json())).toEqual(['ACTB:withdrawn', 'ACTC:stands', 'ACTD:withdrawn']);
    const events = ((await inject('GET', '/api/audit?limit=200', admin)).json().events as AuditEvent[]).filter((e) => e.subjectId === 'ACTC');
    expect(events.map((e) => e.action).sort()).toEqual(['cases.act_added', 'cases.act_restored', 'cases.act_restored', 'cases.act_withdrawn', 'cases.act_withdrawn']);
    expect(events.find((e) => e.action === 'cases.act_withdrawn')?.details).toMatchObject({ reason: expect.any(String), incidentId: 'INC2', withIncident: expect.any(Number) });
    // A kind that is not withdrawn this way is refused by the service (the command line passes it through).
    await expect(new CaseWithdrawals(t.ctx.db).change(systemActor('test'), 'unit' as never, 'INC2', 'x', false)).rejects.toMatchObject({ code: 'invalid_request' });
    await expect(new CaseWithdrawals(t.ctx.db).change(systemActor('test'), 'act', 'ACTC', 'lone \ud800 surrogate', false)).rejects.toMatchObject({ code: 'invalid_text' });
  });

  it('pickers find victims (record readers only), events, actors, units and places by name, across scripts, a few fields each', async () => {
    await sql`insert into casualty_records (id, source_id, source_record_id, version, names, search_names) values ('7d0e8a52-58a4-4d8c-9f00-000000000023', ${LIST}, '2', 1, '["Мамедов Али"]', 'mamedov ali')`.execute(t.ctx.db);
    const pick = async (kind: string, q: string, headers: Headers = editor) => inject('GET', `/api/cases/pick/${kind}?q=${encodeURIComponent(q)}`, headers);
    const victims = (await pick('victims', 'synthetic')).json().options;
    expect(victims).toEqual([{ id: RECORD, label: 'Synthetic Person', detail: 'Synthetic list' }]);
    // Written in Cyrillic, found from Latin letters through the romanised names.
    expect((await pick('victims', 'Mamedov')).json().options.map((o: { label: string }) => o.label)).toEqual(['Мамедов Али']);
    expect((await pick('victims', 'мамедов')).json().options).toHaveLength(1);
    expect((await pick('victims', 'synthetic', viewer)).statusCode).toBe(403);
    expect((await pick('victims', 'synthetic', {})).statusCode).toBe(401);
    expect((await pick('events', 'flood', viewer)).json().options).toEqual([{ id: 'EV1', label: 'The flood', detail: '2001-03-01 – 2001-03-02 · Exampletown' }]);
    expect((await pick('actors', 'watch')).json().options).toEqual([{ id: 'ACT2', label: 'Example Watch', detail: null }]);
    expect((await pick('actors', 'ministry')).json().options[0]).toMatchObject({ id: 'ACT1', detail: 'FR' });
    expect((await pick('places', 'exampletown')).json().options[0]).toMatchObject({ id: null, label: 'Exampletown' });
    expect((await pick('units', 'nothing')).json().options).toEqual([]);
    // LIKE characters are text, not patterns.
    expect((await pick('actors', '%')).json().options).toEqual([]);
    expect((await pick('actors', '_')).json().options).toEqual([]);
    const bad = [
      ['/api/cases/pick/victims?q=', 400],
      ['/api/cases/pick/victims', 400],
      [`/api/cases/pick/victims?q=${'x'.repeat(201)}`, 400],
      ['/api/cases/pick/victims?q=a%00b', 400],
      // A lone surrogate cannot be written in a URL: its UTF-8 bytes arrive as replacement characters and match nothing.
      ['/api/cases/pick/victims?q=%ED%A0%80', 200],
      ['/api/cases/pick/secrets?q=a', 400],
      ['/api/cases/pick/actors?q=a&limit=21', 400],
    ] as const;
    for (const [url, status] of bad) expect((await inject('GET', url, editor)).statusCode, url).toBe(status);
    expect((await pick('actors', '<script>alert(1)</script>')).json().options).toEqual([]);

    // Actors and events across scripts, through their names romanised when the registry stored them.
    const registry = {
      'actors.csv': 'id,name,type,classification,country,subdivision,wikidata,parent,description\nACTAZ,Əliyev Synthetic Office,person,official,,,,,\nACTRU,Алиев Синтетический,person,official,,,,,\n',
      'events.csv': 'id,name,start_date,end_date,place,description\nEVX,Synthetic events at Xocalı,2001-02-01,,Xocalı,\nEVR,Синтетические события,2001-02-02,,Ходжалы,\n',
    };
    const imported = await inject('POST', '/api/registry/import', editor, { files: registry });
    expect(imported.statusCode, imported.body).toBe(201);
    const ids = async (kind: string, q: string) => ((await pick(kind, q)).json().options as Array<{ id: string }>).map((o) => o.id).sort();
    for (const q of ['Aliyev', 'Əliyev', 'Алиев', 'aliev']) expect(await ids('actors', q), q).toEqual(['ACTAZ', 'ACTRU']);
    for (const q of ['Khojaly', 'Xocalı', 'Ходжалы']) expect(await ids('events', q), q).toEqual(['EVR', 'EVX']);
    expect(await ids('actors', 'Khojaly')).toEqual([]);
    // An edited name is found by its new romanised form (the registry's update writes it too).
    const edited = await inject('PUT', '/api/registry/actors/ACTRU', editor, { name: 'Мамедов Синтетический', type: 'person', classification: 'official' });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(await ids('actors', 'Mamedov')).toEqual(['ACTRU']);
    expect(await ids('actors', 'Aliyev')).toEqual(['ACTAZ']);
  });
});
