import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../src/server/testing.ts';
import { loginAs, multipart, type Headers } from './archive-helpers.ts';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('archive API: items, files, download, custody', () => {
  let test: TestApp;
  let as: Record<'admin' | 'editor' | 'reviewer' | 'viewer' | 'facilitator', Headers>;

  beforeAll(async () => {
    test = await createTestApp();
    as = {
      ...(await loginAs(test, ['editor', 'reviewer', 'viewer', 'facilitator'])),
      admin: (await test.login('admin', test.admin.password)).headers,
    } as typeof as;
  });
  afterAll(async () => test?.close());

  const tmpFiles = () => (existsSync(join(test.dataDir, 'tmp')) ? readdirSync(join(test.dataDir, 'tmp')) : []);

  it('uploads a file as a new item, sniffing its type from the bytes, and links a duplicate instead of storing it twice', async () => {
    const content = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const body = multipart(
      { name: '../../etc/evil\u0007name.txt', content, type: 'image/png' },
      { metadata: JSON.stringify({ title: 'Scan', confidentiality: 'public', languages: ['az'] }) },
    );
    const res = await test.app.inject({ method: 'POST', url: '/api/archive/upload', headers: { ...as.editor, ...body.headers }, payload: body.payload });
    expect(res.statusCode).toBe(201);
    const { item, file, duplicate } = res.json();
    expect(duplicate).toBe(false);
    expect(file.sha256).toBe(sha256(content));
    expect(file.filename).toBe('evilname.txt');
    expect(file.originalFilename).toBe('../../etc/evil\u0007name.txt');
    expect(file.mime).toBe('application/pdf');
    expect(item.kind).toBe('document');

    const again = multipart({ name: 'copy.pdf', content }, { metadata: JSON.stringify({ title: 'Copy', confidentiality: 'restricted' }) });
    const res2 = await test.app.inject({ method: 'POST', url: '/api/archive/upload', headers: { ...as.editor, ...again.headers }, payload: again.payload });
    expect(res2.statusCode).toBe(201);
    expect(res2.json().duplicate).toBe(true);
    const custody = await test.app.inject({ method: 'GET', url: `/api/archive/items/${res2.json().item.id}/custody`, headers: as.reviewer });
    expect(custody.json().events.map((e: { action: string }) => e.action)).toEqual(['blob.stored', 'item.created', 'blob.linked', 'item.file_added']);
  });

  it('serves downloads with the sniffed type, attachment disposition, nosniff, and byte ranges; audits restricted downloads', async () => {
    const content = Buffer.from('<html><script>alert(1)</script></html>'.repeat(100));
    const body = multipart(
      { name: 'page.pdf', content, type: 'application/pdf' },
      { metadata: JSON.stringify({ title: 'Page', confidentiality: 'restricted' }) },
    );
    const up = (
      await test.app.inject({ method: 'POST', url: '/api/archive/upload', headers: { ...as.editor, ...body.headers }, payload: body.payload })
    ).json();
    const url = `/api/archive/items/${up.item.id}/files/${up.file.id}/content`;
    const full = await test.app.inject({ method: 'GET', url, headers: as.viewer });
    expect(full.statusCode).toBe(200);
    expect(full.headers['content-type']).toMatch(/^text\/html/);
    expect(full.headers['content-disposition']).toMatch(/^attachment; filename="page.pdf"/);
    expect(full.headers['x-content-type-options']).toBe('nosniff');
    expect(full.rawPayload).toEqual(content);
    const part = await test.app.inject({ method: 'GET', url, headers: { ...as.viewer, range: 'bytes=6-11' } });
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 6-11/${content.length}`);
    expect(part.rawPayload.toString()).toBe('<scrip');
    const suffix = await test.app.inject({ method: 'GET', url, headers: { ...as.viewer, range: 'bytes=-7' } });
    expect(suffix.rawPayload.toString()).toBe('</html>');
    const bad = await test.app.inject({ method: 'GET', url, headers: { ...as.viewer, range: `bytes=${content.length}-` } });
    expect(bad.statusCode).toBe(416);
    // HTML is never rendered inline, even when asked.
    const inline = await test.app.inject({ method: 'GET', url: `${url}?inline=1`, headers: as.viewer });
    expect(inline.headers['content-disposition']).toMatch(/^attachment/);
    const pub = await test.app.inject({ method: 'GET', url });
    expect(pub.statusCode).toBe(404);
    const custody = (await test.app.inject({ method: 'GET', url: `/api/archive/items/${up.item.id}/custody`, headers: as.editor })).json();
    expect(custody.events.filter((e: { action: string }) => e.action === 'blob.downloaded').length).toBeGreaterThanOrEqual(3);
  });

  it('encrypts confidential uploads at rest and still serves the original bytes to documenters only', async () => {
    const content = Buffer.from('confidential witness list: A, B, C\n');
    const body = multipart({ name: 'list.txt', content }, { metadata: JSON.stringify({ title: 'List', confidentiality: 'confidential' }) });
    const up = (
      await test.app.inject({ method: 'POST', url: '/api/archive/upload', headers: { ...as.editor, ...body.headers }, payload: body.payload })
    ).json();
    expect(up.file.encrypted).toBe(true);
    expect(up.file.sha256).toBe(sha256(content));
    const url = `/api/archive/items/${up.item.id}/files/${up.file.id}/content`;
    expect((await test.app.inject({ method: 'GET', url, headers: as.reviewer })).rawPayload).toEqual(content);
    expect((await test.app.inject({ method: 'GET', url, headers: as.viewer })).statusCode).toBe(404);
    expect((await test.app.inject({ method: 'GET', url: `/api/archive/items/${up.item.id}`, headers: as.viewer })).statusCode).toBe(404);
  });

  it('records metadata edits with old and new values, validates every field, and publishes with an audit event', async () => {
    const created = await test.app.inject({
      method: 'POST',
      url: '/api/archive/items',
      headers: as.editor,
      payload: {
        kind: 'document',
        title: 'Report <script>x</script>',
        confidentiality: 'restricted',
        eventDate: '1992-02',
        place: { name: 'Xocalı', country: 'az', latitude: 39.91, longitude: 46.79 },
        languages: ['AZ', 'ru'],
      },
    });
    expect(created.statusCode).toBe(201);
    const item = created.json().item;
    expect(item.title).toBe('Report <script>x</script>');
    expect(item.eventStart).toBe('1992-02-01');
    expect(item.eventEnd).toBe('1992-02-29');
    expect(item.place.country).toBe('AZ');
    expect(item.languages).toEqual(['az', 'ru']);
    const patched = await test.app.inject({
      method: 'PATCH',
      url: `/api/archive/items/${item.id}`,
      headers: as.editor,
      payload: { confidentiality: 'public', eventDate: '1992-02-25/1992-02-26' },
    });
    expect(patched.statusCode).toBe(200);
    const published = await test.app.inject({ method: 'POST', url: `/api/archive/items/${item.id}/publish`, headers: as.reviewer });
    expect(published.json().item.state).toBe('published');
    const events = (await test.app.inject({ method: 'GET', url: `/api/archive/items/${item.id}/custody`, headers: as.editor })).json().events;
    const change = events.find((e: { action: string }) => e.action === 'item.confidentiality_changed');
    expect(change.details.changes.confidentiality).toEqual({ from: 'restricted', to: 'public' });
    expect(change.details.changes.event_start).toEqual({ from: '1992-02-01', to: '1992-02-25' });
    expect(events.map((e: { action: string }) => e.action)).toContain('item.published');
    expect((await test.app.inject({ method: 'GET', url: `/api/archive/items/${item.id}` })).statusCode).toBe(200);

    const before = (
      await test.ctx.db
        .selectFrom('items')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n;
    const bad: Array<[Record<string, unknown>, string]> = [
      [{ kind: 'document', title: 'x', confidentiality: 'public', eventDate: '1992-02-30' }, 'invalid_date'],
      [{ kind: 'document', title: 'x', confidentiality: 'public', eventDate: '1993/1992' }, 'invalid_date'],
      [{ kind: 'document', title: 'x', confidentiality: 'public', place: { country: 'XX' } }, 'invalid_country'],
      [{ kind: 'document', title: 'x', confidentiality: 'public', place: { latitude: 91, longitude: 0 } }, 'invalid_coordinates'],
      [{ kind: 'document', title: 'x', confidentiality: 'public', place: { latitude: 10 } }, 'invalid_coordinates'],
      [{ kind: 'document', title: 'x', confidentiality: 'public', languages: ["e'n"] }, 'invalid_language'],
      [{ kind: 'document', title: '   ', confidentiality: 'public' }, 'required'],
      [{ kind: 'weapon', title: 'x', confidentiality: 'public' }, 'invalid_request'],
      [{ kind: 'document', title: 'x', confidentiality: 'secret' }, 'invalid_request'],
      [{ kind: 'document', title: 'x', confidentiality: 'public', related: ['00000000-0000-4000-8000-000000000000'] }, 'unknown_item'],
      [{ kind: 'document', title: 'x', confidentiality: 'public', tags: ['00000000-0000-4000-8000-000000000000'] }, 'unknown_term'],
      [{ kind: 'document', title: 'x'.repeat(1001), confidentiality: 'public' }, 'invalid_request'],
      [{ kind: 'document', title: 'x', confidentiality: 'public', extra: 1 }, 'invalid_request'],
    ];
    for (const [payload, code] of bad) {
      const res = await test.app.inject({ method: 'POST', url: '/api/archive/items', headers: as.editor, payload });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().error.code).toBe(code);
    }
    const after = (
      await test.ctx.db
        .selectFrom('items')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n;
    expect(Number(after)).toBe(Number(before));
    expect(
      (
        await test.app.inject({
          method: 'POST',
          url: '/api/archive/items',
          headers: as.viewer,
          payload: { kind: 'document', title: 'x', confidentiality: 'public' },
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (await test.app.inject({ method: 'POST', url: '/api/archive/items', payload: { kind: 'document', title: 'x', confidentiality: 'public' } })).statusCode,
    ).toBe(401);
  });

  it('refuses uploads without a file, with bad metadata, too large, or aborted — leaving no item, blob or temp file', async () => {
    const count = async () => {
      const items = await test.ctx.db
        .selectFrom('items')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      const blobs = await test.ctx.db
        .selectFrom('blobs')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return [Number(items.n), Number(blobs.n)];
    };
    const before = await count();
    const noFile = multipart(null, { metadata: '{}' });
    let res = await test.app.inject({ method: 'POST', url: '/api/archive/upload', headers: { ...as.editor, ...noFile.headers }, payload: noFile.payload });
    expect(res.json().error.code).toBe('file_required');
    const badJson = multipart({ name: 'a.txt', content: Buffer.from('a') }, { metadata: '{not json' });
    res = await test.app.inject({ method: 'POST', url: '/api/archive/upload', headers: { ...as.editor, ...badJson.headers }, payload: badJson.payload });
    expect(res.json().error.code).toBe('malformed_json');
    const badMeta = multipart(
      { name: 'a.txt', content: Buffer.from('b') },
      { metadata: JSON.stringify({ eventDate: 'yesterday', confidentiality: 'public' }) },
    );
    res = await test.app.inject({ method: 'POST', url: '/api/archive/upload', headers: { ...as.editor, ...badMeta.headers }, payload: badMeta.payload });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('invalid_date');
    res = await test.app.inject({
      method: 'POST',
      url: '/api/archive/upload',
      headers: { ...as.editor, 'content-type': 'application/json' },
      payload: { a: 1 },
    });
    expect(res.statusCode).toBe(400);
    const viewerUpload = multipart({ name: 'a.txt', content: Buffer.from('c') });
    res = await test.app.inject({
      method: 'POST',
      url: '/api/archive/upload',
      headers: { ...as.viewer, ...viewerUpload.headers },
      payload: viewerUpload.payload,
    });
    expect(res.statusCode).toBe(403);
    // A truncated multipart body (the client went away mid-file).
    const cut = multipart({ name: 'big.bin', content: Buffer.alloc(300_000, 7) });
    res = await test.app.inject({
      method: 'POST',
      url: '/api/archive/upload',
      headers: { ...as.editor, ...cut.headers },
      payload: cut.payload.subarray(0, 200_000),
    });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(await count()).toEqual(before);
    expect(tmpFiles()).toEqual([]);
  });

  it('refuses a file over the configured upload limit with 413 and leaves nothing behind', async () => {
    const small = await createTestApp({ uploadMaxBytes: 1000 });
    try {
      const headers = (await small.login('admin', small.admin.password)).headers;
      const body = multipart({ name: 'big.bin', content: Buffer.alloc(5000, 1) });
      const res = await small.app.inject({ method: 'POST', url: '/api/archive/upload', headers: { ...headers, ...body.headers }, payload: body.payload });
      expect(res.statusCode).toBe(413);
      const blobs = await small.ctx.db
        .selectFrom('blobs')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(blobs.n)).toBe(0);
      expect(existsSync(join(small.dataDir, 'tmp')) ? readdirSync(join(small.dataDir, 'tmp')) : []).toEqual([]);
    } finally {
      await small.close();
    }
  });

  it('makes a redacted derivative linked to its original, which stays unchanged, and shows the public only the derivative', async () => {
    const content = Buffer.from('The witness Ali Mammadov lives at 5 Nizami street.\n');
    const body = multipart({ name: 'statement.txt', content }, { metadata: JSON.stringify({ title: 'Statement', confidentiality: 'public' }) });
    const up = (
      await test.app.inject({ method: 'POST', url: '/api/archive/upload', headers: { ...as.editor, ...body.headers }, payload: body.payload })
    ).json();
    // The original stays restricted even though the item is public.
    const itemId = up.item.id;
    await test.ctx.db.updateTable('item_files').set({ confidentiality: 'restricted' }).where('id', '=', up.file.id).execute();
    const start = content.indexOf('Ali');
    const res = await test.app.inject({
      method: 'POST',
      url: `/api/archive/items/${itemId}/files/${up.file.id}/redactions`,
      headers: as.editor,
      payload: { type: 'text_ranges', ranges: [{ start, end: start + 'Ali Mammadov'.length }], confidentiality: 'public' },
    });
    expect(res.statusCode).toBe(201);
    const derived = res.json().file;
    expect(derived.role).toBe('derivative');
    expect(derived.derivedFrom).toBe(up.file.id);
    await test.app.inject({ method: 'POST', url: `/api/archive/items/${itemId}/publish`, headers: as.editor });
    const publicView = (await test.app.inject({ method: 'GET', url: `/api/archive/items/${itemId}` })).json();
    expect(publicView.files.map((f: { id: string }) => f.id)).toEqual([derived.id]);
    const text = (await test.app.inject({ method: 'GET', url: `/api/archive/items/${itemId}/files/${derived.id}/content` })).rawPayload.toString();
    expect(text).not.toContain('Mammadov');
    expect((await test.app.inject({ method: 'GET', url: `/api/archive/items/${itemId}/files/${up.file.id}/content` })).statusCode).toBe(404);
    expect((await test.app.inject({ method: 'GET', url: `/api/archive/items/${itemId}/files/${up.file.id}/content`, headers: as.editor })).rawPayload).toEqual(
      content,
    );
    const wrong = await test.app.inject({
      method: 'POST',
      url: `/api/archive/items/${itemId}/files/${up.file.id}/redactions`,
      headers: as.editor,
      payload: { type: 'pdf_pages', pages: [1] },
    });
    expect(wrong.json().error.code).toBe('not_a_pdf');
  });

  it('serves the list a thumbnail only of a file the reader may open, derived and never the original', async () => {
    const png = await sharp({ create: { width: 900, height: 600, channels: 3, background: { r: 200, g: 40, b: 40 } } })
      .png()
      .toBuffer();
    const body = multipart({ name: 'square.png', content: png }, { metadata: JSON.stringify({ title: 'Thumbnail square', confidentiality: 'public' }) });
    const up = (
      await test.app.inject({ method: 'POST', url: '/api/archive/upload', headers: { ...as.editor, ...body.headers }, payload: body.payload })
    ).json();
    const itemId: string = up.item.id;
    // The original is restricted; the public gets a blurred public copy.
    await test.ctx.db.updateTable('item_files').set({ confidentiality: 'restricted' }).where('id', '=', up.file.id).execute();
    const copy = await test.app.inject({
      method: 'POST',
      url: `/api/archive/items/${itemId}/files/${up.file.id}/redactions`,
      headers: as.editor,
      payload: { type: 'image_regions', regions: [{ x: 0, y: 0, w: 100, h: 100 }] },
    });
    expect(copy.statusCode, copy.body).toBe(201);
    const derived: string = copy.json().file.id;
    await test.app.inject({ method: 'POST', url: `/api/archive/items/${itemId}/publish`, headers: as.editor });
    await test.ctx.jobs.drain();

    const listed = async (headers: Headers) => {
      const res = await test.app.inject({ method: 'GET', url: `/api/archive/items?q=${encodeURIComponent('Thumbnail square')}`, headers });
      return (res.json().items as Array<{ id: string; thumbnailFileId: string | null }>).find((i) => i.id === itemId)?.thumbnailFileId;
    };
    const thumbnail = (fileId: string, headers: Headers = {}) =>
      test.app.inject({ method: 'GET', url: `/api/archive/items/${itemId}/files/${fileId}/thumbnail`, headers });
    expect(await listed({})).toBe(derived);
    expect(await listed(as.viewer)).toBe(up.file.id);
    const served = await thumbnail(derived);
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/webp');
    expect(served.headers['cache-control']).toBe('private, no-store');
    const meta = await sharp(served.rawPayload).metadata();
    expect([meta.format, Math.max(meta.width ?? 0, meta.height ?? 0)]).toEqual(['webp', 320]);
    expect(served.rawPayload.equals(png)).toBe(false);
    // The restricted original's picture is not the public's, whatever they ask for.
    expect((await thumbnail(up.file.id)).statusCode).toBe(404);
    expect((await thumbnail(up.file.id, as.viewer)).statusCode).toBe(200);
    // Confidential: not even its existence reaches a viewer.
    await test.app.inject({ method: 'POST', url: `/api/archive/items/${itemId}/unpublish`, headers: as.editor });
    await test.app.inject({ method: 'PATCH', url: `/api/archive/items/${itemId}`, headers: as.editor, payload: { confidentiality: 'confidential' } });
    expect(await listed(as.viewer)).toBeUndefined();
    expect((await thumbnail(up.file.id, as.viewer)).json().error.code).toBe('not_found');
    expect((await thumbnail(derived)).statusCode).toBe(404);
    expect((await thumbnail(up.file.id, as.editor)).statusCode).toBe(200);
    // A file without a picture, a malformed id, a file of another item.
    const text = multipart(
      { name: 'note.txt', content: Buffer.from('no picture here') },
      { metadata: JSON.stringify({ title: 'Thumbnail-less note', confidentiality: 'public' }) },
    );
    const note = (
      await test.app.inject({ method: 'POST', url: '/api/archive/upload', headers: { ...as.editor, ...text.headers }, payload: text.payload })
    ).json();
    await test.ctx.jobs.drain();
    expect(
      (await test.app.inject({ method: 'GET', url: `/api/archive/items/${note.item.id}/files/${note.file.id}/thumbnail`, headers: as.editor })).statusCode,
    ).toBe(404);
    expect(
      (await test.app.inject({ method: 'GET', url: `/api/archive/items/${note.item.id}/files/..%2F..%2Fetc/thumbnail`, headers: as.editor })).statusCode,
    ).toBe(400);
    expect(
      (await test.app.inject({ method: 'GET', url: `/api/archive/items/${note.item.id}/files/${up.file.id}/thumbnail`, headers: as.editor })).statusCode,
    ).toBe(404);
  });

  it('manages vocabularies and tags, refusing duplicates', async () => {
    const v = await test.app.inject({
      method: 'POST',
      url: '/api/archive/vocabularies',
      headers: as.editor,
      payload: { id: 'violations', name: 'Violations' },
    });
    expect(v.statusCode).toBe(201);
    expect(
      (await test.app.inject({ method: 'POST', url: '/api/archive/vocabularies', headers: as.editor, payload: { id: 'violations', name: 'Again' } }))
        .statusCode,
    ).toBe(409);
    const t = (
      await test.app.inject({ method: 'POST', url: '/api/archive/vocabularies/violations/terms', headers: as.editor, payload: { term: 'Displacement' } })
    ).json().term;
    expect(
      (await test.app.inject({ method: 'POST', url: '/api/archive/vocabularies/violations/terms', headers: as.editor, payload: { term: 'displacement' } }))
        .statusCode,
    ).toBe(409);
    expect(
      (await test.app.inject({ method: 'POST', url: '/api/archive/vocabularies/nope/terms', headers: as.editor, payload: { term: 'x' } })).statusCode,
    ).toBe(404);
    expect(
      (await test.app.inject({ method: 'POST', url: '/api/archive/vocabularies', headers: as.editor, payload: { id: 'Bad Id', name: 'x' } })).json().error.code,
    ).toBe('invalid_vocabulary_id');
    const item = (
      await test.app.inject({
        method: 'POST',
        url: '/api/archive/items',
        headers: as.editor,
        payload: { kind: 'image', title: 'Tagged', confidentiality: 'public', tags: [t.id, t.id] },
      })
    ).json().item;
    const detail = (await test.app.inject({ method: 'GET', url: `/api/archive/items/${item.id}`, headers: as.viewer })).json();
    expect(detail.tags).toEqual([{ id: t.id, vocabulary: 'violations', term: 'Displacement' }]);
  });

  it('imports CSV all-or-nothing with line numbers and exports what the caller may see, defusing formulas', async () => {
    const good =
      'kind,title,confidentiality,event_date,country,languages\ndocument,From CSV one,public,1992,AZ,az;ru\ndocument,"=HYPERLINK(""http://x"")",restricted,,,\n';
    const res = await test.app.inject({ method: 'POST', url: '/api/archive/import', headers: as.editor, payload: { csv: good } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ created: 2, updated: 0 });
    const bad = 'kind,title,confidentiality,event_date\ndocument,Fine,public,1992\ndocument,Broken,public,1992-13\n';
    const before = (
      await test.ctx.db
        .selectFrom('items')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n;
    const failed = await test.app.inject({ method: 'POST', url: '/api/archive/import', headers: as.editor, payload: { csv: bad } });
    expect(failed.statusCode).toBe(400);
    expect(failed.json().error.message).toMatch(/^line 3: /);
    expect(failed.json().error.details.line).toBe(3);
    const after = (
      await test.ctx.db
        .selectFrom('items')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n;
    expect(Number(after)).toBe(Number(before));
    const unknown = await test.app.inject({ method: 'POST', url: '/api/archive/import', headers: as.editor, payload: { csv: 'kind,titel\ndocument,x\n' } });
    expect(unknown.json().error.code).toBe('csv_unknown_column');
    const ragged = await test.app.inject({
      method: 'POST',
      url: '/api/archive/import',
      headers: as.editor,
      payload: { csv: 'kind,title\ndocument,x,extra\n' },
    });
    expect(ragged.json().error.code).toBe('csv_malformed');
    const exported = await test.app.inject({ method: 'GET', url: '/api/archive/export.csv', headers: as.viewer });
    expect(exported.statusCode).toBe(200);
    expect(exported.body).toContain(`'=HYPERLINK`);
    expect(exported.body).not.toContain('List'); // the confidential item
    expect((await test.app.inject({ method: 'GET', url: '/api/archive/export.csv' })).statusCode).toBe(401);
  });
});
