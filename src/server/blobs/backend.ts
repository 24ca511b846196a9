import { createReadStream } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { chmod, copyFile, link, mkdir, open, rename, rm, stat, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import type { ByteRange } from './store.ts';

/**
 * Where stored bytes live. The backend knows nothing of hashes, encryption or the database: it keeps immutable
 * objects under keys like `sha256/ab/cd/<hash>` (clear) or `sha256/ab/cd/<hash>.enc` (sealed).
 */
export interface BlobBackend {
  readonly name: 'fs' | 's3';
  exists(key: string): Promise<boolean>;
  /** Moves a finished temporary file into place. Never overwrites: returns false when the key already exists. */
  storeFile(key: string, tempPath: string): Promise<boolean>;
  /**
   * Replaces an existing object with a finished temporary file, atomically (for master-key rotation, which rewrites
   * only the header of a sealed object; the content and its hash never change). Consumes the temporary file.
   */
  replaceFile(key: string, tempPath: string): Promise<void>;
  read(key: string, range?: ByteRange): Promise<Readable>;
  remove(key: string): Promise<void>;
  /** A local path when the object is a plain file here (the filesystem backend), else null. */
  localPath(key: string): string | null;
}

export function objectKey(sha256: string, encrypted: boolean): string {
  return `sha256/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}${encrypted ? '.enc' : ''}`;
}

export class FsBackend implements BlobBackend {
  readonly name = 'fs' as const;

  constructor(private readonly root: string) {}

  localPath(key: string): string {
    return join(this.root, key);
  }

  async exists(key: string): Promise<boolean> {
    try {
      await stat(this.localPath(key));
      return true;
    } catch {
      return false;
    }
  }

  async storeFile(key: string, tempPath: string): Promise<boolean> {
    const target = this.localPath(key);
    await mkdir(dirname(target), { recursive: true });
    // A temporary file on another filesystem (a blob folder on a shared volume) cannot be linked: it is copied
    // beside its target first, synced, and linked from there.
    const local = await sameFilesystemCopy(tempPath, target);
    try {
      // link() fails when the target exists, so two writers of the same content cannot replace each other's file.
      await link(local, target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      await unlink(local);
      if (local !== tempPath) await unlink(tempPath);
      return false;
    }
    await unlink(local);
    if (local !== tempPath) await unlink(tempPath);
    await chmod(target, 0o444);
    await syncDirectory(dirname(target));
    return true;
  }

  async replaceFile(key: string, tempPath: string): Promise<void> {
    const target = this.localPath(key);
    await stat(target);
    const handle = await open(tempPath, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    const local = await sameFilesystemCopy(tempPath, target);
    await chmod(local, 0o444);
    await rename(local, target);
    if (local !== tempPath) await unlink(tempPath);
    await syncDirectory(dirname(target));
  }

  async read(key: string, range?: ByteRange): Promise<Readable> {
    const path = this.localPath(key);
    await stat(path);
    return createReadStream(path, range ? { start: range.start, end: range.end, highWaterMark: 256 * 1024 } : { highWaterMark: 256 * 1024 });
  }

  async remove(key: string): Promise<void> {
    await rm(this.localPath(key), { force: true });
  }
}

/**
 * Returns a path on the target's filesystem holding the temporary file's bytes: the file itself when both are on
 * one filesystem (a hard link costs nothing), else a synced copy in the target's directory (link() and rename()
 * answer EXDEV across filesystems). The caller removes the copy and the original.
 */
async function sameFilesystemCopy(tempPath: string, target: string): Promise<string> {
  const [from, to] = await Promise.all([stat(tempPath), stat(dirname(target))]);
  if (from.dev === to.dev) return tempPath;
  const copy = `${target}.part-${randomBytes(6).toString('hex')}`;
  try {
    await copyFile(tempPath, copy);
    const handle = await open(copy, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (error) {
    await rm(copy, { force: true });
    throw error;
  }
  return copy;
}

/** Makes a rename or link durable: the directory entry is flushed, not only the file's bytes. */
export async function syncDirectory(path: string): Promise<void> {
  let handle;
  try {
    handle = await open(path, 'r');
    await handle.sync();
  } catch {
    // Some filesystems refuse fsync on directories; the file itself was already synced.
  } finally {
    await handle?.close();
  }
}
