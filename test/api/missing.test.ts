import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../src/server/testing.ts';
import { loginAs, type Headers } from './archive-helpers.ts';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const MAPPING = { source_record_id: 'id', name: 'name', sex: 'sex', birth_date: 'born', place: 'place' };
const ANTE_MORTEM = 'CANARYAM gold crown upper left molar, healed fracture of the left radius';
const CONTACT = 'CANARYCONTACT +994 50 000 00 00';
const SAMPLES = 'CANARYSAMPLE buccal swab of the mother, kit 77';

/** Missing persons through the API: roles, competing statuses side by side, sealed identification, import, bad input. */
describe('missing persons API', () => {
  let test: TestApp;
  let as: Record<'editor' | 'reviewer' | 'viewer' | 'facilitator', Headers>;
  let sourceId = '';
  let recordId = '';
  const call = (who: Headers | undefined, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) => test.app.inject({ method, url, headers: who ?? {}, payload: payload as object });

  beforeAll(async () => {
    test = await createTestApp();
    as = await loginAs(test, ['editor', 'reviewer', 'viewer', 'facilitator']);
    const created = await call(as.editor, 'POST', '/api/casualties/sources', { name: 'Commission list of the missing' });
    sourceId = created.json().source?.id ?? created.json().id;
  }, 120_000);
  afterAll(async () => test?.close());

  it('imports a list whose missing columns are named in Russian and Azerbaijani, with statuses in several languages', async () => {
    const csv = 'id,name,sex,born,place,Статус,Дата статуса,Son görüldüyü yer,Melumat veren\n1,Tural Rzayev,m,1970,Xocalı,пропал без вести,1992-02-26,Xocalı yolu,Family\n2,Samira Ismayilova,f,1965,Xocalı,girov,1992-03,,\n3,Elnur Hasanov,m,1980,Ağdam,found_dead,1993,,\n';
    const res = await call(as.editor, 'POST', `/api/missing/sources/${sourceId}/import`, { csvBase64: b64(csv), mapping: MAPPING });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ imported: 3, statuses: 3, sightings: 1, columns: { status: 'Статус', status_date: 'Дата статуса', last_seen_place: 'Son görüldüyü yer', reported_by: 'Melumat veren' } });
    const list = await call(as.reviewer, 'GET', '/api/missing/persons?status=hostage');
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().total).toBe(1);
    expect(list.json().persons[0].names).toContain('Samira Ismayilova');
    expect(list.json().persons[0].statuses[0]).toMatchObject({ status: 'hostage', date: '1992-03', reportedBy: 'Commission list of the missing' });
    const byName = await call(as.editor, 'GET', `/api/missing/persons?q=${encodeURIComponent('Турал Рзаев')}`);
    expect(byName.json().persons.map((p: { names: string[] }) => p.names[0])).toEqual(['Tural Rzayev']);
    recordId = byName.json().persons[0].id;
  });

  it('refuses a status no language names and a date that does not exist, naming line and column, and writes nothing', async () => {
    const csv = 'id,name,status,status date\n10,Rauf Karimov,vanished into thin air,1992-02-30\n11,Aytan Aliyeva,missing,1992\n';
    for (const mode of ['all_or_nothing', 'good_rows']) {
      const res = await call(as.editor, 'POST', `/api/missing/sources/${sourceId}/import`, { csvBase64: b64(csv), mapping: { source_record_id: 'id', name: 'name' }, mode });
      expect(res.statusCode).toBe(400);
      const problems = res.json().error.details.problems as Array<{ line: number; column: string; code: string }>;
      expect(problems).toEqual(expect.arrayContaining([expect.objectContaining({ line: 2, column: 'status', code: 'unknown_status' }), expect.objectContaining({ line: 2, column: 'status date', code: 'invalid_date' })]));
    }
    expect((await call(as.editor, 'GET', `/api/missing/persons?q=Aytan`)).json().total).toBe(0);
    // hostile cells: NUL and a lone surrogate are refused by the casualty reader with line and column, nothing written
    const hostile = await call(as.editor, 'POST', `/api/missing/sources/${sourceId}/import`, { csvBase64: b64('id,name,status\n20,Bad\u0000Name,missing\n'), mapping: { source_record_id: 'id', name: 'name' } });
    expect(hostile.statusCode).toBe(400);
    expect((await call(as.editor, 'GET', `/api/missing/persons?q=Bad`)).json().total).toBe(0);
    // a duplicate import of the same ids is refused (the records already stand) and adds no second status
    const again = await call(as.editor, 'POST', `/api/missing/sources/${sourceId}/import`, { csvBase64: b64('id,name,status\n1,Tural Rzayev,missing\n'), mapping: { source_record_id: 'id', name: 'name' } });
    expect(again.statusCode).toBe(400);
    expect((await call(as.editor, 'GET', `/api/missing/persons/${recordId}`)).json().statuses).toHaveLength(1);
    // a column named in `columns` that the file lacks
    const absent = await call(as.editor, 'POST', `/api/missing/sources/${sourceId}/import`, { csvBase64: b64('id,name\n30,Leyla X\n'), mapping: { source_record_id: 'id', name: 'name' }, columns: { status: 'fate' } });
    expect(absent.statusCode).toBe(400);
    expect(absent.json().error.details.problems[0].code).toBe('column_not_found');
  });

  it('keeps competing statuses from different sources side by side, each with its date', async () => {
    const a = await call(as.reviewer, 'POST', `/api/missing/persons/${recordId}/statuses`, { status: 'detained', date: '1992-04', reportedBy: 'Released detainee testimony' });
    expect(a.statusCode, a.body).toBe(201);
    const place = await call(as.editor, 'POST', '/api/missing/places', { kind: 'burial_site', name: 'Site 4', latitude: 39.9, longitude: 46.8 });
    expect(place.statusCode, place.body).toBe(201);
    const b = await call(as.editor, 'POST', `/api/missing/persons/${recordId}/statuses`, { status: 'buried', date: '1993-01-10', reportedBy: 'Exhumation team', placeId: place.json().id });
    expect(b.statusCode, b.body).toBe(201);
    const seen = await call(as.editor, 'POST', `/api/missing/persons/${recordId}/last-seen`, { seenOn: '1992-02-26', placeId: place.json().id, reportedBy: 'Neighbour' });
    expect(seen.statusCode, seen.body).toBe(201);
    const person = (await call(as.editor, 'GET', `/api/missing/persons/${recordId}`)).json();
    expect(person.statuses.map((s: { status: string; date: string }) => `${s.date} ${s.status}`)).toEqual(['1992-02-26 missing', '1992-04 detained', '1993-01-10 buried']);
    expect(person.lastSeen.find((l: { placeName: string }) => l.placeName === 'Site 4').position).toEqual({ latitude: 39.9, longitude: 46.8 });
    const places = (await call(as.reviewer, 'GET', '/api/missing/places')).json().places;
    expect(places.map((p: { name: string }) => p.name)).toContain('Site 4');
  });

  it('seals ante-mortem data, samples and contacts: readable by documenting roles, never in the audit, and nobody else reads the record', async () => {
    const set = await call(as.editor, 'PUT', `/api/missing/persons/${recordId}/identification`, { stage: 'samples_given', anteMortem: ANTE_MORTEM, samples: SAMPLES, contact: CONTACT });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json().identification).toMatchObject({ stage: 'samples_given', holds: { anteMortem: true, samples: true, contact: true }, sealed: { anteMortem: ANTE_MORTEM, contact: CONTACT } });
    const stored = await test.ctx.db.withTables<{ missing_identification: { record_id: string; ante_mortem_sealed: string; contact_sealed: string } }>().selectFrom('missing_identification').selectAll().executeTakeFirstOrThrow();
    expect(stored.ante_mortem_sealed).not.toContain('CANARY');
    expect(stored.contact_sealed).not.toContain('CANARY');
    const audit = await test.ctx.db.selectFrom('audit_events').select('details').execute();
    expect(JSON.stringify(audit)).not.toMatch(/CANARY/);
    for (const who of [as.viewer, as.facilitator]) {
      expect((await call(who, 'GET', `/api/missing/persons/${recordId}`)).statusCode).toBe(403);
      expect((await call(who, 'GET', '/api/missing/persons')).statusCode).toBe(403);
      expect((await call(who, 'PUT', `/api/missing/persons/${recordId}/identification`, { stage: 'identified' })).statusCode).toBe(403);
    }
    expect((await call(undefined, 'GET', `/api/missing/persons/${recordId}`)).statusCode).toBe(401);
    // the viewer may read no casualty record either: the sealed data is not reachable through the casualty module
    const record = await call(as.viewer, 'GET', `/api/casualties/records/${recordId}`);
    expect(record.body).not.toContain('CANARY');
  });

  it('refuses bad input with clear 4xx answers and writes nothing', async () => {
    const cases: Array<[string, string, unknown]> = [
      ['POST', `/api/missing/persons/${recordId}/statuses`, { status: 'merged_truth', reportedBy: 'X' }],
      ['POST', `/api/missing/persons/${recordId}/statuses`, { status: 'missing', reportedBy: '' }],
      ['POST', `/api/missing/persons/${recordId}/statuses`, { status: 'missing', reportedBy: 'X', date: '1992-13-01' }],
      ['POST', `/api/missing/persons/${recordId}/statuses`, { status: 'missing', reportedBy: 'x'.repeat(301) }],
      ['POST', `/api/missing/persons/${recordId}/statuses`, { status: 'missing', reportedBy: 'A\u0000B' }],
      ['POST', `/api/missing/persons/${recordId}/statuses`, { status: 'missing', reportedBy: 'X', extra: 1 }],
      ['POST', `/api/missing/persons/${recordId}/last-seen`, { reportedBy: 'Neighbour' }],
      ['POST', '/api/missing/places', { kind: 'burial_site', name: 'Half', latitude: 40 }],
      ['POST', '/api/missing/places', { kind: 'burial_site', name: 'Far', latitude: 91, longitude: 0 }],
      ['POST', '/api/missing/places', { kind: 'prison', name: 'X' }],
      ['PUT', `/api/missing/persons/${recordId}/identification`, { stage: 'dna_matched' }],
    ];
    const before = (await call(as.editor, 'GET', `/api/missing/persons/${recordId}`)).json();
    for (const [method, url, body] of cases) {
      const res = await call(as.editor, method as 'POST', url, body);
      expect(res.statusCode, `${url} ${JSON.stringify(body)} ${res.body}`).toBe(400);
      expect(res.json().error.code).toBeTruthy();
    }
    expect((await call(as.editor, 'POST', '/api/missing/persons/00000000-0000-4000-8000-000000000000/statuses', { status: 'missing', reportedBy: 'X' })).statusCode).toBe(404);
    expect((await call(as.editor, 'GET', '/api/missing/persons/..%2F..%2Fetc')).statusCode).toBe(400);
    expect((await call(as.editor, 'POST', `/api/missing/persons/${recordId}/statuses`, { status: 'missing', reportedBy: 'X', placeId: '00000000-0000-4000-8000-000000000000' })).statusCode).toBe(404);
    const after = (await call(as.editor, 'GET', `/api/missing/persons/${recordId}`)).json();
    expect(after).toEqual(before);
    // a script in a name is stored as text and comes back as text, never interpreted here
    const scripted = await call(as.editor, 'POST', `/api/missing/persons/${recordId}/statuses`, { status: 'released', reportedBy: '<script>alert(1)</script>' });
    expect(scripted.statusCode).toBe(201);
  });

  it('refuses bad places of interest and identification input, and a second place of the same kind and name', async () => {
    const placesNow = async () => (await call(as.editor, 'GET', '/api/missing/places')).json().places as Array<{ name: string; kind: string }>;
    const before = { places: await placesNow(), person: (await call(as.editor, 'GET', `/api/missing/persons/${recordId}`)).json() };
    const refused: Array<[string, string, unknown, number, string]> = [
      ['POST', '/api/missing/places', { kind: 'detention_site', name: 'Cell\u0000block' }, 400, 'invalid_text'],
      ['POST', '/api/missing/places', { kind: 'detention_site', name: 'Yard', description: 'half \uD800 pair' }, 400, 'invalid_text'],
      ['POST', '/api/missing/places', { kind: 'detention_site', name: 'x'.repeat(301) }, 400, ''],
      ['POST', '/api/missing/places', { kind: 'detention_site', name: 'Long', description: 'y'.repeat(5001) }, 400, ''],
      ['POST', '/api/missing/places', { kind: 'detention_site', name: '   ' }, 400, 'name_required'],
      ['POST', '/api/missing/places', { kind: 'detention_site', name: 'Typed', latitude: '40', longitude: '46' }, 400, ''],
      ['POST', '/api/missing/places', { kind: 'detention_site', name: 'Extra', createdBy: 'someone else' }, 400, ''],
      ['POST', '/api/missing/places', { kind: '../../etc/passwd', name: 'Traversal' }, 400, ''],
      ['PUT', `/api/missing/persons/${recordId}/identification`, { stage: 'identified', anteMortem: 'a'.repeat(20_001) }, 400, ''],
      ['PUT', `/api/missing/persons/${recordId}/identification`, { stage: 'identified', contact: '+994\u0000' }, 400, 'invalid_text'],
      ['PUT', `/api/missing/persons/${recordId}/identification`, { stage: 'identified', samples: 'swab', extra: true }, 400, ''],
      ['PUT', `/api/missing/persons/${recordId}/identification`, {}, 400, ''],
      ['PUT', '/api/missing/persons/..%2F..%2Fetc/identification', { stage: 'identified' }, 400, ''],
      ['PUT', '/api/missing/persons/00000000-0000-4000-8000-000000000000/identification', { stage: 'identified' }, 404, ''],
    ];
    for (const [method, url, body, status, code] of refused) {
      const res = await call(as.editor, method as 'POST', url, body);
      expect(res.statusCode, `${url} ${JSON.stringify(body).slice(0, 80)} ${res.body.slice(0, 200)}`).toBe(status);
      expect(res.json().error.code).toBeTruthy();
      if (code) expect(res.json().error.code).toBe(code);
    }
    // a viewer or a facilitator may neither add a place nor set the identification (nothing written)
    for (const who of [as.viewer, as.facilitator]) {
      expect((await call(who, 'POST', '/api/missing/places', { kind: 'other', name: 'By a viewer' })).statusCode).toBe(403);
      expect((await call(who, 'PUT', `/api/missing/persons/${recordId}/identification`, { stage: 'identified', contact: 'CANARYVIEWER' })).statusCode).toBe(403);
    }
    expect(await placesNow()).toEqual(before.places);
    expect((await call(as.editor, 'GET', `/api/missing/persons/${recordId}`)).json()).toEqual(before.person);

    // the same kind and name (but for case and spaces) is one place; the same name as another kind is another
    const first = await call(as.editor, 'POST', '/api/missing/places', { kind: 'detention_site', name: 'School No. 2', latitude: 39.91, longitude: 46.79, description: '<script>alert(1)</script>' });
    expect(first.statusCode, first.body).toBe(201);
    const again = await call(as.reviewer, 'POST', '/api/missing/places', { kind: 'detention_site', name: '  school no. 2 ' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: 'duplicate_place', details: { field: 'name', id: first.json().id } });
    expect((await call(as.editor, 'POST', '/api/missing/places', { kind: 'burial_site', name: 'School No. 2' })).statusCode).toBe(201);
    const schools = (await placesNow()).filter((p) => p.name.toLowerCase().includes('school'));
    expect(schools.map((p) => p.kind).sort()).toEqual(['burial_site', 'detention_site']);
    // markup in a description is stored and returned as text
    expect((await placesNow()).find((p) => p.kind === 'detention_site' && p.name === 'School No. 2')).toMatchObject({ description: '<script>alert(1)</script>' });
  });
});
