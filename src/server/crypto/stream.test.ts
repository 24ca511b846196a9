import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CHUNK_BYTES, HEADER_BYTES, OpenStream, SealStream, parseHeader, sealedRangeFor, TAG_BYTES } from './stream.ts';

const dataKey = randomBytes(32);
const wrapped = randomBytes(61);

async function collect(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

async function seal(plain: Buffer): Promise<Buffer> {
  return collect(Readable.from([plain]).pipe(new SealStream(dataKey, wrapped)));
}

/** Feeds the sealed body to an opener in pieces of the given sizes (cycled), as reads of any size would. */
function open(sealed: Buffer, size: number, pieces: number[], start = 0, end = size - 1): Promise<Buffer> {
  const { prefix } = parseHeader(sealed);
  const range = sealedRangeFor(size, start, Math.max(end, 0));
  const body = sealed.subarray(range.from, range.to + 1);
  const parts: Buffer[] = [];
  for (let at = 0, i = 0; at < body.length; i++) {
    const n = pieces[i % pieces.length];
    parts.push(body.subarray(at, at + n));
    at += n;
  }
  return collect(Readable.from(parts).pipe(new OpenStream(dataKey, prefix, size, range.firstChunk, start, end)));
}

describe('sealed blob streams', () => {
  const stride = CHUNK_BYTES + TAG_BYTES;
  const sizes = [0, 1, CHUNK_BYTES - 1, CHUNK_BYTES, CHUNK_BYTES + 1, 3 * CHUNK_BYTES, 3 * CHUNK_BYTES + 17];

  it('opens what it sealed whatever the read sizes, including a final chunk that is exactly full', async () => {
    for (const size of sizes) {
      const plain = randomBytes(size);
      const sealed = await seal(plain);
      for (const pieces of [[sealed.length], [1], [stride], [stride - 1], [stride + 1], [7, 65_536, 300_000]]) {
        expect((await open(sealed, size, pieces)).equals(plain), `size ${size}, pieces ${pieces.join(',')}`).toBe(true);
      }
    }
  });

  it('opens byte ranges that start and end inside chunks', async () => {
    const size = 3 * CHUNK_BYTES + 17;
    const plain = randomBytes(size);
    const sealed = await seal(plain);
    for (const [start, end] of [[0, 0], [5, CHUNK_BYTES + 3], [CHUNK_BYTES, 2 * CHUNK_BYTES - 1], [2 * CHUNK_BYTES + 9, size - 1]]) {
      expect((await open(sealed, size, [4096], start, end)).equals(plain.subarray(start, end + 1))).toBe(true);
    }
  });

  it('refuses a changed byte, a missing tail and bytes beyond the recorded size', async () => {
    const size = 2 * CHUNK_BYTES + 5;
    const sealed = await seal(randomBytes(size));
    const changed = Buffer.from(sealed);
    changed[HEADER_BYTES + CHUNK_BYTES + 3] ^= 1;
    await expect(open(changed, size, [stride])).rejects.toThrow();
    await expect(open(sealed.subarray(0, sealed.length - 3), size, [stride])).rejects.toThrow();
    // the recorded size says the blob ends one chunk earlier than the bytes do
    const { prefix } = parseHeader(sealed);
    const tooLong = Readable.from([sealed.subarray(HEADER_BYTES)]).pipe(new OpenStream(dataKey, prefix, CHUNK_BYTES + 5, 0, 0, CHUNK_BYTES + 4));
    await expect(collect(tooLong)).rejects.toThrow(/longer than its recorded size|unable to authenticate|Unsupported state/);
  });
});
