import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildTagFiles, BagBuildError, type PayloadFile } from './build.ts';
import { memoryBagReader, type MemoryBagEntry } from './memory-reader.ts';
import { decodeManifestPath, encodeManifestPath, pathFault } from './paths.ts';
import { humanSize, parseManifest } from './tag-files.ts';
import { validateBag } from './validate.ts';

const digest = (alg: string, data: string | Uint8Array): string => createHash(alg).update(data).digest('hex');

function payloadOf(files: Record<string, string>): PayloadFile[] {
  return Object.entries(files).map(([path, text]) => ({ path, size: Buffer.byteLength(text), sha256: digest('sha256', text), sha512: digest('sha512', text) }));
}

function makeBag(files: Record<string, string>, extraTags: { path: string; bytes: Uint8Array }[] = []): MemoryBagEntry[] {
  const tags = buildTagFiles(payloadOf(files), { sourceOrganization: 'Reckon test', externalIdentifier: 'case-1', baggingDate: '2026-11-22' }, extraTags);
  return [
    ...Object.entries(files).map(([path, text]) => ({ name: `data/${path}`, bytes: text })),
    ...tags.map((t) => ({ name: t.path, bytes: t.bytes })),
  ];
}

const FILES = { 'a.txt': 'alpha\n', 'dir/b.bin': 'bravo bravo', 'odd %name\nwith newline.txt': 'charlie', 'empty.txt': '' };

async function problemsOf(entries: MemoryBagEntry[], limits = {}): Promise<string[]> {
  const report = await validateBag(memoryBagReader(entries, 1000), { limits });
  return report.problems.map((p) => `${p.code} ${p.path}`);
}

describe('BagIt paths (RFC 8493 §2.1.3)', () => {
  it('percent-encodes only %, LF and CR, and decodes them back', () => {
    expect(encodeManifestPath('a%b\nc\rd e')).toBe('a%25b%0Ac%0Dd e');
    expect(decodeManifestPath('a%25b%0Ac%0dd%20e')).toBe('a%b\nc\rd%20e');
  });

  it('flags unsafe paths', () => {
    expect(pathFault('../x')?.fault).toBe('path-traversal');
    expect(pathFault('data/../../x')?.fault).toBe('path-traversal');
    expect(pathFault('/etc/passwd')?.fault).toBe('absolute-path');
    expect(pathFault('C:/x')?.fault).toBe('absolute-path');
    expect(pathFault('\\\\server\\x')?.fault).toBe('absolute-path');
    expect(pathFault('data\\..\\x')?.fault).toBe('unsafe-path');
    expect(pathFault('data//x')?.fault).toBe('unsafe-path');
    expect(pathFault('data/./x')?.fault).toBe('unsafe-path');
    expect(pathFault('data/\u0000x')?.fault).toBe('unsafe-path');
    expect(pathFault('data/x..y')).toBeUndefined();
  });
});

