import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MerkleError } from './errors.ts';
import { EMPTY_ROOT, hashLeaf, toHex } from './hashing.ts';
import { MerkleTree, consistencyPlan, inclusionPlan, resolvePlanAsync } from './merkle.ts';
import { MemoryNodeStore, type AsyncNodeStore } from './node-store.ts';
import { isValidConsistency, isValidInclusion, verifyConsistency, verifyInclusion } from './verify-proof.ts';

const here = dirname(fileURLToPath(import.meta.url));
const vectors = JSON.parse(readFileSync(join(here, '../../../test/fixtures/ledger/rfc6962-vectors.json'), 'utf8')) as {
  emptyRoot: string;
  leaves: string[];
  roots: string[];
  inclusion: { index: number; size: number; proof: string[] }[];
  consistency: { first: number; second: number; proof: string[] }[];
};
const hex = (b: Uint8Array): string => toHex(b);
const unhex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'hex'));

// ---- An independent reference written straight from the RFC 9162 §2.1 definitions: recursive, on slices,
// ---- hashing with node:crypto directly. It shares no code with the implementation under test.
const sha = (...parts: Buffer[]): Buffer => createHash('sha256').update(Buffer.concat(parts)).digest();
function refK(n: number): number {
  let k = 1;
  while (k << 1 < n) k <<= 1;
  return k;
}
// D is the whole list; a sub-list D[lo:hi] is passed as its bounds. MTH values are memoised per range (they are
// pure), which keeps the exhaustive loops fast without changing the definitions.
const memo = new Map<string, Buffer>();
function refMTH(d: Buffer[], lo = 0, hi = d.length): Buffer {
  const key = `${lo}:${hi}`;
  const hit = memo.get(key);
  if (hit && d === memoFor) return hit;
  let result: Buffer;
  if (hi - lo === 0) result = sha();
  else if (hi - lo === 1) result = sha(Buffer.of(0), d[lo]);
  else {
    const k = refK(hi - lo);
    result = sha(Buffer.of(1), refMTH(d, lo, lo + k), refMTH(d, lo + k, hi));
  }
  if (d === memoFor) memo.set(key, result);
  return result;
}
let memoFor: Buffer[] | undefined;
function refPATH(m: number, d: Buffer[], lo: number, hi: number): Buffer[] {
  if (hi - lo === 1) return [];
  const k = refK(hi - lo);
  return m < k
    ? [...refPATH(m, d, lo, lo + k), refMTH(d, lo + k, hi)]
    : [...refPATH(m - k, d, lo + k, hi), refMTH(d, lo, lo + k)];
}
function refSUBPROOF(m: number, d: Buffer[], lo: number, hi: number, b: boolean): Buffer[] {
  const n = hi - lo;
  if (m === n) return b ? [] : [refMTH(d, lo, hi)];
  const k = refK(n);
  return m <= k
    ? [...refSUBPROOF(m, d, lo, lo + k, b), refMTH(d, lo + k, hi)]
    : [...refSUBPROOF(m - k, d, lo + k, hi, false), refMTH(d, lo, lo + k)];
}
const refPROOF = (m: number, d: Buffer[], n: number): Buffer[] => refSUBPROOF(m, d, 0, n, true);

function entries(n: number): Buffer[] {
  return Array.from({ length: n }, (_, i) => Buffer.from(`entry ${i} ${'x'.repeat(i % 7)}`));
}

function buildTree(data: Buffer[]): MerkleTree {
  const tree = new MerkleTree(new MemoryNodeStore());
  for (const d of data) tree.append(d);
  return tree;
}

describe('Merkle tree against the Certificate Transparency vectors', () => {
  const leaves = vectors.leaves.map((l) => Buffer.from(l, 'hex'));
  const tree = buildTree(leaves);

  it('has the empty root and the incremental roots of merkle_tree_test.cc', () => {
    expect(hex(new MerkleTree(new MemoryNodeStore()).root())).toBe(vectors.emptyRoot);
    expect(hex(EMPTY_ROOT)).toBe(vectors.emptyRoot);
    vectors.roots.forEach((root, i) => expect(hex(tree.root(i + 1)), `size ${i + 1}`).toBe(root));
  });

  it('produces and verifies the published inclusion proofs', () => {
    for (const v of vectors.inclusion) {
      expect(tree.inclusionProof(v.index, v.size).map(hex)).toEqual(v.proof);
      const root = unhex(vectors.roots[v.size - 1]);
      verifyInclusion(hashLeaf(leaves[v.index]), v.index, v.size, v.proof.map(unhex), root);
    }
  });

  it('produces and verifies the published consistency proofs', () => {
    for (const v of vectors.consistency) {
      expect(tree.consistencyProof(v.first, v.second).map(hex)).toEqual(v.proof);
      verifyConsistency(v.first, v.second, unhex(vectors.roots[v.first - 1]), unhex(vectors.roots[v.second - 1]), v.proof.map(unhex));
    }
  });
});

