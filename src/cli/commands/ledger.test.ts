import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { signCheckpoint } from '../../core/ledger/checkpoint.ts';
import { entryLeafHash, type LedgerEntry } from '../../core/ledger/entry.ts';
import { MerkleTree } from '../../core/ledger/merkle.ts';
import { MemoryNodeStore } from '../../core/ledger/node-store.ts';
import { makeConsistencyProofDocument, makeInclusionProofDocument } from '../../core/ledger/proof-format.ts';
import { formatVerifierKey, generateSigner } from '../../core/ledger/signed-note.ts';
import { runCli } from '../../../test/cli.ts';

let dir: string;
const ORIGIN = 'reckon.test/ledger';
const signer = generateSigner(ORIGIN, new Uint8Array(32).fill(9));
const publicKey = formatVerifierKey(signer);
const entries: LedgerEntry[] = Array.from({ length: 13 }, (_, seq) => ({
  seq,
  time: '2026-11-22T09:00:00Z',
  actor: 'archivist',
  action: seq === 0 ? 'item.ingest' : 'item.view',
  subject: { type: 'item', id: 'item-1' },
  details: { n: seq },
  hashes: { sha256: 'b'.repeat(64) },
}));
const tree = new MerkleTree(new MemoryNodeStore());
for (const e of entries) tree.appendLeafHash(entryLeafHash(e));
const checkpoint = (size: number): string => signCheckpoint({ origin: ORIGIN, size, root: tree.root(size), extensions: [] }, [signer]);

const run = (...args: string[]) => runCli(args);

async function file(name: string, content: unknown): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return path;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reckon-ledger-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
afterEach(() => {
  process.exitCode = undefined;
});

const inclusion = (index: number, size: number): object =>
  makeInclusionProofDocument({ treeSize: size, leafIndex: index, leafHash: tree.leafHash(index), proof: tree.inclusionProof(index, size), entry: entries[index], checkpoint: checkpoint(size) });

describe('reckon ledger verify-proof', () => {
  it('accepts an inclusion proof with a checked checkpoint signature (exit 0)', async () => {
    const path = await file('inclusion.json', inclusion(5, 13));
    const { code, out, err } = await run('ledger', 'verify-proof', path, '--public-key', publicKey, '--origin', ORIGIN);
    expect(out).toMatch(/^OK {4} entry 5 is in the log of size 13/);
    expect(err).toBe('');
    expect(code).toBe(0);
  });

  it('accepts a consistency proof and a key given as @file, and prints JSON on request', async () => {
    const doc = makeConsistencyProofDocument({ firstSize: 4, secondSize: 13, proof: tree.consistencyProof(4, 13), firstCheckpoint: checkpoint(4), secondCheckpoint: checkpoint(13) });
    const path = await file('consistency.json', doc);
    const keyFile = await file('key.pub', `${publicKey}\n`);
    const { code, out } = await run('ledger', 'verify-proof', path, '--public-key', `@${keyFile}`, '--json');
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ ok: true, checks: [{ ok: true }] });
  });

  it('rejects a forged checkpoint signature (exit 1)', async () => {
    const forged = { ...inclusion(5, 13), checkpoint: checkpoint(13).replace(/^(.*\n.*\n)(.)/, (_, head: string, c: string) => head + (c === 'A' ? 'B' : 'A')) };
    const { code, out } = await run('ledger', 'verify-proof', await file('forged.json', forged), '--public-key', publicKey);
    expect(code).toBe(1);
    expect(out).toMatch(/FAILED .*does not verify/);
  });

  it('rejects a proof for a tree size larger than the checkpoint, and a leaf beyond it', async () => {
    const larger = { ...inclusion(5, 13), treeSize: 20 };
    const a = await run('ledger', 'verify-proof', await file('larger.json', larger), '--public-key', publicKey);
    expect(a.code).toBe(1);
    expect(a.out).toMatch(/checkpoint is for tree size 13, the proof for 20/);
    const beyond = { ...inclusion(5, 13), leafIndex: 13, entry: undefined };
    const b = await run('ledger', 'verify-proof', await file('beyond.json', beyond), '--public-key', publicKey);
    expect(b.code).toBe(1);
    expect(b.out).toMatch(/leaf index 13 is not in a tree of size 13/);
  });

  it('rejects an edited entry, naming it', async () => {
    const doc = inclusion(5, 13) as { entry: LedgerEntry };
    const edited = { ...doc, entry: { ...doc.entry, actor: 'mallory' } };
    const { code, out } = await run('ledger', 'verify-proof', await file('edited.json', edited), '--public-key', publicKey);
    expect(code).toBe(1);
    expect(out).toMatch(/\$\.leafHash does not match the hash of \$\.entry/);
  });

  it('warns when the signature cannot be checked, and fails with --require-signature', async () => {
    const path = await file('unsigned.json', inclusion(2, 13));
    const loose = await run('ledger', 'verify-proof', path);
    expect(loose.code).toBe(0);
    expect(loose.err).toMatch(/signature NOT checked/);
    const strict = await run('ledger', 'verify-proof', path, '--require-signature');
    expect(strict.code).toBe(1);
  });

  it('names the line of malformed JSON and refuses missing files without a stack trace', async () => {
    const broken = await run('ledger', 'verify-proof', await file('broken.json', '{\n  "format": "reckon-ledger-proof/1",\n  "type": inclusion\n}'));
    expect(broken.code).toBe(1);
    expect(broken.err).toMatch(/broken.json:3:\d+: not valid JSON/);
    const missing = await run('ledger', 'verify-proof', join(dir, 'absent.json'));
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/no such file/);
    const wrongKey = await run('ledger', 'verify-proof', await file('k.json', inclusion(1, 13)), '--public-key', 'nonsense');
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.out).toMatch(/verifier key/);
  });
});