describe('buildTagFiles', () => {
  const tags = buildTagFiles(payloadOf(FILES), { sourceOrganization: 'Reckon test', externalIdentifier: 'case-1', baggingDate: '2026-11-22' });
  const text = (path: string): string => Buffer.from(tags.find((t) => t.path === path)!.bytes).toString();

  it('writes the standard tag files in order, with the bag-info fields the issue asks for', () => {
    expect(tags.map((t) => t.path)).toEqual(['bagit.txt', 'bag-info.txt', 'manifest-sha256.txt', 'manifest-sha512.txt', 'tagmanifest-sha256.txt', 'tagmanifest-sha512.txt']);
    expect(text('bagit.txt')).toBe('BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n');
    expect(text('bag-info.txt')).toBe('Source-Organization: Reckon test\nBagging-Date: 2026-11-22\nPayload-Oxum: 24.4\nBag-Size: 24 bytes\nExternal-Identifier: case-1\n');
  });

  it('lists every payload file in each manifest, with encoded paths', () => {
    const manifest = parseManifest(text('manifest-sha256.txt'), 'sha256');
    expect(manifest.problems).toEqual([]);
    expect(manifest.lines.map((l) => l.path).sort()).toEqual(Object.keys(FILES).map((p) => `data/${p}`).sort());
    expect(text('manifest-sha256.txt')).toContain('data/odd %25name%0Awith newline.txt');
    expect(manifest.lines.find((l) => l.path === 'data/a.txt')!.digest).toBe(digest('sha256', 'alpha\n'));
  });

  it('covers every tag file in a tag manifest of each payload algorithm (RFC 8493 §2.2.1)', () => {
    for (const alg of ['sha256', 'sha512']) {
      const lines = parseManifest(text(`tagmanifest-${alg}.txt`), alg).lines;
      expect(lines.map((l) => l.path)).toEqual(['bagit.txt', 'bag-info.txt', 'manifest-sha256.txt', 'manifest-sha512.txt']);
      expect(lines[0].digest).toBe(digest(alg, text('bagit.txt')));
    }
  });

  it('refuses unsafe or duplicate payload paths and bad hashes', () => {
    const info = { sourceOrganization: 'o', externalIdentifier: 'x' };
    const good = payloadOf({ 'a.txt': 'a' })[0];
    expect(() => buildTagFiles([{ ...good, path: '../a' }], info)).toThrow(BagBuildError);
    expect(() => buildTagFiles([good, good], info)).toThrow(/listed twice/);
    expect(() => buildTagFiles([{ ...good, sha256: 'x' }], info)).toThrow(/sha256/);
    expect(() => buildTagFiles([good], { ...info, sourceOrganization: 'a\nb' })).toThrow(/sourceOrganization/);
    expect(() => buildTagFiles([good], info, [{ path: 'data/x', bytes: new Uint8Array() }])).toThrow(/clashes/);
  });

  it('writes human sizes', () => {
    expect(humanSize(999)).toBe('999 bytes');
    expect(humanSize(1_500_000)).toBe('1.5 MB');
  });
});

