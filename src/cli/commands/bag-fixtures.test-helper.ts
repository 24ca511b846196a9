/** Builds fixture bags (folder, zip, tar) in a temporary folder for the CLI tests. */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';
import yazl from 'yazl';
import { buildTagFiles } from '../../core/bagit/build.ts';

export type BagFiles = Record<string, string | Buffer>;

const digest = (alg: string, data: string | Buffer): string => createHash(alg).update(data).digest('hex');

/** The bag's files (payload under data/ and the tag files), as path → bytes. */
export function bagContents(payload: BagFiles): Map<string, Buffer> {
  const list = Object.entries(payload).map(([path, data]) => ({ path, size: Buffer.byteLength(data), sha256: digest('sha256', data), sha512: digest('sha512', data) }));
  const tags = buildTagFiles(list, { sourceOrganization: 'Reckon tests', externalIdentifier: 'test-bag', baggingDate: '2026-11-22' });
  const out = new Map<string, Buffer>();
  for (const [path, data] of Object.entries(payload)) out.set(`data/${path}`, Buffer.from(data));
  for (const t of tags) out.set(t.path, Buffer.from(t.bytes));
  return out;
}

export async function writeFolderBag(dir: string, contents: Map<string, Buffer>): Promise<string> {
  for (const [path, data] of contents) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), data);
  }
  return dir;
}

export async function writeZipBag(file: string, contents: Map<string, Buffer>, options: { prefix?: string; rename?: [string, string] } = {}): Promise<string> {
  const zip = new yazl.ZipFile();
  for (const [path, data] of contents) zip.addBuffer(data, `${options.prefix ?? ''}${path}`, { mtime: new Date(0) });
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  let bytes = Buffer.concat(chunks);
  if (options.rename) {
    // yazl refuses hostile names, so a placeholder of the same length is patched in the local and central headers.
    const [from, to] = options.rename.map((s) => Buffer.from(s));
    for (let at = bytes.indexOf(from); at >= 0; at = bytes.indexOf(from, at + 1)) to.copy(bytes, at);
    bytes = Buffer.from(bytes);
  }
  await writeFile(file, bytes);
  return file;
}

export async function writeTarBag(
  file: string,
  contents: Map<string, Buffer>,
  extra: { name: string; type?: 'symlink' | 'file'; linkname?: string; data?: string }[] = [],
): Promise<string> {
  const pack = tar.pack();
  const done = pipeline(pack, createWriteStream(file));
  for (const [path, data] of contents) pack.entry({ name: `bag/${path}`, mtime: new Date(0) }, data);
  for (const e of extra) pack.entry({ name: e.name, type: e.type ?? 'file', linkname: e.linkname, mtime: new Date(0) }, e.data ?? '');
  pack.finalize();
  await done;
  return file;
}