describe('Merkle tree against an independent recursive reference, exhaustively', () => {
  const N = 64;
  const data = entries(N);
  memoFor = data;
  const tree = buildTree(data);

  it('matches MTH for every size 0..64', () => {
    for (let m = 0; m <= N; m++) expect(hex(tree.root(m)), `size ${m}`).toBe(refMTH(data, 0, m).toString('hex'));
  });

  // Failures are collected and asserted once: thousands of expect() calls would dominate the run time.
  it('matches PATH and verifies for every (index, size) with size ≤ 64', () => {
    const failures: string[] = [];
    let checked = 0;
    for (let n = 1; n <= N; n++) {
      const root = tree.root(n);
      for (let m = 0; m < n; m++) {
        const proof = tree.inclusionProof(m, n);
        const reference = refPATH(m, data, 0, n);
        if (proof.map(hex).join() !== reference.map((b) => b.toString('hex')).join()) failures.push(`PATH(${m}, ${n}) differs`);
        const leaf = hashLeaf(data[m]);
        if (!isValidInclusion(leaf, m, n, proof, root)) failures.push(`PATH(${m}, ${n}) does not verify`);
        // The same proof must fail for a neighbouring leaf or a forged leaf.
        if (m + 1 < n && isValidInclusion(leaf, m + 1, n, proof, root)) failures.push(`PATH(${m}, ${n}) verifies for leaf ${m + 1}`);
        if (isValidInclusion(hashLeaf(Buffer.from('forged')), m, n, proof, root)) failures.push(`PATH(${m}, ${n}) verifies a forged leaf`);
        checked++;
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBe((N * (N + 1)) / 2);
  });

  it('matches PROOF and verifies for every 0 < m ≤ n ≤ 64', () => {
    const failures: string[] = [];
    let checked = 0;
    for (let n = 1; n <= N; n++) {
      const second = tree.root(n);
      for (let m = 1; m <= n; m++) {
        const proof = tree.consistencyProof(m, n);
        const reference = refPROOF(m, data, n);
        if (proof.map(hex).join() !== reference.map((b) => b.toString('hex')).join()) failures.push(`PROOF(${m}, ${n}) differs`);
        const first = tree.root(m);
        if (!isValidConsistency(m, n, first, second, proof)) failures.push(`PROOF(${m}, ${n}) does not verify`);
        if (m < n) {
          if (isValidConsistency(m, n, second, first, proof)) failures.push(`PROOF(${m}, ${n}) verifies with swapped roots`);
          const tampered = proof.map((p) => p.slice());
          tampered[0][0] ^= 1;
          if (isValidConsistency(m, n, first, second, tampered)) failures.push(`PROOF(${m}, ${n}) verifies when tampered`);
        }
        checked++;
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBe((N * (N + 1)) / 2);
  });

  it('reopens a tree from its store at any size and carries on appending identically', () => {
    const store = new MemoryNodeStore();
    const first = new MerkleTree(store);
    for (const d of data.slice(0, 37)) first.append(d);
    const reopened = new MerkleTree(store, 37);
    for (const d of data.slice(37)) reopened.append(d);
    expect(hex(reopened.root())).toBe(hex(tree.root()));
  });

  it('resolves plans through an asynchronous batched store', async () => {
    const store = new MemoryNodeStore();
    const t = new MerkleTree(store);
    for (const d of data) t.append(d);
    let calls = 0;
    const asyncStore: AsyncNodeStore = {
      async getNodes(coords) {
        calls++;
        return coords.map((c) => store.getNode(c.level, c.index));
      },
      async putNodes() {},
    };
    expect((await resolvePlanAsync(inclusionPlan(13, 50), asyncStore)).map(hex)).toEqual(t.inclusionProof(13, 50).map(hex));
    expect((await resolvePlanAsync(consistencyPlan(13, 50), asyncStore)).map(hex)).toEqual(t.consistencyProof(13, 50).map(hex));
    expect(calls).toBe(2);
  });
});

describe('Merkle refusals', () => {
  const tree = buildTree(entries(10));
  const code = (fn: () => unknown): string | undefined => {
    try {
      fn();
    } catch (e) {
      if (e instanceof MerkleError) return e.code;
      throw e;
    }
    return undefined;
  };

  it('refuses sizes and indices outside the tree', () => {
    expect(code(() => tree.root(11))).toBe('size-beyond-tree');
    expect(code(() => tree.inclusionProof(10))).toBe('index-out-of-range');
    expect(code(() => tree.inclusionProof(3, 11))).toBe('size-beyond-tree');
    expect(code(() => tree.inclusionProof(-1))).toBe('index-out-of-range');
    expect(code(() => tree.inclusionProof(1.5))).toBe('index-out-of-range');
    expect(code(() => tree.consistencyProof(5, 12))).toBe('size-beyond-tree');
    expect(code(() => tree.consistencyProof(7, 6))).toBe('bad-size');
    expect(code(() => tree.root(-1))).toBe('bad-size');
    expect(code(() => tree.leafHash(10))).toBe('index-out-of-range');
  });

  it('refuses malformed proofs with typed errors', () => {
    const root = tree.root();
    const leaf = tree.leafHash(3);
    const proof = tree.inclusionProof(3);
    expect(code(() => verifyInclusion(leaf, 3, 10, [...proof, root], root))).toBe('malformed-proof');
    expect(code(() => verifyInclusion(leaf, 3, 10, proof.slice(1), root))).toBe('malformed-proof');
    expect(code(() => verifyInclusion(leaf, 3, 10, [proof[0].slice(1), ...proof.slice(1)], root))).toBe('malformed-proof');
    expect(code(() => verifyInclusion(leaf, 10, 10, proof, root))).toBe('index-out-of-range');
    expect(code(() => verifyInclusion(leaf, 0, 0, [], root))).toBe('bad-size');
    expect(code(() => verifyInclusion(leaf, 3, 10, proof, EMPTY_ROOT))).toBe('root-mismatch');
    expect(code(() => verifyInclusion(leaf.slice(0, 31), 3, 10, proof, root))).toBe('malformed-proof');
    const c = tree.consistencyProof(4);
    const r4 = tree.root(4);
    expect(code(() => verifyConsistency(4, 10, r4, root, []))).toBe('malformed-proof');
    expect(code(() => verifyConsistency(4, 10, r4, root, [...c, root]))).toBe('malformed-proof');
    expect(code(() => verifyConsistency(10, 4, root, r4, c))).toBe('bad-size');
    expect(code(() => verifyConsistency(10, 10, root, r4, []))).toBe('root-mismatch');
    expect(code(() => verifyConsistency(10, 10, root, root, [root]))).toBe('malformed-proof');
    expect(code(() => verifyConsistency(0, 10, EMPTY_ROOT, root, [root]))).toBe('malformed-proof');
    expect(code(() => verifyConsistency(0, 10, EMPTY_ROOT, root, []))).toBeUndefined();
    expect(code(() => verifyConsistency(4, 10, root, root, c))).toBe('root-mismatch');
  });

  it('refuses to open a store that lacks the nodes of the claimed size', () => {
    expect(code(() => new MerkleTree(new MemoryNodeStore(), 3))).toBe('missing-node');
  });

  it('refuses out-of-order and conflicting node writes in the memory store', () => {
    const store = new MemoryNodeStore();
    expect(code(() => store.putNode(0, 1, EMPTY_ROOT))).toBe('store-out-of-order');
    store.putNode(0, 0, EMPTY_ROOT);
    store.putNode(0, 0, EMPTY_ROOT);
    expect(code(() => store.putNode(0, 0, hashLeaf(Buffer.from('x'))))).toBe('store-out-of-order');
    expect(store.writeCount).toBe(1);
  });

  it('works with sizes past 2^32 in the plans (no 32-bit shifts)', () => {
    const size = 2 ** 40 + 12345;
    const plan = inclusionPlan(2 ** 39 + 7, size);
    expect(plan.length).toBeGreaterThanOrEqual(40);
    expect(consistencyPlan(2 ** 33 + 1, size).length).toBeGreaterThan(0);
  });
});
