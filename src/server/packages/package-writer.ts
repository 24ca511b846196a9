import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable, Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';
import yazl from 'yazl';
import { containerFor, type PackageContainer } from './write.ts';

/**
 * Writes a bag in steps, so that an export can stream its (large) payload first, outside any transaction, and
 * then add the tag files and finish the container inside the transaction that records the export: the custody
 * event exists exactly when the container is complete on disk. Everything goes to a temporary name beside the
 * target; `commit` renames it into place, `abort` removes it.
 */
export interface PackageWriter {
  readonly container: PackageContainer;
  /** Streams one payload file (under data/), checking its SHA-256 against the recorded one as it goes. */
  addPayload(path: string, source: Readable, expected: { size: number; sha256: string }): Promise<void>;
  /** The same for a file read whole: hashed and checked before it is written (a folder writes it in one call). */
  addPayloadBytes(path: string, bytes: Buffer, expected: { size: number; sha256: string }): Promise<void>;
  addTag(path: string, bytes: Uint8Array): Promise<void>;
  /** Ends the container and flushes it to disk (fsync). */
  finish(): Promise<void>;
  commit(): Promise<void>;
  abort(): Promise<void>;
}

export class PayloadMismatchError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
    this.name = 'PayloadMismatchError';
  }
}

/** Counts and hashes the bytes passing through, and fails the stream if they are not what was recorded. */
function checked(path: string, expected: { size: number; sha256: string }, onBytes: (n: number) => void): Transform {
  const hash = createHash('sha256');
  let size = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.length;
      hash.update(chunk);
      onBytes(chunk.length);
      callback(null, chunk);
    },
    flush(callback) {
      const digest = hash.digest('hex');
      if (size !== expected.size) callback(new PayloadMismatchError(path, `the stored file has ${size} bytes, ${expected.size} were recorded`));
      else if (digest !== expected.sha256)
        callback(new PayloadMismatchError(path, 'the stored file no longer matches its recorded SHA-256 (run reckon verify)'));
      else callback();
    },
  });
}

/** Checks bytes read whole against what was recorded: one hash, as `checked` does for a stream. */
function checkBytes(path: string, bytes: Buffer, expected: { size: number; sha256: string }): void {
  if (bytes.length !== expected.size) throw new PayloadMismatchError(path, `the stored file has ${bytes.length} bytes, ${expected.size} were recorded`);
  if (createHash('sha256').update(bytes).digest('hex') !== expected.sha256) {
    throw new PayloadMismatchError(path, 'the stored file no longer matches its recorded SHA-256 (run reckon verify)');
  }
}

async function fsyncFile(path: string): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Opens a writer for a new folder, .zip or .tar at `target` (which must not exist). In an archive every entry is
 * under one top-level folder named `root` (the bag's External-Identifier). `onBytes` reports payload progress.
 */
export function openPackageWriter(target: string, root: string, onBytes: (n: number) => void = () => {}): PackageWriter {
  const container = containerFor(target);
  const temp = join(dirname(target), `.reckon-export-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`);
  let finished = false;
  const removeTemp = () => rm(temp, { recursive: true, force: true });

  if (container === 'folder') {
    const fileOf = (path: string) => join(temp, ...path.split('/'));
    // A case file writes thousands of files into a few folders (metadata/items, custody/items): each folder is made once.
    const made = new Map<string, Promise<unknown>>();
    const folderOf = (file: string) => {
      const dir = dirname(file);
      let done = made.get(dir);
      if (!done) made.set(dir, (done = mkdir(dir, { recursive: true })));
      return done;
    };
    return {
      container,
      async addPayload(path, source, expected) {
        const file = fileOf(`data/${path}`);
        await folderOf(file);
        await pipeline(source, checked(path, expected, onBytes), createWriteStream(file, { flags: 'wx' }));
      },
      async addPayloadBytes(path, bytes, expected) {
        checkBytes(path, bytes, expected);
        const file = fileOf(`data/${path}`);
        await folderOf(file);
        await writeFile(file, bytes, { flag: 'wx' });
        onBytes(bytes.length);
      },
      async addTag(path, bytes) {
        const file = fileOf(path);
        await folderOf(file);
        await writeFile(file, bytes, { flag: 'wx' });
      },
      async finish() {
        finished = true;
      },
      async commit() {
        if (!finished) throw new Error('the package is not finished');
        await rename(temp, target);
      },
      abort: removeTemp,
    };
  }

  const out = createWriteStream(temp, { flags: 'wx' });
  /** How a single-file archive ends: closed, written out and synced, then renamed into place; or torn down. */
  const archiveEnding = (written: Promise<unknown>, end: () => void, destroy: () => void): Pick<PackageWriter, 'finish' | 'commit' | 'abort'> => ({
    async finish() {
      end();
      await written;
      await fsyncFile(temp);
      finished = true;
    },
    async commit() {
      if (!finished) throw new Error('the package is not finished');
      await rename(temp, target);
    },
    async abort() {
      destroy();
      await removeTemp();
    },
  });
  if (container === 'zip') {
    const zip = new yazl.ZipFile();
    const written = pipeline(zip.outputStream, out);
    written.catch(() => {});
    return {
      container,
      async addPayload(path, source, expected) {
        const stream = checked(path, expected, onBytes);
        const ended = new Promise<void>((resolve, reject) => {
          stream.once('end', resolve);
          stream.once('error', reject);
        });
        // Originals are mostly compressed already (images, video, PDF); storing them keeps export near disk speed.
        zip.addReadStream(stream, `${root}/data/${path}`, { size: expected.size, compress: false });
        // Done when yazl has read the whole file; a failed output (disk full) ends the wait too.
        await Promise.race([
          Promise.all([pipeline(source, stream as unknown as Writable), ended]),
          written.then(() => {
            throw new Error('the zip output ended early');
          }),
        ]);
      },
      // Through the stream path, so the wait for yazl to take the file holds here too (no pile of buffers in memory).
      async addPayloadBytes(path, bytes, expected) {
        await this.addPayload(path, Readable.from([bytes]), expected);
      },
      async addTag(path, bytes) {
        zip.addBuffer(Buffer.from(bytes), `${root}/${path}`);
      },
      ...archiveEnding(
        written,
        () => zip.end(),
        () => out.destroy(),
      ),
    };
  }

  const pack = tar.pack();
  const written = pipeline(pack as unknown as Readable, out);
  written.catch(() => {});
  const mtime = new Date();
  return {
    container,
    async addPayload(path, source, expected) {
      const entry = pack.entry({ name: `${root}/data/${path}`, size: expected.size, mtime, mode: 0o644 });
      await pipeline(source, checked(path, expected, onBytes), entry as unknown as Writable);
    },
    async addPayloadBytes(path, bytes, expected) {
      await this.addPayload(path, Readable.from([bytes]), expected);
    },
    async addTag(path, bytes) {
      await new Promise<void>((resolve, reject) =>
        pack.entry({ name: `${root}/${path}`, mtime, mode: 0o644 }, Buffer.from(bytes), (error) => (error ? reject(error) : resolve())),
      );
    },
    ...archiveEnding(
      written,
      () => pack.finalize(),
      () => {
        pack.destroy();
        out.destroy();
      },
    ),
  };
}
