import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { CHUNK_BYTES, TAG_BYTES, buildHeader } from '../crypto/stream.ts';
import { DomainError } from '../errors.ts';
import { openHashJob, type HashJob } from './hash-worker.ts';

/**
 * The ingest loop of the blob store: reads the source once, hashes the original bytes (SHA-256 and SHA-512), seals
 * them when asked, and writes the result to an open temporary file, with positional writes on the file handle
 * (no stream transforms in between).
 *
 * Bytes are gathered into slots of a shared buffer (2 MiB, a whole number of sealing chunks). A full slot goes to the
 * hashing worker and, at the same time, is written (clear) or sealed on this thread and written (sealed); four slots
 * let reading, hashing and writing overlap, and bound the memory of one upload to the ring plus four writes. Content
 * that fits in one slot (most documents) is hashed here without involving the worker. Every `SYNC_EVERY` bytes a
 * `fdatasync` is started in the background so that the disk writes while the rest is hashed; the caller's final
 * fsync then has little left to flush.
 */

export const SLOT_BYTES = 32 * CHUNK_BYTES;
const SLOTS = 4;
const SYNC_EVERY = 64 * 1024 * 1024;
/** Rings kept for reuse between uploads (each is SLOTS × SLOT_BYTES). */
const IDLE_RINGS = 2;
const PREFIX_BYTES = 7;

/** The part of a FileHandle the loop needs (tests substitute a failing one to simulate a full disk). */
export interface TempFile {
  writev(buffers: NodeJS.ArrayBufferView[], position: number): Promise<unknown>;
  datasync(): Promise<void>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

/** A file read in place (the part of a FileHandle the loop needs). */
export interface ReadableFile {
  readInto(buffer: Buffer, offset: number, length: number, position: number): Promise<number>;
}

export interface SealWith {
  dataKey: Buffer;
  wrappedKey: Buffer;
}

export interface Written {
  sha256: string;
  sha512: string;
  size: number;
  /** The first `headBytes` bytes of the original content (for type sniffing). */
  head: Buffer;
}

interface Ring {
  sab: SharedArrayBuffer;
  slots: Buffer[];
}

const idle: Ring[] = [];

function takeRing(): Ring {
  const ring = idle.pop();
  if (ring) return ring;
  const sab = new SharedArrayBuffer(SLOTS * SLOT_BYTES);
  return { sab, slots: Array.from({ length: SLOTS }, (_, i) => Buffer.from(sab, i * SLOT_BYTES, SLOT_BYTES)) };
}

function giveRing(ring: Ring): void {
  if (idle.length < IDLE_RINGS) idle.push(ring);
}

/** Seals plaintext chunk by chunk in the STREAM layout of `crypto/stream.ts` (nonce = prefix ‖ counter ‖ last flag). */
class Sealer {
  private counter = 0;
  private readonly prefix = randomBytes(PREFIX_BYTES);
  private readonly nonce = Buffer.alloc(12);
  /** The last full chunk of the previous slot: it may be the final chunk, which is only known when more arrives. */
  private carry: Buffer | null = null;
  readonly header: Buffer;

  constructor(private readonly dataKey: Buffer, wrappedKey: Buffer) {
    this.header = buildHeader(wrappedKey, this.prefix);
    this.prefix.copy(this.nonce, 0);
  }

  /** Seals `data` (a whole slot when `!final`) and returns the buffers to write, in order. */
  seal(data: Buffer, final: boolean): Buffer[] {
    const chunks: Buffer[] = [];
    for (let offset = 0; offset < data.length; offset += CHUNK_BYTES) chunks.push(data.subarray(offset, offset + CHUNK_BYTES));
    // Copied: the slot is reused once written, the carried chunk is sealed later.
    const nextCarry = final ? null : Buffer.from(chunks.pop()!);
    const out: Buffer[] = [];
    if (this.carry) this.one(this.carry, final && chunks.length === 0, out);
    chunks.forEach((chunk, i) => this.one(chunk, final && i === chunks.length - 1, out));
    if (final && this.counter === 0) this.one(Buffer.alloc(0), true, out);
    this.carry = nextCarry;
    return out;
  }

