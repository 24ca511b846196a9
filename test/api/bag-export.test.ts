import { chmodSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli.ts';
import { formatVerifierKey, generateSigner } from '../../src/core/ledger/signed-note.ts';
import { systemActor } from '../../src/server/accounts/actor.ts';
import { bytesStream } from '../../src/server/blobs/service.ts';
import { buildEvidencePackage } from '../../src/server/packages/export.ts';
import { writePackage } from '../../src/server/packages/write.ts';
import { createTestApp, type TestApp } from '../../src/server/testing.ts';

async function run(...args: string[]): Promise<{ code: number; out: string }> {
  // stdout and stderr together, as the assertions read either.
  const { code, out, err } = await runCli(args);
  return { code, out: out + err };
}

function flipByte(path: string, at = 10): void {
  chmodSync(path, 0o644);
  const bytes = readFileSync(path);
  bytes[Math.min(at, bytes.length - 1)] ^= 0x01;
  writeFileSync(path, bytes);
}

describe('evidence packages', () => {
  let t: TestApp;
  const out = mkdtempSync(join(tmpdir(), 'reckon-bags-'));
  const editor = systemActor('test');
  const ids: string[] = [];
  const originals = [Buffer.from('a public photograph, in clear\n'.repeat(500)), Buffer.from('a confidential testimony\n'.repeat(800))];
  beforeAll(async () => {
    t = await createTestApp({ organisationName: 'Test Truth Commission' } as never);
    const a = await t.ctx.archive.items.ingest(editor, bytesStream(originals[0]), { filename: 'photo <1>.jpg', metadata: { confidentiality: 'public', title: "<script>alert(1)</script>' or 1=1 --" } });
    const b = await t.ctx.archive.items.ingest(editor, bytesStream(originals[1]), { filename: '../../etc/passwd', metadata: { confidentiality: 'confidential' } });
    ids.push(a.item.id, b.item.id);
  }, 240_000);
  afterAll(async () => {
    await t.close();
    rmSync(out, { recursive: true, force: true });
  });

  it('exports a folder bag that bag verify accepts, proofs included, and records the export as custody', { timeout: 120_000 }, async () => {
    const bag = await buildEvidencePackage(t.ctx, editor, ids);
    const target = join(out, 'folder-bag');
    expect(await writePackage(bag, target)).toBe('folder');
    const files = readdirSync(target).sort();
    expect(files).toEqual(expect.arrayContaining(['bag-info.txt', 'bagit.txt', 'custody', 'data', 'index.html', 'ledger', 'manifest-sha256.txt', 'manifest-sha512.txt', 'metadata', 'tagmanifest-sha256.txt', 'tagmanifest-sha512.txt']));
    const info = readFileSync(join(target, 'bag-info.txt'), 'utf8');
    expect(info).toMatch(/^Source-Organization: Test Truth Commission$/m);
    expect(info).toMatch(new RegExp(`^Payload-Oxum: ${originals[0].length + originals[1].length}\\.2$`, 'm'));
    expect(info).toMatch(/^External-Identifier: reckon-package-/m);
    // The confidential original is in the bag decrypted, byte for byte.
    const dataFiles = readdirSync(join(target, 'data', 'items', ids[1]));
    expect(dataFiles).toHaveLength(1);
    expect(dataFiles[0]).not.toContain('/');
    expect(readFileSync(join(target, 'data', 'items', ids[1], dataFiles[0]))).toEqual(originals[1]);
    const html = readFileSync(join(target, 'index.html'), 'utf8');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
    const custody = JSON.parse(readFileSync(join(target, 'custody', 'items', `${ids[0]}.json`), 'utf8')) as Array<{ action: string }>;
    expect(custody.map((e) => e.action)).toContain('item.exported');

    const key = (await t.ctx.ledger.publicKey()).verifierKey;
    const verified = await run('bag', 'verify', target, '--public-key', key, '--json');
    const report = JSON.parse(verified.out);
    expect(report.problems).toEqual([]);
    expect(report.evidence.problems).toEqual([]);
    expect(report.evidence.reckon).toBe(true);
    expect(report.evidence.entries).toBeGreaterThanOrEqual(custody.length);
    expect(report.evidence.items.sort()).toEqual([...ids].sort());
    expect(verified.code).toBe(0);

    const wrongKey = await run('bag', 'verify', target, '--key', formatVerifierKey(generateSigner(key.split('+')[0])));
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.out).toMatch(/wrong-key +ledger\/public-key.txt/);
    const notAKey = await run('bag', 'verify', target, '--public-key', 'other+00000000+AQ' + 'A'.repeat(42) + '=');
    expect(notAKey.code).toBe(2);
    expect(notAKey.out).toMatch(/neither a ledger key .* nor a readable file/);
  });

  it('writes .tar and .zip bags that verify, and names a one-byte change in a payload, proof or metadata file', { timeout: 120_000 }, async () => {
    for (const name of ['bag.tar', 'bag.zip']) {
      const target = join(out, name);
      await writePackage(await buildEvidencePackage(t.ctx, editor, ids), target);
      const verified = await run('bag', 'verify', target);
      expect(verified.out).toMatch(/^VALID .*Reckon evidence package/);
      expect(verified.out).toMatch(/ok\s+ledger\/checkpoint.txt: signed by/);
      expect(verified.code).toBe(0);
    }
    const target = join(out, 'to-tamper');
    await writePackage(await buildEvidencePackage(t.ctx, editor, [ids[0]]), target);
    const payload = readdirSync(join(target, 'data', 'items', ids[0]))[0];
    for (const file of [`data/items/${ids[0]}/${payload}`, 'ledger/proofs.json', `metadata/items/${ids[0]}.json`, 'index.html']) {
      const copy = join(out, `tampered-${file.replace(/\W/g, '_')}`);
      await writePackage(await buildEvidencePackage(t.ctx, editor, [ids[0]]), copy);
      flipByte(join(copy, file), 40);
      const result = await run('bag', 'verify', copy);
      expect(result.code, file).toBe(1);
      expect(result.out).toContain(file);
    }
  });

  it('refuses unknown, duplicate-only and empty item lists and writes nothing', async () => {
    await expect(buildEvidencePackage(t.ctx, editor, [])).rejects.toThrow(/at least one item/);
    await expect(buildEvidencePackage(t.ctx, editor, ['00000000-0000-4000-8000-000000000000'])).rejects.toThrow(/not found|Item/);
    await expect(buildEvidencePackage(t.ctx, editor, ["' or 1=1 --"])).rejects.toThrow(/not found|Item/);
    await expect(buildEvidencePackage(t.ctx, systemActor('x') && { kind: 'public' } as never, ids)).rejects.toThrow();
    const before = await t.ctx.ledger.size();
    await expect(buildEvidencePackage(t.ctx, editor, [ids[0], 'nope'])).rejects.toThrow();
    expect(await t.ctx.ledger.size()).toBe(before);
  });
});
