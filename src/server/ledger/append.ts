import type { Kysely } from 'kysely';
import { parseEntryText, type LedgerEntry } from '../../core/ledger/entry.ts';
import { hashLeaf, toHex } from '../../core/ledger/hashing.ts';
import { appendToFrontier, frontierCoords } from '../../core/ledger/merkle.ts';
import type { Database } from '../db/schema.ts';
import { insertEntryColumns, insertNodeColumns, ledgerSize, readNodes, takeAdvisoryLock } from './repository.ts';

/** Appends to the ledger are serialised by this transaction-scoped advisory lock ("reckon" in ASCII). */
const LEDGER_LOCK = 0x7265636b6f6e;
/** Rows per insert statement, bounding one statement's memory on the server. */
const CHUNK = 10_000;

export interface PendingEntry {
  entry: Omit<LedgerEntry, 'seq'>;
  auditEventId: number | null;
}

/**
 * Takes the ledger's append lock for the rest of the caller's transaction, before anything is read that later
 * appends must agree with (an export counts an item's custody events before recording its own).
 */
export async function lockLedger(tx: Kysely<Database>): Promise<void> {
  if (!tx.isTransaction) throw new Error('the ledger lock is taken inside a transaction');
  await takeAdvisoryLock(tx, LEDGER_LOCK);
}

/**
 * Appends entries to the Merkle log inside the caller's transaction: the lock makes sequence numbers dense and the
 * frontier consistent; only O(log n) nodes are read and about two written per entry. Must run in a transaction so
 * the entries commit (or vanish) together with the change they record.
 */
export async function appendEntries(tx: Kysely<Database>, pending: readonly PendingEntry[]): Promise<number[]> {
  if (!tx.isTransaction) throw new Error('ledger appends must run inside a transaction');
  if (pending.length === 0) return [];
  await takeAdvisoryLock(tx, LEDGER_LOCK);
  let size = await ledgerSize(tx);
  const coords = frontierCoords(size);
  const hashes = await readNodes(tx, coords);
  const missing = hashes.findIndex((h) => !h);
  if (missing >= 0) throw new Error(`ledger node (${coords[missing].level}, ${coords[missing].index}) is missing: run reckon verify`);
  let frontier = hashes as Uint8Array[];
  const encoder = new TextEncoder();
  const entries = { seq: [] as number[], audit: [] as (number | null)[], text: [] as string[], leaf: [] as string[] };
  const nodes = { level: [] as number[], idx: [] as number[], hash: [] as string[] };
  const seqs: number[] = [];
  for (const item of pending) {
    const { text } = parseEntryText({ seq: size, ...item.entry });
    const leaf = hashLeaf(encoder.encode(text));
    const appended = appendToFrontier(size, frontier, leaf);
    frontier = appended.frontier;
    for (const n of appended.writes) {
      nodes.level.push(n.level);
      nodes.idx.push(n.index);
      nodes.hash.push(toHex(n.hash));
    }
    entries.seq.push(size);
    entries.audit.push(item.auditEventId);
    entries.text.push(text);
    entries.leaf.push(toHex(leaf));
    seqs.push(size);
    size++;
  }
  // One statement per table with array parameters (unnest): the parameter count stays at four however many rows,
  // and the server parses one short statement instead of thousands of placeholders.
  for (let i = 0; i < entries.seq.length; i += CHUNK) {
    const part = <T>(xs: T[]) => xs.slice(i, i + CHUNK);
    await insertEntryColumns(tx, { seq: part(entries.seq), audit: part(entries.audit), text: part(entries.text), leaf: part(entries.leaf) });
  }
  for (let i = 0; i < nodes.level.length; i += CHUNK) {
    const part = <T>(xs: T[]) => xs.slice(i, i + CHUNK);
    await insertNodeColumns(tx, { level: part(nodes.level), idx: part(nodes.idx), hash: part(nodes.hash) });
  }
  return seqs;
}
