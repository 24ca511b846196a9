import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { BlobInfo, BlobStore, PutOptions, PutResult } from '../blobs/store.ts';

/**
 * A blob store in a temporary folder, for the extraction tests: the part of the BlobStore contract extraction uses
 * (info, withLocalFile, put), without the database or encryption of the real one.
 */
export class FolderBlobs implements Pick<BlobStore, 'info' | 'withLocalFile' | 'put'> {
  readonly dir = mkdtempSync(join(tmpdir(), 'reckon-blobs-'));
  private readonly infos = new Map<string, BlobInfo>();
  readonly puts: Array<{ sha256: string; encrypt: boolean }> = [];

  async add(bytes: Buffer, encrypted = false): Promise<string> {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    await writeFile(join(this.dir, sha256), bytes);
    this.infos.set(sha256, {
      sha256,
      sha512: createHash('sha512').update(bytes).digest('hex'),
      size: bytes.length,
      mime: null,
      encrypted,
      createdAt: new Date().toISOString(),
    });
    return sha256;
  }

  async addFile(path: string, encrypted = false): Promise<string> {
    return this.add(await readFile(path), encrypted);
  }

  async info(sha256: string): Promise<BlobInfo | null> {
    return this.infos.get(sha256) ?? null;
  }

  async withLocalFile<T>(sha256: string, fn: (path: string) => Promise<T>): Promise<T> {
    if (!this.infos.has(sha256)) throw new Error(`no blob ${sha256}`);
    return fn(join(this.dir, sha256));
  }

  async put(source: Readable, options: PutOptions): Promise<PutResult> {
    const chunks: Buffer[] = [];
    for await (const chunk of source) chunks.push(chunk as Buffer);
    const sha256 = await this.add(Buffer.concat(chunks), options.encrypt);
    this.puts.push({ sha256, encrypt: options.encrypt });
    return { ...(await this.info(sha256))!, created: true };
  }

  async read(sha256: string): Promise<Buffer> {
    return readFile(join(this.dir, sha256));
  }

  close(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
