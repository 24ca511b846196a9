/**
 * BagReaders over a folder, a .zip and a .tar (optionally gzipped): the I/O half of `reckon bag verify`. They only
 * ever read; names are passed on exactly as stored so the validator, not the reader, judges them.
 */
import { constants, createReadStream } from 'node:fs';
import { lstat, open, opendir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import tar from 'tar-stream';

type TarEntry = Readable & { header: { name: string; type?: string | null; size?: number } };
import yauzl from 'yauzl';
import { BagReadError, type BagEntryInfo, type BagFileContent, type BagReader } from '../../core/bagit/reader.ts';

/** Wraps a stream so the reader can always finish it, even when the consumer stops reading part-way. */
function drainable(stream: Readable): { content: AsyncIterable<Uint8Array>; finish(): Promise<void> } {
  const iterator = stream[Symbol.asyncIterator]() as AsyncIterator<Uint8Array>;
  let done = false;
  const pull = async (): Promise<IteratorResult<Uint8Array>> => {
    const r = await iterator.next();
    if (r.done) done = true;
    return r;
  };
  return {
    content: {
      [Symbol.asyncIterator]: () => ({ next: pull, return: async () => ({ done: true, value: undefined }) }),
    },
    async finish() {
      while (!done) await pull();
    },
  };
}

// ---------------------------------------------------------------- folder

export function folderBagReader(root: string): BagReader {
  async function* walk(dir: string, prefix: string): AsyncGenerator<BagEntryInfo> {
    const handle = await opendir(dir);
    const names: string[] = [];
    for await (const d of handle) names.push(d.name);
    names.sort();
    for (const name of names) {
      const rel = prefix + name;
      const stat = await lstat(join(dir, name));
      if (stat.isSymbolicLink()) yield { name: rel, kind: 'symlink' };
      else if (stat.isDirectory()) {
        yield { name: `${rel}/`, kind: 'directory' };
        yield* walk(join(dir, name), `${rel}/`);
      } else if (stat.isFile()) yield { name: rel, kind: 'file', declaredSize: stat.size };
      else yield { name: rel, kind: 'other' };
    }
  }
  return {
    list: () => walk(root, ''),
    async *read(names) {
      for (const name of [...names].sort()) {
        let handle;
        try {
          // O_NOFOLLOW: a file swapped for a symlink after listing is refused, not followed.
          handle = await open(join(root, name), constants.O_RDONLY | constants.O_NOFOLLOW);
        } catch (error) {
          throw new BagReadError(`${name}: cannot be opened (${(error as NodeJS.ErrnoException).code ?? 'error'})`, name);
        }
        const stream = handle.createReadStream({ highWaterMark: 1024 * 1024 });
        try {
          yield { name, content: stream };
        } finally {
          stream.destroy();
          await handle.close().catch(() => undefined);
        }
      }
    },
  };
}

// ---------------------------------------------------------------- zip

const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;

function zipEntryInfo(entry: yauzl.Entry, name: string): BagEntryInfo {
  const madeOnUnix = entry.versionMadeBy >> 8 === 3;
  const mode = (entry.externalFileAttributes >>> 16) & S_IFMT;
  let kind: BagEntryInfo['kind'] = name.endsWith('/') ? 'directory' : 'file';
  if (madeOnUnix && mode !== 0) {
    if (mode === S_IFLNK) kind = 'symlink';
    else if (mode === S_IFDIR) kind = 'directory';
    else if (mode !== S_IFREG) kind = 'other';
  }
  return { name, kind, declaredSize: entry.uncompressedSize, compressedSize: entry.compressedSize };
}

function openZip(path: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    // decodeStrings: false keeps yauzl from refusing (and so hiding) hostile names: the validator names them instead.
    yauzl.open(path, { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true }, (error, zip) => {
      if (error || !zip) reject(new BagReadError(`not a readable zip file: ${error?.message ?? 'unknown error'}`));
      else resolve(zip);
    });
  });
}

async function* zipEntries(zip: yauzl.ZipFile): AsyncGenerator<{ entry: yauzl.Entry; name: string }> {
  const decoder = new TextDecoder('utf-8');
  for (;;) {
    const entry = await new Promise<yauzl.Entry | null>((resolve, reject) => {
      const cleanup = (): void => {
        zip.removeListener('entry', onEntry);
        zip.removeListener('end', onEnd);
        zip.removeListener('error', onError);
      };
      const onEntry = (e: yauzl.Entry): void => (cleanup(), resolve(e));
      const onEnd = (): void => (cleanup(), resolve(null));
      const onError = (e: Error): void => (cleanup(), reject(new BagReadError(`zip file is damaged: ${e.message}`)));
      zip.on('entry', onEntry).on('end', onEnd).on('error', onError);
      zip.readEntry();
    });
    if (!entry) return;
    const raw = entry.fileName as unknown as Buffer;
    yield { entry, name: typeof raw === 'string' ? raw : decoder.decode(raw) };
  }
}

