import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';

/**
 * Streaming authenticated encryption of blobs: the STREAM construction (Hoang, Reyhanitabar, Rogaway and Vizár,
 * "Online Authenticated-Encryption and its Nonce-Reuse Misuse-Resistance", CRYPTO 2015), as used by age and Tink.
 * The plaintext is cut into 64 KiB chunks, each sealed with AES-256-GCM under the blob's data key with the nonce
 * prefix ‖ chunk counter ‖ last-chunk flag. Compared with one GCM pass over the whole file this authenticates every
 * chunk before releasing it, detects truncation and reordering, and lets a byte range (video seeking) be decrypted
 * without reading the file from the start.
 *
 * Layout: header (magic "RKE1", wrapped data key, 7-byte nonce prefix), then chunks of ciphertext ‖ 16-byte tag.
 * The wrapped key is in the header as well as in the database so that the blob folder plus the master key file are
 * enough to recover evidence if the database is lost.
 */

export const CHUNK_BYTES = 64 * 1024;
export const TAG_BYTES = 16;
export const WRAPPED_KEY_BYTES = 61;
const MAGIC = Buffer.from('RKE1');
const PREFIX_BYTES = 7;
export const HEADER_BYTES = MAGIC.length + WRAPPED_KEY_BYTES + PREFIX_BYTES;

function nonce(prefix: Buffer, counter: number, last: boolean): Buffer {
  const n = Buffer.alloc(12);
  prefix.copy(n, 0);
  n.writeUInt32BE(counter, PREFIX_BYTES);
  n[11] = last ? 1 : 0;
  return n;
}

/** Number of chunks a plaintext of `size` bytes is sealed into (an empty blob is one empty final chunk). */
export const chunkCount = (size: number): number => Math.max(1, Math.ceil(size / CHUNK_BYTES));

/** Stored size of an encrypted blob of `size` plaintext bytes. */
export const sealedSize = (size: number): number => HEADER_BYTES + size + chunkCount(size) * TAG_BYTES;

export function buildHeader(wrappedKey: Buffer, prefix: Buffer = randomBytes(PREFIX_BYTES)): Buffer {
  if (wrappedKey.length !== WRAPPED_KEY_BYTES) throw new Error('wrapped key of unexpected size');
  return Buffer.concat([MAGIC, wrappedKey, prefix]);
}

export function parseHeader(header: Buffer): { wrappedKey: Buffer; prefix: Buffer } {
  if (header.length < HEADER_BYTES || !header.subarray(0, 4).equals(MAGIC)) throw new Error('not an encrypted Reckon blob');
  return {
    wrappedKey: header.subarray(4, 4 + WRAPPED_KEY_BYTES),
    prefix: header.subarray(4 + WRAPPED_KEY_BYTES, HEADER_BYTES),
  };
}

/** Encrypts a plaintext stream; writes the header first. */
export class SealStream extends Transform {
  private readonly pending: Buffer;
  private filled = 0;
  private counter = 0;
  private readonly prefix: Buffer;

  constructor(
    private readonly dataKey: Buffer,
    wrappedKey: Buffer,
  ) {
    super();
    this.prefix = randomBytes(PREFIX_BYTES);
    this.pending = Buffer.allocUnsafe(CHUNK_BYTES);
    this.push(buildHeader(wrappedKey, this.prefix));
  }

  override _transform(data: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    let offset = 0;
    while (offset < data.length) {
      // A full chunk is sealed only once more data arrives: the last chunk must carry the last-chunk flag.
      if (this.filled === CHUNK_BYTES) {
        this.push(this.seal(this.pending, false));
        this.filled = 0;
      }
      const take = Math.min(CHUNK_BYTES - this.filled, data.length - offset);
      data.copy(this.pending, this.filled, offset, offset + take);
      this.filled += take;
      offset += take;
    }
    done();
  }

  override _flush(done: TransformCallback): void {
    this.push(this.seal(this.pending.subarray(0, this.filled), true));
    done();
  }

