import { describe, expect, it } from 'vitest';
import type { Checkpoint } from './checkpoint.ts';
import { EntryError, encodeEntry, entryLeafHash, parseEntry, type LedgerEntry } from './entry.ts';
import { MerkleTree } from './merkle.ts';
import { MemoryNodeStore } from './node-store.ts';
import { verifyLedger, type LedgerVerificationInput } from './verify-ledger.ts';

function makeEntry(seq: number): LedgerEntry {
  return {
    seq,
    time: new Date(Date.UTC(2026, 10, 22, 10, 0, seq)).toISOString(),
    actor: `user-${seq % 3}`,
    action: seq % 2 ? 'item.view' : 'item.ingest',
    subject: { type: 'item', id: `item-${seq}` },
    details: { note: `event ${seq}`, n: seq },
    hashes: { sha256: 'a'.repeat(64) },
  };
}

/** A log of n entries with checkpoints at the given sizes, as the server would have recorded it. */
function makeLog(n: number, checkpointSizes: number[]): { entries: LedgerEntry[]; checkpoints: Checkpoint[]; recorded: Uint8Array[] } {
  const entries = Array.from({ length: n }, (_, i) => makeEntry(i));
  const tree = new MerkleTree(new MemoryNodeStore());
  const checkpoints: Checkpoint[] = [];
  const recorded: Uint8Array[] = [];
  for (const e of entries) {
    recorded.push(entryLeafHash(e));
    tree.appendLeafHash(recorded[recorded.length - 1]);
    if (checkpointSizes.includes(tree.size)) checkpoints.push({ origin: 'test/log', size: tree.size, root: tree.root(), extensions: [] });
  }
  return { entries, checkpoints, recorded };
}

const kinds = (input: LedgerVerificationInput): string[] =>
  verifyLedger(input).discrepancies.map((d) => `${d.kind}:${d.seq ?? ''}${d.recordedSeq !== undefined ? `<-${d.recordedSeq}` : ''}${d.checkpointSize !== undefined ? `@${d.checkpointSize}` : ''}`);