export function zipBagReader(path: string): BagReader {
  return {
    async *list() {
      const zip = await openZip(path);
      try {
        for await (const { entry, name } of zipEntries(zip)) yield zipEntryInfo(entry, name);
      } finally {
        zip.close();
      }
    },
    async *read(names): AsyncGenerator<BagFileContent> {
      const zip = await openZip(path);
      const done = new Set<string>();
      try {
        for await (const { entry, name } of zipEntries(zip)) {
          if (!names.has(name) || done.has(name) || zipEntryInfo(entry, name).kind !== 'file') continue;
          done.add(name);
          const stream = await new Promise<Readable>((resolve, reject) => {
            zip.openReadStream(entry, (error, s) => (error || !s ? reject(new BagReadError(`${name}: cannot be read from the zip: ${error?.message}`, name)) : resolve(s)));
          });
          const wrapped = wrapErrors(stream, name, 'zip');
          try {
            yield { name, content: wrapped };
          } finally {
            stream.destroy();
          }
        }
      } finally {
        zip.close();
      }
    },
  };
}

async function* wrapErrors(stream: AsyncIterable<Uint8Array>, name: string, container: string): AsyncGenerator<Uint8Array> {
  try {
    for await (const chunk of stream) yield chunk;
  } catch (error) {
    if (error instanceof BagReadError) throw error;
    throw new BagReadError(`${name}: damaged in the ${container}: ${(error as Error).message}`, name);
  }
}

// ---------------------------------------------------------------- tar

function tarKind(type: string | null | undefined): BagEntryInfo['kind'] {
  switch (type) {
    case 'file':
    case 'contiguous-file':
      return 'file';
    case 'directory':
      return 'directory';
    case 'symlink':
      return 'symlink';
    case 'link':
      return 'hardlink';
    default:
      return 'other';
  }
}

async function* tarEntries(path: string, gzipped: boolean): AsyncGenerator<TarEntry> {
  const file = createReadStream(path);
  const extract = tar.extract();
  const source = gzipped ? file.pipe(createGunzip()) : file;
  source.on('error', (error: Error) => extract.destroy(error));
  source.pipe(extract);
  try {
    for await (const entry of extract) yield entry as unknown as TarEntry;
  } catch (error) {
    throw new BagReadError(`tar file is damaged: ${(error as Error).message}`);
  } finally {
    extract.destroy();
    file.destroy();
  }
}

export function tarBagReader(path: string, gzipped = false): BagReader {
  return {
    async *list() {
      for await (const entry of tarEntries(path, gzipped)) {
        const { name, type, size } = entry.header;
        yield { name, kind: tarKind(type), declaredSize: size ?? undefined };
        entry.resume();
      }
    },
    async *read(names): AsyncGenerator<BagFileContent> {
      const done = new Set<string>();
      for await (const entry of tarEntries(path, gzipped)) {
        const { name, type } = entry.header;
        if (!names.has(name) || done.has(name) || tarKind(type) !== 'file') {
          entry.resume();
          continue;
        }
        done.add(name);
        const { content, finish } = drainable(entry);
        yield { name, content };
        // The next entry only arrives once this one is read to its end.
        await finish();
      }
    },
  };
}

/** Picks the reader from what the path is: a folder, or a file recognised by its first bytes. */
export async function openBagReader(path: string): Promise<{ reader: BagReader; kind: 'folder' | 'zip' | 'tar' | 'tar.gz' }> {
  const stat = await lstat(path);
  if (stat.isDirectory()) return { reader: folderBagReader(path), kind: 'folder' };
  if (!stat.isFile()) throw new BagReadError(`${path} is neither a folder nor a regular file`);
  const handle = await open(path, 'r');
  const head = Buffer.alloc(512);
  try {
    await handle.read(head, 0, 512, 0);
  } finally {
    await handle.close();
  }
  if (head[0] === 0x50 && head[1] === 0x4b) return { reader: zipBagReader(path), kind: 'zip' };
  if (head[0] === 0x1f && head[1] === 0x8b) return { reader: tarBagReader(path, true), kind: 'tar.gz' };
  if (head.toString('latin1', 257, 262) === 'ustar') return { reader: tarBagReader(path), kind: 'tar' };
  throw new BagReadError(`${path} is not a folder, a zip or a tar file`);
}
