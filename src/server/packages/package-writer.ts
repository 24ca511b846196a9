import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Transform, type Readable, type Writable } from 'node:stream';
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
    return {
      container,
      async addPayload(path, source, expected) {
        const file = fileOf(`data/${path}`);
        await mkdir(dirname(file), { recursive: true });
        await pipeline(source, checked(path, expected, onBytes), createWriteStream(file, { flags: 'wx' }));
      },
      async addTag(path, bytes) {
        const file = fileOf(path);
        await mkdir(dirname(file), { recursive: true });
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
