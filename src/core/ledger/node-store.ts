import { HASH_SIZE } from './hashing.ts';
import { MerkleError } from './errors.ts';

/**
 * A complete subtree hash is addressed by (level, index): level 0 holds leaf hashes, and node (level, index) covers
 * leaves [index·2^level, (index+1)·2^level). Such a node never changes once written, which is what lets a database
 * keep them in a plain append-only table keyed by (level, index).
 */
export interface NodeCoord {
  level: number;
  index: number;
}

export interface StoredNode extends NodeCoord {
  hash: Uint8Array;
}

export interface NodeReader {
  getNode(level: number, index: number): Uint8Array | undefined;
}

export interface NodeStore extends NodeReader {
  putNode(level: number, index: number, hash: Uint8Array): void;
}

/** The shape a database-backed store takes: batched reads and writes, asynchronous. */
export interface AsyncNodeStore {
  getNodes(coords: readonly NodeCoord[]): Promise<(Uint8Array | undefined)[]>;
  putNodes(nodes: readonly StoredNode[]): Promise<void>;
}

const CHUNK_NODES = 1 << 15; // 1 MiB of hashes a chunk: growth never copies what is already stored

/**
 * In-memory store on typed arrays: each level is a list of fixed-size chunks, filled strictly in index order
 * (which is the order appends produce). About 64 bytes a leaf in total.
 */
export class MemoryNodeStore implements NodeStore {
  private readonly levels: Uint8Array[][] = [];
  private readonly counts: number[] = [];
  private writes = 0;

  getNode(level: number, index: number): Uint8Array | undefined {
    if (level >= this.levels.length || index < 0 || index >= this.counts[level]) return undefined;
    const chunk = this.levels[level][Math.floor(index / CHUNK_NODES)];
    const offset = (index % CHUNK_NODES) * HASH_SIZE;
    return chunk.subarray(offset, offset + HASH_SIZE);
  }

  putNode(level: number, index: number, hash: Uint8Array): void {
    while (this.levels.length <= level) {
      this.levels.push([]);
      this.counts.push(0);
    }
    const count = this.counts[level];
    if (index < count) {
      // Rewriting a node with the same value is harmless (a retried append); a different value is corruption.
      const existing = this.getNode(level, index)!;
      if (Buffer.compare(existing, hash) !== 0) {
        throw new MerkleError('store-out-of-order', `node (${level}, ${index}) already holds a different hash`);
      }
      return;
    }
    if (index !== count) {
      throw new MerkleError('store-out-of-order', `node (${level}, ${index}) written before node (${level}, ${count})`);
    }
    if (hash.length !== HASH_SIZE) throw new MerkleError('malformed-proof', `node hash must be ${HASH_SIZE} bytes`);
    const chunkIndex = Math.floor(index / CHUNK_NODES);
    const chunks = this.levels[level];
    if (chunkIndex === chunks.length) chunks.push(new Uint8Array(CHUNK_NODES * HASH_SIZE));
    chunks[chunkIndex].set(hash, (index % CHUNK_NODES) * HASH_SIZE);
    this.counts[level] = count + 1;
    this.writes++;
  }

  /** How many node writes this store has taken: the cost model of a database store (one row a write). */
  get writeCount(): number {
    return this.writes;
  }
}
