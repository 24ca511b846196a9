import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/server/accounts/actor.ts';
import { recordAudit } from '../../src/server/audit/service.ts';
import { bytesStream } from '../../src/server/blobs/service.ts';
import { buildEvidencePackage } from '../../src/server/packages/export.ts';
import { writePackage } from '../../src/server/packages/write.ts';
import { createTestApp, type TestApp } from '../../src/server/testing.ts';
import { runCli } from '../cli.ts';
import { opensslHasTs, startLocalTsa, type LocalTsa } from '../tsa.ts';

const reviewer = systemActor('test');

describe.skipIf(!opensslHasTs())('RFC 3161 time-stamps of checkpoints (local openssl authority)', () => {
  let tsa: LocalTsa;
  let t: TestApp;
  let headers: Record<string, string>;
  const out = mkdtempSync(join(tmpdir(), 'reckon-ts-'));
  beforeAll(async () => {
    tsa = await startLocalTsa();
    t = await createTestApp({ timestampAuthorityUrl: tsa.url, timestampCaFile: tsa.caFile });
    headers = (await t.login(t.admin.username, t.admin.password)).headers;
  }, 240_000);
  afterAll(async () => {
    await t?.close();
    await tsa?.close();
    rmSync(out, { recursive: true, force: true });
  });

  const append = (n: number) => recordAudit(t.ctx.db, reviewer, { action: 'test.event', subjectType: 'thing', subjectId: String(n), details: { n } });

  it('stamps a new checkpoint, serves the token in proofs, and verify-proof checks it offline', async () => {
    await append(1);
    const created = await t.app.inject({ method: 'POST', url: '/api/ledger/checkpoints', headers });
    expect(created.statusCode).toBe(201);
    const checkpoint = created.json() as { id: number; size: number; timestamp: { genTime: string; authority: string } | null };
    expect(checkpoint.timestamp).not.toBeNull();
    expect(checkpoint.timestamp!.authority).toBe(tsa.url);
    expect(Math.abs(Date.parse(checkpoint.timestamp!.genTime) - Date.now())).toBeLessThan(120_000);

    const status = await t.app.inject({ method: 'GET', url: '/api/ledger/timestamps', headers });
    expect(status.json()).toMatchObject({ enabled: true, authority: tsa.url, stamped: 1, pending: 0, lastError: null });

    const proof = await t.app.inject({ method: 'GET', url: `/api/ledger/entries/${checkpoint.size - 1}/proof?size=${checkpoint.size}`, headers });
    const doc = proof.json() as { timestamp?: { token: string; caCertificates?: string[] } };
    expect(doc.timestamp?.token).toBeTruthy();
    expect(doc.timestamp?.caCertificates).toHaveLength(1);
    const file = join(out, 'proof.json');
    writeFileSync(file, JSON.stringify(doc));
    const good = await runCli(['ledger', 'verify-proof', file, '--tsa-ca', tsa.caFile, '--require-timestamp', '--require-signature']);
    expect(good.out).toMatch(/OK +the checkpoint existed at .*RFC 3161 time-stamp by .*Reckon test TSA/);
    expect(good.code).toBe(0);

    // A CA other than the authority's: the token does not chain to it.
    const wrongCa = await runCli(['ledger', 'verify-proof', file, '--tsa-ca', tsa.otherCaFile]);
    expect(wrongCa.out).toMatch(/FAILED \$\.timestamp: .*does not chain to a trusted CA/);
    expect(wrongCa.code).toBe(1);

    // The token of another checkpoint: its imprint is not this note's hash.
    await append(2);
    const other = (await t.app.inject({ method: 'POST', url: '/api/ledger/checkpoints', headers })).json() as { id: number };
    const otherToken = readFileSync(await tokenFile(other.id)).toString('base64');
    writeFileSync(file, JSON.stringify({ ...doc, timestamp: { ...doc.timestamp, token: otherToken } }));
    const swapped = await runCli(['ledger', 'verify-proof', file, '--tsa-ca', tsa.caFile]);
    expect(swapped.out).toMatch(/FAILED \$\.timestamp: the token time-stamps sha256 [0-9a-f]+, not the checkpoint's SHA-256/);
    expect(swapped.code).toBe(1);

    // No timestamp at all but one is required.
    const { timestamp: _t, ...bare } = doc;
    writeFileSync(file, JSON.stringify(bare));
    const missing = await runCli(['ledger', 'verify-proof', file, '--require-timestamp']);
    expect(missing.out).toMatch(/FAILED --require-timestamp/);
    expect(missing.code).toBe(1);
  });

  async function tokenFile(id: number): Promise<string> {
    const response = await t.app.inject({ method: 'GET', url: `/api/ledger/checkpoints/${id}/timestamp` });
    expect(response.statusCode).toBe(200);
    const path = join(out, `cp-${id}.tsr`);
    writeFileSync(path, response.rawPayload);
    return path;
  }

  it('the stored token is a standard one: openssl ts -verify accepts it for the checkpoint note', async () => {
    const latest = (await t.ctx.ledger.latestCheckpoint())!;
    const note = join(out, 'note.txt');
    writeFileSync(note, latest.note);
    const verified = execFileSync('openssl', ['ts', '-verify', '-data', note, '-in', await tokenFile(latest.id), '-token_in', '-CAfile', tsa.caFile], { encoding: 'utf8', stdio: 'pipe' });
    expect(verified).toMatch(/Verification: OK/);
  });

  it('an authority that is down never blocks appends or checkpoints; the checkpoint is stamped on retry', async () => {
    tsa.failing = true;
    const before = await t.ctx.ledger.size();
    await append(3);
    expect(await t.ctx.ledger.size()).toBe(before + 1);
    const created = await t.app.inject({ method: 'POST', url: '/api/ledger/checkpoints', headers });
    expect(created.statusCode).toBe(201);
    const checkpoint = created.json() as { id: number; size: number; timestamp: unknown };
    expect(checkpoint.size).toBe(before + 1);
    expect(checkpoint.timestamp).toBeNull();
    const status = (await t.app.inject({ method: 'GET', url: '/api/ledger/timestamps', headers })).json() as { pending: number; lastError: { checkpointId: number; message: string } };
    expect(status.pending).toBe(1);
    expect(status.lastError).toMatchObject({ checkpointId: checkpoint.id, message: 'the authority answered HTTP 503' });
    // A proof against the unstamped checkpoint still works, without a timestamp member.
    const proof = (await t.app.inject({ method: 'GET', url: `/api/ledger/entries/${before}/proof?size=${before + 1}`, headers })).json() as Record<string, unknown>;
    expect(proof.checkpoint).toBeTruthy();
    expect(proof.timestamp).toBeUndefined();

    // Retrying within the back-off does not ask; after it, the authority (back up) stamps it.
    tsa.failing = false;
    const asked = tsa.requests;
    expect(await t.ctx.ledger.timestamper!.retryPending(new Date())).toBe(0);
    expect(tsa.requests).toBe(asked);
    expect(await t.ctx.ledger.timestamper!.retryPending(new Date(Date.now() + 3 * 60_000))).toBe(1);
    const after = (await t.app.inject({ method: 'GET', url: '/api/ledger/timestamps', headers })).json() as { pending: number; lastError: unknown };
    expect(after).toMatchObject({ pending: 0, lastError: null });
    const listed = (await t.app.inject({ method: 'GET', url: '/api/ledger/checkpoints' })).json() as { checkpoints: Array<{ id: number; timestamp: unknown }> };
    expect(listed.checkpoints.find((c) => c.id === checkpoint.id)!.timestamp).not.toBeNull();
  });

  it('bags carry the token; bag verify checks it, and openssl can too', async () => {
    const ingested = await t.ctx.archive.items.ingest(reviewer, bytesStream(Buffer.from('stamped original\n'.repeat(50))), { filename: 'a.txt', metadata: { confidentiality: 'public' } });
    const bag = await buildEvidencePackage(t.ctx, reviewer, [ingested.item.id]);
    const target = join(out, 'bag');
    await writePackage(bag, target);
    const report = await runCli(['bag', 'verify', target, '--tsa-ca', tsa.caFile, '--json']);
    const parsed = JSON.parse(report.out) as { valid: boolean; evidence: { passed: string[] } };
    expect(parsed.valid).toBe(true);
    expect(parsed.evidence.passed).toEqual(expect.arrayContaining([expect.stringMatching(/the checkpoint existed at/)]));
    expect(report.code).toBe(0);
    const verified = execFileSync('openssl', ['ts', '-verify', '-data', join(target, 'ledger/checkpoint.txt'), '-in', join(target, 'ledger/checkpoint.tsr'), '-token_in', '-CAfile', join(target, 'ledger/tsa-ca.pem')], { encoding: 'utf8', stdio: 'pipe' });
    expect(verified).toMatch(/Verification: OK/);
    expect(readFileSync(join(target, 'index.html'), 'utf8')).toContain('ledger/checkpoint.tsr');
    const wrong = await runCli(['bag', 'verify', target, '--tsa-ca', tsa.otherCaFile]);
    expect(wrong.out).toMatch(/bad-timestamp +ledger\/checkpoint.tsr: .*does not chain to a trusted CA/);
    expect(wrong.code).toBe(1);
  });

  it('reckon verify checks every stored token and names an altered one', async () => {
    const clean = await t.ctx.ledger.verify(reviewer, 'test', []);
    expect(clean.report.problems).toEqual([]);
    const [row] = await t.ctx.db.selectFrom('ledger_timestamps').select(['checkpoint_id', 'token']).orderBy('checkpoint_id').limit(1).execute();
    const altered = Buffer.from(row.token);
    altered[altered.length - 5] ^= 0x01;
    // Bypass the append-only trigger as someone with direct database access could.
    await t.ctx.db.transaction().execute(async (tx) => {
      await sql`set local session_replication_role = replica`.execute(tx);
      await tx.updateTable('ledger_timestamps').set({ token: altered }).where('checkpoint_id', '=', row.checkpoint_id).execute();
    });
    const run = await t.ctx.ledger.verify(reviewer, 'test', []);
    expect(run.ok).toBe(false);
    expect(run.report.problems).toEqual([expect.objectContaining({ kind: 'timestamp-invalid', checkpointId: Number(row.checkpoint_id) })]);
  });
});
