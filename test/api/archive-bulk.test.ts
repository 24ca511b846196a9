import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../src/server/testing.ts';
import { loginAs, type Headers } from './archive-helpers.ts';

/**
 * Bulk actions on the archive list (issue 18 item 5): publish, unpublish and tag the selected items, all or none,
 * one audit event per item changed, an error that names the item that failed, the roles checked by the server.
 */
describe('archive API: bulk actions', () => {
  let test: TestApp;
  let as: Record<'editor' | 'reviewer' | 'viewer' | 'facilitator', Headers>;
  let ids: string[];
  let term: string;

  const bulk = (headers: Headers, payload: unknown) => test.app.inject({ method: 'POST', url: '/api/archive/items/bulk', headers, payload: payload as object });
  const states = async (list: readonly string[]) =>
    (
      await test.ctx.db
        .selectFrom('items')
        .select(['id', 'state'])
        .where('id', 'in', [...list])
        .execute()
    ).reduce<Record<string, string>>((out, r) => ({ ...out, [r.id]: r.state }), {});
  const audits = async (action: string, list: readonly string[]) =>
    (
      await test.ctx.db
        .selectFrom('audit_events')
        .select('subject_id')
        .where('action', '=', action)
        .where('subject_id', 'in', [...list])
        .execute()
    ).map((r) => r.subject_id);

  beforeAll(async () => {
    test = await createTestApp();
    as = (await loginAs(test, ['editor', 'reviewer', 'viewer', 'facilitator'])) as typeof as;
    ids = [];
    for (let n = 0; n < 10; n++) {
      const res = await test.app.inject({
        method: 'POST',
        url: '/api/archive/items',
        headers: as.editor,
        payload: { kind: 'document', title: `Bulk item ${n}`, confidentiality: n === 9 ? 'confidential' : 'public' },
      });
      expect(res.statusCode).toBe(201);
      ids.push(res.json().item.id);
    }
    await test.app.inject({ method: 'POST', url: '/api/archive/vocabularies', headers: as.editor, payload: { id: 'bulk-topics', name: 'Topics' } });
    const added = await test.app.inject({
      method: 'POST',
      url: '/api/archive/vocabularies/bulk-topics/terms',
      headers: as.editor,
      payload: { term: 'Harbour' },
    });
    expect(added.statusCode).toBeLessThan(300);
    term = added.json().term?.id ?? added.json().id;
    expect(term).toMatch(/^[0-9a-f-]{36}$/);
  });
  afterAll(async () => test?.close());

  it('refuses a viewer and a facilitator, and a reviewer who tags, before reading any item', async () => {
    for (const headers of [as.viewer, as.facilitator]) {
      expect((await bulk(headers, { action: 'publish', itemIds: ids.slice(0, 2) })).statusCode).toBe(403);
      expect((await bulk(headers, { action: 'tag', itemIds: ids.slice(0, 2), termIds: [term] })).statusCode).toBe(403);
    }
    expect((await bulk(as.reviewer, { action: 'tag', itemIds: ids.slice(0, 2), termIds: [term] })).statusCode).toBe(403);
    const anonymous = await test.app.inject({ method: 'POST', url: '/api/archive/items/bulk', payload: { action: 'publish', itemIds: ids.slice(0, 1) } });
    expect(anonymous.statusCode).toBeGreaterThanOrEqual(401);
    expect(anonymous.statusCode).toBeLessThan(404);
    expect(Object.values(await states(ids)).every((s) => s === 'draft')).toBe(true);
  });

  it('refuses malformed, oversized, hostile and duplicate selections with a 400 naming the field, changing nothing', async () => {
    const bad: Array<[unknown, string]> = [
      [{ action: 'publish' }, 'no itemIds'],
      [{ action: 'publish', itemIds: [] }, 'empty'],
      [{ action: 'delete', itemIds: ids.slice(0, 1) }, 'unknown action'],
      [{ action: 'publish', itemIds: ['../../etc/passwd'] }, 'traversal'],
      [{ action: 'publish', itemIds: [`${ids[0]}\u0000`] }, 'NUL'],
      [{ action: 'publish', itemIds: ['\ud800'] }, 'lone surrogate'],
      [{ action: 'publish', itemIds: ['<script>alert(1)</script>'] }, 'script'],
      [{ action: 'publish', itemIds: Array.from({ length: 501 }, () => randomUUID()) }, 'too many'],
      [{ action: 'publish', itemIds: ids.slice(0, 1), extra: 1 }, 'unknown field'],
      [{ action: 'tag', itemIds: ids.slice(0, 1) }, 'tag without terms'],
      [{ action: 'tag', itemIds: ids.slice(0, 1), termIds: ['x'] }, 'term not an id'],
      [['publish'], 'not an object'],
    ];
    for (const [payload, label] of bad) {
      const res = await bulk(as.editor, payload);
      expect(res.statusCode, label).toBe(400);
      expect(res.json().error.code, label).toBeTruthy();
      expect(res.json().error.message, label).toBeTruthy();
    }
    // Cut short in transit: a JSON body that stops mid-way.
    const cut = await test.app.inject({
      method: 'POST',
      url: '/api/archive/items/bulk',
      headers: { ...as.editor, 'content-type': 'application/json' },
      payload: JSON.stringify({ action: 'publish', itemIds: ids }).slice(0, 60),
    });
    expect(cut.statusCode).toBe(400);
    expect(cut.json().error.code).toBeTruthy();
    const twice = await bulk(as.editor, { action: 'publish', itemIds: [ids[0], ids[1], ids[0]] });
    expect(twice.statusCode).toBe(400);
    expect(twice.json().error).toMatchObject({ code: 'duplicate_item', details: { itemId: ids[0] } });
    const unknownTerm = await bulk(as.editor, { action: 'tag', itemIds: ids.slice(0, 2), termIds: [randomUUID()] });
    expect(unknownTerm.statusCode).toBe(400);
    expect(unknownTerm.json().error.code).toBe('unknown_term');
    expect(Object.values(await states(ids)).every((s) => s === 'draft')).toBe(true);
    expect(await audits('item.published', ids)).toEqual([]);
  });

  it('publishes all or none: an item the user may not see, seventh of ten, is named and nothing is published', async () => {
    const missing = randomUUID();
    const selection = [...ids.slice(0, 6), missing, ...ids.slice(6, 9)];
    const res = await bulk(as.reviewer, { action: 'publish', itemIds: selection });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.details).toMatchObject({ itemId: missing, position: 7 });
    expect(res.json().error.message).toContain(`item 7 of 10 (${missing})`);
    expect(Object.values(await states(ids)).every((s) => s === 'draft')).toBe(true);
    expect(await audits('item.published', ids)).toEqual([]);

    // A facilitator cannot see the confidential item at all; a viewer is refused by role first (above).
    const ok = await bulk(as.reviewer, { action: 'publish', itemIds: ids });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ action: 'publish', changed: ids, unchanged: [] });
    expect(Object.values(await states(ids)).every((s) => s === 'published')).toBe(true);
    expect((await audits('item.published', ids)).sort()).toEqual([...ids].sort());

    // Again: already published, nothing changed, nothing audited twice.
    const again = await bulk(as.editor, { action: 'publish', itemIds: ids.slice(0, 3) });
    expect(again.json()).toEqual({ action: 'publish', changed: [], unchanged: ids.slice(0, 3) });
    expect((await audits('item.published', ids)).length).toBe(10);

    const back = await bulk(as.editor, { action: 'unpublish', itemIds: ids.slice(0, 2) });
    expect(back.json().changed).toEqual(ids.slice(0, 2));
    expect((await audits('item.unpublished', ids)).sort()).toEqual(ids.slice(0, 2).sort());
  });

  it('tags the selection, keeping each item its own tags, one audited change per item, searchable by the tag', async () => {
    const res = await bulk(as.editor, { action: 'tag', itemIds: ids.slice(0, 4), termIds: [term, term] });
    expect(res.statusCode).toBe(200);
    expect(res.json().changed).toEqual(ids.slice(0, 4));
    const detail = await test.app.inject({ method: 'GET', url: `/api/archive/items/${ids[0]}`, headers: as.viewer });
    expect(detail.json().tags.map((t: { id: string }) => t.id)).toEqual([term]);
    const tagged = (
      await test.ctx.db
        .selectFrom('audit_events')
        .select(['subject_id', 'details'])
        .where('action', '=', 'item.updated')
        .where('subject_id', 'in', ids)
        .execute()
    ).map((r) => r.subject_id);
    expect(tagged.sort()).toEqual(ids.slice(0, 4).sort());
    const found = await test.app.inject({ method: 'GET', url: `/api/archive/items?tag=${term}`, headers: as.editor });
    expect(found.json().total).toBe(4);

    // Tagged already: unchanged, no second event; a mixed selection changes only the new ones.
    const mixed = await bulk(as.editor, { action: 'tag', itemIds: ids.slice(2, 6), termIds: [term] });
    expect(mixed.json()).toEqual({ action: 'tag', changed: ids.slice(4, 6), unchanged: ids.slice(2, 4) });
  });

  it('refuses a viewer by role even for a confidential item, naming nothing of it', async () => {
    const hidden = ids[9];
    const res = await bulk(as.viewer, { action: 'publish', itemIds: [hidden] });
    expect(res.statusCode).toBe(403);
    expect(JSON.stringify(res.json())).not.toContain('Bulk item 9');
  });
});