describe('ledger entry', () => {
  it('encodes canonically, independent of field order', () => {
    const e = makeEntry(3);
    const shuffled = { hashes: e.hashes, details: { n: 3, note: 'event 3' }, subject: { id: 'item-3', type: 'item' }, action: e.action, actor: e.actor, time: e.time, seq: 3 };
    expect(Buffer.from(encodeEntry(parseEntry(shuffled))).toString()).toBe(Buffer.from(encodeEntry(e)).toString());
    expect(Buffer.from(encodeEntry(e)).toString()).toMatch(/^\{"action":"item.view","actor":"user-0","details":\{"n":3,"note":"event 3"\}/);
  });

  it('refuses bad fields, naming them', () => {
    const bad = (patch: Record<string, unknown>, field: RegExp): void => {
      expect(() => parseEntry({ ...makeEntry(1), ...patch })).toThrow(EntryError);
      expect(() => parseEntry({ ...makeEntry(1), ...patch })).toThrow(field);
    };
    bad({ seq: -1 }, /entry\.seq/);
    bad({ seq: 1.5 }, /entry\.seq/);
    bad({ time: '2026-11-22 10:00' }, /entry\.time/);
    bad({ time: '2026-02-31T00:00:00Z' }, /entry\.time/);
    bad({ actor: '' }, /entry\.actor/);
    bad({ actor: 'x'.repeat(2000) }, /entry\.actor/);
    bad({ subject: { type: 'item' } }, /entry\.subject\.id/);
    bad({ subject: { type: 'item', id: 'x', extra: 1 } }, /entry\.subject\.extra/);
    bad({ hashes: { md5: 'a'.repeat(32) } }, /entry\.hashes\.md5/);
    bad({ hashes: { sha256: 'A'.repeat(64) } }, /entry\.hashes\.sha256/);
    bad({ details: { x: Number.NaN } }, /entry\.details\.x/);
    bad({ details: [1] }, /entry\.details/);
    bad({ sneaky: true }, /entry\.sneaky/);
    expect(() => parseEntry(null)).toThrow(/entry: must be an object/);
  });
});

describe('verifyLedger', () => {
  const { entries, checkpoints, recorded } = makeLog(40, [5, 16, 30, 40]);

  it('passes an untouched log', () => {
    const report = verifyLedger({ entries, checkpoints, recordedLeafHashes: recorded });
    expect(report.discrepancies).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.treeSize).toBe(40);
    expect(report.checkpointsChecked).toBe(4);
  });

  it('names an edited entry exactly, and the checkpoints it breaks', () => {
    const edited = entries.map((e) => (e.seq === 12 ? { ...e, actor: 'someone-else' } : e));
    expect(kinds({ entries: edited, checkpoints, recordedLeafHashes: recorded })).toEqual([
      'edited:12',
      'checkpoint-mismatch:@16',
      'checkpoint-mismatch:@30',
      'checkpoint-mismatch:@40',
    ]);
  });

  it('without recorded leaves, narrows an edit to the range between checkpoints', () => {
    const edited = entries.map((e) => (e.seq === 12 ? { ...e, details: { note: 'changed' } } : e));
    const report = verifyLedger({ entries: edited, checkpoints });
    expect(report.discrepancies[0]).toMatchObject({ kind: 'fork', checkpointSize: 16, range: [5, 16] });
    expect(report.ok).toBe(false);
  });

  it('names a deleted entry', () => {
    const without = entries.filter((e) => e.seq !== 20);
    expect(kinds({ entries: without, checkpoints, recordedLeafHashes: recorded })).toEqual(['deleted:20', 'truncated:@30', 'truncated:@40']);
    expect(kinds({ entries: without, checkpoints })).toEqual(['deleted:20', 'truncated:@30', 'truncated:@40']);
  });

  it('names a deletion hidden by renumbering the later entries', () => {
    const renumbered = entries.filter((e) => e.seq !== 20).map((e) => (e.seq > 20 ? { ...e, seq: e.seq - 1 } : e));
    const found = kinds({ entries: renumbered, checkpoints, recordedLeafHashes: recorded });
    expect(found[0]).toBe('reordered:20<-21');
    expect(found).toContain('deleted:20');
    expect(found).toContain('reordered:38<-39');
    expect(found).toContain('truncated:@40');
  });

  it('names an inserted entry, at the end and in the middle', () => {
    const appended = [...entries, makeEntry(40)];
    expect(kinds({ entries: appended, checkpoints, recordedLeafHashes: recorded })).toEqual(['inserted:40']);
    const shifted = [...entries.slice(0, 10), { ...makeEntry(10), actor: 'intruder' }, ...entries.slice(10).map((e) => ({ ...e, seq: e.seq + 1 }))];
    const found = kinds({ entries: shifted, checkpoints, recordedLeafHashes: recorded });
    expect(found[0]).toBe('inserted:10');
    expect(found).toContain('reordered:11<-10');
  });

  it('names two swapped entries as reordered', () => {
    const swapped = entries.map((e) => (e.seq === 7 ? { ...entries[8], seq: 7 } : e.seq === 8 ? { ...entries[7], seq: 8 } : e));
    expect(kinds({ entries: swapped, checkpoints, recordedLeafHashes: recorded })).toEqual([
      'reordered:7<-8',
      'reordered:8<-7',
      'checkpoint-mismatch:@16',
      'checkpoint-mismatch:@30',
      'checkpoint-mismatch:@40',
    ]);
  });

  it('reports a forked tree: a checkpoint the current, internally consistent tree cannot reproduce', () => {
    const fork = makeLog(40, [30]);
    const otherHistory = fork.entries.map((e) => (e.seq === 3 ? { ...e, action: 'item.delete' } : e));
    // The whole history was rewritten consistently (entries and node store), but the old checkpoint survives.
    const rewritten = otherHistory.map((e) => entryLeafHash(e));
    const found = verifyLedger({ entries: otherHistory, checkpoints: fork.checkpoints, recordedLeafHashes: rewritten });
    expect(found.discrepancies).toEqual([expect.objectContaining({ kind: 'fork', checkpointSize: 30, range: [0, 30] })]);
  });

  it('reports two checkpoints of the same size with different roots as a fork', () => {
    const forged = { ...checkpoints[1], root: checkpoints[2].root };
    expect(kinds({ entries, checkpoints: [...checkpoints, forged], recordedLeafHashes: recorded })).toEqual(['fork:@16']);
  });

  it('reports duplicate and invalid rows without stopping', () => {
    const rows: unknown[] = [...entries, { ...entries[4] }, { ...entries[5], time: 'yesterday' }];
    expect(kinds({ entries: rows, checkpoints, recordedLeafHashes: recorded })).toEqual(['duplicate-seq:4', 'invalid-entry:5']);
    expect(kinds({ entries: [42, 'x'], checkpoints: [] })).toEqual(['invalid-entry:', 'invalid-entry:']);
  });

  it('stays linear when every entry of a large log was rewritten', () => {
    const big = makeLog(2000, [2000]);
    const rewritten = big.entries.map((e) => ({ ...e, actor: 'rewriter' }));
    const report = verifyLedger({ entries: rewritten, checkpoints: big.checkpoints, recordedLeafHashes: big.recorded, moveSearchBudget: 1000 });
    expect(report.discrepancies.filter((d) => d.kind === 'edited')).toHaveLength(2000);
    expect(report.discrepancies.at(-1)).toMatchObject({ kind: 'checkpoint-mismatch', checkpointSize: 2000 });
  });

  it('handles an empty log', () => {
    const report = verifyLedger({ entries: [], checkpoints: [] });
    expect(report.ok).toBe(true);
    expect(report.root).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });
});
