import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/cli.ts';
import { systemActor } from '../accounts/actor.ts';
import { BlobService, bytesStream } from '../blobs/service.ts';
import { FieldCipher } from '../crypto/fields.ts';
import { MasterKey } from '../crypto/keys.ts';
import { CHUNK_BYTES } from '../crypto/stream.ts';
import { createTestApp, type TestApp } from '../testing.ts';
import { masterKeyPath } from './index.ts';
import { SEALED_FIELDS } from '../sealed-fields.ts';
import { fingerprint, rotateMasterKey } from './key-rotation.ts';
import { identityContext } from './testimonies.ts';

async function readAll(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

describe('master-key rotation', () => {
  let t: TestApp;
  const system = systemActor('test');
  const contents = [randomBytes(CHUNK_BYTES * 2 + 77), Buffer.alloc(0), Buffer.from('confidential statement three'), randomBytes(1000)];
  const hashes: string[] = [];
  const identities = new Map<string, string>();
  let clearHash = '';

  beforeAll(async () => {
    t = await createTestApp();
    const items = t.ctx.archive.items;
    for (const [n, content] of contents.entries()) {
      const added = await items.ingest(system, bytesStream(content), { filename: `c${n}.bin`, metadata: { title: `Confidential ${n}`, confidentiality: 'confidential' } });
      hashes.push(added.file.sha256);
    }
    clearHash = (await items.ingest(system, bytesStream(Buffer.from('a public leaflet')), { filename: 'p.txt', metadata: { title: 'Public', confidentiality: 'public' } })).file.sha256;
    for (const name of ['Witness One', 'Witness Two']) {
      const created = await t.ctx.archive.testimonies.create(system, { title: `Testimony ${name}`, confidentiality: 'restricted' }, { pseudonym: name.replace(' ', '-'), identity: { name, contact: `${name}@example.org` } });
      identities.set(created.itemId, name);
    }
  });
  afterAll(async () => t?.close());

  it('re-wraps every file key and identity; a crash mid-way is finished by running it again; content reads only under the new key', async () => {
    const keyPath = masterKeyPath(t.ctx.config);
    const oldKeyText = readFileSync(keyPath, 'utf8');
    const oldKey = MasterKey.loadOrCreate(keyPath);
    const options = { db: t.ctx.db, backend: t.ctx.archive.blobs.backend, keyPath, tmpDir: join(t.dataDir, 'tmp'), sealedFields: SEALED_FIELDS };

    await expect(rotateMasterKey({ ...options, crashAfter: 3 })).rejects.toThrow(/simulated crash/);
    // Cut off mid-way: the old key is still the key, the new one waits beside it, nothing was swapped.
    expect(readFileSync(keyPath, 'utf8')).toBe(oldKeyText);
    expect(existsSync(`${keyPath}.next`)).toBe(true);

    const result = await rotateMasterKey(options);
    expect(result.blobs + result.alreadyDone).toBeGreaterThanOrEqual(contents.length);
    expect(result.alreadyDone).toBeGreaterThanOrEqual(3);
    expect(result.blobs + result.identities).toBe(contents.length + identities.size - 3);
    expect(existsSync(`${keyPath}.next`)).toBe(false);
    expect(readFileSync(result.retiredKeyPath, 'utf8')).toBe(oldKeyText);
    const newKey = MasterKey.loadOrCreate(keyPath);
    expect(fingerprint(newKey)).toBe(result.newFingerprint);
    expect(result.newFingerprint).not.toBe(fingerprint(oldKey));
    expect(readdirSync(join(t.dataDir, 'tmp'))).toEqual([]);

    // Every confidential file reads back under the new key (whole and by range); the old key opens none of them.
    const fresh = new BlobService(t.ctx.db, t.ctx.archive.blobs.backend, newKey, t.dataDir);
    const stale = new BlobService(t.ctx.db, t.ctx.archive.blobs.backend, oldKey, t.dataDir);
    for (const [n, content] of contents.entries()) {
      expect(await readAll(await fresh.open(hashes[n]))).toEqual(content);
      if (content.length > CHUNK_BYTES) expect(await readAll(await fresh.open(hashes[n], { start: CHUNK_BYTES - 3, end: CHUNK_BYTES + 3 }))).toEqual(content.subarray(CHUNK_BYTES - 3, CHUNK_BYTES + 4));
      await expect(stale.open(hashes[n]).then(readAll)).rejects.toThrow();
    }
    expect((await readAll(await fresh.open(clearHash))).toString()).toBe('a public leaflet');
    const rows = await t.ctx.db.selectFrom('blobs').select(['sha256', 'wrapped_key']).where('encrypted', '=', true).execute();
    for (const row of rows) expect(newKey.unwrap(row.wrapped_key!)).toHaveLength(32);

    // Protected identities decrypt under the new key only.
    const cipher = new FieldCipher(newKey);
    const old = new FieldCipher(oldKey);
    for (const [itemId, name] of identities) {
      const row = await t.ctx.db.selectFrom('testimonies').select('protected_identity').where('item_id', '=', itemId).executeTakeFirstOrThrow();
      expect(JSON.parse(cipher.decrypt(row.protected_identity!, identityContext(itemId))).name).toBe(name);
      expect(() => old.decrypt(row.protected_identity!, identityContext(itemId))).toThrow();
    }

    // Audited, with key fingerprints (never keys) and counts.
    const events = await t.ctx.db.selectFrom('audit_events').select(['action', 'details']).where('action', 'like', 'keys.%').orderBy('id').execute();
    expect(events.map((e) => e.action)).toEqual(['keys.rotation_started', 'keys.rotation_started', 'keys.rotated']);
    expect(JSON.stringify(events)).not.toContain(oldKeyText.trim());
    expect(events[2].details).toMatchObject({ from: fingerprint(oldKey), to: result.newFingerprint });

    // A crash between retiring the old key file and installing the new one: the next run finishes the swap.
    await expect(rotateMasterKey({ ...options, crashInSwap: true })).rejects.toThrow(/swapping/);
    expect(existsSync(keyPath)).toBe(false);
    const done = await rotateMasterKey(options);
    const latest = MasterKey.loadOrCreate(keyPath);
    const reader = new BlobService(t.ctx.db, t.ctx.archive.blobs.backend, latest, t.dataDir);
    for (const [n, content] of contents.entries()) expect(await readAll(await reader.open(hashes[n]))).toEqual(content);
    expect(done.oldFingerprint).toBe(result.newFingerprint);
    expect(done.newFingerprint).toBe(fingerprint(latest));
  });
});

describe('reckon keys rotate', () => {
  const work = mkdtempSync(join(tmpdir(), 'reckon-keys-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('rotates from the command line, twice, and confidential files still ingest and link afterwards', async () => {
    const dataDir = join(work, 'data');
    const folder = join(work, 'in');
    const { mkdirSync, writeFileSync } = await import('node:fs');
    mkdirSync(folder);
    writeFileSync(join(folder, 'secret.txt'), 'sealed statement\n');
    expect((await runCli(['ingest', folder, '--confidentiality', 'confidential', '--data-dir', dataDir])).code).toBe(0);
    const first = await runCli(['keys', 'rotate', '--data-dir', dataDir]);
    expect(first.code, first.err).toBe(0);
    expect(first.out).toMatch(/1 file keys re-wrapped, 0 identities re-encrypted/);
    const second = await runCli(['keys', 'rotate', '--data-dir', dataDir]);
    expect(second.code, second.err).toBe(0);
    expect(second.out).toMatch(/1 file keys re-wrapped/);
    expect(readdirSync(join(dataDir, 'keys')).filter((f) => f.startsWith('master.key.retired-')).length).toBeGreaterThanOrEqual(1);
    // The same content again links to the stored (re-keyed) blob.
    const again = await runCli(['ingest', folder, '--confidentiality', 'confidential', '--data-dir', dataDir]);
    expect(again.code, again.err).toBe(0);
  });
});
