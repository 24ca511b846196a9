import { randomBytes } from 'node:crypto';
import { ReadStream, createWriteStream } from 'node:fs';
import { mkdir, open as openFile, readFile, readdir, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough, addAbortSignal, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { DomainError, notFound } from '../errors.ts';
import { MasterKey, newDataKey } from '../crypto/keys.ts';
import { HEADER_BYTES, OpenStream, parseHeader, sealedRangeFor } from '../crypto/stream.ts';
import { objectKey, type BlobBackend } from './backend.ts';
import { writeAndHash, type TempFile, type Written } from './ingest-writer.ts';
import type { BlobInfo, BlobStore, ByteRange, PutOptions, PutResult } from './store.ts';
import * as repo from './repository.ts';
import type { BlobRow } from './tables.ts';

type Db = Kysely<Database>;

/** Bytes of the start of every blob kept for type sniffing. */
const HEAD_BYTES = 64 * 1024;
/** Temporary files untouched for this long belong to no running upload (an active one is written continuously). */
const STALE_TEMP_MS = 60 * 60 * 1000;

export const SHA256_HEX = /^[0-9a-f]{64}$/;

export type Sniffer = (head: Uint8Array, complete: boolean) => Promise<{ mime: string }>;

/**
 * A staged file waits in the temporary directory under a name that says which blob it would become; the name lets a
 * start (or `reckon verify`) finish the move of a blob whose row committed just before a crash.
 */
const STAGED = /^staged-([0-9a-f]{64})-(clear|sealed)-[0-9a-f]+$/;

/** A blob written and hashed, its bytes in a temporary file, not yet recorded in the database nor in the store. */
export interface StagedBlob {
  sha256: string;
  sha512: string;
  size: number;
  mime: string | null;
  encrypted: boolean;
  wrappedKey: string | null;
  /** The blob row existed before (identical content was already stored). */
  existed: boolean;
  /** A clear copy to delete once the encrypted one is recorded. */
  replacesClear: boolean;
  /** The temporary file holding the bytes until the row commits (null when identical content was stored already). */
  stagedPath: string | null;
  /**
   * A remote store (S3) is written before the commit instead, because an upload can fail and the row must not
   * commit without its object; objects there appear whole or not at all, and `afterCommit` removes one no row names.
   */
  storedEarly: boolean;
}

/** What a sweep of the temporary directory did: nothing here is an integrity failure. */
export interface TemporarySweep {
  /** Orphans removed: uploads cut off, staged blobs whose transaction never committed. */
  removed: string[];
  /** Staged blobs whose row had committed when the process died, moved into the store now. */
  completed: string[];
  /** Too fresh to judge (an upload or a transaction may be in progress): left alone. */
  left: string[];
}

export interface BlobServiceOptions {
  /** For tests: opens the temporary file written to (to simulate a full disk). */
  openTempFile?: (path: string) => Promise<TempFile>;
  sniff?: Sniffer;
}

function toInfo(row: BlobRow): BlobInfo {
  return {
    sha256: row.sha256,
    sha512: row.sha512,
    size: Number(row.size),
    mime: row.mime,
    encrypted: row.encrypted,
    createdAt: row.created_at.toISOString(),
  };
}

const diskFull = () =>
  new DomainError('unavailable', 'disk_full', 'The storage is full: the file was not stored and nothing was recorded. Free some space and try again.');

export class BlobService implements BlobStore {
  private readonly tmpDir: string;
  /** Serialises writers of the same content inside this process. */
  private readonly locks = new Map<string, Promise<unknown>>();

  constructor(
    private readonly db: Db,
    readonly backend: BlobBackend,
    private readonly master: MasterKey,
    dataDir: string,
    private readonly options: BlobServiceOptions = {},
  ) {
    this.tmpDir = join(dataDir, 'tmp');
  }

  /** Removes temporary files left by a crash or a killed process; run at start. Returns how many were removed. */
  async sweepTemporaryFiles(olderThanMs = STALE_TEMP_MS): Promise<number> {
    const sweep = await this.sweepTemporary(olderThanMs);
    return sweep.removed.length;
  }

  /**
   * Goes through the temporary directory: a staged blob whose row committed but whose move into the store a crash
   * interrupted is moved now (at any age: the row already names it); anything else untouched for `olderThanMs`
   * belongs to no running upload or transaction and is removed.
   */
  async sweepTemporary(olderThanMs = STALE_TEMP_MS): Promise<TemporarySweep> {
    const sweep: TemporarySweep = { removed: [], completed: [], left: [] };
    let names: string[];
    try {
      names = await readdir(this.tmpDir);
    } catch {
      return sweep;
    }
    const cutoff = Date.now() - olderThanMs;
    for (const name of names.sort()) {
      if (!name.startsWith('upload-') && !name.startsWith('local-') && !STAGED.test(name)) continue;
      const path = join(this.tmpDir, name);
      try {
        const staged = STAGED.exec(name);
        if (staged && (await this.completeStaged(staged[1], staged[2] === 'sealed', path))) {
          sweep.completed.push(name);
          continue;
        }
        if ((await stat(path)).mtimeMs <= cutoff) {
          await rm(path, { force: true });
          sweep.removed.push(name);
        } else sweep.left.push(name);
      } catch {
        // Gone already (its upload finished meanwhile).
      }
    }
    return sweep;
  }

  /** Moves a staged file whose row exists (and names this very file) into the store; false when no row wants it. */
  private async completeStaged(sha256: string, encrypted: boolean, path: string): Promise<boolean> {
    return this.serialised(sha256, async () => {
      const row = await repo.sealingOf(this.db, sha256);
      if (!row || row.encrypted !== encrypted) return false;
      const key = objectKey(sha256, encrypted);
      if (await this.backend.exists(key)) return false;
      if (encrypted) {
        const handle = await openFile(path, 'r');
        let header: Buffer;
        try {
          header = Buffer.alloc(HEADER_BYTES);
          await handle.read(header, 0, HEADER_BYTES, 0);
        } finally {
          await handle.close();
        }
        if (parseHeader(header).wrappedKey.toString('base64') !== row.wrapped_key) return false;
      }
      await this.backend.storeFile(key, path);
      return true;
    });
  }

  /**
   * Streams the content to a private temporary file while hashing the original bytes (SHA-256 and SHA-512), sealing
   * them first when `encrypt`, and fsyncs it. The file stays in the temporary directory (renamed after its hash)
   * until `afterCommit` sees the row committed: the content-addressed store only ever holds blobs a row names, so a
   * failed upload (bad name, too large, disconnect, crash) can leave no stray file there. On any failure or abort
   * the temporary file is removed and nothing is recorded.
   */
  async stage(source: Readable, options: PutOptions): Promise<StagedBlob> {
    const localPath = unreadLocalFile(source);
    await mkdir(this.tmpDir, { recursive: true, mode: 0o700 });
    const tempPath = join(this.tmpDir, `upload-${randomBytes(12).toString('hex')}`);
    let dataKey: Buffer | null = null;
    let wrappedKey: string | null = null;
    if (options.encrypt) {
      dataKey = newDataKey();
      wrappedKey = this.master.wrap(dataKey);
    }
    let written: Written;
    let input: FileHandle | null = null;
    // An error of the sender's stream (a multipart body cut short, a malformed part) is the client's, not ours.
    let sourceError: unknown = null;
    const onSourceError = (error: unknown) => {
      sourceError ??= error;
    };
    source.on('error', onSourceError);
    try {
      options.signal?.throwIfAborted();
      input = localPath ? await openInPlace(localPath, source) : null;
      if (options.signal && !input) addAbortSignal(options.signal, source);
      const file: TempFile = this.options.openTempFile ? await this.options.openTempFile(tempPath) : await openFile(tempPath, 'wx', 0o600);
      try {
        const from = input;
        written = await writeAndHash(from ? { readInto: async (buffer, offset, length, position) => (await from.read(buffer, offset, length, position)).bytesRead } : source, file, {
          maxBytes: options.maxBytes ?? Number.MAX_SAFE_INTEGER,
          headBytes: HEAD_BYTES,
          seal: dataKey && wrappedKey ? { dataKey, wrappedKey: Buffer.from(wrappedKey, 'base64') } : undefined,
          signal: options.signal,
        });
      } finally {
        await file.close();
      }
    } catch (error) {
      source.destroy();
      await rm(tempPath, { force: true });
      const clientStatus = typeof (error as { statusCode?: unknown }).statusCode === 'number';
      // The sender's stream may have failed before this listener was attached (its error is then kept in `errored`).
      const fromSource = error === sourceError || error === source.errored;
      if (fromSource && !(error instanceof DomainError) && !isAbort(error) && !clientStatus) {
        throw new DomainError('invalid', 'upload_malformed', `The upload could not be read to its end (${(error as Error).message}); nothing was stored`);
      }
      throw translateWriteError(error);
    } finally {
      source.off('error', onSourceError);
      await input?.close();
    }

    const { sha256, sha512, size } = written;
    const headBuffer = written.head;
    const mime = this.options.sniff ? (await this.options.sniff(headBuffer, size <= HEAD_BYTES).catch(() => null))?.mime ?? null : null;
    const stagedPath = join(this.tmpDir, `staged-${sha256}-${options.encrypt ? 'sealed' : 'clear'}-${randomBytes(8).toString('hex')}`);
    try {
      return await this.serialised(sha256, async () => {
        const existing = await repo.findBlob(this.db, sha256);
        if (existing && (existing.encrypted || !options.encrypt)) {
          await rm(tempPath, { force: true });
          return { ...toInfo(existing), wrappedKey: existing.wrapped_key, existed: true, replacesClear: false, stagedPath: null, storedEarly: false };
        }
        await rename(tempPath, stagedPath);
        const storedEarly = this.backend.name !== 'fs';
        if (storedEarly) {
          const key = objectKey(sha256, options.encrypt);
          if (!(await this.backend.storeFile(key, stagedPath)) && options.encrypt) {
            // An earlier run stored these bytes sealed but never recorded them: its own key is in its header.
            wrappedKey = (await this.readHeader(key)).wrappedKey.toString('base64');
          }
        }
        return {
          sha256,
          sha512,
          size,
          mime: existing?.mime ?? mime,
          encrypted: options.encrypt,
          wrappedKey,
          existed: Boolean(existing),
          replacesClear: Boolean(existing) && options.encrypt,
          stagedPath: storedEarly ? null : stagedPath,
          storedEarly,
        };
      });
    } catch (error) {
      await rm(tempPath, { force: true });
      await rm(stagedPath, { force: true });
      throw translateWriteError(error);
    }
  }

  /** Records a staged blob in the caller's transaction (inserting, or upgrading a clear blob to encrypted). */
  async record(tx: Db, staged: StagedBlob): Promise<PutResult> {
    if (staged.existed && !staged.replacesClear) {
      const row = await repo.findBlob(tx, staged.sha256);
      if (!row) throw notFound('Blob', staged.sha256);
      return { ...toInfo(row), created: false };
    }
    if (staged.replacesClear) {
      const row = await repo.sealClearBlob(tx, staged.sha256, staged.wrappedKey);
      return { ...toInfo(row), created: false };
    }
    const inserted = await repo.insertBlob(tx, {
      sha256: staged.sha256,
      sha512: staged.sha512,
      size: staged.size,
      mime: staged.mime,
      encrypted: staged.encrypted,
      wrapped_key: staged.wrappedKey,
    });
    if (inserted) return { ...toInfo(inserted), created: true };
    const row = await repo.findBlob(tx, staged.sha256);
    if (!row) throw notFound('Blob', staged.sha256);
    return { ...toInfo(row), created: false };
  }

  /**
   * After the transaction that should have recorded `staged` ended, committed or not (callers may call this in a
   * `finally`): when the row now names this very file (same encryption and, sealed, the same data key), the staged
   * file is moved into the store and a clear copy it supersedes is removed; otherwise the staged file is dropped.
   */
  async afterCommit(staged: StagedBlob): Promise<void> {
    const path = staged.stagedPath;
    if (!path && !staged.storedEarly) return;
    await this.serialised(staged.sha256, async () => {
      const row = await repo.sealingOf(this.db, staged.sha256);
      const ours = row !== undefined && row.encrypted === staged.encrypted && (!staged.encrypted || row.wrapped_key === staged.wrappedKey);
      if (!path) {
        // Stored early (remote): keep the object when a row names it, else remove it; drop a superseded clear copy.
        if (row && row.encrypted === staged.encrypted) {
          if (staged.replacesClear) await this.backend.remove(objectKey(staged.sha256, false));
        } else await this.backend.remove(objectKey(staged.sha256, staged.encrypted));
        return;
      }
      if (!ours) {
        await rm(path, { force: true });
        return;
      }
      const key = objectKey(staged.sha256, staged.encrypted);
      if (staged.encrypted && (await this.backend.exists(key))) {
        // A sealed object left at this key by an older version holds its own data key; the row names ours, so ours
        // replaces it (the content is the same; only the key differs).
        if ((await this.readHeader(key)).wrappedKey.toString('base64') === row.wrapped_key) await rm(path, { force: true });
        else await this.backend.replaceFile(key, path);
      } else {
        await this.backend.storeFile(key, path);
      }
      if (staged.replacesClear) await this.backend.remove(objectKey(staged.sha256, false));
    });
  }

  /** Drops a staged blob that will not be recorded (its transaction failed). The store was never touched. */
  async discard(staged: StagedBlob): Promise<void> {
    if (staged.stagedPath) await rm(staged.stagedPath, { force: true });
    else if (staged.storedEarly) await this.afterCommit(staged);
  }

  async put(source: Readable, options: PutOptions): Promise<PutResult> {
    const staged = await this.stage(source, options);
    try {
      return await this.db.transaction().execute((tx) => this.record(tx, staged));
    } finally {
      await this.afterCommit(staged);
    }
  }

  async info(sha256: string): Promise<BlobInfo | null> {
    if (!SHA256_HEX.test(sha256)) return null;
    const row = await repo.findBlob(this.db, sha256);
    return row ? toInfo(row) : null;
  }

  async setMime(sha256: string, mime: string): Promise<void> {
    await repo.setMime(this.db, sha256, mime);
  }

  async open(sha256: string, range?: ByteRange): Promise<Readable> {
    const row = SHA256_HEX.test(sha256) ? await repo.findBlob(this.db, sha256) : undefined;
    if (!row) throw notFound('Blob', sha256);
    return this.openStored({ sha256, size: Number(row.size), encrypted: row.encrypted }, range);
  }

  /**
   * Opens a blob whose row the caller has already read (a package export reads every file's row in one statement;
   * a lookup per file made exporting a thousand exhibits a thousand statements). The caller still checks the bytes
   * against the recorded SHA-256 as it copies them.
   */
  async openStored(blob: { sha256: string; size: number; encrypted: boolean }, range?: ByteRange): Promise<Readable> {
    const { sha256, size } = blob;
    if (!SHA256_HEX.test(sha256)) throw notFound('Blob', sha256);
    if (range && (range.start < 0 || range.end < range.start || range.start >= Math.max(size, 1))) {
      throw new DomainError('invalid', 'range_not_satisfiable', `The range ${range.start}-${range.end} is outside the ${size} bytes of the file`);
    }
    const wanted = range ? { start: range.start, end: Math.min(range.end, size - 1) } : undefined;
    const key = objectKey(sha256, blob.encrypted);
    if (!blob.encrypted) return this.backend.read(key, size === 0 ? undefined : wanted);
    const { wrappedKey, prefix } = await this.readHeader(key);
    const dataKey = this.master.unwrap(wrappedKey.toString('base64'));
    const start = wanted?.start ?? 0;
    const end = wanted?.end ?? size - 1;
    const sealed = sealedRangeFor(size, start, Math.max(end, 0));
    const raw = await this.backend.read(key, { start: sealed.from, end: sealed.to });
    const out = new OpenStream(dataKey, prefix, size, sealed.firstChunk, start, end);
    raw.on('error', (error) => out.destroy(error));
    out.on('close', () => raw.destroy());
    return raw.pipe(out);
  }

  /**
   * A stored blob's whole bytes in one read when it lies unencrypted in a local folder (a package export copies
   * thousands of small originals: one read each costs far less than a stream of 64 KiB chunks), or null when it must
   * be streamed (encrypted, or another backend). Like openStored, it does not check the bytes: the caller hashes them.
   */
  async readStoredWhole(blob: { sha256: string; encrypted: boolean }): Promise<Buffer | null> {
    if (blob.encrypted || !SHA256_HEX.test(blob.sha256)) return null;
    const path = this.backend.localPath(objectKey(blob.sha256, false));
    return path ? readFile(path) : null;
  }

  async withLocalFile<T>(sha256: string, fn: (path: string) => Promise<T>): Promise<T> {
    const row = await this.info(sha256);
    if (!row) throw notFound('Blob', sha256);
    const direct = row.encrypted ? null : this.backend.localPath(objectKey(sha256, false));
    if (direct) return fn(direct);
    await mkdir(this.tmpDir, { recursive: true, mode: 0o700 });
    const path = join(this.tmpDir, `local-${randomBytes(12).toString('hex')}`);
    try {
      await pipeline(await this.open(sha256), createWriteStream(path, { flags: 'wx', mode: 0o600 }));
      return await fn(path);
    } finally {
      await rm(path, { force: true });
    }
  }

  private async readHeader(key: string) {
    const stream = await this.backend.read(key, { start: 0, end: HEADER_BYTES - 1 });
    const parts: Buffer[] = [];
    for await (const part of stream) parts.push(part as Buffer);
    return parseHeader(Buffer.concat(parts));
  }

  private async serialised<T>(key: string, work: () => Promise<T>): Promise<T> {
    const before = this.locks.get(key) ?? Promise.resolve();
    const next = before.catch(() => {}).then(work);
    this.locks.set(key, next);
    try {
      return await next;
    } finally {
      if (this.locks.get(key) === next) this.locks.delete(key);
    }
  }
}

function isAbort(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ABORT_ERR' || (error as Error | undefined)?.name === 'AbortError' || code === 'ERR_STREAM_PREMATURE_CLOSE';
}

function translateWriteError(error: unknown): unknown {
  if (error instanceof DomainError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT') return diskFull();
  if (code === 'ABORT_ERR' || (error as Error | undefined)?.name === 'AbortError' || code === 'ERR_STREAM_PREMATURE_CLOSE') {
    return new DomainError('invalid', 'upload_interrupted', 'The upload was interrupted; nothing was stored');
  }
  return error;
}

/**
 * When `source` is a stream over a whole local file from which nothing has been read yet (`reckon ingest` passes
 * `createReadStream(path)`), the file is read in place instead: the ingest loop then reads into its own reused
 * buffers, where the stream would allocate a fresh buffer for every read. Anything else (HTTP uploads, ranges,
 * streams already consumed) is read as a stream. Called before the first await, so that an error of the stream's
 * own open (a missing file) cannot go unheard; the same error is then thrown by `openInPlace`.
 */
function unreadLocalFile(source: Readable): string | null {
  if (!(source instanceof ReadStream)) return null;
  const stream = source as ReadStream & { start?: number; end?: number };
  const whole = (stream.start ?? 0) === 0 && (stream.end ?? Infinity) === Infinity;
  const untouched = stream.bytesRead === 0 && stream.readableLength === 0 && stream.readableFlowing === null && !stream.destroyed && !stream.readableEncoding;
  if (typeof stream.path !== 'string' || !whole || !untouched || stream.listenerCount('data') > 0) return null;
  stream.on('error', ignoreError);
  return stream.path;
}

const ignoreError = () => {};

/** Opens the file behind an unread stream (see `unreadLocalFile`), or null when it is not a regular file. */
async function openInPlace(path: string, stream: Readable): Promise<FileHandle | null> {
  const handle = await openFile(path, 'r');
  if (!(await handle.stat()).isFile()) {
    await handle.close();
    stream.off('error', ignoreError);
    return null;
  }
  stream.destroy();
  return handle;
}

/** A readable of the given bytes (tests, small derived files). */
export function bytesStream(bytes: Buffer): Readable {
  const stream = new PassThrough();
  stream.end(bytes);
  return stream;
}

export { MasterKey };

/** Every sealed blob's name, size and wrapped data key, in name order (for master-key rotation). */
export const sealedBlobKeys = (db: Db) => repo.sealedBlobs(db);

/** Replaces a sealed blob's wrapped data key (master-key rotation; the object's header is rewritten by the caller). */
export const storeWrappedKey = (db: Db, sha256: string, wrappedKey: string) => repo.setWrappedKey(db, sha256, wrappedKey);
