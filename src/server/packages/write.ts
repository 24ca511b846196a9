import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { PassThrough, type Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';
import yazl from 'yazl';
import type { EvidencePackage } from './export.ts';

export type PackageContainer = 'folder' | 'zip' | 'tar';

export function containerFor(target: string): PackageContainer {
  if (/\.zip$/i.test(target)) return 'zip';
  if (/\.tar$/i.test(target)) return 'tar';
  return 'folder';
}

/** Streams the bag as a tar (the HTTP export uses it too); payload bytes are never held whole in memory. */
export function tarStream(bag: EvidencePackage): Readable {
  const pack = tar.pack();
  const mtime = new Date();
  void (async () => {
    try {
      for (const file of bag.payload) {
        const entry = pack.entry({ name: `${bag.externalIdentifier}/data/${file.path}`, size: file.size, mtime, mode: 0o644 });
        await pipeline(await file.open(), entry as unknown as Writable);
      }
      for (const tag of bag.tags) pack.entry({ name: `${bag.externalIdentifier}/${tag.path}`, mtime, mode: 0o644 }, Buffer.from(tag.bytes));
      pack.finalize();
    } catch (error) {
      pack.destroy(error as Error);
    }
  })();
  return pack as unknown as Readable;
}

function zipStream(bag: EvidencePackage): Readable {
  const zip = new yazl.ZipFile();
  const out = new PassThrough();
  zip.outputStream.pipe(out);
  void (async () => {
    try {
      for (const file of bag.payload) {
        // yazl reads each stream in turn; a stream opened now is read when its turn comes.
        zip.addReadStream(await file.open(), `${bag.externalIdentifier}/data/${file.path}`, { size: file.size });
      }
      for (const tag of bag.tags) zip.addBuffer(Buffer.from(tag.bytes), `${bag.externalIdentifier}/${tag.path}`);
      zip.end();
    } catch (error) {
      out.destroy(error as Error);
    }
  })();
  return out;
}

/**
 * Writes the bag to a new folder, .zip or .tar. The target must not exist; the bag is written beside it under a
 * temporary name and moved into place at the end, so a failure never leaves a half bag under the final name.
 */
export async function writePackage(bag: EvidencePackage, target: string): Promise<PackageContainer> {
  const container = containerFor(target);
  const temp = join(dirname(target), `.reckon-export-${process.pid}-${Date.now()}`);
  try {
    if (container === 'folder') {
      for (const file of bag.payload) {
        const path = join(temp, 'data', ...file.path.split('/'));
        await mkdir(dirname(path), { recursive: true });
        await pipeline(await file.open(), createWriteStream(path, { flags: 'wx' }));
      }
      for (const tag of bag.tags) {
        const path = join(temp, ...tag.path.split('/'));
        await mkdir(dirname(path), { recursive: true });
        await writeFile(path, tag.bytes, { flag: 'wx' });
      }
    } else {
      await pipeline(container === 'zip' ? zipStream(bag) : tarStream(bag), createWriteStream(temp, { flags: 'wx' }));
    }
    await rename(temp, target);
    return container;
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw error;
  }
}
