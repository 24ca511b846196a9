import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalize } from '../../src/core/ledger/canonical-json.ts';
import { toHex } from '../../src/core/ledger/hashing.ts';
import { MerkleTree } from '../../src/core/ledger/merkle.ts';
import { MemoryNodeStore } from '../../src/core/ledger/node-store.ts';
import { verifyProofDocument } from '../../src/core/ledger/proof-format.ts';
import { systemActor } from '../../src/server/accounts/actor.ts';
import { recordAudit } from '../../src/server/audit/service.ts';
import { createTestApp, type TestApp } from '../../src/server/testing.ts';

const system = systemActor('test');

describe('integrity ledger in the database', () => {
  let t: TestApp;
  let admin: { headers: Record<string, string> };
  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.login(t.admin.username, t.admin.password);
    for (let i = 0; i < 20; i++) {
      await recordAudit(t.ctx.db, system, { action: 'test.event', subjectType: 'thing', subjectId: `t${i}`, details: { i, hashes: { sha256: 'ab'.repeat(32) } } });
    }
  });
  afterAll(async () => t.close());

  it('chains every audit event, and its root matches an independent in-memory tree', async () => {
    const audit = await t.ctx.db.selectFrom('audit_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const size = await t.ctx.ledger.size();
    expect(size).toBe(Number(audit.n));
    const rows = await t.ctx.db.selectFrom('ledger_entries').select(['seq', 'entry']).orderBy('seq').execute();
    const tree = new MerkleTree(new MemoryNodeStore());
    for (const row of rows) tree.append(new TextEncoder().encode(row.entry));
    expect(toHex(await t.ctx.ledger.root(size))).toBe(toHex(tree.root()));
    // Hashes given in details become the entry's hashes.
    const last = JSON.parse(rows[rows.length - 1].entry);
    expect(last.hashes).toEqual({ sha256: 'ab'.repeat(32) });
    expect(canonicalize(last)).toBe(rows[rows.length - 1].entry);
  });

  it('issues signed checkpoints and inclusion proofs that verify offline', async () => {
    const created = await t.app.inject({ method: 'POST', url: '/api/ledger/checkpoints', headers: admin.headers });
    expect(created.statusCode).toBe(201);
    const checkpoint = created.json();
    expect(checkpoint.note).toMatch(/^reckon\.ledger\/[0-9a-f]{16}\n\d+\n[A-Za-z0-9+/=]{44}\n\n— /);
    const key = (await t.app.inject({ url: '/api/ledger/public-key' })).json();
    for (const seq of [0, 5, checkpoint.size - 1]) {
      const response = await t.app.inject({ url: `/api/ledger/entries/${seq}/proof`, headers: admin.headers });
      expect(response.statusCode).toBe(200);
      const report = verifyProofDocument(response.json(), { publicKey: key.verifierKey });
      expect(report.ok, JSON.stringify(report)).toBe(true);
    }
    const consistency = await t.app.inject({ url: `/api/ledger/consistency?first=3&second=${checkpoint.size}` });
    expect(verifyProofDocument(consistency.json(), { publicKey: key.verifierKey }).ok).toBe(true);
  });

  it('rejects proofs beyond the log and keeps entries from the public', async () => {
    const size = await t.ctx.ledger.size();
    expect((await t.app.inject({ url: `/api/ledger/entries/${size + 5}/proof`, headers: admin.headers })).statusCode).toBe(404);
    expect((await t.app.inject({ url: `/api/ledger/entries/0/proof?size=${size + 100}`, headers: admin.headers })).statusCode).toBe(400);
    expect((await t.app.inject({ url: `/api/ledger/consistency?first=1&second=${size + 100}` })).statusCode).toBe(400);
    expect((await t.app.inject({ url: '/api/ledger/entries/0/proof' })).statusCode).toBe(401);
  });

  it('verifies clean, then names an edited, a deleted and an inserted audit row and a forged checkpoint', async () => {
    const clean = await t.app.inject({ method: 'POST', url: '/api/ledger/verify', headers: admin.headers });
    expect(clean.statusCode).toBe(200);
    expect(clean.json().ok, JSON.stringify(clean.json().summary)).toBe(true);

    const db = t.ctx.db;
    // What an operator with database access could do: switch the append-only triggers off and rewrite history.
    await sql`alter table audit_events disable trigger user`.execute(db);
    await sql`alter table ledger_checkpoints disable trigger user`.execute(db);
    try {
      await sql`update audit_events set details = '{"i": 999}'::jsonb where subject_id = 't3'`.execute(db);
      await sql`delete from audit_events where subject_id = 't7'`.execute(db);
      await sql`insert into audit_events (actor_label, action, subject_type, subject_id) values ('intruder', 'test.event', 'thing', 'forged')`.execute(db);
      await sql`update ledger_checkpoints set note = replace(note, '— ', '— x') where id = (select max(id) from ledger_checkpoints)`.execute(db);
    } finally {
      await sql`alter table audit_events enable trigger user`.execute(db);
      await sql`alter table ledger_checkpoints enable trigger user`.execute(db);
    }
    const run = await t.ctx.ledger.verify(system, 'test');
    const kinds = run.report.problems.map((p) => p.kind);
    expect(run.ok).toBe(false);
    expect(kinds).toContain('audit-edited');
    expect(kinds).toContain('audit-deleted');
    expect(kinds).toContain('audit-inserted');
    expect(kinds).toContain('checkpoint-signature');
    expect(run.report.problems.find((p) => p.kind === 'audit-edited')?.message).toMatch(/edited/);
    const runs = (await t.app.inject({ url: '/api/ledger/verifications', headers: admin.headers })).json().runs;
    expect(runs[0].ok).toBe(false);
  });

  it('names an edited ledger entry', async () => {
    await sql`alter table ledger_entries disable trigger user`.execute(t.ctx.db);
    try {
      await sql`update ledger_entries set entry = replace(entry, '"i":1}', '"i":2}') where entry like '%"i":1}%'`.execute(t.ctx.db);
    } finally {
      await sql`alter table ledger_entries enable trigger user`.execute(t.ctx.db);
    }
    const run = await t.ctx.ledger.verify(system, 'test');
    expect(run.report.problems.some((p) => p.kind === 'edited')).toBe(true);
  });
});
