/**
 * Proof verification exactly as RFC 9162 §2.1.3.2 (inclusion) and §2.1.4.2 (consistency) describe it. Needs no
 * store: a court or third party can run these on nothing but the proof, the leaf and the signed roots.
 */
import { HASH_SIZE, equalBytes, hashChildren } from './hashing.ts';
import { MerkleError } from './errors.ts';

function checkHash(hash: Uint8Array, what: string): void {
  if (!(hash instanceof Uint8Array) || hash.length !== HASH_SIZE) {
    throw new MerkleError('malformed-proof', `${what} must be a ${HASH_SIZE}-byte hash`);
  }
}

function checkPath(path: readonly Uint8Array[]): void {
  path.forEach((p, i) => checkHash(p, `proof element ${i}`));
}

const isOdd = (x: number): boolean => x % 2 === 1;
const half = (x: number): number => Math.floor(x / 2);

/** Root implied by an inclusion proof; throws MerkleError when the proof cannot belong to this (index, size). */
export function rootFromInclusionProof(leafHash: Uint8Array, index: number, size: number, path: readonly Uint8Array[]): Uint8Array {
  checkHash(leafHash, 'leaf hash');
  checkPath(path);
  if (!Number.isSafeInteger(size) || size < 1) throw new MerkleError('bad-size', `tree size must be a positive integer, got ${size}`);
  if (!Number.isSafeInteger(index) || index < 0 || index >= size) {
    throw new MerkleError('index-out-of-range', `leaf index ${index} is not in a tree of size ${size}`);
  }
  let fn = index;
  let sn = size - 1;
  let r = leafHash;
  for (const p of path) {
    if (sn === 0) throw new MerkleError('malformed-proof', `inclusion proof is longer than a tree of size ${size} allows`);
    if (isOdd(fn) || fn === sn) {
      r = hashChildren(p, r);
      if (!isOdd(fn)) {
        while (!isOdd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      r = hashChildren(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  if (sn !== 0) throw new MerkleError('malformed-proof', `inclusion proof is shorter than a tree of size ${size} needs`);
  return r;
}

/** Throws MerkleError unless `path` proves leaf `index` of a tree of `size` leaves with root `root`. */
export function verifyInclusion(leafHash: Uint8Array, index: number, size: number, path: readonly Uint8Array[], root: Uint8Array): void {
  checkHash(root, 'root hash');
  const computed = rootFromInclusionProof(leafHash, index, size, path);
  if (!equalBytes(computed, root)) {
    throw new MerkleError('root-mismatch', `inclusion proof for leaf ${index} does not lead to the given root of tree size ${size}`);
  }
}

/** Throws MerkleError unless `path` proves the tree of size `first` is a prefix of the tree of size `second`. */
export function verifyConsistency(
  first: number,
  second: number,
  firstRoot: Uint8Array,
  secondRoot: Uint8Array,
  path: readonly Uint8Array[],
): void {
  checkHash(firstRoot, 'first root hash');
  checkHash(secondRoot, 'second root hash');
  checkPath(path);
  if (!Number.isSafeInteger(first) || first < 0) throw new MerkleError('bad-size', `first tree size must be a non-negative integer, got ${first}`);
  if (!Number.isSafeInteger(second) || second < 0) throw new MerkleError('bad-size', `second tree size must be a non-negative integer, got ${second}`);
  if (first > second) throw new MerkleError('bad-size', `first tree size ${first} is larger than second tree size ${second}`);
  if (first === second) {
    if (path.length !== 0) throw new MerkleError('malformed-proof', 'a consistency proof between equal sizes must be empty');
    if (!equalBytes(firstRoot, secondRoot)) throw new MerkleError('root-mismatch', `two different roots for tree size ${first}`);
    return;
  }
  if (first === 0) {
    // Every tree extends the empty tree; RFC 9162 defines no proof for it.
    if (path.length !== 0) throw new MerkleError('malformed-proof', 'a consistency proof from the empty tree must be empty');
    return;
  }
  if (path.length === 0) throw new MerkleError('malformed-proof', 'consistency proof is empty');
  const nodes = [...path];
  if (Number.isInteger(Math.log2(first)) && 2 ** Math.log2(first) === first) nodes.unshift(firstRoot);
  let fn = first - 1;
  let sn = second - 1;
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = nodes[0];
  let sr = nodes[0];
  for (let i = 1; i < nodes.length; i++) {
    const c = nodes[i];
    if (sn === 0) throw new MerkleError('malformed-proof', `consistency proof is longer than sizes ${first} → ${second} allow`);
    if (isOdd(fn) || fn === sn) {
      fr = hashChildren(c, fr);
      sr = hashChildren(c, sr);
      if (!isOdd(fn)) {
        while (!isOdd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      sr = hashChildren(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  if (sn !== 0) throw new MerkleError('malformed-proof', `consistency proof is shorter than sizes ${first} → ${second} need`);
  if (!equalBytes(fr, firstRoot)) throw new MerkleError('root-mismatch', `consistency proof does not lead to the root of tree size ${first}`);
  if (!equalBytes(sr, secondRoot)) throw new MerkleError('root-mismatch', `consistency proof does not lead to the root of tree size ${second}`);
}

export function isValidInclusion(...args: Parameters<typeof verifyInclusion>): boolean {
  try {
    verifyInclusion(...args);
    return true;
  } catch (error) {
    if (error instanceof MerkleError) return false;
    throw error;
  }
}

export function isValidConsistency(...args: Parameters<typeof verifyConsistency>): boolean {
  try {
    verifyConsistency(...args);
    return true;
  } catch (error) {
    if (error instanceof MerkleError) return false;
    throw error;
  }
}
