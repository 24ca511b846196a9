import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toHex } from '../../core/ledger/hashing.ts';
import { MerkleTree, rootPlan } from '../../core/ledger/merkle.ts';
import { MemoryNodeStore } from '../../core/ledger/node-store.ts';
import { systemActor } from '../accounts/actor.ts';
import { recordAudit, recordAudits } from '../audit/service.ts';
import type { DatabaseHandle } from '../db/connect.ts';
import type { Database } from '../db/schema.ts';
import { openTestDatabase } from '../db/testing.ts';
import { lockLedger, withDeferredLedger } from './append.ts';
import { ledgerSize, readFrontier } from './repository.ts';
import { verifyDatabaseLedger } from './verify.ts';

const system = systemActor('append test');

/** Advisory locks this connection holds (the ledger's append lock is the only one these tests take). */
async function advisoryLocksHeld(tx: Kysely<Database>): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_locks where locktype = 'advisory' and pid = pg_backend_pid()`.execute(tx);
  return rows[0].n;
}

/** The ledger's entries in seq order, their audit ids, and whether the stored tree is the one they make. */
async function ledgerState(db: Kysely<Database>) {
  const rows = await db.selectFrom('ledger_entries').select(['seq', 'audit_event_id', 'entry']).orderBy('seq').execute();
  const tree = new MerkleTree(new MemoryNodeStore());
  for (const row of rows) tree.append(new TextEncoder().encode(row.entry));
  const report = await verifyDatabaseLedger(db);
  return { rows, memoryRoot: toHex(tree.root()), report };
}

describe('ledger appends deferred to the commit', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase();
  });
  afterAll(async () => handle.close());

  it('queues a transaction’s entries and appends them in order just before it commits, without the lock before', async () => {
    const before = await ledgerSize(handle.db);
    const ids = await withDeferredLedger(handle.db, async (tx) => {
      const first = await recordAudit(tx, system, { action: 'test.first', subjectType: 'thing', subjectId: 'a' });
      const rest = await recordAudits(tx, system, [
        { action: 'test.second', subjectType: 'thing', subjectId: 'b' },
        { action: 'test.third', subjectType: 'thing', subjectId: 'c', details: { hashes: { sha256: 'cd'.repeat(32) } } },
      ]);
      // Audit rows written, no entry yet and no lock: other transactions' appends are not held up by this one.
      expect(await ledgerSize(tx)).toBe(before);
      expect(await advisoryLocksHeld(tx)).toBe(0);
      return [first, ...rest];
    });
    const { rows, report } = await ledgerState(handle.db);
    expect(rows.slice(before).map((r) => Number(r.audit_event_id))).toEqual(ids);
    expect(rows.slice(before).map((r) => JSON.parse(r.entry).action)).toEqual(['test.first', 'test.second', 'test.third']);
    expect(JSON.parse(rows[before + 2].entry).hashes).toEqual({ sha256: 'cd'.repeat(32) });
    expect(report.problems).toEqual([]);
  });

  it('leaves nothing when the transaction fails, audit rows and entries alike', async () => {
    const before = await ledgerState(handle.db);
    await expect(
      withDeferredLedger(handle.db, async (tx) => {
        await recordAudit(tx, system, { action: 'test.doomed', subjectType: 'thing', subjectId: 'x' });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    const after = await ledgerState(handle.db);
    expect(after.rows.length).toBe(before.rows.length);
    const doomed = await handle.db.selectFrom('audit_events').select('id').where('action', '=', 'test.doomed').execute();
    expect(doomed).toEqual([]);
    expect(after.report.problems).toEqual([]);
  });

  it('appends what is queued when the transaction takes the lock, and appends at once after that', async () => {
    const before = await ledgerSize(handle.db);
    await withDeferredLedger(handle.db, async (tx) => {
      await recordAudit(tx, system, { action: 'test.queued', subjectType: 'thing', subjectId: 'q' });
      expect(await ledgerSize(tx)).toBe(before);
      // An export reads the ledger after taking its lock: what this transaction recorded must be in what it reads.
      await lockLedger(tx);
      expect(await ledgerSize(tx)).toBe(before + 1);
      expect(await advisoryLocksHeld(tx)).toBe(1);
      await recordAudit(tx, system, { action: 'test.after_lock', subjectType: 'thing', subjectId: 'q' });
      expect(await ledgerSize(tx)).toBe(before + 2);
    });
    const { rows, report } = await ledgerState(handle.db);
    expect(rows.slice(before).map((r) => JSON.parse(r.entry).action)).toEqual(['test.queued', 'test.after_lock']);
    expect(report.problems).toEqual([]);
  });

  it('a transaction that records nothing appends nothing and takes no lock', async () => {
    const before = await ledgerSize(handle.db);
    const locks = await withDeferredLedger(handle.db, async (tx) => advisoryLocksHeld(tx));
    expect(locks).toBe(0);
    expect(await ledgerSize(handle.db)).toBe(before);
  });

  it('keeps sequence numbers dense and the tree whole with many transactions at once, deferred or not', async () => {
    const before = await ledgerSize(handle.db);
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        i % 2 === 0
          ? withDeferredLedger(handle.db, async (tx) => {
              await recordAudit(tx, system, { action: 'test.concurrent', subjectType: 'thing', subjectId: `d${i}` });
              await recordAudit(tx, system, { action: 'test.concurrent', subjectType: 'thing', subjectId: `d${i}` });
            })
          : recordAudit(handle.db, system, { action: 'test.concurrent', subjectType: 'thing', subjectId: `n${i}` }),
      ),
    );
    const { rows, memoryRoot, report } = await ledgerState(handle.db);
    expect(rows.length).toBe(before + 12);
    expect(rows.map((r) => Number(r.seq))).toEqual(rows.map((_, i) => i));
    expect(report.problems).toEqual([]);
    expect(report.root).toBe(memoryRoot);
  });

  it('appends a batch in one statement and reads back the frontier the in-memory tree folds', async () => {
    await withDeferredLedger(handle.db, async (tx) => {
      await recordAudits(
        tx,
        system,
        Array.from({ length: 300 }, (_, i) => ({ action: 'test.bulk', subjectType: 'thing', subjectId: `b${i}`, details: { i } })),
      );
    });
    const { rows, memoryRoot, report } = await ledgerState(handle.db);
    expect(report.problems).toEqual([]);
    expect(report.root).toBe(memoryRoot);
    const read = await readFrontier(handle.db);
    expect(read.size).toBe(rows.length);
    // The frontier read in SQL is the node list the in-memory tree would fold for the root.
    expect(read.levels).toEqual(rootPlan(rows.length).map((c) => c.level));
    expect(read.frontier.every((h) => h instanceof Uint8Array && h.length === 32)).toBe(true);
  });
});
