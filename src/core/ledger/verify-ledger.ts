/**
 * Checks stored ledger entries against the signed checkpoint history (and, when the server keeps them, the leaf
 * hashes in its node store), and reports every discrepancy precisely. This is the engine behind `reckon verify`.
 *
 * What each source proves:
 *  - checkpoints (signed roots) prove what the log looked like when they were issued; a root that the current
 *    entries cannot reproduce means the history was changed, or the checkpoint belongs to a fork;
 *  - recorded leaf hashes (level 0 of the node store) pin each sequence number to one entry, so an edit, a deletion,
 *    an insertion or a move is located to the exact entry rather than to a range between two checkpoints.
 */
import type { Checkpoint } from './checkpoint.ts';
import { EntryError, entryLeafHash, parseEntry, type LedgerEntry } from './entry.ts';
import { equalBytes, toHex } from './hashing.ts';
import { MerkleTree } from './merkle.ts';
import { MemoryNodeStore } from './node-store.ts';

export type DiscrepancyKind =
  | 'invalid-entry'
  | 'duplicate-seq'
  | 'edited'
  | 'deleted'
  | 'inserted'
  | 'reordered'
  | 'checkpoint-mismatch'
  | 'truncated'
  | 'fork';

export interface Discrepancy {
  kind: DiscrepancyKind;
  /** The entry's sequence number, when the discrepancy is about one entry. */
  seq?: number;
  /** For 'reordered': the sequence number whose recorded content this entry carries. */
  recordedSeq?: number;
  /** For checkpoint discrepancies: the checkpoint's tree size. */
  checkpointSize?: number;
  /** For checkpoint mismatches not explained by a located entry: the sequence range [from, to) that changed. */
  range?: [number, number];
  message: string;
}

export interface LedgerVerificationInput {
  /** Entries as stored (any order; each is validated). Values may be untrusted rows. */
  entries: readonly unknown[];
  /** Checkpoints as kept, already signature-checked by the caller (see openCheckpoint). */
  checkpoints: readonly Checkpoint[];
  /** Leaf hashes from the node store, indexed by sequence number (optional but makes reports exact). */
  recordedLeafHashes?: readonly (Uint8Array | undefined)[];
  /** How far a moved entry is looked for around its own position (default 64). */
  moveWindow?: number;
  /** Most candidate hashes spent looking for moved entries (default 1,000,000). */
  moveSearchBudget?: number;
}

export interface LedgerVerificationReport {
  ok: boolean;
  entryCount: number;
  treeSize: number;
  root: string;
  checkpointsChecked: number;
  discrepancies: Discrepancy[];
}

const MOVE_SEARCH_BUDGET = 1_000_000;

function withSeq(entry: LedgerEntry, seq: number): LedgerEntry {
  return { ...entry, seq };
}

export function verifyLedger(input: LedgerVerificationInput): LedgerVerificationReport {
  const discrepancies: Discrepancy[] = [];
  const bySeq = new Map<number, { entry: LedgerEntry; leaf: Uint8Array }>();
  let maxSeq = -1;
  input.entries.forEach((raw, position) => {
    let entry: LedgerEntry;
    try {
      entry = parseEntry(raw, `entry #${position}`);
    } catch (error) {
      if (!(error instanceof EntryError)) throw error;
      const seq = typeof (raw as { seq?: unknown })?.seq === 'number' ? (raw as { seq: number }).seq : undefined;
      discrepancies.push({ kind: 'invalid-entry', seq, message: error.message });
      return;
    }
    if (bySeq.has(entry.seq)) {
      discrepancies.push({ kind: 'duplicate-seq', seq: entry.seq, message: `sequence number ${entry.seq} is stored more than once (entry #${position} is an extra row)` });
      return;
    }
    bySeq.set(entry.seq, { entry, leaf: entryLeafHash(entry) });
    if (entry.seq > maxSeq) maxSeq = entry.seq;
  });

  const recorded = input.recordedLeafHashes;
  // Sequence numbers whose first discrepancy is located, to tell explained checkpoint mismatches from forks.
  const located: number[] = [];
  if (recorded) {
    locateAgainstRecorded(bySeq, maxSeq, recorded, input.moveWindow ?? 64, input.moveSearchBudget ?? MOVE_SEARCH_BUDGET, discrepancies, located);
  } else {
    for (let seq = 0; seq < maxSeq; seq++) {
      if (!bySeq.has(seq)) {
        discrepancies.push({ kind: 'deleted', seq, message: `entry ${seq} is missing (entries up to ${maxSeq} exist)` });
        located.push(seq);
      }
    }
  }
  for (const d of discrepancies) if ((d.kind === 'invalid-entry' || d.kind === 'duplicate-seq') && d.seq !== undefined) located.push(d.seq);

  // The tree the stored entries make now: entries in sequence order, stopping at the first gap, since a leaf
  // cannot be placed without all those before it.
  const tree = new MerkleTree(new MemoryNodeStore());
  for (let seq = 0; bySeq.has(seq); seq++) tree.appendLeafHash(bySeq.get(seq)!.leaf);
  // A loop, not Math.min(...located): a spread of millions of values overflows the stack.
  let firstLocated = Infinity;
  for (const seq of located) if (seq < firstLocated) firstLocated = seq;

  checkCheckpoints(input.checkpoints, tree, maxSeq + 1, firstLocated, discrepancies);

  return {
    ok: discrepancies.length === 0,
    entryCount: bySeq.size,
    treeSize: tree.size,
    root: toHex(tree.root()),
    checkpointsChecked: input.checkpoints.length,
    discrepancies,
  };
}

