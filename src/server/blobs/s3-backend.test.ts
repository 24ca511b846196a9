import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeS3, type FakeS3 } from '../../../test/fake-s3.ts';
import { openTestDatabase } from '../db/testing.ts';
import type { DatabaseHandle } from '../db/connect.ts';
import { MasterKey } from '../crypto/keys.ts';
import { CHUNK_BYTES, HEADER_BYTES } from '../crypto/stream.ts';
import { rotateMasterKey } from '../archive/key-rotation.ts';
import { SEALED_FIELDS } from '../sealed-fields.ts';
import { objectKey } from './backend.ts';
import { S3Backend } from './s3-backend.ts';
import { BlobService, bytesStream } from './service.ts';

async function readAll(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const PREFIX = 'archive';

/** The blob-store behaviours of service.test.ts, against the S3 backend talking to an in-process S3 server. */
describe('BlobService (S3 backend)', () => {
  let s3: FakeS3;
  let handle: DatabaseHandle;
  let dataDir: string;
  let blobs: BlobService;
  const tmpFiles = () => (existsSync(join(dataDir, 'tmp')) ? readdirSync(join(dataDir, 'tmp')) : []);
  const object = (sha: string, encrypted: boolean) => s3.objects.get(`${PREFIX}/${objectKey(sha, encrypted)}`);
  const rowCount = async () => Number((await handle.db.selectFrom('blobs').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    s3 = await startFakeS3();
    handle = await openTestDatabase();
    dataDir = mkdtempSync(join(tmpdir(), 'reckon-s3-'));
    const master = MasterKey.loadOrCreate(join(dataDir, 'keys', 'master.key'));
    const backend = new S3Backend({ bucket: s3.bucket, prefix: `${PREFIX}/`, region: 'us-east-1', endpoint: s3.endpoint, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    blobs = new BlobService(handle.db, backend, master, dataDir);
  });
  afterAll(async () => {
    await handle?.close();
    await s3?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  beforeEach(() => {
    s3.failPart = null;
  });

  it('stores clear content once under its SHA-256 and serves ranges', async () => {
    const content = Buffer.from('witness statement, page 1\n');
    const first = await blobs.put(bytesStream(content), { encrypt: false });
    expect(first).toMatchObject({ sha256: sha256(content), size: content.length, created: true, encrypted: false });
    expect(object(first.sha256, false)).toEqual(content);
    const second = await blobs.put(bytesStream(content), { encrypt: false });
    expect(second.created).toBe(false);
    expect([...s3.objects.keys()].filter((k) => k.includes(first.sha256))).toHaveLength(1);
    expect(await readAll(await blobs.open(first.sha256))).toEqual(content);
    expect(await readAll(await blobs.open(first.sha256, { start: 9, end: 17 }))).toEqual(content.subarray(9, 18));
    expect(s3.log).toContain('GET GetObject');
    expect(tmpFiles()).toEqual([]);
  });

  it('streams a file larger than one part through multipart upload, intact', async () => {
    const content = randomBytes(17 * 1024 * 1024 + 123);
    const put = await blobs.put(Readable.from([content.subarray(0, 5_000_000), content.subarray(5_000_000)]), { encrypt: false });
    expect(put.sha256).toBe(sha256(content));
    expect(s3.log.filter((l) => l.startsWith('PUT UploadPart')).length).toBeGreaterThanOrEqual(3);
    expect(s3.log).toContain('POST CompleteMultipartUpload');
    expect(sha256(object(put.sha256, false)!)).toBe(put.sha256);
    expect(s3.pendingUploads.size).toBe(0);
    const tail = await readAll(await blobs.open(put.sha256, { start: content.length - 1000, end: content.length - 1 }));
    expect(tail).toEqual(content.subarray(content.length - 1000));
    expect(await blobs.withLocalFile(put.sha256, async (p) => existsSync(p))).toBe(true);
    expect(tmpFiles()).toEqual([]);
  });

  it('encrypts confidential content at rest in the bucket, hashing the original bytes, and serves any range', async () => {
    const content = randomBytes(CHUNK_BYTES * 3 + 1234);
    const put = await blobs.put(Readable.from([content.subarray(0, 1000), content.subarray(1000)]), { encrypt: true });
    expect(put).toMatchObject({ sha256: sha256(content), encrypted: true });
    const stored = object(put.sha256, true)!;
    expect(stored.includes(content.subarray(0, 64))).toBe(false);
    expect(object(put.sha256, false)).toBeUndefined();
    expect(await readAll(await blobs.open(put.sha256))).toEqual(content);
    for (const [start, end] of [
      [0, 0],
      [CHUNK_BYTES - 1, CHUNK_BYTES],
      [CHUNK_BYTES * 2 + 5, CHUNK_BYTES * 3 + 1233],
    ]) {
      expect(await readAll(await blobs.open(put.sha256, { start, end }))).toEqual(content.subarray(start, end + 1));
    }
    expect(await blobs.withLocalFile(put.sha256, async (p) => sha256(await readAll((await import('node:fs')).createReadStream(p))))).toBe(put.sha256);
    expect(tmpFiles()).toEqual([]);
  });

  it('detects tampering with a sealed object in the bucket', async () => {
    const put = await blobs.put(bytesStream(randomBytes(5000)), { encrypt: true });
    const key = `${PREFIX}/${objectKey(put.sha256, true)}`;
    const bytes = Buffer.from(s3.objects.get(key)!);
    bytes[bytes.length - 100] ^= 1;
    s3.objects.set(key, bytes);
    await expect(readAll(await blobs.open(put.sha256))).rejects.toThrow();
  });

  it('re-stores content sealed when it arrives again as confidential and removes the clear object', async () => {
    const content = Buffer.from('first public, later confidential (s3)');
    const clear = await blobs.put(bytesStream(content), { encrypt: false });
    const sealed = await blobs.put(bytesStream(content), { encrypt: true });
    expect(sealed.encrypted).toBe(true);
    expect(object(clear.sha256, false)).toBeUndefined();
    expect(object(clear.sha256, true)).toBeDefined();
    expect(await readAll(await blobs.open(clear.sha256))).toEqual(content);
  });

  it('leaves no object, no pending multipart upload, no temporary file and no row when an upload is interrupted', async () => {
    const before = await rowCount();
    const objectsBefore = s3.objects.size;
    // The client goes away while sending.
    const failing = new Readable({
      read() {
        this.push(randomBytes(100_000));
        setImmediate(() => this.destroy(new Error('client went away')));
      },
    });
    await expect(blobs.put(failing, { encrypt: false })).rejects.toThrow();
    // The object store fails in the middle of a multipart upload: the upload is aborted, nothing is left.
    s3.failPart = 2;
    const content = randomBytes(17 * 1024 * 1024);
    await expect(blobs.put(bytesStream(content), { encrypt: true })).rejects.toThrow();
    expect(s3.log).toContain('DELETE AbortMultipartUpload');
    expect(s3.pendingUploads.size).toBe(0);
    expect(s3.objects.size).toBe(objectsBefore);
    expect(await rowCount()).toBe(before);
    expect(tmpFiles()).toEqual([]);
    // The same content goes in once the store is healthy again.
    s3.failPart = null;
    const put = await blobs.put(bytesStream(content), { encrypt: true });
    expect(await readAll(await blobs.open(put.sha256, { start: 0, end: 99 }))).toEqual(content.subarray(0, 100));
  });

  it('lets concurrent identical confidential uploads agree on one readable object', async () => {
    const content = randomBytes(200_000);
    const results = await Promise.all([1, 2, 3].map(() => blobs.put(bytesStream(content), { encrypt: true })));
    expect(new Set(results.map((r) => r.sha256)).size).toBe(1);
    expect(results.filter((r) => r.created).length).toBe(1);
    expect(await readAll(await blobs.open(results[0].sha256))).toEqual(content);
  });

  it('rotates the master key over the bucket: sealed objects get new headers and read under the new key only', async () => {
    const content = randomBytes(CHUNK_BYTES + 10);
    const put = await blobs.put(bytesStream(content), { encrypt: true });
    const before = object(put.sha256, true)!;
    const keyPath = join(dataDir, 'keys', 'master.key');
    const oldKey = MasterKey.loadOrCreate(keyPath);
    await rotateMasterKey({ db: handle.db, backend: blobs.backend, keyPath, tmpDir: join(dataDir, 'tmp'), sealedFields: SEALED_FIELDS });
    const after = object(put.sha256, true)!;
    expect(after.length).toBe(before.length);
    // Same encrypted chunks, new header.
    expect(after.subarray(HEADER_BYTES)).toEqual(before.subarray(HEADER_BYTES));
    expect(after.subarray(0, HEADER_BYTES)).not.toEqual(before.subarray(0, HEADER_BYTES));
    const newKey = MasterKey.loadOrCreate(keyPath);
    expect(await readAll(await new BlobService(handle.db, blobs.backend, newKey, dataDir).open(put.sha256))).toEqual(content);
    await expect(new BlobService(handle.db, blobs.backend, oldKey, dataDir).open(put.sha256).then(readAll)).rejects.toThrow();
    expect(s3.pendingUploads.size).toBe(0);
    expect(tmpFiles()).toEqual([]);
    blobs = new BlobService(handle.db, blobs.backend, newKey, dataDir);
  });

  it('answers not_found for unknown hashes and refuses impossible ranges', async () => {
    await expect(blobs.open('0'.repeat(64))).rejects.toMatchObject({ kind: 'not_found' });
    const put = await blobs.put(bytesStream(Buffer.from('abc-s3')), { encrypt: false });
    await expect(blobs.open(put.sha256, { start: 50, end: 90 })).rejects.toMatchObject({ code: 'range_not_satisfiable' });
  });
});
