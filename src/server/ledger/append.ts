import type { Kysely } from 'kysely';
import { parseEntryText, type LedgerEntry } from '../../core/ledger/entry.ts';
import { hashLeaf, toHex } from '../../core/ledger/hashing.ts';
import { appendToFrontier } from '../../core/ledger/merkle.ts';
import type { Database } from '../db/schema.ts';
import { insertAppended, readFrontier, takeAdvisoryLock } from './repository.ts';

/** Appends to the ledger are serialised by this transaction-scoped advisory lock ("reckon" in ASCII). */
const LEDGER_LOCK = 0x7265636b6f6e;
/** Rows per insert statement, bounding one statement's memory on the server. */
const CHUNK = 10_000;

export interface PendingEntry {
  entry: Omit<LedgerEntry, 'seq'>;
  auditEventId: number | null;
}

/** Entries queued by transactions opened with `withDeferredLedger`, appended just before their commit. */
const deferred = new WeakMap<Kysely<Database>, PendingEntry[]>();

/**
 * Runs `work` in a transaction whose ledger entries are appended together just before it commits, rather than each
 * when its audit row is written. The append lock serialises every process's appends and is held to the commit, so
 * taken at the first audit event it would cover all the rest of the transaction (an upload's file rows, job and
 * search indexing); taken at the end it covers the append and the commit alone. The entries still commit (or
 * vanish) with the change they record. Anything in the transaction that reads the ledger or takes its lock first
 * appends what is queued (`lockLedger`, `appendEntries`), so the order within the transaction is kept.
 */
export async function withDeferredLedger<T>(db: Kysely<Database>, work: (tx: Kysely<Database>) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (tx) => {
    deferred.set(tx, []);
    const result = await work(tx);
    await appendEntries(tx, []);
    return result;
  });
}

/** Appends the entries now, or, in a transaction opened by `withDeferredLedger`, just before it commits. */
export async function queueEntries(tx: Kysely<Database>, pending: readonly PendingEntry[]): Promise<void> {
  const queue = deferred.get(tx);
  if (queue) queue.push(...pending);
  else await appendEntries(tx, pending);
}

/**
 * Takes the ledger's append lock for the rest of the caller's transaction, before anything is read that later
 * appends must agree with (an export counts an item's custody events before recording its own). Entries the
 * transaction queued are appended at once, so what is read next includes them, and so are its later ones.
 */
export async function lockLedger(tx: Kysely<Database>): Promise<void> {
  if (!tx.isTransaction) throw new Error('the ledger lock is taken inside a transaction');
  if (deferred.get(tx)?.length) {
    await appendEntries(tx, []);
    return;
  }
  deferred.delete(tx);
  await takeAdvisoryLock(tx, LEDGER_LOCK);
}

/**
 * Appends entries to the Merkle log inside the caller's transaction: the lock makes sequence numbers dense and the
 * frontier consistent; only O(log n) nodes are read and about two written per entry. Must run in a transaction so
 * the entries commit (or vanish) together with the change they record. Entries the transaction queued
 * (`withDeferredLedger`) are appended first; the sequence numbers returned are those of `given`.
 */
export async function appendEntries(tx: Kysely<Database>, given: readonly PendingEntry[]): Promise<number[]> {
  if (!tx.isTransaction) throw new Error('ledger appends must run inside a transaction');
  // What the transaction queued goes first, in the order it was recorded. Once the lock is held to the commit,
  // deferring gains nothing, so later entries of the transaction are appended at once (and its reads see them).
  const queued = deferred.get(tx) ?? [];
  const pending = queued.length > 0 ? [...queued, ...given] : given;
  if (pending.length === 0) return [];
  deferred.delete(tx);
  await takeAdvisoryLock(tx, LEDGER_LOCK);
  // The size and the frontier in one statement (after the lock, so it sees every append committed before).
  const read = await readFrontier(tx);
  let size = read.size;
  const missing = read.frontier.findIndex((h) => !h);
  if (missing >= 0) throw new Error(`ledger node (${read.levels[missing]}, ${Math.floor(size / 2 ** read.levels[missing]) - 1}) is missing: run reckon verify`);
  let frontier = read.frontier as Uint8Array[];
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
  // Entries and nodes in one statement with array parameters (unnest), per CHUNK rows of each: the parameter count
  // stays at seven however many rows, and the lock is held for one more round trip, not two.
  for (let i = 0; i < Math.max(entries.seq.length, nodes.level.length); i += CHUNK) {
    const part = <T>(xs: T[]) => xs.slice(i, i + CHUNK);
    await insertAppended(
      tx,
      { seq: part(entries.seq), audit: part(entries.audit), text: part(entries.text), leaf: part(entries.leaf) },
      { level: part(nodes.level), idx: part(nodes.idx), hash: part(nodes.hash) },
    );
  }
  return seqs.slice(queued.length);
}
