import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/server/accounts/actor.ts';
import { bytesStream } from '../../src/server/blobs/service.ts';
import { createTestApp, type TestApp } from '../../src/server/testing.ts';

/** The custody timeline tells a look on screen from a copy taken away, and records only what happened. */
describe('custody of views and downloads', () => {
  let t: TestApp;
  let headers: Record<string, string>;
  let itemId = '';
  let textFile = '';
  let binaryFile = '';
  const actions = async () => (await t.ctx.archive.items.custody(systemActor('test'), itemId)).map((e) => e.action);

  beforeAll(async () => {
    t = await createTestApp();
    headers = (await t.login(t.admin.username, t.admin.password)).headers;
    const editor = systemActor('test');
    const text = await t.ctx.archive.items.ingest(editor, bytesStream(Buffer.from('a restricted statement in plain text\n'.repeat(20))), { filename: 'statement.txt', metadata: { confidentiality: 'restricted' } });
    itemId = text.item.id;
    textFile = text.file.id;
    const binary = await t.ctx.archive.items.addFile(editor, itemId, bytesStream(Buffer.from([0, 1, 2, 3, 0xff, 0xfe, 0, 0, 9, 8, 7, 6])), { filename: 'blob.bin' });
    binaryFile = binary.file.id;
  }, 240_000);
  afterAll(async () => t.close());

  it('records an inline preview as blob.viewed and a download as blob.downloaded', async () => {
    const before = await actions();
    const inline = await t.app.inject({ method: 'GET', url: `/api/archive/items/${itemId}/files/${textFile}/content?inline=1`, headers });
    expect(inline.statusCode).toBe(200);
    expect(inline.headers['content-disposition']).toMatch(/^inline/);
    expect((await actions()).slice(before.length)).toEqual(['blob.viewed']);

    const download = await t.app.inject({ method: 'GET', url: `/api/archive/items/${itemId}/files/${textFile}/content`, headers });
    expect(download.headers['content-disposition']).toMatch(/^attachment/);
    expect((await actions()).slice(before.length)).toEqual(['blob.viewed', 'blob.downloaded']);

    // A type the browser may not render inline is sent as an attachment, and is a download whatever was asked.
    const forced = await t.app.inject({ method: 'GET', url: `/api/archive/items/${itemId}/files/${binaryFile}/content?inline=1`, headers });
    expect(forced.headers['content-disposition']).toMatch(/^attachment/);
    expect((await actions()).slice(before.length)).toEqual(['blob.viewed', 'blob.downloaded', 'blob.downloaded']);
  });

  it('records nothing for a refused or failed read', async () => {
    const before = await actions();
    for (const url of [
      `/api/archive/items/${itemId}/files/00000000-0000-4000-8000-000000000000/content`,
      `/api/archive/items/${itemId}/files/${textFile}/content?inline=2`,
      `/api/archive/items/${itemId}/files/${textFile}/content?inline=%00`,
    ]) {
      const response = await t.app.inject({ method: 'GET', url, headers });
      expect(response.statusCode, url).toBeGreaterThanOrEqual(400);
    }
    const unsatisfiable = await t.app.inject({ method: 'GET', url: `/api/archive/items/${itemId}/files/${textFile}/content`, headers: { ...headers, range: 'bytes=999999-' } });
    expect(unsatisfiable.statusCode).toBe(416);
    expect((await t.app.inject({ method: 'GET', url: `/api/archive/items/${itemId}/files/${textFile}/content` })).statusCode).toBe(404);
    expect(await actions()).toEqual(before);
  });

  it('records a look at a restricted item once it has been read, and nothing for an item that is not there', async () => {
    const before = await actions();
    expect((await t.app.inject({ method: 'GET', url: `/api/archive/items/${itemId}`, headers })).statusCode).toBe(200);
    expect((await actions()).slice(before.length)).toEqual(['item.viewed_restricted']);
    const audit = async () => Number((await t.ctx.db.selectFrom('audit_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const count = await audit();
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid', '%3Cscript%3E']) {
      expect((await t.app.inject({ method: 'GET', url: `/api/archive/items/${id}`, headers })).statusCode).toBeGreaterThanOrEqual(400);
    }
    expect(await audit()).toBe(count);
  });
});