  private one(plain: Buffer, last: boolean, out: Buffer[]): void {
    this.nonce.writeUInt32BE(this.counter++, PREFIX_BYTES);
    this.nonce[11] = last ? 1 : 0;
    const cipher = createCipheriv('aes-256-gcm', this.dataKey, this.nonce);
    out.push(cipher.update(plain));
    cipher.final();
    const tag = cipher.getAuthTag();
    if (tag.length !== TAG_BYTES) throw new Error('unexpected tag size');
    out.push(tag);
  }
}

const noop = () => {};

/**
 * Streams `source` into `file` (which must be empty), returning the digests of the original bytes. The file is
 * fsynced before this returns. On failure every write has settled before the error is thrown (so the caller may
 * close and remove the file), and nothing is left running on the worker.
 */
export async function writeAndHash(
  source: AsyncIterable<Buffer | string | Uint8Array> | ReadableFile,
  file: TempFile,
  options: { maxBytes: number; headBytes: number; seal?: SealWith; signal?: AbortSignal },
): Promise<Written> {
  const ring = takeRing();
  const busy: Array<Promise<unknown> | null> = new Array(SLOTS).fill(null);
  const sealer = options.seal ? new Sealer(options.seal.dataKey, options.seal.wrappedKey) : null;
  let job = null as HashJob | null; // (assigned in `advance`)
  let slot = 0;
  let fill = 0;
  let size = 0;
  let position = 0;
  let syncedAt = 0;
  // Every background fdatasync is awaited: Linux reports a write-back error to one fsync only.
  const syncs: Array<Promise<void>> = [];
  let head: Buffer | null = null;

  // Writes `length` bytes of slot `index` (sealed first if asked); the slot is free once hashed and written.
  const dispatch = (index: number, length: number, final: boolean, hashed: Promise<unknown>) => {
    const data = ring.slots[index].subarray(0, length);
    head ??= Buffer.from(data.subarray(0, options.headBytes));
    const buffers: Buffer[] = [];
    if (sealer && position === 0) buffers.push(sealer.header);
    if (sealer) buffers.push(...sealer.seal(data, final));
    else if (length > 0) buffers.push(data);
    const bytes = buffers.reduce((n, b) => n + b.length, 0);
    const written = bytes > 0 ? file.writev(buffers, position) : Promise.resolve();
    position += bytes;
    const done = Promise.all([hashed, written]);
    done.catch(noop);
    busy[index] = done;
    if (position - syncedAt >= SYNC_EVERY && !final) {
      syncedAt = position;
      const started = file.datasync();
      started.catch(noop);
      syncs.push(started);
    }
  };

  // Sends the full current slot on its way and waits until the next one is free.
  const advance = async () => {
    job ??= openHashJob(ring.sab);
    dispatch(slot, SLOT_BYTES, false, job.update(slot * SLOT_BYTES, SLOT_BYTES));
    slot = (slot + 1) % SLOTS;
    fill = 0;
    const pending = busy[slot];
    if (pending) {
      busy[slot] = null;
      await pending;
    }
  };
  const count = (bytes: number) => {
    size += bytes;
    if (size > options.maxBytes) {
      throw new DomainError('too_large', 'file_too_large', `The file is larger than the ${options.maxBytes} bytes allowed`, { maxBytes: options.maxBytes });
    }
  };

  try {
    if ('readInto' in source) {
      // A local file is read straight into the slots: no buffer allocated per read, no copy.
      for (;;) {
        if (fill === SLOT_BYTES) await advance();
        options.signal?.throwIfAborted();
        const got = await source.readInto(ring.slots[slot], fill, SLOT_BYTES - fill, size);
        if (got === 0) break;
        count(got);
        fill += got;
      }
    } else {
      for await (const piece of source) {
        let chunk = typeof piece === 'string' ? Buffer.from(piece) : piece;
        count(chunk.length);
        while (chunk.length > 0) {
          if (fill === SLOT_BYTES) await advance();
          const take = Math.min(SLOT_BYTES - fill, chunk.length);
          ring.slots[slot].set(chunk.subarray(0, take), fill);
          fill += take;
          chunk = chunk.subarray(take);
        }
      }
    }

    let digests: { sha256: string; sha512: string };
    if (job) {
      dispatch(slot, fill, true, job.update(slot * SLOT_BYTES, fill));
      digests = await job.finish();
    } else {
      // Everything fits in one slot: hashing here costs less than a round trip to the worker.
      const data = ring.slots[slot].subarray(0, fill);
      digests = { sha256: createHash('sha256').update(data).digest('hex'), sha512: createHash('sha512').update(data).digest('hex') };
      dispatch(slot, fill, true, Promise.resolve());
    }
    for (const pending of busy) await pending;
    for (const started of syncs) await started;
    await file.sync();
    giveRing(ring);
    return { ...digests, size, head: head ?? Buffer.alloc(0) };
  } catch (error) {
    job?.drop();
    await Promise.allSettled([...busy, ...syncs]);
    // The worker may still be reading a dropped slot; it only reads, so the ring can serve the next upload.
    giveRing(ring);
    throw error;
  }
}
