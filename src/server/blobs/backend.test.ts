import { randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FsBackend, objectKey } from './backend.ts';

/**
 * A blob folder on another filesystem than the temporary files (a shared volume for several processes): link() and
 * rename() answer EXDEV there, which made every upload a 500 (issue 17). /dev/shm is a tmpfs on Linux, so it gives
 * a second filesystem without privileges.
 */
const otherFs = (() => {
  try {
    return statSync('/dev/shm').dev !== statSync(tmpdir()).dev ? '/dev/shm' : null;
  } catch {
    return null;
  }
})();
if (!otherFs) console.warn('backend.test: no second filesystem (/dev/shm) beside the temporary folder; the EXDEV test is skipped');

describe.skipIf(!otherFs)('filesystem blob backend across filesystems', () => {
  let root: string;
  let temp: string;
  beforeAll(async () => {
    root = await mkdtemp(join(otherFs!, 'reckon-blobs-'));
    temp = await mkdtemp(join(tmpdir(), 'reckon-blob-temp-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
    await rm(temp, { recursive: true, force: true });
  });

  it('stores, refuses a second copy of, and replaces a file whose temporary copy is on another filesystem', async () => {
    const backend = new FsBackend(root);
    const bytes = randomBytes(70_000);
    const key = objectKey('ab'.repeat(32), false);
    const first = join(temp, 'first');
    await writeFile(first, bytes);
    expect((await stat(first)).dev).not.toBe((await stat(root)).dev);

    expect(await backend.storeFile(key, first)).toBe(true);
    expect(await readFile(backend.localPath(key))).toEqual(bytes);
    expect((await stat(backend.localPath(key))).mode & 0o777).toBe(0o444);

    const second = join(temp, 'second');
    await writeFile(second, Buffer.from('other bytes must not replace the stored object'));
    expect(await backend.storeFile(key, second)).toBe(false);
    expect(await readFile(backend.localPath(key))).toEqual(bytes);

    const rewritten = join(temp, 'rewritten');
    const header = Buffer.concat([Buffer.from('new header'), bytes]);
    await writeFile(rewritten, header);
    await backend.replaceFile(key, rewritten);
    expect(await readFile(backend.localPath(key))).toEqual(header);

    // Nothing is left behind on either side: no temporary file, no partial copy beside the object.
    expect(await readdir(temp)).toEqual([]);
    expect(await readdir(join(root, 'sha256', 'ab', 'ab'))).toEqual([`${'ab'.repeat(32)}`]);
  });
});