describe('validateBag', () => {
  it('accepts a valid bag, also inside one top-level folder, and with extra listed tag files', async () => {
    expect(await problemsOf(makeBag(FILES))).toEqual([]);
    expect(await problemsOf(makeBag(FILES).map((e) => ({ ...e, name: `bag-1/${e.name}` })))).toEqual([]);
    const withLog = makeBag(FILES, [{ path: 'ledger/entries.json', bytes: Buffer.from('[]') }]);
    expect(await problemsOf(withLog)).toEqual([]);
    const report = await validateBag(memoryBagReader(makeBag(FILES)));
    expect(report).toMatchObject({ valid: true, payloadFiles: 4, payloadBytes: 24, algorithms: ['sha256', 'sha512'] });
    expect(report.bagInfo['External-Identifier']).toBe('case-1');
  });

  it('names a payload file with one changed byte, once per manifest', async () => {
    const bag = makeBag(FILES).map((e) => (e.name === 'data/dir/b.bin' ? { ...e, bytes: 'bravo brave' } : e));
    expect(await problemsOf(bag)).toEqual(['changed-file data/dir/b.bin', 'changed-file data/dir/b.bin']);
  });

  it('names a changed tag file through each tag manifest', async () => {
    const bag = makeBag(FILES).map((e) => (e.name === 'bag-info.txt' ? { ...e, bytes: String(e.bytes instanceof Uint8Array ? Buffer.from(e.bytes) : e.bytes).replace('case-1', 'case-2') } : e));
    expect(await problemsOf(bag)).toEqual(['changed-file bag-info.txt', 'changed-file bag-info.txt']);
  });

  it('names missing and extra payload files, and Payload-Oxum disagreeing', async () => {
    const missing = makeBag(FILES).filter((e) => e.name !== 'data/a.txt');
    expect(await problemsOf(missing)).toEqual(['missing-file data/a.txt', 'missing-file data/a.txt', 'oxum-mismatch bag-info.txt']);
    const extra = [...makeBag(FILES), { name: 'data/smuggled.txt', bytes: 'x' }];
    expect(await problemsOf(extra)).toEqual(['extra-file data/smuggled.txt', 'extra-file data/smuggled.txt', 'oxum-mismatch bag-info.txt']);
    const outside = [...makeBag(FILES), { name: 'notes.txt', bytes: 'x' }];
    expect(await problemsOf(outside)).toEqual(['extra-file notes.txt']);
  });

  it('refuses traversal, absolute paths, links and duplicates by name, without reading them', async () => {
    const hostile = [
      ...makeBag(FILES),
      { name: '../escape.txt', bytes: 'x' },
      { name: '/etc/passwd', bytes: 'x' },
      { name: 'data/link', kind: 'symlink' as const },
      { name: 'data/dev', kind: 'other' as const },
      { name: 'data/a.txt', bytes: 'alpha\n' },
    ];
    expect(await problemsOf(hostile)).toEqual([
      'path-traversal ../escape.txt',
      'absolute-path /etc/passwd',
      'symlink data/link',
      'special-file data/dev',
      'duplicate-entry data/a.txt',
    ]);
  });

  it('refuses manifest lines that are malformed, unsafe, duplicated or outside data/', async () => {
    const sha = digest('sha256', 'alpha\n');
    const bag = makeBag(FILES).map((e) =>
      e.name === 'manifest-sha256.txt'
        ? { ...e, bytes: `${Buffer.from(e.bytes as Uint8Array).toString()}nonsense\n${sha} ../../etc/passwd\n${sha} data/a.txt\n${sha} bagit.txt\nabc data/x\n` }
        : e,
    );
    const report = await validateBag(memoryBagReader(bag));
    expect(report.problems.map((p) => `${p.code} ${p.path} ${p.line}`)).toEqual([
      'bad-manifest-line manifest-sha256.txt 5',
      'bad-manifest-line manifest-sha256.txt 9',
      'path-traversal ../../etc/passwd 6',
      'duplicate-manifest-line data/a.txt 7',
      'manifest-outside-data bagit.txt 8',
      'changed-file manifest-sha256.txt 3',
      'changed-file manifest-sha256.txt 3',
    ]);
  });

  it('refuses a bag without bagit.txt or without any payload manifest', async () => {
    expect(await problemsOf(makeBag(FILES).filter((e) => e.name !== 'bagit.txt'))).toEqual(['not-a-bag bagit.txt']);
    const noManifest = makeBag(FILES).filter((e) => !e.name.startsWith('manifest-') && !e.name.startsWith('tagmanifest'));
    expect(await problemsOf(noManifest)).toEqual(['no-payload-manifest manifest-sha512.txt']);
  });

  it('refuses a bad bagit.txt and an unsupported manifest algorithm', async () => {
    const bag = makeBag(FILES).filter((e) => !e.name.startsWith('tagmanifest-')).map((e) => (e.name === 'bagit.txt' ? { ...e, bytes: 'BagIt-Version: one\nTag-File-Character-Encoding: ISO-8859-1\n' } : e));
    bag.push({ name: 'manifest-whirlpool.txt', bytes: '' });
    expect(await problemsOf(bag)).toEqual([
      'bad-bagit-txt bagit.txt',
      'bad-bagit-txt bagit.txt',
      'unsupported-algorithm manifest-whirlpool.txt',
    ]);
  });

  it('stops a zip bomb: more bytes than declared, an extreme ratio, or past the total cap', async () => {
    const big = 'z'.repeat(3 * 1024 * 1024);
    const bomb = makeBag({ ...FILES, 'bomb.txt': big }).map((e) => (e.name === 'data/bomb.txt' ? { ...e, compressedSize: 1000 } : e));
    expect(await problemsOf(bomb)).toEqual(['compression-ratio data/bomb.txt']);
    const lying = makeBag(FILES).map((e) => (e.name === 'data/dir/b.bin' ? { ...e, declaredSize: 3 } : e));
    expect(await problemsOf(lying)).toEqual(['size-mismatch data/dir/b.bin']);
    const capped = await problemsOf(makeBag({ ...FILES, 'bomb.txt': big }), { maxTotalBytes: 1024 * 1024 });
    expect(capped[0]).toBe('too-large data/bomb.txt');
    const tooMany = await problemsOf(makeBag(FILES), { maxEntries: 3 });
    expect(tooMany).toEqual(['too-large data/empty.txt']);
  });

  it('refuses fetch.txt and a tag file that is not UTF-8', async () => {
    expect(await problemsOf([...makeBag(FILES), { name: 'fetch.txt', bytes: 'http://x 1 data/y\n' }])).toEqual(['fetch-unsupported fetch.txt']);
    const latin = makeBag(FILES).filter((e) => !e.name.startsWith('tagmanifest-')).map((e) => (e.name === 'bag-info.txt' ? { ...e, bytes: new Uint8Array([0x41, 0x3a, 0x20, 0xff, 0x0a]) } : e));
    expect(await problemsOf(latin)).toEqual(['bad-manifest-line bag-info.txt']);
  });
});
