import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bagContents, writeFolderBag, writeTarBag, writeZipBag } from './bag-fixtures.test-helper.ts';
import { runCli } from '../../../test/cli.ts';

let dir: string;
const PAYLOAD = { 'originals/statement.txt': 'I saw it happen.\n', 'originals/photo.jpg': Buffer.alloc(5000, 7), 'metadata/item.json': '{"id":1}\n' };

const run = (...args: string[]) => runCli(args);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reckon-bag-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
afterEach(() => {
  process.exitCode = undefined;
});

describe('reckon bag verify', () => {
  it('accepts a valid folder, zip and tar bag (exit 0)', async () => {
    const contents = bagContents(PAYLOAD);
    const folder = await writeFolderBag(join(dir, 'valid'), contents);
    const zip = await writeZipBag(join(dir, 'valid.zip'), contents, { prefix: 'case-17/' });
    const tarFile = await writeTarBag(join(dir, 'valid.tar'), contents);
    for (const target of [folder, zip, tarFile]) {
      const { code, out } = await run('bag', 'verify', target);
      expect(out, target).toMatch(/^VALID/);
      expect(code).toBe(0);
    }
    const json = await run('bag', 'verify', '--json', zip);
    expect(JSON.parse(json.out)).toMatchObject({ valid: true, container: 'zip', payloadFiles: 3 });
  });

  it('names a payload file with one changed byte (exit 1)', async () => {
    const contents = bagContents(PAYLOAD);
    const photo = Buffer.from(contents.get('data/originals/photo.jpg')!);
    photo[4321] ^= 0x01;
    contents.set('data/originals/photo.jpg', photo);
    const { code, out } = await run('bag', 'verify', await writeFolderBag(join(dir, 'changed'), contents));
    expect(code).toBe(1);
    expect(out).toMatch(/changed-file\s+data\/originals\/photo.jpg: sha256/);
    expect(out).toMatch(/changed-file\s+data\/originals\/photo.jpg: sha512/);
  });

  it('names a missing and an extra file, every problem listed', async () => {
    const contents = bagContents(PAYLOAD);
    contents.delete('data/metadata/item.json');
    contents.set('data/smuggled.exe', Buffer.from('MZ'));
    const { code, out } = await run('bag', 'verify', await writeZipBag(join(dir, 'missing-extra.zip'), contents));
    expect(code).toBe(1);
    expect(out).toMatch(/missing-file\s+data\/metadata\/item.json: listed in manifest-sha256.txt line/);
    expect(out).toMatch(/extra-file\s+data\/smuggled.exe: in the bag but not listed in manifest-sha512.txt/);
    expect(out).toMatch(/oxum-mismatch/);
  });

  it('refuses a ../ path inside a zip without reading or writing it', async () => {
    const contents = bagContents(PAYLOAD);
    contents.set('QQ/QQ/escape.sh', Buffer.from('rm -rf /'));
    const zip = await writeZipBag(join(dir, 'traversal.zip'), contents, { rename: ['QQ/QQ/escape.sh', '../../escape.sh'] });
    const { code, out } = await run('bag', 'verify', zip);
    expect(code).toBe(1);
    expect(out).toMatch(/path-traversal\s+\.\.\/\.\.\/escape.sh: '\.\.' segment in path/);
  });

  it('refuses an absolute path and a symlink inside a tar', async () => {
    const tarFile = await writeTarBag(join(dir, 'hostile.tar'), bagContents(PAYLOAD), [
      { name: '/etc/cron.d/evil', data: '* * * * * root sh' },
      { name: 'bag/data/link', type: 'symlink', linkname: '/etc/shadow' },
    ]);
    const { code, out } = await run('bag', 'verify', tarFile);
    expect(code).toBe(1);
    expect(out).toMatch(/absolute-path\s+\/etc\/cron.d\/evil/);
    expect(out).toMatch(/symlink\s+bag\/data\/link: is a symbolic link/);
  });

  it('refuses a symlink inside a folder bag and never follows it', async () => {
    const folder = await writeFolderBag(join(dir, 'with-link'), bagContents(PAYLOAD));
    await symlink('/etc/passwd', join(folder, 'data', 'passwd'));
    const { code, out } = await run('bag', 'verify', folder);
    expect(code).toBe(1);
    expect(out).toMatch(/symlink\s+data\/passwd: is a symbolic link/);
  });

  it('stops a zip bomb by its compression ratio, naming the entry', async () => {
    const zeros = Buffer.alloc(8 * 1024 * 1024);
    const zip = await writeZipBag(join(dir, 'bomb.zip'), bagContents({ ...PAYLOAD, 'bomb.bin': zeros }));
    const { code, out } = await run('bag', 'verify', '--max-ratio', '100', zip);
    expect(code).toBe(1);
    expect(out).toMatch(/compression-ratio\s+data\/bomb.bin: expands more than 100:1/);
    const capped = await run('bag', 'verify', '--max-bytes', '1000000', zip);
    expect(capped.out).toMatch(/too-large\s+data\/bomb.bin/);
  });

  it('reports a damaged zip and a file that is no archive, without a stack trace', async () => {
    const zip = await writeZipBag(join(dir, 'damaged.zip'), bagContents(PAYLOAD));
    const truncated = join(dir, 'truncated.zip');
    const { readFile } = await import('node:fs/promises');
    await writeFile(truncated, (await readFile(zip)).subarray(0, 200));
    const damaged = await run('bag', 'verify', truncated);
    expect(damaged.code).toBe(1);
    expect(`${damaged.out}${damaged.err}`).toMatch(/zip/);
    expect(damaged.err).not.toMatch(/\n\s+at /);
    const plain = join(dir, 'plain.txt');
    await writeFile(plain, 'hello');
    const notBag = await run('bag', 'verify', plain);
    expect(notBag.code).toBe(1);
    expect(notBag.err).toMatch(/not a folder, a zip or a tar file/);
    const none = await run('bag', 'verify', join(dir, 'nope'));
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/no such file or folder/);
  });

  it('reads a gzipped tar', async () => {
    const tarFile = await writeTarBag(join(dir, 'valid-gz.tar'), bagContents(PAYLOAD));
    const { readFile } = await import('node:fs/promises');
    const { gzipSync } = await import('node:zlib');
    const gz = join(dir, 'valid.tar.gz');
    await writeFile(gz, gzipSync(await readFile(tarFile)));
    const { code, out } = await run('bag', 'verify', gz);
    expect(out).toMatch(/^VALID .*\(tar\.gz, BagIt bag\)/);
    expect(code).toBe(0);
  });

  it('does not trust a zip header that understates an entry (a disguised bomb)', async () => {
    const zip = await writeZipBag(join(dir, 'lying.zip'), bagContents(PAYLOAD));
    const { readFile } = await import('node:fs/promises');
    const bytes = await readFile(zip);
    // Patch the central directory's uncompressed size of data/originals/photo.jpg (5000 bytes) down to 10.
    const name = Buffer.from('data/originals/photo.jpg');
    let patched = false;
    for (let at = bytes.indexOf('PK\x01\x02', 0, 'latin1'); at >= 0; at = bytes.indexOf('PK\x01\x02', at + 4, 'latin1')) {
      const length = bytes.readUInt16LE(at + 28);
      if (bytes.subarray(at + 46, at + 46 + length).equals(name)) {
        bytes.writeUInt32LE(10, at + 24);
        patched = true;
      }
    }
    expect(patched).toBe(true);
    const lying = join(dir, 'lying-patched.zip');
    await writeFile(lying, bytes);
    const { code, out } = await run('bag', 'verify', lying);
    expect(code).toBe(1);
    expect(out).toMatch(/data\/originals\/photo\.jpg/);
    expect(out).toMatch(/size-mismatch|read-error/);
  });

  it('refuses bad option values as usage errors', async () => {
    expect((await run('bag', 'verify', '--max-ratio', 'lots', dir)).code).toBe(2);
  });
});
