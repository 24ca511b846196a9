/**
 * RFC 9162 §2.1 Merkle tree over a pluggable node store.
 *
 * Appends keep the "frontier" (the hashes of the perfect subtrees along the right edge, one per set bit of the
 * size) in memory, so an append hashes and writes at most log2(n)+1 nodes and reads none. Roots of any earlier size
 * and proofs are computed from stored complete subtrees: every proof element is either one stored node or the
 * right-fold of at most log2(n) of them, so both cost O(log n) reads.
 *
 * The plan functions (rootPlan, inclusionPlan, consistencyPlan) say which nodes a result needs without touching a
 * store, so a database store can fetch them in one query (see resolvePlanAsync).
 */
import { EMPTY_ROOT, HASH_SIZE, hashChildren, hashLeaf } from './hashing.ts';
import { MerkleError } from './errors.ts';
import type { AsyncNodeStore, NodeCoord, NodeReader, NodeStore, StoredNode } from './node-store.ts';

/** Each proof element is the MTH of a range of leaves, expressed as the stored nodes to fold from the right. */
export type ProofPlan = NodeCoord[][];

function checkSize(size: number, what: string): void {
  if (!Number.isSafeInteger(size) || size < 0) throw new MerkleError('bad-size', `${what} must be a non-negative integer, got ${size}`);
}

/** Largest power of two strictly smaller than n (n > 1), the split point k of RFC 9162 §2.1.1. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * The perfect, aligned subtrees that make up leaves [start, end), largest first. For the ranges RFC 9162 produces
 * (start a multiple of a power of two at least as large as the range), folding their hashes from the right gives MTH.
 */
export function rangeNodes(start: number, end: number): NodeCoord[] {
  const nodes: NodeCoord[] = [];
  let at = start;
  while (at < end) {
    let width = 1;
    let level = 0;
    while (at % (width * 2) === 0 && at + width * 2 <= end) {
      width *= 2;
      level++;
    }
    nodes.push({ level, index: at / width });
    at += width;
  }
  return nodes;
}

export function rootPlan(size: number): NodeCoord[] {
  checkSize(size, 'tree size');
  return rangeNodes(0, size);
}

/** RFC 9162 §2.1.3.1 PATH(m, D[n]), leaf-side element first. */
export function inclusionPlan(index: number, size: number): ProofPlan {
  checkSize(size, 'tree size');
  if (!Number.isSafeInteger(index) || index < 0 || index >= size) {
    throw new MerkleError('index-out-of-range', `leaf index ${index} is not in a tree of size ${size}`);
  }
  const topDown: ProofPlan = [];
  let lo = 0;
  let n = size;
  let m = index;
  while (n > 1) {
    const k = splitPoint(n);
    if (m < k) {
      topDown.push(rangeNodes(lo + k, lo + n));
      n = k;
    } else {
      topDown.push(rangeNodes(lo, lo + k));
      lo += k;
      m -= k;
      n -= k;
    }
  }
  return topDown.reverse();
}

/** RFC 9162 §2.1.4.1 PROOF(m, D[n]) = SUBPROOF(m, D[n], true); empty when m is 0 or m equals n. */
export function consistencyPlan(first: number, second: number): ProofPlan {
  checkSize(first, 'first tree size');
  checkSize(second, 'second tree size');
  if (first > second) throw new MerkleError('bad-size', `first tree size ${first} is larger than second tree size ${second}`);
  if (first === 0 || first === second) return [];
  const topDown: ProofPlan = [];
  let lo = 0;
  let m = first;
  let n = second;
  let whole = true;
  for (;;) {
    if (m === n) {
      if (!whole) topDown.push(rangeNodes(lo, lo + n));
      break;
    }
    const k = splitPoint(n);
    if (m <= k) {
      topDown.push(rangeNodes(lo + k, lo + n));
      n = k;
    } else {
      topDown.push(rangeNodes(lo, lo + k));
      lo += k;
      m -= k;
      n -= k;
      whole = false;
    }
  }
  return topDown.reverse();
}

/** Which nodes (the frontier) describe a tree of this size: one perfect subtree per set bit, largest first. */
export function frontierCoords(size: number): NodeCoord[] {
  return rootPlan(size);
}

function foldRight(hashes: Uint8Array[]): Uint8Array {
  let acc = hashes[hashes.length - 1];
  for (let i = hashes.length - 2; i >= 0; i--) acc = hashChildren(hashes[i], acc);
  return acc;
}

type Lookup = (level: number, index: number) => Uint8Array | undefined;

function lookupOrThrow(lookup: Lookup, c: NodeCoord): Uint8Array {
  const hash = lookup(c.level, c.index);
  if (!hash) throw new MerkleError('missing-node', `node (${c.level}, ${c.index}) is not in the store`);
  return hash;
}

