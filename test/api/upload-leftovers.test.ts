import { existsSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/server/accounts/actor.ts';
import { bytesStream } from '../../src/server/blobs/service.ts';
import { createTestApp, type TestApp } from '../../src/server/testing.ts';
import { multipart, type Headers } from './archive-helpers.ts';

/**
 * A failed upload leaves nothing in the blob store, whatever made it fail, and `reckon verify` (the same checks,
 * run here in-process) tells a temporary file left by a cut-off upload (housekeeping) from a stored original that
 * changed or that no row names (an integrity failure). Before, a NUL in a file name left a stray blob and verify failed.
 */
describe('uploads leave nothing behind', () => {
  let t: TestApp;
  let admin: Headers;
  beforeAll(async () => {
    t = await createTestApp();
    admin = (await t.login(t.admin.username, t.admin.password)).headers;
  });
  afterAll(async () => t?.close());

  const tmp = () => (existsSync(join(t.dataDir, 'tmp')) ? readdirSync(join(t.dataDir, 'tmp')) : []);
  const blobFiles = () => (existsSync(join(t.dataDir, 'blobs')) ? readdirSync(join(t.dataDir, 'blobs'), { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length : 0);
  const verify = async () => (await t.ctx.ledger.verify(systemActor('command line'), 'command line', t.ctx.integrityChecks)).report;

  it('a NUL in the file name over HTTP, and a name the database refuses behind the edge, store nothing', async () => {
    const upload = multipart({ name: 'a\u0000b.txt', content: Buffer.from('nul name over http') });
    const response = await t.app.inject({ method: 'POST', url: '/api/archive/upload', headers: { ...admin, ...upload.headers }, payload: upload.payload });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('invalid_text');
    // The service called directly (as the CLI does) with a name PostgreSQL refuses: the transaction fails after the
    // bytes were written, and the staged file must go with it.
    const editor = { kind: 'user' as const, userId: (await t.ctx.db.selectFrom('users').select('id').executeTakeFirstOrThrow()).id, username: 'admin', role: 'admin' as const, via: 'token' as const };
    await expect(t.ctx.archive.items.ingest(editor, bytesStream(Buffer.from('nul name behind the edge')), { filename: 'x\u0000y', metadata: { confidentiality: 'restricted' } })).rejects.toThrow();
    expect(blobFiles()).toBe(0);
    expect(tmp()).toEqual([]);
    const report = await verify();
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
  });

  it('a multipart body cut short (no closing boundary) is a 400, not a 500, and stores nothing (found by the fuzzer)', async () => {
    const boundary = 'cutshort';
    for (const name of ['plain.txt', 'name"; filename*=UTF-8\'\'x']) {
      const payload = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="metadata"\r\n\r\n{"title":"cut","confidentiality":"restricted"}\r\n`),
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
        Buffer.from([3, 1, 0, 213, 0, 2, 4, 13, 10]),
      ]);
      const response = await t.app.inject({ method: 'POST', url: '/api/archive/upload', headers: { ...admin, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json().error.code).toBe('upload_malformed');
    }
    expect(blobFiles()).toBe(0);
    expect(tmp()).toEqual([]);
    expect(await t.ctx.db.selectFrom('items').select('id').where('title', '=', 'cut').execute()).toEqual([]);
  });

  it('a client disconnecting mid-upload leaves no file; verify stays clean', async () => {
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    const address = t.app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const boundary = 'cutoff';
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="cut.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`;
    await new Promise<void>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.write(
          `POST /api/archive/upload HTTP/1.1\r\nHost: x\r\nCookie: ${admin.cookie}\r\nX-CSRF-Token: ${admin['x-csrf-token']}\r\nContent-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: 10000000\r\n\r\n${head}`,
        );
        socket.write(Buffer.alloc(300_000, 7), () => setTimeout(() => socket.destroy(), 200));
      });
      socket.on('close', () => resolve());
      socket.on('error', reject);
    });
    // The server notices the disconnect on its own schedule: wait for the request to be over, not for a fixed time.
    for (let i = 0; i < 200 && tmp().length > 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(tmp()).toEqual([]);
    expect(blobFiles()).toBe(0);
    expect((await verify()).ok).toBe(true);
  });

  it('cleans orphan temporary files as housekeeping, and completes a blob whose row committed before a crash', async () => {
    mkdirSync(join(t.dataDir, 'tmp'), { recursive: true });
    const old = new Date(Date.now() - 3 * 3600_000);
    for (const name of ['upload-0badc0ffee', `staged-${'a'.repeat(64)}-clear-01`]) {
      writeFileSync(join(t.dataDir, 'tmp', name), 'left by a killed process');
      utimesSync(join(t.dataDir, 'tmp', name), old, old);
    }
    // The row commits, then the process dies before the staged file is moved into the store.
    const staged = await t.ctx.archive.blobs.stage(bytesStream(Buffer.from('committed, then the process died')), { encrypt: true });
    await t.ctx.db.transaction().execute((tx) => t.ctx.archive.blobs.record(tx, staged));
    expect(tmp()).toHaveLength(3);

    const report = await verify();
    expect(report.ok).toBe(true);
    expect(report.problems.every((p) => p.housekeeping)).toBe(true);
    expect(report.problems.map((p) => p.kind).sort()).toEqual(['temporary-completed', 'temporary-removed', 'temporary-removed']);
    expect(tmp()).toEqual([]);
    const bytes: Buffer[] = [];
    for await (const chunk of await t.ctx.archive.blobs.open(staged.sha256)) bytes.push(chunk as Buffer);
    expect(Buffer.concat(bytes).toString()).toBe('committed, then the process died');
    expect((await verify()).problems).toEqual([]);
  });

  it('still fails verification for a file in the store that no row names, and for a changed original', async () => {
    const put = await t.ctx.archive.blobs.put(bytesStream(Buffer.from('an original')), { encrypt: false });
    const path = t.ctx.archive.blobs.backend.localPath(`sha256/${put.sha256.slice(0, 2)}/${put.sha256.slice(2, 4)}/${put.sha256}`)!;
    const { chmodSync } = await import('node:fs');
    chmodSync(path, 0o644);
    writeFileSync(path, 'an original, altered');
    mkdirSync(join(t.dataDir, 'blobs', 'sha256', 'ff'), { recursive: true });
    writeFileSync(join(t.dataDir, 'blobs', 'sha256', 'ff', 'planted'), 'x');
    const report = await verify();
    expect(report.ok).toBe(false);
    expect(report.problems.map((p) => p.kind).sort()).toEqual(['blob-changed', 'blob-unknown']);
  });
});