  private seal(plain: Buffer, last: boolean): Buffer {
    const cipher = createCipheriv('aes-256-gcm', this.dataKey, nonce(this.prefix, this.counter++, last));
    const body = cipher.update(plain);
    cipher.final();
    return Buffer.concat([body, cipher.getAuthTag()]);
  }
}

/** Stored-byte range to read to serve plaintext bytes [start, end] (inclusive) of a blob of `size` bytes. */
export function sealedRangeFor(size: number, start: number, end: number): { firstChunk: number; from: number; to: number } {
  const firstChunk = Math.floor(start / CHUNK_BYTES);
  const lastChunk = Math.min(chunkCount(size) - 1, Math.floor(end / CHUNK_BYTES));
  const stride = CHUNK_BYTES + TAG_BYTES;
  const from = HEADER_BYTES + firstChunk * stride;
  const to = Math.min(sealedSize(size) - 1, HEADER_BYTES + (lastChunk + 1) * stride - 1);
  return { firstChunk, from, to };
}

/**
 * Decrypts sealed chunks starting at chunk `firstChunk` and releases plaintext bytes [start, end] of the blob.
 * A chunk whose tag does not verify (tampering, wrong key, truncation) ends the stream with an error.
 */
export class OpenStream extends Transform {
  /** One sealed chunk being assembled from reads that do not fall on chunk boundaries; reused for every chunk. */
  private readonly pending = Buffer.allocUnsafe(CHUNK_BYTES + TAG_BYTES);
  private filled = 0;
  private chunk: number;
  private position: number;
  private readonly totalChunks: number;

  constructor(
    private readonly dataKey: Buffer,
    private readonly prefix: Buffer,
    size: number,
    firstChunk: number,
    private readonly rangeStart: number,
    private readonly rangeEnd: number,
  ) {
    super();
    this.chunk = firstChunk;
    this.position = firstChunk * CHUNK_BYTES;
    this.totalChunks = chunkCount(size);
  }

  // Each sealed chunk is copied at most once (into `pending`) and whole chunks inside a read are opened in place:
  // re-concatenating everything buffered for every chunk made reading a sealed blob several times slower than
  // reading a clear one. The final chunk waits for _flush, which opens it with the last-chunk flag.
  override _transform(data: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    const stride = CHUNK_BYTES + TAG_BYTES;
    try {
      let offset = 0;
      while (offset < data.length) {
        const notLast = this.chunk < this.totalChunks - 1;
        if (this.filled === 0 && notLast && data.length - offset >= stride) {
          this.emit_(data.subarray(offset, offset + stride), false);
          offset += stride;
          continue;
        }
        if (this.filled === stride) throw new Error('encrypted blob is longer than its recorded size');
        const take = Math.min(stride - this.filled, data.length - offset);
        data.copy(this.pending, this.filled, offset, offset + take);
        this.filled += take;
        offset += take;
        if (this.filled === stride && notLast) {
          this.emit_(this.pending, false);
          this.filled = 0;
        }
      }
    } catch (error) {
      done(error as Error);
      return;
    }
    done();
  }

  override _flush(done: TransformCallback): void {
    try {
      if (this.filled > 0) {
        this.emit_(this.pending.subarray(0, this.filled), this.chunk === this.totalChunks - 1);
        this.filled = 0;
      } else if (this.position <= this.rangeEnd) {
        throw new Error('encrypted blob is truncated');
      }
    } catch (error) {
      done(error as Error);
      return;
    }
    done();
  }

  private emit_(sealed: Buffer, last: boolean): void {
    if (sealed.length < TAG_BYTES) throw new Error('encrypted blob is truncated');
    const decipher = createDecipheriv('aes-256-gcm', this.dataKey, nonce(this.prefix, this.chunk, last));
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    const opened = decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES));
    const rest = decipher.final();
    const plain = rest.length > 0 ? Buffer.concat([opened, rest]) : opened;
    const chunkStart = this.position;
    this.chunk += 1;
    this.position += plain.length;
    const from = Math.max(0, this.rangeStart - chunkStart);
    const to = Math.min(plain.length, this.rangeEnd + 1 - chunkStart);
    if (to > from) this.push(plain.subarray(from, to));
  }
}
