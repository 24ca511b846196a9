import { describe, expect, it } from 'vitest';
import { signCheckpoint } from './checkpoint.ts';
import { entryLeafHash, type LedgerEntry } from './entry.ts';
import { MerkleTree } from './merkle.ts';
import { MemoryNodeStore } from './node-store.ts';
import { PROOF_FORMAT, makeConsistencyProofDocument, makeInclusionProofDocument, verifyProofDocument } from './proof-format.ts';
import { formatVerifierKey, generateSigner } from './signed-note.ts';

const signer = generateSigner('reckon.test/ledger', new Uint8Array(32).fill(1));
const publicKey = formatVerifierKey(signer);
const entries: LedgerEntry[] = Array.from({ length: 21 }, (_, seq) => ({
  seq,
  time: '2026-11-22T10:00:00Z',
  actor: 'tester',
  action: 'item.ingest',
  subject: { type: 'item', id: `i${seq}` },
  details: {},
  hashes: {},
}));
const tree = new MerkleTree(new MemoryNodeStore());
for (const e of entries) tree.appendLeafHash(entryLeafHash(e));
const checkpointAt = (size: number): string => signCheckpoint({ origin: 'reckon.test/ledger', size, root: tree.root(size), extensions: [] }, [signer]);

const inclusion = (index: number, size: number, extra: object = {}): object =>
  makeInclusionProofDocument({ treeSize: size, leafIndex: index, leafHash: tree.leafHash(index), proof: tree.inclusionProof(index, size), checkpoint: checkpointAt(size), publicKey, ...extra });

describe('proof documents', () => {
  it('verifies an inclusion proof against a signed checkpoint, with the entry itself', () => {
    const report = verifyProofDocument(inclusion(7, 21, { entry: entries[7] }));
    expect(report.checks).toEqual([expect.objectContaining({ ok: true, path: '$' })]);
    expect(report.ok).toBe(true);
    expect(report.warnings.join()).toMatch(/public key inside the file/);
    expect(verifyProofDocument(inclusion(7, 21), { publicKey }).warnings).toEqual([]);
  });

  it('verifies a consistency proof between two signed checkpoints', () => {
    const doc = makeConsistencyProofDocument({ firstSize: 6, secondSize: 21, proof: tree.consistencyProof(6, 21), firstCheckpoint: checkpointAt(6), secondCheckpoint: checkpointAt(21) });
    expect(verifyProofDocument(doc, { publicKey }).ok).toBe(true);
    const swapped = { ...doc, firstCheckpoint: checkpointAt(7), firstSize: 7 };
    expect(verifyProofDocument(swapped, { publicKey }).checks[0].message).toMatch(/consistency proof/);
  });

  it('refuses an edited entry, a forged checkpoint, a foreign key and a size beyond the log', () => {
    const edited = verifyProofDocument(inclusion(7, 21, { entry: { ...entries[7], actor: 'mallory' } }), { publicKey });
    expect(edited.ok).toBe(false);
    expect(edited.checks[0].message).toMatch(/entry was altered/);

    const forgedNote = checkpointAt(21).replace('\n21\n', '\n22\n');
    const forged = verifyProofDocument({ ...inclusion(7, 21), checkpoint: forgedNote, treeSize: 22 }, { publicKey });
    expect(forged.checks[0].message).toMatch(/does not verify/);

    const mallory = generateSigner('reckon.test/ledger');
    const foreign = verifyProofDocument({ ...inclusion(7, 21), publicKey: formatVerifierKey(mallory) }, { publicKey });
    expect(foreign.checks[0].message).toMatch(/not the key you gave/);

    const beyond = verifyProofDocument({ ...inclusion(3, 21), leafIndex: 25 }, { publicKey });
    expect(beyond.checks[0].message).toMatch(/leaf index 25 is not in a tree of size 21/);
  });

  it('names the member of a batch that fails', () => {
    const good = inclusion(1, 21);
    const bad = { ...inclusion(2, 21), proof: [] };
    const report = verifyProofDocument({ format: PROOF_FORMAT, type: 'batch', publicKey, proofs: [good, bad] }, { publicKey });
    expect(report.ok).toBe(false);
    expect(report.checks.map((c) => [c.path, c.ok])).toEqual([
      ['$.proofs[0]', true],
      ['$.proofs[1]', false],
    ]);
  });

  it('refuses malformed documents with the field at fault', () => {
    const msg = (doc: unknown): string => verifyProofDocument(doc, { publicKey }).checks.map((c) => c.message).join(' | ');
    expect(msg(null)).toMatch(/must hold a JSON object/);
    expect(msg({ format: 'other' })).toMatch(/\$\.format/);
    expect(msg({ ...inclusion(1, 21), type: 'nonsense' })).toMatch(/\$\.type/);
    expect(msg({ ...inclusion(1, 21), treeSize: -1 })).toMatch(/\$\.treeSize/);
    expect(msg({ ...inclusion(1, 21), leafHash: 'zz' })).toMatch(/\$\.leafHash/);
    expect(msg({ ...inclusion(1, 21), proof: ['00'] })).toMatch(/\$\.proof\[0\]/);
    expect(msg({ ...inclusion(1, 21), proof: Array(200).fill('0'.repeat(64)) })).toMatch(/more than 128/);
    expect(msg({ ...inclusion(1, 21), checkpoint: undefined, root: undefined })).toMatch(/no root and no checkpoint/);
    expect(msg({ ...inclusion(1, 21), publicKey: 'garbage' })).toMatch(/verifier key/);
    expect(msg({ format: PROOF_FORMAT, type: 'batch', proofs: [] })).toMatch(/1 to 100000 proofs/);
    expect(msg({ ...inclusion(1, 21), checkpoint: 'not a note' })).toMatch(/blank line/);
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(msg({ ...inclusion(1, 21), entry: { ...entries[1], details: { deep } } })).toMatch(/\$\.entry\.details\.deep.*nested deeper than 1000/);
  });

  it('warns when only a bare root or an unsigned checkpoint backs the proof', () => {
    const bare = makeInclusionProofDocument({ treeSize: 21, leafIndex: 4, leafHash: tree.leafHash(4), proof: tree.inclusionProof(4), root: tree.root() });
    const report = verifyProofDocument(bare);
    expect(report.ok).toBe(true);
    expect(report.warnings.join()).toMatch(/bare root hash/);
    const unsigned = verifyProofDocument({ ...inclusion(4, 21), publicKey: undefined });
    expect(unsigned.ok).toBe(true);
    expect(unsigned.warnings.join()).toMatch(/signature NOT checked/);
  });
});
