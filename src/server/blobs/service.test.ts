import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../db/testing.ts';
import type { DatabaseHandle } from '../db/connect.ts';
import { MasterKey } from '../crypto/keys.ts';
import { CHUNK_BYTES } from '../crypto/stream.ts';
import { FsBackend, objectKey } from './backend.ts';
import { BlobService, bytesStream } from './service.ts';
import { SLOT_BYTES } from './ingest-writer.ts';

async function readAll(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('BlobService (filesystem)', () => {
  let handle: DatabaseHandle;
  let dataDir: string;
  let master: MasterKey;
  let blobs: BlobService;
  const tmpFiles = () => (existsSync(join(dataDir, 'tmp')) ? readdirSync(join(dataDir, 'tmp')) : []);

  beforeAll(async () => {
    handle = await openTestDatabase();
    dataDir = mkdtempSync(join(tmpdir(), 'reckon-blobs-'));
    master = MasterKey.loadOrCreate(join(dataDir, 'keys', 'master.key'));
    blobs = new BlobService(handle.db, new FsBackend(join(dataDir, 'blobs')), master, dataDir);
  });
  afterAll(async () => {
    await handle.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates the master key file 0600 and reads the same key back', () => {
    const path = join(dataDir, 'keys', 'master.key');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const again = MasterKey.loadOrCreate(path);
    const wrapped = master.wrap(Buffer.alloc(32, 7));
    expect(again.unwrap(wrapped)).toEqual(Buffer.alloc(32, 7));
  });

  it('refuses a master key file others can read, or one that is malformed', () => {
    const loose = join(dataDir, 'loose.key');
    writeFileSync(loose, randomBytes(32).toString('base64'), { mode: 0o644 });
    expect(() => MasterKey.loadOrCreate(loose)).toThrow(/readable by other users/);
    const bad = join(dataDir, 'bad.key');
    writeFileSync(bad, 'not a key', { mode: 0o600 });
    expect(() => MasterKey.loadOrCreate(bad)).toThrow(/does not hold/);
  });

  it('stores clear content once under its SHA-256, read-only, with SHA-512 recorded', async () => {
    const content = Buffer.from('witness statement, page 1\n');
    const first = await blobs.put(bytesStream(content), { encrypt: false });
    expect(first.sha256).toBe(sha256(content));
    expect(first.sha512).toBe(createHash('sha512').update(content).digest('hex'));
    expect(first.size).toBe(content.length);
    expect(first.created).toBe(true);
    const path = join(dataDir, 'blobs', objectKey(first.sha256, false));
    expect(readFileSync(path)).toEqual(content);
    expect(statSync(path).mode & 0o222).toBe(0);
    const second = await blobs.put(bytesStream(content), { encrypt: false });
    expect(second.created).toBe(false);
    expect(await readAll(await blobs.open(first.sha256))).toEqual(content);
    expect(await readAll(await blobs.open(first.sha256, { start: 9, end: 17 }))).toEqual(content.subarray(9, 18));
    expect(tmpFiles()).toEqual([]);
  });

  it('encrypts confidential content at rest, hashing the original bytes, and serves any range', async () => {
    const content = randomBytes(CHUNK_BYTES * 3 + 1234);
    const put = await blobs.put(Readable.from([content.subarray(0, 1000), content.subarray(1000)]), { encrypt: true });
    expect(put.sha256).toBe(sha256(content));
    expect(put.encrypted).toBe(true);
    const stored = readFileSync(join(dataDir, 'blobs', objectKey(put.sha256, true)));
    expect(stored.includes(content.subarray(0, 64))).toBe(false);
    expect(await readAll(await blobs.open(put.sha256))).toEqual(content);
    for (const [start, end] of [
      [0, 0],
      [CHUNK_BYTES - 1, CHUNK_BYTES],
      [CHUNK_BYTES * 2 + 5, CHUNK_BYTES * 3 + 1233],
      [100, 10_000_000],
    ]) {
      const got = await readAll(await blobs.open(put.sha256, { start, end }));
      expect(got).toEqual(content.subarray(start, Math.min(end, content.length - 1) + 1));
    }
    const row = await handle.db.selectFrom('blobs').selectAll().where('sha256', '=', put.sha256).executeTakeFirstOrThrow();
    expect(row.wrapped_key).toBeTruthy();
    expect(await blobs.withLocalFile(put.sha256, async (p) => sha256(readFileSync(p)))).toBe(put.sha256);
    expect(tmpFiles()).toEqual([]);
  });

  it('encrypts empty and exactly-one-chunk content', async () => {
    for (const content of [Buffer.alloc(0), randomBytes(CHUNK_BYTES)]) {
      const put = await blobs.put(bytesStream(content), { encrypt: true });
      expect(await readAll(await blobs.open(put.sha256))).toEqual(content);
    }
  });

  it('detects tampering with a sealed blob', async () => {
    const content = randomBytes(5000);
    const put = await blobs.put(bytesStream(content), { encrypt: true });
    const path = join(dataDir, 'blobs', objectKey(put.sha256, true));
    const bytes = readFileSync(path);
    bytes[bytes.length - 100] ^= 1;
    rmSync(path, { force: true });
    writeFileSync(path, bytes);
    await expect(readAll(await blobs.open(put.sha256))).rejects.toThrow();
  });

  it('re-stores content encrypted when it arrives again as confidential', async () => {
    const content = Buffer.from('first public, later confidential');
    const clear = await blobs.put(bytesStream(content), { encrypt: false });
    const sealed = await blobs.put(bytesStream(content), { encrypt: true });
    expect(sealed.encrypted).toBe(true);
    expect(existsSync(join(dataDir, 'blobs', objectKey(clear.sha256, false)))).toBe(false);
    expect(await readAll(await blobs.open(clear.sha256))).toEqual(content);
    // Later clear arrivals keep it encrypted.
    expect((await blobs.put(bytesStream(content), { encrypt: false })).encrypted).toBe(true);
  });

  it('reads a local file in place, the same as a stream of it, and only when the stream is whole and unread', async () => {
    const content = randomBytes(2 * SLOT_BYTES + 321);
    const path = join(dataDir, 'local-input.bin');
    writeFileSync(path, content);
    for (const encrypt of [false, true]) {
      const put = await blobs.put(createReadStream(path, { highWaterMark: 1024 * 1024 }), { encrypt });
      expect(put.sha256).toBe(sha256(content));
      expect(put.sha512).toBe(createHash('sha512').update(content).digest('hex'));
      expect(put.size).toBe(content.length);
      expect((await readAll(await blobs.open(put.sha256))).equals(content)).toBe(true);
    }
    // A part of the file is ingested as that part.
    const part = await blobs.put(createReadStream(path, { start: 10, end: SLOT_BYTES + 9 }), { encrypt: false });
    expect(part.sha256).toBe(sha256(content.subarray(10, SLOT_BYTES + 10)));
    // A missing file fails as the stream would, leaving nothing behind.
    await expect(blobs.put(createReadStream(join(dataDir, 'no-such-file')), { encrypt: false })).rejects.toMatchObject({ code: 'ENOENT' });
    // The size limit holds for files read in place.
    await expect(blobs.put(createReadStream(path), { encrypt: false, maxBytes: SLOT_BYTES })).rejects.toMatchObject({ code: 'file_too_large' });
    expect(tmpFiles()).toEqual([]);
    rmSync(path);
  });

  it('leaves no temporary file and no row when the source fails or is aborted mid-way', async () => {
    const failing = new Readable({
      read() {
        this.push(randomBytes(100_000));
        setImmediate(() => this.destroy(new Error('client went away')));
      },
    });
    await expect(blobs.put(failing, { encrypt: false })).rejects.toThrow();
    const controller = new AbortController();
    let sent = 0;
    const slow = new Readable({
      read() {
        sent += 1;
        if (sent === 3) controller.abort();
        this.push(randomBytes(10_000));
      },
    });
    await expect(blobs.put(slow, { encrypt: true, signal: controller.signal })).rejects.toMatchObject({ code: 'upload_interrupted' });
    expect(tmpFiles()).toEqual([]);
  });

  it('refuses content over the size limit without leaving anything behind', async () => {
    const before = await handle.db.selectFrom('blobs').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    await expect(blobs.put(bytesStream(randomBytes(2000)), { encrypt: false, maxBytes: 1000 })).rejects.toMatchObject({ code: 'file_too_large', kind: 'too_large' });
    const after = await handle.db.selectFrom('blobs').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    expect(tmpFiles()).toEqual([]);
  });

  it('turns a full disk into a clear error and removes the partial file', async () => {
    const full = new BlobService(handle.db, new FsBackend(join(dataDir, 'blobs')), master, dataDir, {
      openTempFile: async (path) => {
        writeFileSync(path, 'partial');
        const enospc = () => Promise.reject(Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' }));
        return { writev: enospc, datasync: enospc, sync: enospc, close: async () => {} };
      },
    });
    // Small content (written in one go) and large content (written while the worker hashes, slot by slot).
    for (const size of [5000, 3 * SLOT_BYTES + 17]) {
      for (const encrypt of [false, true]) {
        await expect(full.put(bytesStream(randomBytes(size)), { encrypt })).rejects.toMatchObject({ code: 'disk_full', kind: 'unavailable' });
      }
    }
    expect(tmpFiles()).toEqual([]);
  });

  it('sweeps stale temporary files at start but not fresh ones', async () => {
    mkdirSync(join(dataDir, 'tmp'), { recursive: true });
    const stale = join(dataDir, 'tmp', 'upload-stale');
    const fresh = join(dataDir, 'tmp', 'upload-fresh');
    writeFileSync(stale, 'x');
    writeFileSync(fresh, 'y');
    const old = new Date(Date.now() - 2 * 3600_000);
    utimesSync(stale, old, old);
    expect(await blobs.sweepTemporaryFiles()).toBe(1);
    expect(tmpFiles()).toEqual(['upload-fresh']);
    rmSync(fresh);
  });

  it('answers not_found for unknown or malformed hashes and refuses impossible ranges', async () => {
    await expect(blobs.open('0'.repeat(64))).rejects.toMatchObject({ kind: 'not_found' });
    await expect(blobs.open('../../etc/passwd')).rejects.toMatchObject({ kind: 'not_found' });
    const put = await blobs.put(bytesStream(Buffer.from('abc')), { encrypt: false });
    await expect(blobs.open(put.sha256, { start: 5, end: 9 })).rejects.toMatchObject({ code: 'range_not_satisfiable' });
  });

  it('lets concurrent identical confidential uploads agree on one readable blob', async () => {
    const content = randomBytes(200_000);
    const results = await Promise.all([1, 2, 3].map(() => blobs.put(bytesStream(content), { encrypt: true })));
    expect(new Set(results.map((r) => r.sha256)).size).toBe(1);
    expect(results.filter((r) => r.created).length).toBe(1);
    expect(await readAll(await blobs.open(results[0].sha256))).toEqual(content);
  });
});
