import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { CHUNK_BYTES, HEADER_BYTES, OpenStream, parseHeader, sealedRangeFor, sealedSize } from '../crypto/stream.ts';
import { SLOT_BYTES, writeAndHash } from './ingest-writer.ts';

const dir = mkdtempSync(join(tmpdir(), 'reckon-ingest-writer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Cuts `bytes` into pieces of irregular sizes, as a network upload delivers them. */
function pieces(bytes: Buffer, seed: number): Readable {
  const out: Buffer[] = [];
  let offset = 0;
  let x = seed;
  while (offset < bytes.length) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    const n = 1 + (x % (3 * CHUNK_BYTES));
    out.push(bytes.subarray(offset, offset + n));
    offset += n;
  }
  return Readable.from(out);
}

async function readAll(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

let n = 0;
async function run(content: Buffer, seal?: { dataKey: Buffer; wrappedKey: Buffer }) {
  const path = join(dir, `out-${n++}`);
  const file = await open(path, 'wx', 0o600);
  try {
    const written = await writeAndHash(pieces(content, n), file, { maxBytes: Number.MAX_SAFE_INTEGER, headBytes: 1000, seal });
    return { written, stored: readFileSync(path) };
  } finally {
    await file.close();
  }
}

// Sizes around the sealing chunk and the slot (content hashed here, by the worker, and across a wrap of the ring).
const sizes = [0, 1, CHUNK_BYTES - 1, CHUNK_BYTES, CHUNK_BYTES + 1, SLOT_BYTES - 1, SLOT_BYTES, SLOT_BYTES + 1, 2 * SLOT_BYTES, 9 * SLOT_BYTES + CHUNK_BYTES + 5];

describe('writeAndHash', () => {
  it('writes clear content unchanged with both digests of the original bytes', async () => {
    for (const size of sizes) {
      const content = randomBytes(size);
      const { written, stored } = await run(content);
      expect(stored.equals(content)).toBe(true);
      expect(written.size).toBe(size);
      expect(written.sha256).toBe(createHash('sha256').update(content).digest('hex'));
      expect(written.sha512).toBe(createHash('sha512').update(content).digest('hex'));
      expect(written.head.equals(content.subarray(0, 1000))).toBe(true);
    }
  });

  it('seals in the layout the reader expects, with digests of the original bytes', async () => {
    const dataKey = randomBytes(32);
    const wrappedKey = randomBytes(61);
    for (const size of sizes) {
      const content = randomBytes(size);
      const { written, stored } = await run(content, { dataKey, wrappedKey });
      expect(written.sha256).toBe(createHash('sha256').update(content).digest('hex'));
      expect(written.sha512).toBe(createHash('sha512').update(content).digest('hex'));
      expect(stored.length).toBe(sealedSize(size));
      const { prefix, wrappedKey: inHeader } = parseHeader(stored.subarray(0, HEADER_BYTES));
      expect(inHeader.equals(wrappedKey)).toBe(true);
      const opened = await readAll(Readable.from([stored.subarray(HEADER_BYTES)]).pipe(new OpenStream(dataKey, prefix, size, 0, 0, Math.max(size - 1, 0))));
      expect(opened.equals(content)).toBe(true);
    }
  });

  it('seals chunks that a ranged read can open on their own, across slot boundaries', async () => {
    const dataKey = randomBytes(32);
    const content = randomBytes(3 * SLOT_BYTES + 100);
    const { stored } = await run(content, { dataKey, wrappedKey: randomBytes(61) });
    const { prefix } = parseHeader(stored);
    for (const [start, end] of [
      [SLOT_BYTES - 10, SLOT_BYTES + 10],
      [2 * SLOT_BYTES - CHUNK_BYTES, 2 * SLOT_BYTES + CHUNK_BYTES],
      [3 * SLOT_BYTES + 50, 3 * SLOT_BYTES + 99],
    ]) {
      const range = sealedRangeFor(content.length, start, end);
      const raw = stored.subarray(range.from, range.to + 1);
      const got = await readAll(Readable.from([raw]).pipe(new OpenStream(dataKey, prefix, content.length, range.firstChunk, start, end)));
      expect(got.equals(content.subarray(start, end + 1))).toBe(true);
    }
  });

  it('refuses content over the limit and settles every write before throwing', async () => {
    const path = join(dir, 'limit');
    const file = await open(path, 'wx');
    try {
      await expect(writeAndHash(Readable.from([randomBytes(3 * SLOT_BYTES)]), file, { maxBytes: 2 * SLOT_BYTES, headBytes: 10 })).rejects.toMatchObject({ code: 'file_too_large' });
    } finally {
      await file.close();
    }
  });

  it('passes on a source that fails after the worker has started', async () => {
    const path = join(dir, 'failing');
    const file = await open(path, 'wx');
    async function* failing() {
      yield randomBytes(3 * SLOT_BYTES);
      throw new Error('client went away');
    }
    try {
      await expect(writeAndHash(failing(), file, { maxBytes: Number.MAX_SAFE_INTEGER, headBytes: 10 })).rejects.toThrow('client went away');
    } finally {
      await file.close();
    }
    // The worker is still usable afterwards.
    const content = randomBytes(3 * SLOT_BYTES);
    expect((await run(content)).written.sha256).toBe(createHash('sha256').update(content).digest('hex'));
  });
});
