/**
 * Evidence linked to the elements of an allegation, the matrix and the case file, through the HTTP API and the
 * services: roles, every bad input the issue names (items the analyst may not see, pinpoints outside the document,
 * unknown elements, duplicates, hostile text), confidential items neither shown nor counted for viewers, the ledger
 * events of each change, and a case file that `reckon bag verify` accepts and that fails once a link is added to it.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type KyselyPlugin, type RawNode } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkSha256 } from '../../src/core/cases/evidence-record.ts';
import { computeMatrix } from '../../src/core/cases/matrix-compute.ts';
import { systemActor, type Actor } from '../../src/server/accounts/actor.ts';
import { bytesStream } from '../../src/server/blobs/service.ts';
import { exportCaseFile } from '../../src/server/cases/case-file-export.ts';
import { CaseEvidenceService, type MatrixView } from '../../src/server/cases/evidence-service.ts';
import { CasesService } from '../../src/server/cases/service.ts';
import { testEngine } from '../../src/server/db/testing.ts';
import { createTestApp, type TestApp } from '../../src/server/testing.ts';
import { copyBag, regenerate } from './bag-tamper-cases.ts';
import { runCliJoined as run } from '../cli.ts';

const ALLEGATION = 'al-test-1';
const roles = ['editor', 'reviewer', 'viewer', 'facilitator'] as const;

describe('evidence linked to elements, the matrix and the case file', () => {
  let t: TestApp;
  const out = mkdtempSync(join(tmpdir(), 'reckon-case-evidence-'));
  const users: Record<string, { actor: Actor; headers: Record<string, string> }> = {};
  const item: Record<string, { id: string; fileId: string }> = {};
  let testimonyId = '';
  let hiddenTestimonyId = '';
  const counts = async () => ({
    links: Number((await sql<{ n: number }>`select count(*)::int as n from cases_evidence_links`.execute(t.ctx.db)).rows[0].n),
    audit: Number((await sql<{ n: number }>`select count(*)::int as n from audit_events`.execute(t.ctx.db)).rows[0].n),
  });
  const post = (role: string, body: unknown, allegation = ALLEGATION) =>
    t.app.inject({ method: 'POST', url: `/api/cases/allegations/${allegation}/evidence`, headers: users[role].headers, payload: body as object });
  const pagePin = (page: number, extra: Record<string, unknown> = {}) => ({ type: 'page', fileId: item.doc.fileId, page, ...extra });

  beforeAll(async () => {
    t = await createTestApp({ organisationName: 'Test Truth Commission' } as never);
    for (const role of roles) {
      const password = `pw-${role.length}-correct-horse-battery-staple`;
      const user = await t.ctx.accounts.createUser(systemActor('test'), { username: role, displayName: role, role, password, mustChangePassword: false });
      const login = await t.login(role, password);
      users[role] = { actor: { kind: 'user', userId: user.id, username: role, role, via: 'session' }, headers: login.headers };
    }
    const editor = users.editor.actor;
    // Synthetic items; their extents are recorded as an extraction would record them.
    const make = async (key: string, confidentiality: 'restricted' | 'confidential', providedBy: string, metadata: Record<string, unknown>) => {
      const { item: it, file } = await t.ctx.archive.items.ingest(editor, bytesStream(Buffer.from(`synthetic ${key}\n`.repeat(50))), {
        filename: `${key}.txt`,
        metadata: { confidentiality, title: `Synthetic ${key} <b>bold</b>`, providedBy },
      });
      await sql`insert into extractions (blob_sha256, extractor, state, metadata) values (${file.sha256}, 'synthetic-extent', 'done', ${JSON.stringify(metadata)}::jsonb)`.execute(t.ctx.db);
      item[key] = { id: it.id, fileId: file.id };
    };
    await make('doc', 'restricted', 'Witness A', { pages: 3 });
    await make('doc2', 'restricted', 'witness a', { pages: 10 });
    await make('photo', 'restricted', 'Organisation B', { width: 640, height: 480 });
    await make('video', 'restricted', 'Organisation C', { durationSeconds: 95.5 });
    await make('secret', 'confidential', 'Witness D', { pages: 2 });
    const testimony = await t.ctx.archive.testimonies.create(editor, { title: 'Testimony W-9', confidentiality: 'restricted' }, {
      pseudonym: 'W-9',
      interviewDate: '2026-11-02',
      language: 'hy',
      consents: [{ scope: 'internal_use', givenOn: '2026-11-02' }, { scope: 'court_use', givenOn: '2026-11-02' }],
    });
    testimonyId = testimony.itemId;
    await t.ctx.archive.testimonies.putText(editor, testimonyId, 'hy', 'transcript', 'Սինթետիկ վկայություն։');
    // A testimony with no consent in force: no documenter may see it.
    const hidden = await t.ctx.archive.testimonies.create(editor, { title: 'Testimony W-10', confidentiality: 'confidential' }, { pseudonym: 'W-10', interviewDate: '2026-11-02', language: 'en', consents: [] });
    hiddenTestimonyId = hidden.itemId;

    // The allegation, as the cases module records it (synthetic framework and incident).
    const db = t.ctx.db;
    await sql`insert into registry_actors (id, name, type, classification) values ('act-proponent', 'Synthetic Proponent', 'organization', 'ngo')`.execute(db);
    await sql`insert into cases_frameworks (id, name, instrument) values ('fw-test', 'Synthetic framework', 'Synthetic instrument')`.execute(db);
    await sql`insert into cases_crimes (id, framework_id, category, article, title, summary, position) values ('cr-test', 'fw-test', 'war-crime', '8(2)(a)(i)', 'Synthetic crime', 'S', 1)`.execute(db);
    for (const [id, n] of [['el-1', 1], ['el-2', 2], ['el-3', 3], ['el-other', 4]] as const) {
      await sql`insert into cases_elements (id, crime_id, number, kind, summary, citation) values (${id}, 'cr-test', ${n}, 'conduct', ${`Element ${n}`}, ${`8(2)(a)(i)-${n}`})`.execute(db);
    }
    await sql`insert into cases_incidents (id, title, date_kind) values ('inc-test', 'Synthetic incident', 'unknown')`.execute(db);
    await sql`insert into cases_allegations (id, incident_id, proponent_id, characterisation, crime_id, statement, verification) values (${ALLEGATION}, 'inc-test', 'act-proponent', 'war-crime', 'cr-test', 'Synthetic statement', 'reported')`.execute(db);
    let position = 0;
    for (const e of ['el-1', 'el-2', 'el-3']) await sql`insert into cases_allegation_elements (allegation_id, element_id, position) values (${ALLEGATION}, ${e}, ${(position += 1)})`.execute(db);
  });
  afterAll(async () => {
    await t?.close();
    rmSync(out, { recursive: true, force: true });
  });

  let firstLink = '';
  it('an analyst links a page of a document to an element; the link is a ledger event with its author', async () => {
    const before = await counts();
    const response = await post('editor', { elementId: 'el-1', itemId: item.doc.id, pinpoint: pagePin(2, { region: { x: 0.1, y: 0.2, w: 0.5, h: 0.3 } }), direction: 'supporting', reliability: 'B', note: 'Names the unit <script>alert(1)</script>' });
    expect(response.statusCode, response.body).toBe(201);
    const link = response.json().link;
    firstLink = link.id;
    expect(link).toMatchObject({ elementId: 'el-1', itemId: item.doc.id, direction: 'supporting', reliability: 'B', version: 1, createdBy: 'editor', lowReliability: false });
    expect(link.pinpointLabel).toContain('p. 2');
    const event = await t.ctx.db.selectFrom('audit_events').select(['action', 'actor_label', 'details']).where('subject_id', '=', link.id).executeTakeFirstOrThrow();
    expect(event.action).toBe('evidence_link.created');
    expect(event.actor_label).toBe('editor');
    expect(event.details.linkSha256).toBe(
      linkSha256({ id: link.id, allegationId: ALLEGATION, elementId: 'el-1', itemId: item.doc.id, pinpoint: link.pinpoint, direction: 'supporting', reliability: 'B', note: link.note, version: 1 }),
    );
    // The note's text is not written into the ledger (only its hash, through linkSha256).
    expect(JSON.stringify(event.details)).not.toContain('Names the unit');
    expect(await counts()).toEqual({ links: before.links + 1, audit: before.audit + 1 });
    const entry = await t.ctx.db.selectFrom('ledger_entries').select('seq').where('audit_event_id', '=', Number((await t.ctx.db.selectFrom('audit_events').select('id').where('subject_id', '=', link.id).executeTakeFirstOrThrow()).id)).executeTakeFirst();
    expect(entry).toBeDefined();
  });

  it('links every kind of pinpoint inside its file', async () => {
    const good = [
      { elementId: 'el-1', itemId: item.doc2.id, pinpoint: { type: 'page', fileId: item.doc2.fileId, page: 10 }, direction: 'supporting', reliability: 'C' },
      { elementId: 'el-1', itemId: item.photo.id, pinpoint: { type: 'region', fileId: item.photo.fileId, x: 0, y: 0, w: 640, h: 480 }, direction: 'supporting', reliability: 'E' },
      { elementId: 'el-2', itemId: item.video.id, pinpoint: { type: 'time', fileId: item.video.fileId, start: 10, end: 95.5 }, direction: 'undermining', reliability: 'A' },
      { elementId: 'el-2', itemId: testimonyId, pinpoint: { type: 'span', language: 'hy', start: 0, end: 9 }, direction: 'supporting', reliability: 'F' },
      { elementId: 'el-2', itemId: item.secret.id, pinpoint: { type: 'page', fileId: item.secret.fileId, page: 1 }, direction: 'supporting', reliability: 'A' },
    ];
    for (const body of good) {
      const response = await post('editor', body);
      expect(response.statusCode, `${JSON.stringify(body.pinpoint)} ${response.body}`).toBe(201);
    }
  });

  it('refuses every bad input with a clear error and saves nothing', async () => {
    const before = await counts();
    const base = { elementId: 'el-1', itemId: item.doc.id, direction: 'supporting', reliability: 'B' };
    const cases: Array<[string, unknown, number, string]> = [
      ['page 0', { ...base, pinpoint: pagePin(0) }, 400, 'invalid_request'],
      ['page past the end', { ...base, pinpoint: pagePin(4) }, 400, 'pinpoint_outside'],
      ['a region off the page', { ...base, pinpoint: pagePin(1, { region: { x: 0.8, y: 0, w: 0.3, h: 0.1 } }) }, 400, 'pinpoint_outside'],
      ['time past the duration', { ...base, itemId: item.video.id, pinpoint: { type: 'time', fileId: item.video.fileId, start: 90, end: 96 } }, 400, 'pinpoint_outside'],
      ['time backwards', { ...base, itemId: item.video.id, pinpoint: { type: 'time', fileId: item.video.fileId, start: 50, end: 40 } }, 400, 'pinpoint_invalid'],
      ['region outside the image', { ...base, itemId: item.photo.id, pinpoint: { type: 'region', fileId: item.photo.fileId, x: 600, y: 0, w: 41, h: 10 } }, 400, 'pinpoint_outside'],
      ['span past the text', { ...base, itemId: testimonyId, pinpoint: { type: 'span', language: 'hy', start: 0, end: 500 } }, 400, 'pinpoint_outside'],
      ['span in a language with no text', { ...base, itemId: testimonyId, pinpoint: { type: 'span', language: 'ru', start: 0, end: 1 } }, 409, 'pinpoint_extent_unknown'],
      ['a page pinpoint into a video', { ...base, itemId: item.video.id, pinpoint: { type: 'page', fileId: item.video.fileId, page: 1 } }, 409, 'pinpoint_extent_unknown'],
      ['a file of another item', { ...base, pinpoint: { type: 'page', fileId: item.doc2.fileId, page: 1 } }, 404, 'not_found'],
      ['an element not of the allegation', { ...base, elementId: 'el-other', pinpoint: pagePin(1) }, 400, 'unknown_element'],
      ['an unknown element', { ...base, elementId: 'no-such-element', pinpoint: pagePin(1) }, 400, 'unknown_element'],
      ['traversal in the element id', { ...base, elementId: '../../etc/passwd', pinpoint: pagePin(1) }, 400, 'invalid_request'],
      ['a duplicate', { ...base, pinpoint: pagePin(2, { region: { x: 0.1, y: 0.2, w: 0.5, h: 0.3 } }) }, 409, 'duplicate_link'],
      ['an unknown grade', { ...base, reliability: 'Z', pinpoint: pagePin(1) }, 400, 'invalid_request'],
      ['an unknown direction', { ...base, direction: 'neutral', pinpoint: pagePin(1) }, 400, 'invalid_request'],
      ['an extra field', { ...base, pinpoint: pagePin(1), verified: true }, 400, 'invalid_request'],
      ['a NUL in the note', { ...base, pinpoint: pagePin(1), note: 'a\u0000b' }, 400, 'invalid_text'],
      ['a lone surrogate in the note', { ...base, pinpoint: pagePin(1), note: 'a\ud800b' }, 400, 'invalid_text'],
      ['an oversized note', { ...base, pinpoint: pagePin(1), note: 'x'.repeat(4001) }, 400, 'invalid_request'],
      ['a missing allegation', { ...base, pinpoint: pagePin(1) }, 404, 'not_found'],
    ];
    for (const [name, body, status, code] of cases) {
      const response = await post('editor', body, name === 'a missing allegation' ? 'no-such-allegation' : ALLEGATION);
      expect(response.statusCode, `${name}: ${response.body}`).toBe(status);
      expect(response.json().error.code, name).toBe(code);
    }
    expect(await counts()).toEqual(before);
  });

  it('answers an item the analyst may not see exactly as a missing item', async () => {
    const before = await counts();
    const missing = randomUUID();
    const body = (itemId: string) => ({ elementId: 'el-1', itemId, pinpoint: { type: 'item' }, direction: 'supporting', reliability: 'B' });
    const hidden = await post('editor', body(hiddenTestimonyId));
    const absent = await post('editor', body(missing));
    expect(hidden.statusCode).toBe(404);
    expect(absent.statusCode).toBe(404);
    expect(hidden.json().error.message).toBe(absent.json().error.message);
    expect(hidden.body.replace(hiddenTestimonyId, 'ID')).toBe(absent.body.replace(missing, 'ID'));
    expect(await counts()).toEqual(before);
  });

  it('lets only analysts link, change and remove; facilitators and the public read nothing', async () => {
    const body = { elementId: 'el-3', itemId: item.doc.id, pinpoint: { type: 'item' }, direction: 'supporting', reliability: 'B' };
    for (const role of ['viewer', 'reviewer', 'facilitator']) expect((await post(role, body)).statusCode, role).toBe(403);
    expect((await t.app.inject({ method: 'POST', url: `/api/cases/allegations/${ALLEGATION}/evidence`, payload: body })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: `/api/cases/allegations/${ALLEGATION}/matrix`, headers: users.facilitator.headers })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: `/api/cases/allegations/${ALLEGATION}/matrix` })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'PATCH', url: `/api/cases/evidence/${firstLink}`, headers: users.viewer.headers, payload: { version: 1, reliability: 'A' } })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/cases/evidence/${firstLink}`, headers: users.reviewer.headers })).statusCode).toBe(403);
  });

  it('counts independent sources per element, names gaps and low reliability, and hides confidential items from viewers', async () => {
    const editorMatrix = (await t.app.inject({ method: 'GET', url: `/api/cases/allegations/${ALLEGATION}/matrix`, headers: users.editor.headers })).json();
    const [e1, e2, e3] = editorMatrix.rows;
    // doc and doc2 come from the same witness (written differently): one source; the photo is another.
    expect(e1.supporting).toEqual({ links: 3, sources: 2, reliableSources: 1, lowReliability: 1 });
    expect(e2.supporting).toEqual({ links: 2, sources: 2, reliableSources: 1, lowReliability: 1 });
    expect(e2.undermining).toEqual({ links: 1, sources: 1, reliableSources: 1, lowReliability: 0 });
    expect(e3.gap).toBe(true);
    expect(editorMatrix.totals).toMatchObject({ links: 6, gaps: 1 });
    expect(editorMatrix.allegation.proponent).toBe('Synthetic Proponent');

    const viewerMatrix = (await t.app.inject({ method: 'GET', url: `/api/cases/allegations/${ALLEGATION}/matrix`, headers: users.viewer.headers })).json();
    // The confidential item's link is neither shown nor counted for a viewer.
    expect(viewerMatrix.rows[1].supporting).toEqual({ links: 1, sources: 1, reliableSources: 0, lowReliability: 1 });
    expect(viewerMatrix.rows[1].onlyLowReliability).toBe(false); // the undermining video is graded A
    expect(viewerMatrix.totals.links).toBe(5);
    const viewerList = await t.app.inject({ method: 'GET', url: `/api/cases/allegations/${ALLEGATION}/evidence?element=el-2`, headers: users.viewer.headers });
    expect(viewerList.statusCode).toBe(200);
    expect(viewerList.body).not.toContain(item.secret.id);
    expect(viewerList.body).not.toContain('Synthetic secret');
    const editorList = await t.app.inject({ method: 'GET', url: `/api/cases/allegations/${ALLEGATION}/evidence?element=el-2`, headers: users.editor.headers });
    expect(editorList.body).toContain(item.secret.id);
  });

  it('counts in the database exactly what the pure engine counts from every visible link, for each role', async () => {
    const evidence = new CaseEvidenceService(t.ctx, new CasesService(t.ctx.db));
    for (const role of ['editor', 'viewer', 'reviewer']) {
      const api = (await t.app.inject({ method: 'GET', url: `/api/cases/allegations/${ALLEGATION}/matrix`, headers: users[role].headers })).json() as {
        rows: Array<{ elementId: string; code: string; label: string; kind: string } & Record<string, unknown>>;
        totals: unknown;
      };
      const links = await evidence.allLinks(users[role].actor, ALLEGATION);
      const pure = computeMatrix(
        api.rows.map((r) => ({ id: r.elementId, code: r.code, label: r.label })),
        links.map((l) => ({ id: l.id, elementId: l.elementId, itemId: l.itemId, direction: l.direction, reliability: l.reliability, providedBy: l.providedBy })),
      );
      expect(api.rows.map(({ kind: _kind, ...r }) => r), role).toEqual(pure.rows);
      expect(api.totals, role).toEqual(pure.totals);
    }
  });

  it('counts sources the same way when items are renamed between requests (Unicode variants, blank names)', async () => {
    const evidence = new CaseEvidenceService(t.ctx, new CasesService(t.ctx.db));
    const itemIds = [...new Set((await evidence.allLinks(users.editor.actor, ALLEGATION)).map((l) => l.itemId))];
    expect(itemIds.length).toBeGreaterThan(1);
    const before = await t.ctx.db.selectFrom('items').select(['id', 'provided_by']).where('id', 'in', itemIds).execute();
    // Each round renames the linked items; the matrix must follow at once (the keys it learnt for the old names are
    // of no use for the new ones). Fullwidth letters and doubled spaces fold to one source; a blank name is no source.
    const rounds: Array<Array<string | null>> = [
      ['Ｓｙｎｔｈｅｔｉｃ  Agency', 'synthetic agency', ' SYNTHETIC AGENCY '],
      ['   ', null, 'Second synthetic source'],
      ['Ａ', 'a', '\u00a0'],
    ];
    for (const names of rounds) {
      for (const [i, id] of itemIds.entries()) await t.ctx.db.updateTable('items').set({ provided_by: names[i % names.length] }).where('id', '=', id).execute();
      for (const role of ['editor', 'viewer']) {
        const api = (await t.app.inject({ method: 'GET', url: `/api/cases/allegations/${ALLEGATION}/matrix`, headers: users[role].headers })).json() as {
          rows: Array<{ elementId: string; code: string; label: string; kind: string } & Record<string, unknown>>;
          totals: { sources: number };
        };
        const links = await evidence.allLinks(users[role].actor, ALLEGATION);
        const pure = computeMatrix(
          api.rows.map((r) => ({ id: r.elementId, code: r.code, label: r.label })),
          links.map((l) => ({ id: l.id, elementId: l.elementId, itemId: l.itemId, direction: l.direction, reliability: l.reliability, providedBy: l.providedBy })),
        );
        expect(api.rows.map(({ kind: _kind, ...r }) => r), `${role} ${names.join('|')}`).toEqual(pure.rows);
        expect(api.totals, `${role} ${names.join('|')}`).toEqual(pure.totals);
      }
    }
    for (const row of before) await t.ctx.db.updateTable('items').set({ provided_by: row.provided_by }).where('id', '=', row.id).execute();
  });

  it('counts an item renamed between its statements within one snapshot (at most three statements), and reuses counts while nothing changed', async () => {
    const itemIds = [...new Set((await new CaseEvidenceService(t.ctx, new CasesService(t.ctx.db)).allLinks(users.editor.actor, ALLEGATION)).map((l) => l.itemId))];
    const before = await t.ctx.db.selectFrom('items').select(['id', 'provided_by']).where('id', 'in', itemIds).execute();
    const rename = async (names: string[]) => {
      for (const [i, id] of itemIds.entries()) await t.ctx.db.updateTable('items').set({ provided_by: names[i % names.length] }).where('id', '=', id).execute();
    };
    // The matrix's statements are counted where they are compiled; on PostgreSQL (a pool of connections) the items
    // are renamed again after each of the first two, from another connection, as a second analyst would.
    let statements = 0;
    const race = testEngine() === 'postgres';
    let racing = race;
    const renames: string[][] = [['Renamed synthetic source one', 'Renamed synthetic source two'], ['Later synthetic source', 'Later synthetic source B']];
    const counting: KyselyPlugin = {
      transformQuery: (args) => {
        if (args.node.kind === 'RawNode' && (args.node as RawNode).sqlFragments.some((f) => f.includes('keyed as materialized'))) statements++;
        return args.node;
      },
      transformResult: async (args) => {
        if (racing && statements <= 2 && renames[statements - 1] && args.result.rows.length === 1 && 'misses' in args.result.rows[0]) await rename(renames[statements - 1]);
        return args.result;
      },
    };
    const evidence = new CaseEvidenceService({ ...t.ctx, db: t.ctx.db.withPlugin(counting) }, new CasesService(t.ctx.db));
    const pureWith = async (names: string[], matrix: MatrixView) => {
      const now = await t.ctx.db.selectFrom('items').select(['id', 'provided_by']).where('id', 'in', itemIds).execute();
      await rename(names);
      const links = await new CaseEvidenceService(t.ctx, new CasesService(t.ctx.db)).allLinks(users.editor.actor, ALLEGATION);
      for (const row of now) await t.ctx.db.updateTable('items').set({ provided_by: row.provided_by }).where('id', '=', row.id).execute();
      return computeMatrix(
        matrix.rows.map((r) => ({ id: r.elementId, code: r.code, label: r.label })),
        links.map((l) => ({ id: l.id, elementId: l.elementId, itemId: l.itemId, direction: l.direction, reliability: l.reliability, providedBy: l.providedBy })),
      );
    };
    await rename(['First synthetic source']);
    const first = await evidence.matrix(users.editor.actor, ALLEGATION);
    // Names never seen: a miss, then the statement again with their keys.
    expect(statements).toBe(race ? 3 : 2);
    const expected = await pureWith(race ? renames[0] : ['First synthetic source'], first);
    expect(first.rows.map(({ kind: _kind, ...r }) => r)).toEqual(expected.rows);
    expect(first.totals).toEqual(expected.totals);
    // Again, nobody renaming: nothing changed, so the counts are those made before, checked against the matrix
    // version alone (on PostgreSQL the last rename came after the snapshot: new names, two statements).
    racing = false;
    statements = 0;
    const again = await evidence.matrix(users.editor.actor, ALLEGATION);
    expect(statements).toBe(race ? 2 : 0);
    expect(again.totals.items).toBe(first.totals.items);
    // A link's grade changed behind the service's back (as another server process would): the version moves with
    // it, so the counts are made again, equal to the pure engine's over the links as they are now.
    const grades = (await sql<{ id: string; reliability: string }>`select id, reliability from cases_evidence_links where allegation_id = ${ALLEGATION}`.execute(t.ctx.db)).rows;
    await sql`update cases_evidence_links set reliability = case when reliability in ('D', 'E', 'F') then 'A' else 'F' end where allegation_id = ${ALLEGATION}`.execute(t.ctx.db);
    statements = 0;
    const regraded = await evidence.matrix(users.editor.actor, ALLEGATION);
    expect(statements).toBe(1);
    const nameOf = new Map((await t.ctx.db.selectFrom('items').select(['id', 'provided_by']).where('id', 'in', itemIds).execute()).map((r) => [r.id, r.provided_by ?? '']));
    const regradedPure = await pureWith(itemIds.map((id) => nameOf.get(id) ?? ''), regraded);
    expect(regraded.totals).toEqual(regradedPure.totals);
    expect(regraded.totals.lowReliability).not.toBe(again.totals.lowReliability);
    for (const g of grades) await sql`update cases_evidence_links set reliability = ${g.reliability} where id = ${g.id}`.execute(t.ctx.db);
    for (const row of before) await t.ctx.db.updateTable('items').set({ provided_by: row.provided_by }).where('id', '=', row.id).execute();
  });

  it('records each change and removal with its author; a stale version is refused', async () => {
    const change = await t.app.inject({ method: 'PATCH', url: `/api/cases/evidence/${firstLink}`, headers: users.editor.headers, payload: { version: 1, reliability: 'D', note: 'Downgraded: second-hand' } });
    expect(change.statusCode, change.body).toBe(200);
    expect(change.json().link).toMatchObject({ version: 2, reliability: 'D', lowReliability: true });
    const stale = await t.app.inject({ method: 'PATCH', url: `/api/cases/evidence/${firstLink}`, headers: users.editor.headers, payload: { version: 1, reliability: 'A' } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('link_changed');
    const outside = await t.app.inject({ method: 'PATCH', url: `/api/cases/evidence/${firstLink}`, headers: users.editor.headers, payload: { version: 2, pinpoint: pagePin(9) } });
    expect(outside.json().error.code).toBe('pinpoint_outside');
    const same = await t.app.inject({ method: 'PATCH', url: `/api/cases/evidence/${firstLink}`, headers: users.editor.headers, payload: { version: 2, reliability: 'D' } });
    expect(same.json().error.code).toBe('no_change');
    // A removable extra link.
    const extra = (await post('editor', { elementId: 'el-3', itemId: item.doc.id, pinpoint: { type: 'item' }, direction: 'undermining', reliability: 'B' })).json().link;
    expect((await t.app.inject({ method: 'DELETE', url: `/api/cases/evidence/${extra.id}`, headers: users.editor.headers })).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/cases/evidence/${extra.id}`, headers: users.editor.headers })).statusCode).toBe(404);
    const actions = (await t.ctx.db.selectFrom('audit_events').select(['action', 'actor_label']).where('subject_type', '=', 'evidence_link').where('subject_id', 'in', [firstLink, extra.id]).orderBy('id').execute()).map((e) => `${e.action} ${e.actor_label}`);
    expect(actions).toEqual(['evidence_link.created editor', 'evidence_link.changed editor', 'evidence_link.created editor', 'evidence_link.removed editor']);
  });

  it('exports a case file from the web app\'s route that reckon bag verify accepts', async () => {
    const started = await t.app.inject({ method: 'POST', url: `/api/cases/allegations/${ALLEGATION}/case-file`, headers: users.editor.headers, payload: { container: 'zip' } });
    expect(started.statusCode, started.body).toBe(202);
    const id = started.json().package.id;
    await t.ctx.jobs.drain();
    const status = (await t.app.inject({ method: 'GET', url: `/api/ledger/bags/${id}`, headers: users.editor.headers })).json().package;
    expect(status.state, status.error).toBe('done');
    const download = await t.app.inject({ method: 'GET', url: `/api/ledger/bags/${id}/download`, headers: users.editor.headers });
    const file = join(out, 'case-file.zip');
    writeFileSync(file, download.rawPayload);
    const verified = await run('bag', 'verify', file);
    expect(verified.out).toContain('case-file/');
    expect(verified.code, verified.out).toBe(0);
    // Viewers make no court packages.
    expect((await t.app.inject({ method: 'POST', url: `/api/cases/allegations/${ALLEGATION}/case-file`, headers: users.viewer.headers, payload: {} })).statusCode).toBe(403);
  });

  it('a case file fails verification once a link is added, edited or a matrix file changed after export', async () => {
    const evidence = new CaseEvidenceService(t.ctx, new CasesService(t.ctx.db));
    const folder = join(out, 'case-file-folder');
    const summary = await exportCaseFile(t.ctx, evidence, users.editor.actor, ALLEGATION, folder);
    expect(summary.items).toBe(6);
    const links = JSON.parse(readFileSync(join(folder, 'case-file/links.json'), 'utf8'));
    expect(links.links).toHaveLength(6);
    const html = readFileSync(join(folder, 'case-file/matrix.html'), 'utf8');
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).not.toContain('<b>bold</b>');
    expect(readFileSync(join(folder, 'case-file/exhibits.csv'), 'utf8')).toContain('p. 2 (region');
    expect((await run('bag', 'verify', folder)).code).toBe(0);

    const forge = async (name: string, alter: (doc: { links: Array<Record<string, unknown>> }, dir: string) => void) => {
      const dir = copyBag(folder, join(out, name));
      const doc = JSON.parse(readFileSync(join(dir, 'case-file/links.json'), 'utf8'));
      alter(doc, dir);
      writeFileSync(join(dir, 'case-file/links.json'), `${JSON.stringify(doc, null, 2)}\n`);
      regenerate(dir);
      return run('bag', 'verify', dir);
    };
    const added = await forge('added', (doc) => doc.links.push({ ...doc.links[0], id: randomUUID(), elementId: 'el-3' }));
    expect(added.code).not.toBe(0);
    expect(added.out).toContain('case-file-mismatch');
    const edited = await forge('edited', (doc) => (doc.links[0].direction = doc.links[0].direction === 'supporting' ? 'undermining' : 'supporting'));
    expect(edited.code).not.toBe(0);
    const dropped = await forge('dropped', (doc) => doc.links.pop());
    expect(dropped.code).not.toBe(0);
    const matrix = await forge('matrix', (_doc, dir) => writeFileSync(join(dir, 'case-file/matrix.csv'), 'Element,Gap\r\nel-3,no\r\n'));
    expect(matrix.code).not.toBe(0);
    expect(matrix.out).toContain('case-file/matrix.csv');
  });
});
