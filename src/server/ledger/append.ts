import { sql, type Kysely } from 'kysely';
import { canonicalize } from '../../core/ledger/canonical-json.ts';
import { parseEntry, type LedgerEntry } from '../../core/ledger/entry.ts';
import { hashLeaf } from '../../core/ledger/hashing.ts';
import { appendToFrontier, frontierCoords } from '../../core/ledger/merkle.ts';
import type { NodeCoord, StoredNode } from '../../core/ledger/node-store.ts';
import type { Database } from '../db/schema.ts';

/** Appends to the ledger are serialised by this transaction-scoped advisory lock ("reckon" in ASCII). */
const LEDGER_LOCK = 0x7265636b6f6e;

export interface PendingEntry {
  entry: Omit<LedgerEntry, 'seq'>;
  auditEventId: number | null;
}

export async function ledgerSize(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('ledger_entries')
    .select(sql<number>`coalesce(max(seq) + 1, 0)`.as('size'))
    .executeTakeFirstOrThrow();
  return Number(row.size);
}

export async function readNodes(db: Kysely<Database>, coords: readonly NodeCoord[]): Promise<(Uint8Array | undefined)[]> {
  if (coords.length === 0) return [];
  const rows = await db
    .selectFrom('ledger_nodes')
    .select(['level', 'idx', 'hash'])
    .where((eb) => eb.or(coords.map((c) => eb.and([eb('level', '=', c.level), eb('idx', '=', c.index)]))))
    .execute();
  const found = new Map(rows.map((r) => [`${r.level}:${Number(r.idx)}`, new Uint8Array(r.hash)]));
  return coords.map((c) => found.get(`${c.level}:${c.index}`));
}

/**
 * Appends entries to the Merkle log inside the caller's transaction: the lock makes sequence numbers dense and the
 * frontier consistent; only O(log n) nodes are read and about two written per entry. Must run in a transaction so
 * the entries commit (or vanish) together with the change they record.
 */
export async function appendEntries(tx: Kysely<Database>, pending: readonly PendingEntry[]): Promise<number[]> {
  if (!tx.isTransaction) throw new Error('ledger appends must run inside a transaction');
  if (pending.length === 0) return [];
  await sql`select pg_advisory_xact_lock(${LEDGER_LOCK})`.execute(tx);
  let size = await ledgerSize(tx);
  const coords = frontierCoords(size);
  const hashes = await readNodes(tx, coords);
  const missing = hashes.findIndex((h) => !h);
  if (missing >= 0) throw new Error(`ledger node (${coords[missing].level}, ${coords[missing].index}) is missing: run reckon verify`);
  let frontier = hashes as Uint8Array[];
  const entryRows: { seq: number; audit_event_id: number | null; entry: string; leaf_hash: Uint8Array }[] = [];
  const nodeRows: StoredNode[] = [];
  const seqs: number[] = [];
  for (const item of pending) {
    const entry = parseEntry({ seq: size, ...item.entry });
    const text = canonicalize(entry);
    const leaf = hashLeaf(new TextEncoder().encode(text));
    const appended = appendToFrontier(size, frontier, leaf);
    frontier = appended.frontier;
    nodeRows.push(...appended.writes);
    entryRows.push({ seq: size, audit_event_id: item.auditEventId, entry: text, leaf_hash: leaf });
    seqs.push(size);
    size++;
  }
  // Bounded batches keep each statement's parameter count far below PostgreSQL's limit of 65,535.
  for (let i = 0; i < entryRows.length; i += 2000) await tx.insertInto('ledger_entries').values(entryRows.slice(i, i + 2000)).execute();
  for (let i = 0; i < nodeRows.length; i += 4000) {
    await tx
      .insertInto('ledger_nodes')
      .values(nodeRows.slice(i, i + 4000).map((n) => ({ level: n.level, idx: n.index, hash: n.hash })))
      .execute();
  }
  return seqs;
}
