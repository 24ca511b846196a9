/**
 * "Add to a case" from the archive list (issue 18 item 5): several items linked as wholes to one element of an
 * allegation, all or none, one ledger event per link, the failing item named, the roles and bad input refused.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor, type Actor } from '../../src/server/accounts/actor.ts';
import { createTestApp, type TestApp } from '../../src/server/testing.ts';

const ALLEGATION = 'al-bulk-1';

describe('bulk evidence links (add to a case)', () => {
  let t: TestApp;
  const headers: Record<string, Record<string, string>> = {};
  let editor: Actor;
  const ids: string[] = [];
  let hidden = '';
  const post = (role: string, body: unknown, allegation = ALLEGATION) =>
    t.app.inject({ method: 'POST', url: `/api/cases/allegations/${allegation}/evidence/bulk`, headers: headers[role], payload: body as object });
  const links = async () => Number((await sql<{ n: number }>`select count(*)::int as n from cases_evidence_links`.execute(t.ctx.db)).rows[0].n);
  const events = async () =>
    Number((await sql<{ n: number }>`select count(*)::int as n from audit_events where action = 'evidence_link.created'`.execute(t.ctx.db)).rows[0].n);

  beforeAll(async () => {
    t = await createTestApp();
    for (const role of ['editor', 'reviewer', 'viewer'] as const) {
      const password = `pw-${role}-correct-horse-battery-staple`;
      const user = await t.ctx.accounts.createUser(systemActor('test'), {
        username: `bulk-${role}`,
        displayName: role,
        role,
        password,
        mustChangePassword: false,
      });
      headers[role] = (await t.login(`bulk-${role}`, password)).headers;
      if (role === 'editor') editor = { kind: 'user', userId: user.id, username: user.username, role, via: 'session' };
    }
    for (let n = 0; n < 10; n++)
      ids.push((await t.ctx.archive.items.createItem(editor, { kind: 'document', title: `Exhibit ${n}`, confidentiality: 'restricted' })).id);
    // A testimony with no consent in force: no documenter may see it.
    hidden = (
      await t.ctx.archive.testimonies.create(
        editor,
        { title: 'Testimony W-11', confidentiality: 'confidential' },
        { pseudonym: 'W-11', interviewDate: '2026-11-02', language: 'en', consents: [] },
      )
    ).itemId;
    const db = t.ctx.db;
    await sql`insert into registry_actors (id, name, type, classification) values ('act-bulk', 'Synthetic Proponent', 'organization', 'ngo')`.execute(db);
    await sql`insert into cases_frameworks (id, name, instrument) values ('fw-bulk', 'Synthetic framework', 'Synthetic instrument')`.execute(db);
    await sql`insert into cases_crimes (id, framework_id, category, article, title, summary, position) values ('cr-bulk', 'fw-bulk', 'war-crime', '8(2)(a)(i)', 'Synthetic crime', 'S', 1)`.execute(
      db,
    );
    await sql`insert into cases_elements (id, crime_id, number, kind, summary, citation) values ('el-b1', 'cr-bulk', 1, 'conduct', 'Element 1', '8(2)(a)(i)-1')`.execute(
      db,
    );
    await sql`insert into cases_incidents (id, title, date_kind) values ('inc-bulk', 'Synthetic incident', 'unknown')`.execute(db);
    await sql`insert into cases_allegations (id, incident_id, proponent_id, characterisation, crime_id, statement, verification) values (${ALLEGATION}, 'inc-bulk', 'act-bulk', 'war-crime', 'cr-bulk', 'Synthetic statement', 'reported')`.execute(
      db,
    );
    await sql`insert into cases_allegation_elements (allegation_id, element_id, position) values (${ALLEGATION}, 'el-b1', 1)`.execute(db);
  });
  afterAll(async () => t?.close());

  const body = (itemIds: string[], extra: Record<string, unknown> = {}) => ({
    elementId: 'el-b1',
    direction: 'supporting',
    reliability: 'B',
    itemIds,
    ...extra,
  });

  it('refuses a reviewer and a viewer, and bad input, with a clear 4xx and no link', async () => {
    expect((await post('viewer', body(ids.slice(0, 2)))).statusCode).toBe(403);
    expect((await post('reviewer', body(ids.slice(0, 2)))).statusCode).toBe(403);
    const bad: Array<[unknown, string]> = [
      [body([]), 'empty'],
      [body(['../../etc/passwd']), 'traversal'],
      [body([`${ids[0]}\u0000`]), 'NUL'],
      [body(['\udc00']), 'lone surrogate'],
      [body(Array.from({ length: 501 }, () => randomUUID())), 'too many'],
      [body(ids.slice(0, 1), { elementId: '<script>' }), 'hostile element'],
      [body(ids.slice(0, 1), { direction: 'sideways' }), 'direction'],
      [body(ids.slice(0, 1), { pinpoint: { type: 'item' } }), 'unknown field'],
      [body(ids.slice(0, 1), { note: 'x'.repeat(4001) }), 'note too long'],
    ];
    for (const [payload, label] of bad) {
      const res = await post('editor', payload);
      expect(res.statusCode, label).toBe(400);
      expect(res.json().error.code, label).toBeTruthy();
    }
    const twice = await post('editor', body([ids[0], ids[0]]));
    expect(twice.statusCode).toBe(400);
    expect(twice.json().error).toMatchObject({ code: 'duplicate_item', details: { itemId: ids[0] } });
    expect((await post('editor', body(ids.slice(0, 1), { elementId: 'el-none' }))).json().error.code).toBe('unknown_element');
    expect((await post('editor', body(ids.slice(0, 1)), 'al-none')).statusCode).toBe(404);
    expect(await links()).toBe(0);
  });

  it('links none when one item of ten is one the analyst may not see, and names it', async () => {
    const selection = [...ids.slice(0, 4), hidden, ...ids.slice(4, 9)];
    const res = await post('editor', body(selection));
    expect(res.statusCode).toBe(404);
    expect(res.json().error.details).toMatchObject({ itemId: hidden, position: 5 });
    expect(res.json().error.message).toContain(`item 5 of 10 (${hidden})`);
    expect(JSON.stringify(res.json())).not.toContain('W-11');
    expect(await links()).toBe(0);
    expect(await events()).toBe(0);
  });

  it('links ten items, each with its own ledger event; linking one again is refused and names it, adding nothing', async () => {
    const res = await post('editor', body(ids, { note: 'From the archive list' }));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().linked.map((l: { itemId: string }) => l.itemId)).toEqual(ids);
    expect(await links()).toBe(10);
    expect(await events()).toBe(10);
    const list = await t.app.inject({ method: 'GET', url: `/api/cases/allegations/${ALLEGATION}/evidence`, headers: headers.viewer });
    expect(
      list
        .json()
        .links.map((l: { itemId: string }) => l.itemId)
        .sort(),
    ).toEqual([...ids].sort());

    const extra = (await t.ctx.archive.items.createItem(editor, { kind: 'document', title: 'Exhibit 10', confidentiality: 'public' })).id;
    const again = await post('editor', body([extra, ids[3]]));
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: 'duplicate_link', details: { itemId: ids[3], position: 2 } });
    expect(await links()).toBe(10);
    expect(await events()).toBe(10);
  });
});
