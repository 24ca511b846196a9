/**
 * checkEvidence on synthetic packages built here from the core engines (a signed checkpoint over a Merkle tree of
 * entries, their inclusion proofs): the binding rules one by one, and hostile content in the files it parses.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signCheckpoint } from '../ledger/checkpoint.ts';
import { encodeEntry, type LedgerEntry } from '../ledger/entry.ts';
import { MerkleTree } from '../ledger/merkle.ts';
import { MemoryNodeStore } from '../ledger/node-store.ts';
import { makeInclusionProofDocument, PROOF_FORMAT } from '../ledger/proof-format.ts';
import { formatVerifierKey, generateSigner } from '../ledger/signed-note.ts';
import { checkEvidence, type EvidenceInput } from './evidence.ts';

const ITEM = '11111111-1111-4111-8111-111111111111';
const FILE = '22222222-2222-4222-8222-222222222222';
const PKG = 'reckon-package-test';
const hex = (alg: string, data: string) => createHash(alg).update(data).digest('hex');
const enc = (v: unknown) => new TextEncoder().encode(typeof v === 'string' ? v : `${JSON.stringify(v, null, 2)}\n`);
const original = 'I saw it happen.\n';
const path = `data/items/${ITEM}/${FILE}-statement.txt`;
const signer = generateSigner('archive.example/ledger');

interface Parts {
  entries: Array<Omit<LedgerEntry, 'seq'>>;
  metadata: Record<string, unknown>;
  custody: unknown[];
}

function parts(): Parts {
  const file = { fileId: FILE, filename: 'statement.txt', originalFilename: 'statement.txt', sha256: hex('sha256', original), sha512: hex('sha512', original), size: original.length, role: 'original', derivedFrom: null, confidentiality: 'restricted', duplicate: false };
  const base = { actor: 'command line', subject: { type: 'item', id: ITEM }, hashes: {} as Record<string, string> };
  const entries: Parts['entries'] = [
    { ...base, time: '2026-01-01T00:00:00.000Z', action: 'item.created', details: { kind: 'document', title: 'Statement', confidentiality: 'restricted', tags: [], related: [] } },
    { ...base, time: '2026-01-01T00:00:01.000Z', action: 'item.file_added', details: file },
    { ...base, time: '2026-01-02T00:00:00.000Z', action: 'item.exported', details: { package: PKG, files: [{ path: `items/${ITEM}/${FILE}-statement.txt`, fileId: FILE, filename: 'statement.txt', role: 'original', size: file.size, sha256: file.sha256, sha512: file.sha512 }] } },
  ];
  const metadata = { id: ITEM, kind: 'document', title: 'Statement', description: '', languages: [], eventDate: null, place: { name: null, country: null, latitude: null, longitude: null }, providedBy: null, confidentiality: 'restricted', state: 'draft', tags: [], related: [], files: [{ id: FILE, sha256: file.sha256, sha512: file.sha512, size: file.size, filename: 'statement.txt', originalFilename: 'statement.txt', role: 'original', derivedFrom: null, confidentiality: 'restricted' }] };
  const custody = entries.map((e, i) => ({ id: i + 1, at: e.time, actorName: e.actor, action: e.action, subjectType: 'item', subjectId: ITEM, details: e.details }));
  return { entries, metadata, custody };
}

function input(p: Parts = parts(), payload = original): EvidenceInput {
  const tree = new MerkleTree(new MemoryNodeStore());
  const entries = p.entries.map((e, seq) => ({ ...e, seq }) as LedgerEntry);
  for (const e of entries) tree.append(encodeEntry(e));
  const note = signCheckpoint({ origin: signer.name, size: tree.size, root: tree.root(), extensions: [] }, [signer]);
  const key = formatVerifierKey(signer);
  const proofs = entries.map((entry) => {
    const { format: _f, ...proof } = makeInclusionProofDocument({ treeSize: tree.size, leafIndex: entry.seq, leafHash: new Uint8Array(32), proof: tree.inclusionProof(entry.seq), entry });
    const { leafHash: _l, ...rest } = proof;
    return rest;
  });
  return {
    payload: new Map([[path, { sha256: hex('sha256', payload), sha512: hex('sha512', payload) }]]),
    tags: new Map([
      ['ledger/public-key.txt', enc(`${key}\n`)],
      ['ledger/checkpoint.txt', enc(note)],
      ['ledger/proofs.json', enc({ format: PROOF_FORMAT, type: 'batch', checkpoint: note, publicKey: key, proofs })],
      [`metadata/items/${ITEM}.json`, enc(p.metadata)],
      [`custody/items/${ITEM}.json`, enc(p.custody)],
    ]),
    bagInfo: { 'External-Identifier': PKG, 'Bag-Software-Agent': 'Reckon test' },
  };
}

const codes = (i: EvidenceInput) => checkEvidence(i).problems.map((p) => `${p.code} ${p.path}`);

describe('checkEvidence', () => {
  it('accepts a package whose files, metadata and custody all agree with the signed entries', () => {
    const report = checkEvidence({ ...input(), expectedKey: formatVerifierKey(signer) });
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.entries.size).toBe(3);
    expect([...report.items.keys()]).toEqual([ITEM]);
  });

  it('names a payload file that is not the one the ledger records, and one no entry names', () => {
    expect(codes(input(parts(), 'I saw nothing.\n'))).toEqual([`payload-mismatch ${path}`, `payload-mismatch ${path}`, `payload-mismatch ${path}`, `payload-mismatch ${path}`]);
    const extra = input();
    (extra.payload as Map<string, object>).set(`data/items/${ITEM}/planted.txt`, { sha256: 'a'.repeat(64), sha512: 'b'.repeat(128) });
    (extra.payload as Map<string, object>).set('data/loose.txt', { sha256: 'a'.repeat(64) });
    expect(codes(extra)).toEqual([`unbound-file data/items/${ITEM}/planted.txt`, 'unbound-file data/loose.txt']);
  });

  it('refuses a key other than the expected one, and a checkpoint signed by another key', () => {
    const other = formatVerifierKey(generateSigner('archive.example/ledger'));
    expect(codes({ ...input(), expectedKey: other })).toEqual(expect.arrayContaining(['wrong-key ledger/public-key.txt', 'bad-checkpoint ledger/checkpoint.txt']));
    expect(codes({ ...input(), expectedKey: 'not a key' })).toContain('bad-key --key');
  });

  it('replays metadata from the entries: an edited field, a script in the title, NUL bytes and lone surrogates are mismatches', () => {
    for (const [field, value] of [['title', '<script>alert(1)</script>'], ['title', 'State\u0000ment'], ['description', '\ud800'], ['confidentiality', 'public'], ['kind', 'photo']] as const) {
      const p = parts();
      p.metadata[field] = value;
      expect(codes(input(p)), `${field}=${JSON.stringify(value)}`).toEqual([`metadata-mismatch metadata/items/${ITEM}.json`]);
    }
    const p = parts();
    (p.metadata.files as Array<Record<string, unknown>>)[0].sha256 = 'c'.repeat(64);
    expect(codes(input(p))).toContain(`metadata-mismatch metadata/items/${ITEM}.json`);
  });

  it('binds every metadata field, mirrored or not, when the export recorded the file\'s digest', () => {
    const p = parts();
    p.metadata.createdAt = '2026-01-01T00:00:00.000Z';
    const exported = p.entries[2].details as Record<string, unknown>;
    exported.metadataSha256 = createHash('sha256').update(enc(p.metadata)).digest('hex');
    exported.custodyEvents = 2;
    (p.custody[2] as Record<string, unknown>).details = exported;
    expect(checkEvidence(input(p)).problems).toEqual([]);
    p.metadata.createdAt = '1999-01-01T00:00:00.000Z';
    expect(checkEvidence(input(p)).problems.map((x) => x.message)).toEqual([expect.stringMatching(/its SHA-256 is .* but the export of this package recorded .*: the file was edited/)]);
  });

  it('needs the custody log to be exactly the proved entries: a duplicate, an invented or a dropped event is named', () => {
    const dup = parts();
    dup.custody.push(dup.custody[0]);
    expect(checkEvidence(input(dup)).problems.map((p) => p.message)).toEqual([expect.stringMatching(/event 3 \(.item.created.*matches no signed, proved ledger entry/)]);
    const dropped = parts();
    dropped.custody.splice(1, 1);
    expect(checkEvidence(input(dropped)).problems[0].message).toMatch(/ledger entry 1 \(item.file_added .*\) is proved in the bag but missing from the custody log/);
    const actor = parts();
    (actor.custody[0] as Record<string, unknown>).actorName = 'Judge X';
    expect(checkEvidence(input(actor)).problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/event 0 \("item.created".* matches no signed, proved ledger entry: it was added or altered/),
      expect.stringMatching(/ledger entry 0 \(item.created .*\) is proved in the bag but missing from the custody log/),
    ]);
  });

  it('names malformed, non-UTF-8 and oversized-looking files without throwing', () => {
    const bad = input();
    const tags = bad.tags as Map<string, Uint8Array>;
    tags.set('ledger/proofs.json', enc('{"format": "reckon-ledger-proof/1", "type": "batch", "proofs": [null, 1, "x"]'));
    tags.set(`metadata/items/${ITEM}.json`, new Uint8Array([0xff, 0xfe, 0x00]));
    tags.set(`custody/items/${ITEM}.json`, enc('{"not": "an array"}'));
    const report = checkEvidence(bad);
    expect(report.ok).toBe(false);
    expect(report.problems.map((p) => p.code)).toEqual(expect.arrayContaining(['bad-proof', 'metadata-mismatch', 'custody-mismatch']));
    const deep = input();
    (deep.tags as Map<string, Uint8Array>).set('ledger/proofs.json', enc(`${'['.repeat(5000)}${']'.repeat(5000)}`));
    expect(codes(deep)).toContain('bad-proof ledger/proofs.json');
  });

  it('treats a bag without any Reckon part as a plain bag, unless a key is expected or evidence required', () => {
    const plain: EvidenceInput = { payload: new Map([['data/a.txt', { sha256: 'a'.repeat(64) }]]), tags: new Map(), bagInfo: {} };
    expect(checkEvidence(plain)).toMatchObject({ reckon: false, ok: true });
    expect(codes({ ...plain, expectedKey: formatVerifierKey(signer) })).toEqual(['not-reckon ledger/public-key.txt']);
    expect(codes({ ...plain, requireEvidence: true })).toEqual(['not-reckon ledger/public-key.txt']);
  });
});
