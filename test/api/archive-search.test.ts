import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/server/accounts/actor.ts';
import { createTestApp, type TestApp } from '../../src/server/testing.ts';
import { canSeeItem, visibleSql } from '../../src/server/archive/visibility.ts';
import { loginAs, type Headers } from './archive-helpers.ts';

type Who = 'public' | 'viewer' | 'editor' | 'admin';

describe('archive search, facets and testimonies: nothing leaks to whoever may not see it', () => {
  let test: TestApp;
  let as: Record<Who, Headers>;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    test = await createTestApp();
    const users = await loginAs(test, ['editor', 'viewer']);
    as = { public: {}, viewer: users.viewer, editor: users.editor, admin: (await test.login('admin', test.admin.password)).headers };
    const make = async (key: string, payload: Record<string, unknown>, publish = false) => {
      const res = await test.app.inject({ method: 'POST', url: '/api/archive/items', headers: as.editor, payload });
      if (res.statusCode !== 201) throw new Error(res.body);
      ids[key] = res.json().item.id;
      if (publish) await test.app.inject({ method: 'POST', url: `/api/archive/items/${ids[key]}/publish`, headers: as.editor });
    };
    await make('pubEn', { kind: 'document', title: 'Report on the shelling of houses', description: 'Witnesses describe burning villages', languages: ['en'], confidentiality: 'public', eventDate: '1992-02-26', place: { name: 'Khojaly', country: 'AZ' } }, true);
    await make('pubRu', { kind: 'image', title: 'Фотографии сожжённых домов', languages: ['ru'], confidentiality: 'public', eventDate: '1993', place: { country: 'AM' } }, true);
    await make('pubHy', { kind: 'video', title: 'Վկաների պատմությունները', languages: ['hy'], confidentiality: 'public', eventDate: '1990-01' }, true);
    await make('pubAz', { kind: 'document', title: 'Xocalı faciəsi haqqında şahid ifadələri', languages: ['az'], confidentiality: 'public' }, true);
    await make('draftPublic', { kind: 'document', title: 'Draft about burning houses', languages: ['en'], confidentiality: 'public' });
    await make('restricted', { kind: 'dataset', title: 'Restricted list of burned houses', languages: ['en'], confidentiality: 'restricted', place: { country: 'GE' } }, true);
    await make('confidential', { kind: 'forensic_report', title: 'Confidential forensic report on houses', languages: ['en'], confidentiality: 'confidential', place: { country: 'TR' } }, true);
  });
  afterAll(async () => test?.close());

  const search = async (who: Who, query: string) => {
    const res = await test.app.inject({ method: 'GET', url: `/api/archive/items?${query}`, headers: as[who] });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { total: number; items: Array<{ id: string }>; facets: Record<string, Array<{ value: string; count: number }>> };
  };

  it('finds words through stemming in English, Russian and Armenian, and Azerbaijani and names across scripts', async () => {
    expect((await search('public', 'q=burned%20house')).items.map((i) => i.id)).toContain(ids.pubEn);
    expect((await search('public', `q=${encodeURIComponent('сожжённые дома')}`)).items.map((i) => i.id)).toContain(ids.pubRu);
    expect((await search('public', `q=${encodeURIComponent('վկաների')}`)).items.map((i) => i.id)).toContain(ids.pubHy);
    expect((await search('public', `q=${encodeURIComponent('şahid')}`)).items.map((i) => i.id)).toContain(ids.pubAz);
    // "Khojaly" (English spelling) finds the Azerbaijani title "Xocalı" through the romanised trigram key.
    expect((await search('public', 'q=Khojaly')).items.map((i) => i.id)).toEqual(expect.arrayContaining([ids.pubEn, ids.pubAz]));
  });

  it('gives each audience exactly the items it may see, in results, totals and every facet', async () => {
    const expected: Record<Who, string[]> = {
      public: ['pubEn', 'pubRu', 'pubHy', 'pubAz'],
      viewer: ['pubEn', 'pubRu', 'pubHy', 'pubAz', 'draftPublic', 'restricted'],
      editor: ['pubEn', 'pubRu', 'pubHy', 'pubAz', 'draftPublic', 'restricted', 'confidential'],
      admin: ['pubEn', 'pubRu', 'pubHy', 'pubAz', 'draftPublic', 'restricted', 'confidential'],
    };
    for (const who of Object.keys(expected) as Who[]) {
      const all = await search(who, 'limit=100');
      expect(all.items.map((i) => i.id).sort(), who).toEqual(expected[who].map((k) => ids[k]).sort());
      expect(all.total, who).toBe(expected[who].length);
      const facetTotal = (name: string) => all.facets[name].reduce((sum, f) => sum + f.count, 0);
      expect(facetTotal('kind'), who).toBe(expected[who].length);
      expect(facetTotal('confidentiality'), who).toBe(expected[who].length);
      expect(facetTotal('extractionState'), who).toBe(expected[who].length);
      const countries = all.facets.country.map((f) => f.value);
      expect(countries.includes('TR'), who).toBe(who === 'editor' || who === 'admin');
      expect(countries.includes('GE'), who).toBe(who !== 'public');
      // A word only in hidden titles finds nothing and counts nothing.
      const hidden = await search(who, 'q=forensic');
      expect(hidden.total, who).toBe(who === 'editor' || who === 'admin' ? 1 : 0);
      expect(hidden.facets.kind.length, who).toBe(hidden.total ? 1 : 0);
      // Direct look-ups agree with the listing.
      for (const [key, id] of Object.entries(ids)) {
        const res = await test.app.inject({ method: 'GET', url: `/api/archive/items/${id}`, headers: as[who] });
        expect(res.statusCode, `${who} ${key}`).toBe(expected[who].includes(key) ? 200 : 404);
      }
    }
  });

  it('filters and sorts by facets, dates and pagination', async () => {
    const ru = await search('public', 'language=ru');
    expect(ru.items.map((i) => i.id)).toEqual([ids.pubRu]);
    const range = await search('public', 'dateFrom=1992&dateTo=1992-12-31&sort=event_date');
    expect(range.items.map((i) => i.id)).toEqual([ids.pubEn]);
    const byDate = await search('public', 'sort=event_date');
    expect(byDate.items.map((i) => i.id).slice(0, 3)).toEqual([ids.pubHy, ids.pubEn, ids.pubRu]);
    const page = await search('admin', 'limit=2&offset=2&sort=added');
    expect(page.items.length).toBe(2);
    expect(page.total).toBe(7);
    const kinds = await search('viewer', 'kind=document,image');
    expect(kinds.items.every((i) => [ids.pubEn, ids.pubRu, ids.pubAz, ids.draftPublic].includes(i.id))).toBe(true);
    for (const bad of ['kind=weapon', 'limit=0', 'limit=1000', 'dateFrom=yesterday', `q=${'x'.repeat(600)}`, 'tag=not-a-uuid', "country=A'"]) {
      const res = await test.app.inject({ method: 'GET', url: `/api/archive/items?${bad}`, headers: as.viewer });
      expect(res.statusCode, bad).toBe(400);
      expect(res.json().error.code).toBeTruthy();
    }
    // Hostile query text is only ever a parameter.
    const hostile = await search('public', `q=${encodeURIComponent("'); drop table items; -- <script> & | ! :*")}`);
    expect(hostile.total).toBeGreaterThanOrEqual(0);
    expect((await search('admin', 'limit=100')).total).toBe(7);
  });

  it('keeps protected identities encrypted and shown only to documenters; withdrawal of consent hides the testimony', async () => {
    const created = await test.app.inject({
      method: 'POST',
      url: '/api/archive/testimonies',
      headers: as.editor,
      payload: {
        item: { title: 'Testimony of witness W-17', confidentiality: 'public', languages: ['az'] },
        pseudonym: 'W-17',
        identity: { name: 'Aynur Secretname', contact: '+994 50 000 00 00', location: 'Baku' },
        interviewer: 'Interviewer One',
        interviewDate: '2024-05-01',
        language: 'az',
        consents: [
          { scope: 'internal_use', givenOn: '2024-05-01' },
          { scope: 'publication', givenOn: '2024-05-01' },
        ],
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().testimony.itemId as string;
    // The answer to a change never carries the decrypted identity; reading it is a separate, audited look.
    expect(created.json().testimony.identity).toBeNull();
    expect(created.json().testimony.hasIdentity).toBe(true);
    const stored = await test.ctx.db.selectFrom('testimonies').select('protected_identity').where('item_id', '=', id).executeTakeFirstOrThrow();
    expect(stored.protected_identity).not.toContain('Secretname');
    const saved = await test.app.inject({ method: 'PUT', url: `/api/archive/testimonies/${id}/texts/az`, headers: as.editor, payload: { kind: 'transcript', text: 'Evlər yandırıldı. <script>alert(1)</script>' } });
    expect(saved.statusCode).toBe(200);
    await test.app.inject({ method: 'POST', url: `/api/archive/items/${id}/publish`, headers: as.editor });

    const viewerView = (await test.app.inject({ method: 'GET', url: `/api/archive/testimonies/${id}`, headers: as.viewer })).json().testimony;
    expect(viewerView.identity).toBeNull();
    expect((await test.app.inject({ method: 'GET', url: `/api/archive/testimonies/${id}` })).json().testimony.texts).toEqual([]);
    // The identity is not in search, the audit trail, or the export.
    expect((await search('admin', 'q=Secretname')).total).toBe(0);
    const audit = await test.ctx.db.selectFrom('audit_events').select('details').execute();
    expect(JSON.stringify(audit)).not.toContain('Secretname');
    expect(JSON.stringify(audit)).not.toContain('+994');
    const csv = await test.app.inject({ method: 'GET', url: '/api/archive/export.csv', headers: as.admin });
    expect(csv.body).not.toContain('Secretname');
    // The transcript is searchable by staff, never by the public.
    expect((await search('editor', 'q=yandırıldı')).items.map((i) => i.id)).toContain(id);
    expect((await search('public', 'q=yandırıldı')).total).toBe(0);
    expect((await search('public', 'q=W-17')).items.map((i) => i.id)).toContain(id);

    const withdrawn = await test.app.inject({ method: 'POST', url: `/api/archive/testimonies/${id}/consents/withdraw`, headers: as.editor, payload: { scope: 'publication', withdrawnOn: '2025-01-10' } });
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    expect((await test.app.inject({ method: 'GET', url: `/api/archive/items/${id}` })).statusCode).toBe(404);
    expect((await search('public', 'q=W-17')).total).toBe(0);
    expect((await search('viewer', 'q=W-17')).total).toBe(1);
    await test.app.inject({ method: 'POST', url: `/api/archive/testimonies/${id}/consents/withdraw`, headers: as.editor, payload: { scope: 'internal_use', withdrawnOn: '2025-01-11' } });
    expect((await search('viewer', 'q=W-17')).total).toBe(0);
    expect((await search('editor', 'q=W-17')).total).toBe(0);
    expect((await search('admin', 'q=W-17')).total).toBe(1);
    const again = await test.app.inject({ method: 'POST', url: `/api/archive/testimonies/${id}/consents/withdraw`, headers: as.admin, payload: { scope: 'internal_use', withdrawnOn: '2025-01-12' } });
    expect(again.json().error.code).toBe('no_consent');
    const early = await test.app.inject({ method: 'POST', url: `/api/archive/testimonies/${id}/consents/withdraw`, headers: as.admin, payload: { scope: 'court_use', withdrawnOn: '2025-01-12' } });
    expect(early.statusCode).toBe(400);
    expect((await test.app.inject({ method: 'GET', url: `/api/archive/testimonies/${id}`, headers: as.admin })).json().testimony.identity.contact).toBe('+994 50 000 00 00');
    const events = (await test.app.inject({ method: 'GET', url: `/api/archive/items/${id}/custody`, headers: as.admin })).json().events.map((e: { action: string }) => e.action);
    expect(events).toEqual(expect.arrayContaining(['testimony.recorded', 'testimony.text_saved', 'item.published', 'testimony.consent_withdrawn', 'testimony.identity_viewed']));
  });

  it('refuses malformed testimonies without writing anything', async () => {
    const before = Number((await test.ctx.db.selectFrom('items').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const base = { item: { title: 'T', confidentiality: 'restricted' }, pseudonym: 'P' };
    const bad: Array<Record<string, unknown>> = [
      { ...base, pseudonym: '' },
      { ...base, consents: [{ scope: 'publication', givenOn: '2024-01-01' }, { scope: 'publication', givenOn: '2024-01-02' }] },
      { ...base, consents: [{ scope: 'marketing', givenOn: '2024-01-01' }] },
      { ...base, interviewDate: '2024-02-30' },
      { ...base, identity: { name: 'x', ssn: '1' } },
      { ...base, language: 'x1' },
    ];
    for (const payload of bad) {
      const res = await test.app.inject({ method: 'POST', url: '/api/archive/testimonies', headers: as.editor, payload });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
    }
    expect((await test.app.inject({ method: 'POST', url: '/api/archive/testimonies', headers: as.viewer, payload: base })).statusCode).toBe(403);
    const after = Number((await test.ctx.db.selectFrom('items').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    expect(after).toBe(before);
  });

  it('narrows by filters inside the text index without losing a match, however long the event', async () => {
    // The filters also run as lexemes in the index (migration 202611221800); the answers must be those of the columns.
    const combined = await search('public', 'q=shelling&country=az&dateFrom=1990&dateTo=1992&kind=document,video');
    expect(combined.items.map((i) => i.id)).toEqual([ids.pubEn]);
    expect((await search('public', 'q=shelling&country=am')).total).toBe(0);
    expect((await search('public', 'q=shelling&dateFrom=1993&dateTo=1995')).total).toBe(0);
    expect((await search('public', 'country=AM&language=ru&confidentiality=public&state=published')).items.map((i) => i.id)).toEqual([ids.pubRu]);
    // Two centuries carry one "wide" lexeme, which every date filter includes; dates in one year stay exact.
    const res = await test.app.inject({
      method: 'POST',
      url: '/api/archive/items',
      headers: as.editor,
      payload: { kind: 'other', title: 'Chronicle of the region', languages: ['en'], confidentiality: 'confidential', eventDate: '1801/1995' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const chronicle = res.json().item.id as string;
    expect((await search('editor', 'q=chronicle&dateFrom=1850&dateTo=1851')).items.map((i) => i.id)).toEqual([chronicle]);
    expect((await search('editor', 'q=chronicle&dateFrom=1996&dateTo=1999')).total).toBe(0);
    expect((await search('viewer', 'q=chronicle&dateFrom=1850&dateTo=1851')).total).toBe(0);
    await test.ctx.archive.items.updateItem(systemActor('t'), chronicle, { kind: 'dataset' });
    expect((await search('editor', 'kind=other&q=chronicle')).total).toBe(0);
    expect((await search('editor', 'kind=dataset&q=chronicle')).total).toBe(1);
  });

  it('agrees with the TypeScript visibility rule for every role on every row', async () => {
    const rows = await test.ctx.db.selectFrom('items').select(['id', 'state', 'confidentiality', 'consent_scopes']).execute();
    const actors = {
      public: { kind: 'public' as const },
      viewer: { kind: 'user' as const, userId: '0', username: 'v', role: 'viewer' as const, via: 'session' as const },
      editor: { kind: 'user' as const, userId: '0', username: 'e', role: 'editor' as const, via: 'session' as const },
      admin: systemActor('t'),
    };
    for (const who of ['public', 'viewer', 'editor', 'admin'] as Who[]) {
      const listed = new Set((await search(who, 'limit=100')).items.map((i) => i.id));
      for (const row of rows) expect(listed.has(row.id), `${who} ${row.id}`).toBe(canSeeItem(actors[who], row));
      // The rule's SQL form (what listings, counts, the CSV export and the case matrix embed) lets through the same rows.
      const selected = await test.ctx.db.selectFrom('items as i').select('i.id').where(visibleSql(actors[who])).execute();
      expect(new Set(selected.map((r) => r.id)), who).toEqual(new Set(rows.filter((row) => canSeeItem(actors[who], row)).map((row) => row.id)));
    }
  });
});