function locateAgainstRecorded(
  bySeq: Map<number, { entry: LedgerEntry; leaf: Uint8Array }>,
  maxSeq: number,
  recorded: readonly (Uint8Array | undefined)[],
  window: number,
  searchBudget: number,
  out: Discrepancy[],
  located: number[],
): void {
  const limit = Math.max(maxSeq + 1, recorded.length);
  const accounted = new Uint8Array(limit);
  const matchedAt = new Map<number, number>();
  const mismatched: number[] = [];
  const mismatchedSet = new Set<number>();
  for (let seq = 0; seq < limit; seq++) {
    const stored = bySeq.get(seq);
    const rec = recorded[seq];
    if (stored && rec && equalBytes(stored.leaf, rec)) {
      accounted[seq] = 1;
      matchedAt.set(seq, seq);
    } else if (stored) {
      mismatched.push(seq);
      mismatchedSet.add(seq);
    }
  }
  // A mismatched entry that, renumbered, reproduces another position's recorded leaf has been moved there from.
  // Each candidate costs one canonical encoding and hash; a budget keeps a wholesale rewrite of millions of
  // entries from turning the search quadratic (beyond it, mismatches are reported as edits).
  let budget = searchBudget;
  for (const seq of mismatched) {
    const { entry } = bySeq.get(seq)!;
    for (let delta = 1; delta <= window && budget > 0; delta++) {
      budget -= 2;
      const found = [seq + delta, seq - delta].find((t) => t >= 0 && t < recorded.length && !accounted[t] && recorded[t] && equalBytes(entryLeafHash(withSeq(entry, t)), recorded[t]!));
      if (found !== undefined) {
        accounted[found] = 1;
        matchedAt.set(seq, found);
        break;
      }
    }
  }
  const events: Discrepancy[] = [];
  for (const seq of mismatched) {
    const t = matchedAt.get(seq);
    if (t !== undefined) {
      events.push({ kind: 'reordered', seq, recordedSeq: t, message: `entry ${seq} holds the entry recorded at position ${t} (renumbered or moved)` });
    } else if (recorded[seq] && !accounted[seq]) {
      accounted[seq] = 1;
      events.push({ kind: 'edited', seq, message: `entry ${seq} differs from its recorded leaf hash ${toHex(recorded[seq]!).slice(0, 16)}…: its content was changed` });
    } else {
      events.push({ kind: 'inserted', seq, message: recorded[seq] ? `entry ${seq} matches no recorded leaf: it was inserted` : `entry ${seq} is beyond the recorded tree (size ${recorded.length}): it was inserted without being logged` });
    }
  }
  for (let seq = 0; seq < recorded.length; seq++) {
    if (recorded[seq] && !accounted[seq]) {
      events.push({ kind: 'deleted', seq, message: `entry ${seq} recorded in the tree is missing from the stored entries` });
    } else if (!recorded[seq] && bySeq.has(seq) && !mismatchedSet.has(seq)) {
      events.push({ kind: 'inserted', seq, message: `entry ${seq} has no recorded leaf hash` });
    }
  }
  events.sort((a, b) => a.seq! - b.seq!);
  for (const e of events) located.push(e.seq!);
  out.push(...events);
}

function checkCheckpoints(
  checkpoints: readonly Checkpoint[],
  tree: MerkleTree,
  storedSeqLimit: number,
  firstLocated: number,
  out: Discrepancy[],
): void {
  const sorted = [...checkpoints].sort((a, b) => a.size - b.size);
  const rootBySize = new Map<number, Uint8Array>();
  let lastGoodSize = 0;
  for (const cp of sorted) {
    const seen = rootBySize.get(cp.size);
    if (seen && !equalBytes(seen, cp.root)) {
      out.push({ kind: 'fork', checkpointSize: cp.size, message: `two checkpoints of tree size ${cp.size} have different roots: the log was forked` });
      continue;
    }
    rootBySize.set(cp.size, cp.root);
    if (cp.size > tree.size) {
      const reason =
        storedSeqLimit > tree.size
          ? `entries after ${tree.size - 1} cannot be placed because of the gap at ${tree.size}`
          : `only ${tree.size} entries are stored`;
      out.push({ kind: 'truncated', checkpointSize: cp.size, range: [tree.size, cp.size], message: `checkpoint of tree size ${cp.size} covers entries that are gone: ${reason}` });
      continue;
    }
    if (equalBytes(tree.root(cp.size), cp.root)) {
      lastGoodSize = Math.max(lastGoodSize, cp.size);
      continue;
    }
    if (firstLocated < cp.size) {
      out.push({ kind: 'checkpoint-mismatch', checkpointSize: cp.size, message: `checkpoint of tree size ${cp.size} no longer matches; explained by the change at entry ${firstLocated}` });
    } else {
      out.push({
        kind: 'fork',
        checkpointSize: cp.size,
        range: [lastGoodSize, cp.size],
        message: `checkpoint of tree size ${cp.size} is not consistent with the current tree: an entry in ${lastGoodSize}..${cp.size - 1} was changed, or the checkpoint was issued from a forked log`,
      });
    }
  }
}