export function resolveRange(nodes: NodeCoord[], lookup: Lookup): Uint8Array {
  if (nodes.length === 0) return EMPTY_ROOT;
  return foldRight(nodes.map((c) => lookupOrThrow(lookup, c)));
}

export function resolvePlan(plan: ProofPlan, lookup: Lookup): Uint8Array[] {
  return plan.map((nodes) => resolveRange(nodes, lookup));
}

function coordKey(level: number, index: number): string {
  return `${level}:${index}`;
}

/** Resolves a plan against an asynchronous store with a single batched read. */
export async function resolvePlanAsync(plan: ProofPlan, store: AsyncNodeStore): Promise<Uint8Array[]> {
  const unique = new Map<string, NodeCoord>();
  for (const nodes of plan) for (const c of nodes) unique.set(coordKey(c.level, c.index), c);
  const coords = [...unique.values()];
  const hashes = await store.getNodes(coords);
  const found = new Map<string, Uint8Array>();
  coords.forEach((c, i) => {
    const h = hashes[i];
    if (h) found.set(coordKey(c.level, c.index), h);
  });
  return resolvePlan(plan, (level, index) => found.get(coordKey(level, index)));
}

/**
 * The nodes an append writes, given the current frontier (largest subtree first). Pure: the database layer persists
 * `writes` in the same transaction as the entry and keeps `frontier` for the next append.
 */
export function appendToFrontier(
  size: number,
  frontier: readonly Uint8Array[],
  leafHash: Uint8Array,
): { writes: StoredNode[]; frontier: Uint8Array[] } {
  if (leafHash.length !== HASH_SIZE) throw new MerkleError('malformed-proof', `leaf hash must be ${HASH_SIZE} bytes`);
  const next = frontier.slice();
  const writes: StoredNode[] = [{ level: 0, index: size, hash: leafHash }];
  let hash = leafHash;
  let index = size;
  let level = 0;
  while (index % 2 === 1) {
    const left = next.pop();
    if (!left) throw new MerkleError('missing-node', `frontier too short for a tree of size ${size}`);
    hash = hashChildren(left, hash);
    index = (index - 1) / 2;
    level++;
    writes.push({ level, index, hash });
  }
  next.push(hash);
  return { writes, frontier: next };
}

/** A Merkle tree over a synchronous node store (the in-memory one, or any other that answers at once). */
export class MerkleTree {
  private frontier: Uint8Array[];
  private count: number;

  /** Opens a tree of `size` leaves whose nodes are already in `store` (0 for a new tree). */
  constructor(
    private readonly store: NodeStore,
    size = 0,
  ) {
    checkSize(size, 'tree size');
    this.count = size;
    this.frontier = frontierCoords(size).map((c) => lookupOrThrow(this.lookup, c));
  }

  private readonly lookup: Lookup = (level, index) => this.store.getNode(level, index);

  get size(): number {
    return this.count;
  }

  /** Appends a leaf given its already computed leaf hash; returns its index. */
  appendLeafHash(leafHash: Uint8Array): number {
    const { writes, frontier } = appendToFrontier(this.count, this.frontier, leafHash);
    for (const w of writes) this.store.putNode(w.level, w.index, w.hash);
    this.frontier = frontier;
    return this.count++;
  }

  /** Appends an entry (its bytes are hashed as a leaf); returns its index. */
  append(entry: Uint8Array): number {
    return this.appendLeafHash(hashLeaf(entry));
  }

  leafHash(index: number): Uint8Array {
    if (!Number.isSafeInteger(index) || index < 0 || index >= this.count) {
      throw new MerkleError('index-out-of-range', `leaf index ${index} is not in a tree of size ${this.count}`);
    }
    return lookupOrThrow(this.lookup, { level: 0, index });
  }

  private checkWithin(size: number): void {
    checkSize(size, 'tree size');
    if (size > this.count) {
      throw new MerkleError('size-beyond-tree', `tree size ${size} is beyond the current tree size ${this.count}`);
    }
  }

  /** MTH of the first `size` leaves (the current root by default). */
  root(size: number = this.count): Uint8Array {
    this.checkWithin(size);
    if (size === this.count && size > 0) return foldRight(this.frontier);
    return resolveRange(rootPlan(size), this.lookup);
  }

  inclusionProof(index: number, size: number = this.count): Uint8Array[] {
    this.checkWithin(size);
    return resolvePlan(inclusionPlan(index, size), this.lookup);
  }

  consistencyProof(first: number, second: number = this.count): Uint8Array[] {
    this.checkWithin(second);
    return resolvePlan(consistencyPlan(first, second), this.lookup);
  }
}

export type { NodeReader };
