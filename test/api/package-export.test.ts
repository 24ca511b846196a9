import { generateKeyPairSync } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli.ts';
import { systemActor, type Actor } from '../../src/server/accounts/actor.ts';
import { lockDataDirectory } from '../../src/server/db/data-lock.ts';
import { bytesStream } from '../../src/server/blobs/service.ts';
import { exportEvidencePackage } from '../../src/server/packages/export.ts';
import { importEvidencePackage } from '../../src/server/packages/import.ts';
import { folderBagReader } from '../../src/cli/commands/bag-readers.ts';
import { unseal } from '../../src/server/packages/sealing.ts';
import { PACKAGE_KEEP_MS, PackageExportService } from '../../src/server/packages/service.ts';
import { createTestApp, type TestApp } from '../../src/server/testing.ts';

async function run(...args: string[]): Promise<{ code: number; out: string }> {
  // stdout and stderr together, as the assertions read either.
  const { code, out, err } = await runCli(args);
  return { code, out: out + err };
}

/** Every file under a folder, relative paths. */
function walk(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? walk(dir, join(prefix, d.name)) : [join(prefix, d.name)]));
}

const WITNESS_NAME = 'Synthetic Witness Qwertyuiop';
const WITNESS_CONTACT = 'synthetic-contact-55501';

describe('court packages through the server', () => {
  let t: TestApp;
  const out = mkdtempSync(join(tmpdir(), 'reckon-packages-'));
  const users: Record<string, { actor: Actor; headers: Record<string, string> }> = {};
  const ids: string[] = [];
  let testimonyId = '';
  let noConsentTestimonyId = '';
  const counts = async () => ({
    audit: Number((await t.ctx.db.selectFrom('audit_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n),
    ledger: await t.ctx.ledger.size(),
    exports: Number((await t.ctx.db.selectFrom('package_exports').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n),
    jobs: Number((await t.ctx.db.selectFrom('jobs').select((eb) => eb.fn.countAll<number>().as('n')).where('kind', '=', 'package.export').executeTakeFirstOrThrow()).n),
  });
  const exportedEvents = async (itemId: string) =>
    (await t.ctx.db.selectFrom('audit_events').select(['action', 'details']).where('subject_id', '=', itemId).where('action', '=', 'item.exported').execute()).length;

  beforeAll(async () => {
    t = await createTestApp({ organisationName: 'Test Truth Commission' } as never);
    for (const role of ['editor', 'reviewer', 'viewer', 'facilitator'] as const) {
      const password = `pw-${role.length}-correct-horse-battery-staple`;
      const user = await t.ctx.accounts.createUser(systemActor('test'), { username: role, displayName: role, role, password, mustChangePassword: false });
      const login = await t.login(role, password);
      users[role] = { actor: { kind: 'user', userId: user.id, username: role, role, via: 'session' }, headers: login.headers };
    }
    const editor = users.editor.actor;
    for (let i = 0; i < 3; i++) {
      const { item } = await t.ctx.archive.items.ingest(editor, bytesStream(Buffer.from(`synthetic statement ${i}\n`.repeat(200 + i))), {
        filename: i === 0 ? '=cmd|calc.txt' : `statement-${i}.txt`,
        metadata: { confidentiality: i === 2 ? 'confidential' : 'restricted', title: i === 0 ? '<script>alert(1)</script>' : `Statement ${i}`, providedBy: '=HYPERLINK("x")' },
      });
      ids.push(item.id);
    }
    const testimony = await t.ctx.archive.testimonies.create(editor, { title: 'Testimony W-1', confidentiality: 'confidential' }, {
      pseudonym: 'W-1',
      identity: { name: WITNESS_NAME, contact: WITNESS_CONTACT },
      interviewer: 'Interviewer A',
      interviewDate: '2026-11-02',
      language: 'hy',
      consents: [{ scope: 'internal_use', givenOn: '2026-11-02' }, { scope: 'court_use', givenOn: '2026-11-02' }],
    });
    testimonyId = testimony.itemId;
    await t.ctx.archive.testimonies.putText(editor, testimonyId, 'hy', 'transcript', 'Սինթետիկ վկայություն։ Line two.');
    await t.ctx.archive.testimonies.putText(editor, testimonyId, 'en', 'translation', 'Synthetic testimony. Line two.');
    await t.ctx.archive.testimonies.withdrawConsent(editor, testimonyId, 'internal_use', '2026-11-20');
    const other = await t.ctx.archive.testimonies.create(editor, { title: 'Testimony W-2', confidentiality: 'restricted' }, { pseudonym: 'W-2', consents: [{ scope: 'internal_use', givenOn: '2026-11-02' }] });
    noConsentTestimonyId = other.itemId;
  }, 240_000);
  afterAll(async () => {
    await t.close();
    rmSync(out, { recursive: true, force: true });
  });

  async function exportAs(role: string, body: Record<string, unknown>) {
    const started = await t.app.inject({ method: 'POST', url: '/api/ledger/bags', headers: users[role].headers, payload: body });
    expect(started.statusCode, started.body).toBe(202);
    const id = started.json().package.id as string;
    await t.ctx.jobs.drain();
    const status = await t.app.inject({ method: 'GET', url: `/api/ledger/bags/${id}`, headers: users[role].headers });
    return { id, view: status.json().package };
  }

  it('lets an editor and a reviewer export a zip that bag verify accepts, with the exhibit list and one item.exported per item', { timeout: 180_000 }, async () => {
    for (const role of ['editor', 'reviewer']) {
      const before = await Promise.all(ids.map(exportedEvents));
      const { id, view } = await exportAs(role, { itemIds: ids });
      expect(view.state).toBe('done');
      expect(view.bytesDone).toBe(view.bytesTotal);
      expect(view.bytesTotal).toBeGreaterThan(0);
      const download = await t.app.inject({ method: 'GET', url: `/api/ledger/bags/${id}/download`, headers: users[role].headers });
      expect(download.statusCode).toBe(200);
      expect(download.headers['content-type']).toBe('application/zip');
      expect(download.headers['content-disposition']).toContain(`${view.externalIdentifier}.zip`);
      const file = join(out, `${role}.zip`);
      writeFileSync(file, download.rawPayload);
      const verified = await run('bag', 'verify', file);
      expect(verified.out).toMatch(/VALID/);
      expect(verified.code).toBe(0);
      const after = await Promise.all(ids.map(exportedEvents));
      expect(after.map((n, i) => n - before[i])).toEqual(ids.map(() => 1));
      // Someone else (even another documenter) cannot see or fetch it.
      const other = role === 'editor' ? 'reviewer' : 'editor';
      expect((await t.app.inject({ method: 'GET', url: `/api/ledger/bags/${id}`, headers: users[other].headers })).statusCode).toBe(404);
      expect((await t.app.inject({ method: 'GET', url: `/api/ledger/bags/${id}/download`, headers: users[other].headers })).statusCode).toBe(404);
      // The hand-over is a custody event, by the one who received the copy; the refused attempt is not.
      const served = await t.ctx.db.selectFrom('audit_events').select(['actor_label', 'details']).where('action', '=', 'package.served').where('subject_id', '=', id).execute();
      expect(served).toHaveLength(1);
      expect(served[0].details).toMatchObject({ items: ids.length, container: 'zip', bytes: download.rawPayload.length, externalIdentifier: view.externalIdentifier });
    }
  });

  it('removes a finished package once its time is up, and then answers its download with package_expired', { timeout: 120_000 }, async () => {
    const { id, view } = await exportAs('editor', { itemIds: [ids[0]] });
    expect(view.state).toBe('done');
    const file = join(t.ctx.config.dataDirAbsolute, 'packages', `${id}.zip`);
    expect(existsSync(file)).toBe(true);
    const service = new PackageExportService(t.ctx);
    expect(await service.removeExpired(new Date(Date.now() + PACKAGE_KEEP_MS - 60_000))).toBe(0);
    expect(await service.removeExpired(new Date(Date.now() + PACKAGE_KEEP_MS + 60_000))).toBeGreaterThanOrEqual(1);
    expect(existsSync(file)).toBe(false);
    const gone = await t.app.inject({ method: 'GET', url: `/api/ledger/bags/${id}/download`, headers: users.editor.headers });
    expect(gone.statusCode).toBe(409);
    expect(gone.json().error.code).toBe('package_expired');
    expect((await t.app.inject({ method: 'GET', url: `/api/ledger/bags/${id}`, headers: users.editor.headers })).json().package.state).toBe('expired');
  });

  it('writes an exhibit list (CSV and HTML) with every payload file, its hash and custody, formulas defused and markup escaped', { timeout: 120_000 }, async () => {
    const target = join(out, 'exhibits');
    await exportEvidencePackage(t.ctx, users.editor.actor, [...ids, testimonyId], target);
    const csv = readFileSync(join(target, 'exhibit-list.csv'), 'utf8');
    const lines = csv.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('Exhibit,Item,Title,Kind,Date,Source,File,Role,Pages or duration,Bytes,SHA-256,Custody');
    const payload = walk(join(target, 'data'));
    expect(lines.length - 1).toBe(payload.length);
    const manifest = readFileSync(join(target, 'manifest-sha256.txt'), 'utf8');
    for (const line of lines.slice(1)) {
      const sha = /,([0-9a-f]{64}),/.exec(line)?.[1];
      expect(sha && manifest.includes(sha), line).toBeTruthy();
    }
    expect(lines[1]).toMatch(/^001,/);
    expect(csv).toContain(`'=HYPERLINK`);
    expect(csv).toMatch(/exported .* by editor/);
    const html = readFileSync(join(target, 'exhibit-list.html'), 'utf8');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain("content=\"default-src 'none'\"");
    expect((await run('bag', 'verify', target)).code).toBe(0);
  });

  it('refuses, whole and by name, to import a package whose testimony it cannot import, instead of dropping the testimony', { timeout: 120_000 }, async () => {
    const target = join(out, 'testimony-import');
    await exportEvidencePackage(t.ctx, users.editor.actor, [ids[0], testimonyId], target);
    const items = async () => Number((await t.ctx.db.selectFrom('items').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const before = { items: await items(), ...(await counts()) };
    const refusal = await importEvidencePackage(t.ctx, users.editor.actor, folderBagReader(target)).then(
      () => null,
      (error: unknown) => error as { code?: string; message?: string; details?: { files?: string[] } },
    );
    expect(refusal?.code).toBe('testimony_import_unsupported');
    expect(refusal?.message).toMatch(new RegExp(`data/items/${testimonyId}/testimony/`));
    expect(refusal?.details?.files?.length).toBeGreaterThan(0);
    expect({ items: await items(), ...(await counts()) }).toEqual(before);
  });

  it('answers a refused export with the refusal alone: no custody event, ledger entry, job, row or file', { timeout: 120_000 }, async () => {
    const before = await counts();
    const filesBefore = existsSync(join(t.ctx.config.dataDirAbsolute, 'packages')) ? readdirSync(join(t.ctx.config.dataDirAbsolute, 'packages')).length : 0;
    for (const role of ['viewer', 'facilitator']) {
      const refused = await t.app.inject({ method: 'POST', url: '/api/ledger/bags', headers: users[role].headers, payload: { itemIds: [ids[0]] } });
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error.code).toBe('forbidden');
    }
    expect((await t.app.inject({ method: 'POST', url: '/api/ledger/bags', payload: { itemIds: [ids[0]] } })).statusCode).toBe(401);
    await expect(exportEvidencePackage(t.ctx, users.viewer.actor, [ids[0]], join(out, 'refused.zip'))).rejects.toThrow(/permission/);
    expect(await counts()).toEqual(before);
    expect(existsSync(join(out, 'refused.zip'))).toBe(false);
    const filesAfter = existsSync(join(t.ctx.config.dataDirAbsolute, 'packages')) ? readdirSync(join(t.ctx.config.dataDirAbsolute, 'packages')).length : 0;
    expect(filesAfter).toBe(filesBefore);
    const custody = await t.ctx.archive.items.custody(users.editor.actor, ids[0]);
    expect(custody.filter((e) => e.action === 'item.exported' && e.actorName === 'viewer')).toEqual([]);
  });

  it('refuses malformed, oversized, hostile and duplicate-only requests with 4xx and writes nothing', { timeout: 120_000 }, async () => {
    const before = await counts();
    const { publicKey: rsa } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const bodies: unknown[] = [
      {},
      { itemIds: [] },
      { itemIds: ['<script>alert(1)</script>'] },
      { itemIds: ['a\u0000b'] },
      { itemIds: ['\ud800'] },
      { itemIds: ["'; drop table audit_events; --"] },
      { itemIds: Array(501).fill(ids[0]) },
      { itemIds: [ids[0], '00000000-0000-4000-8000-000000000000'] },
      { itemIds: [ids[0]], container: 'rar' },
      { itemIds: [ids[0]], extra: true },
      { itemIds: [ids[0]], includeIdentity: true },
      { itemIds: [ids[0]], recipient: { name: 'Court', publicKey: 'x' } },
      { itemIds: [testimonyId], includeIdentity: true, recipient: { name: 'Court', publicKey: rsa.export({ type: 'spki', format: 'pem' }).toString() } },
      { itemIds: [testimonyId], includeIdentity: true, recipient: { name: 'Court', publicKey: 'A'.repeat(4000) } },
      { itemIds: [testimonyId], includeIdentity: true, recipient: { name: 'Co\u0000urt', publicKey: generateKeyPairSync('x25519').publicKey.export({ type: 'spki', format: 'pem' }).toString() } },
      { itemIds: [noConsentTestimonyId] },
      'not json',
    ];
    for (const payload of bodies) {
      const bad = await t.app.inject({ method: 'POST', url: '/api/ledger/bags', headers: users.editor.headers, payload: payload as object });
      expect(bad.statusCode, JSON.stringify(payload).slice(0, 80)).toBeGreaterThanOrEqual(400);
      expect(bad.statusCode).toBeLessThan(500);
      expect(bad.json().error.code).toBeTruthy();
      expect(bad.body).not.toContain('BEGIN PUBLIC KEY');
    }
    const noConsent = await t.app.inject({ method: 'POST', url: '/api/ledger/bags', headers: users.editor.headers, payload: { itemIds: [noConsentTestimonyId] } });
    expect(noConsent.json().error.code).toBe('no_court_consent');
    expect((await t.app.inject({ method: 'GET', url: '/api/ledger/bags/not-a-uuid', headers: users.editor.headers })).statusCode).toBe(400);
    expect((await t.app.inject({ method: 'GET', url: '/api/ledger/bags/00000000-0000-4000-8000-000000000000/download', headers: users.editor.headers })).statusCode).toBe(404);
    expect(await counts()).toEqual(before);
  });

  it('runs an export as its requester is when it runs: one disabled after asking gets a failed package, and nothing is recorded', { timeout: 120_000 }, async () => {
    const password = 'pw-gone-correct-horse-battery-staple';
    const user = await t.ctx.accounts.createUser(systemActor('test'), { username: 'leaver', displayName: 'leaver', role: 'editor', password, mustChangePassword: false });
    const login = await t.login('leaver', password);
    const started = await t.app.inject({ method: 'POST', url: '/api/ledger/bags', headers: login.headers, payload: { itemIds: [ids[0]] } });
    expect(started.statusCode, started.body).toBe(202);
    const id = started.json().package.id as string;
    await t.ctx.accounts.updateUser(systemActor('test'), user.id, { disabled: true });
    const exportedBefore = await exportedEvents(ids[0]);
    await t.ctx.jobs.drain();
    const row = await t.ctx.db.selectFrom('package_exports').select(['state', 'error']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toEqual({ state: 'failed', error: 'the account that asked for this package is disabled or gone' });
    expect(await exportedEvents(ids[0])).toBe(exportedBefore);
    expect(existsSync(join(t.ctx.config.dataDirAbsolute, 'packages', `${id}.zip`))).toBe(false);
  });

  it('records nothing when the export fails part-way (a stored original no longer matches its hash), and leaves no file', { timeout: 120_000 }, async () => {
    const { item, file } = await t.ctx.archive.items.ingest(users.editor.actor, bytesStream(Buffer.from('bytes that will rot on disk\n'.repeat(100))), { filename: 'rot.txt', metadata: { confidentiality: 'restricted' } });
    const blobs = join(t.ctx.config.dataDirAbsolute, 'blobs');
    const path = walk(blobs).map((p) => join(blobs, p)).find((p) => p.includes(file.sha256))!;
    chmodSync(path, 0o644);
    const bytes = readFileSync(path);
    bytes[5] ^= 1;
    writeFileSync(path, bytes);
    await t.ctx.jobs.drain();
    const before = await counts();
    const { view } = await exportAs('editor', { itemIds: [ids[1], item.id] });
    expect(view.state).toBe('failed');
    expect(view.error).toMatch(/no longer matches its recorded SHA-256/);
    const after = await counts();
    expect(after.audit).toBe(before.audit);
    expect(after.ledger).toBe(before.ledger);
    expect(await exportedEvents(item.id)).toBe(0);
    expect(readdirSync(join(t.ctx.config.dataDirAbsolute, 'packages')).filter((f) => f.startsWith('.reckon-export'))).toEqual([]);
    bytes[5] ^= 1;
    writeFileSync(path, bytes);
  });

  it('puts a testimony in the package — transcript, translation, interview, consent history — and its identity only sealed for the recipient', { timeout: 120_000 }, async () => {
    const recipient = generateKeyPairSync('x25519');
    const stranger = generateKeyPairSync('x25519');
    const publicKey = recipient.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const plain = join(out, 'testimony-plain');
    await exportEvidencePackage(t.ctx, users.editor.actor, [testimonyId], plain);
    const base = join(plain, 'data', 'items', testimonyId, 'testimony');
    expect(readdirSync(base).sort()).toEqual(['consent.json', 'interview.json', 'transcript-hy.txt', 'translation-en.txt']);
    expect(readFileSync(join(base, 'transcript-hy.txt'), 'utf8')).toBe('Սինթետիկ վկայություն։ Line two.');
    const consent = JSON.parse(readFileSync(join(base, 'consent.json'), 'utf8'));
    expect(consent.inForce).toEqual(['court_use']);
    expect(consent.history.map((h: { change: string; scope: string }) => `${h.change} ${h.scope}`)).toEqual(['given internal_use', 'given court_use', 'withdrawn internal_use']);
    expect(JSON.parse(readFileSync(join(base, 'interview.json'), 'utf8'))).toMatchObject({ pseudonym: 'W-1', interviewer: 'Interviewer A', interviewDate: '2026-11-02', language: 'hy' });
    expect(readFileSync(join(plain, 'bag-info.txt'), 'utf8')).not.toMatch(/Payload-Oxum: 0\.0/);
    // The transcript file hashes to what its testimony.text_saved custody event recorded.
    const custody = JSON.parse(readFileSync(join(plain, 'custody', 'items', `${testimonyId}.json`), 'utf8')) as Array<{ action: string; details: Record<string, unknown> }>;
    const manifest = readFileSync(join(plain, 'manifest-sha256.txt'), 'utf8');
    const saved = custody.find((e) => e.action === 'testimony.text_saved' && e.details.language === 'hy')!;
    expect(manifest).toMatch(new RegExp(`^${String(saved.details.sha256)}\\s+data/items/${testimonyId}/testimony/transcript-hy\\.txt$`, 'm'));
    for (const file of walk(plain)) expect(readFileSync(join(plain, file), 'latin1').includes(WITNESS_NAME), file).toBe(false);
    expect((await run('bag', 'verify', plain)).code).toBe(0);

    const sealed = join(out, 'testimony-sealed');
    // Exported again at once (same second, same items): each package has its own identifier.
    const again = join(out, 'testimony-again');
    await exportEvidencePackage(t.ctx, users.editor.actor, [testimonyId], again);
    const identifier = (dir: string) => /^External-Identifier: (.+)$/m.exec(readFileSync(join(dir, 'bag-info.txt'), 'utf8'))?.[1];
    expect(identifier(again)).not.toBe(identifier(plain));
    expect((await run('bag', 'verify', again)).code).toBe(0);
    await exportEvidencePackage(t.ctx, users.editor.actor, [testimonyId], sealed, { includeIdentity: true, recipient: { name: 'Registry, Trial Chamber (synthetic)', publicKey } });
    const envelopeFile = join(sealed, 'data', 'items', testimonyId, 'testimony', 'identity.sealed.json');
    const envelope = JSON.parse(readFileSync(envelopeFile, 'utf8'));
    const opened = unseal(envelope, recipient.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    expect(JSON.parse(opened.plaintext.toString('utf8'))).toEqual({ name: WITNESS_NAME, contact: WITNESS_CONTACT });
    expect(() => unseal(envelope, stranger.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString())).toThrow(/another key/);
    const tampered = { ...envelope, context: `testimony:${ids[0]}:identity` };
    expect(() => unseal(tampered, recipient.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString())).toThrow(/does not open/);
    for (const file of walk(sealed)) {
      const text = readFileSync(join(sealed, file), 'latin1');
      expect(text.includes(WITNESS_NAME) || text.includes(WITNESS_CONTACT), file).toBe(false);
    }
    const exported = JSON.parse(readFileSync(join(sealed, 'custody', 'items', `${testimonyId}.json`), 'utf8')).filter((e: { action: string }) => e.action === 'item.exported').at(-1);
    expect(exported.details.identitySealedFor.name).toBe('Registry, Trial Chamber (synthetic)');
    expect(exported.details.files.map((f: { path: string }) => f.path)).toContain(`items/${testimonyId}/testimony/identity.sealed.json`);
    const sealedReport = await run('bag', 'verify', sealed);
    expect(sealedReport.code, sealedReport.out).toBe(0);
    // The CLI opens it with the private key file.
    const keyFile = join(out, 'recipient.key');
    writeFileSync(keyFile, recipient.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const cli = await run('bag', 'unseal', envelopeFile, '--key', keyFile);
    expect(cli.code).toBe(0);
    expect(cli.out).toContain(WITNESS_NAME);
  });

  it('exports through the running server with an API token from the CLI, never opening the data directory', { timeout: 180_000 }, async () => {
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    const address = t.app.server.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    t.ctx.jobs.start();
    try {
      const { secret } = await t.ctx.accounts.createToken(users.reviewer.actor, 'cli export');
      const target = join(out, 'through-server.zip');
      const result = await run('bag', 'export', ids[0], ids[1], '--out', target, '--server', url, '--token', secret, '--data-dir', join(out, 'never-created'), '--json');
      expect(result.code, result.out).toBe(0);
      expect(result.out).not.toContain(secret);
      expect(statSync(target).size).toBeGreaterThan(0);
      expect(existsSync(join(out, 'never-created'))).toBe(false);
      expect((await run('bag', 'verify', target)).code).toBe(0);
      const { secret: viewerToken } = await t.ctx.accounts.createToken(users.viewer.actor, 'cli export');
      const refused = await run('bag', 'export', ids[0], '--out', join(out, 'viewer.zip'), '--server', url, '--token', viewerToken);
      expect(refused.code).not.toBe(0);
      expect(refused.out).toMatch(/permission/);
      expect(existsSync(join(out, 'viewer.zip'))).toBe(false);
      const folder = await run('bag', 'export', ids[0], '--out', join(out, 'folder-out'), '--server', url, '--token', secret);
      expect(folder.code).toBe(2);
      const badUrl = await run('bag', 'export', ids[0], '--out', join(out, 'x.zip'), '--server', 'ftp://example', '--token', secret);
      expect(badUrl.code).toBe(2);
      for (const args of [['--token', 'not-a-token'], ['--include-identity'], ['--recipient-name', 'Court']]) {
        const usage = await run('bag', 'export', ids[0], '--out', join(out, 'y.zip'), '--server', url, ...(args[0] === '--token' ? args : ['--token', secret, ...args]));
        expect(usage.code, args.join(' ')).toBe(2);
      }
      expect(existsSync(join(out, 'y.zip'))).toBe(false);
      // Without --server, a data directory held by a running server is refused, with the way through it.
      const held = join(out, 'held');
      const release = lockDataDirectory(held);
      try {
        const busy = await run('bag', 'export', ids[0], '--out', join(out, 'z.zip'), '--data-dir', held);
        expect(busy.code).toBe(3);
        expect(busy.out).toMatch(/in use .*--server <url> --token/s);
      } finally {
        release();
      }
    } finally {
      await t.ctx.jobs.stop();
    }
  });
});
