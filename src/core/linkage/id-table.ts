/**
 * Dense ids for non-negative integer keys (up to 2^53), numbered in order of first appearance: an open-addressing
 * hash table over typed arrays. Blocking makes several such passes over every record, and at a million records a
 * Map<number, number> (or string keys) spent seconds there.
 */
export class IdTable {
  private keys: Float64Array;
  private ids: Int32Array;
  private mask: number;
  size = 0;

  constructor(expected = 1024) {
    let capacity = 1024;
    while (capacity < expected * 2) capacity *= 2;
    this.keys = new Float64Array(capacity);
    this.ids = new Int32Array(capacity).fill(-1);
    this.mask = capacity - 1;
  }

  /** The id of `key`, a new one when it is first seen. */
  id(key: number): number {
    const keys = this.keys;
    const ids = this.ids;
    const mask = this.mask;
    // mix the low and high 32 bits (keys are often products key·width + part)
    let h = Math.imul((key >>> 0) ^ Math.floor(key / 4294967296), 0x9e3779b1);
    h ^= h >>> 15;
    let slot = h & mask;
    for (;;) {
      const id = ids[slot];
      if (id < 0) {
        keys[slot] = key;
        ids[slot] = this.size;
        if (++this.size * 2 > mask) this.grow();
        return this.size - 1;
      }
      if (keys[slot] === key) return id;
      slot = (slot + 1) & mask;
    }
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldIds = this.ids;
    const capacity = oldKeys.length * 2;
    this.keys = new Float64Array(capacity);
    this.ids = new Int32Array(capacity).fill(-1);
    this.mask = capacity - 1;
    for (let s = 0; s < oldKeys.length; s++) {
      const id = oldIds[s];
      if (id < 0) continue;
      const key = oldKeys[s];
      let h = Math.imul((key >>> 0) ^ Math.floor(key / 4294967296), 0x9e3779b1);
      h ^= h >>> 15;
      let slot = h & this.mask;
      while (this.ids[slot] >= 0) slot = (slot + 1) & this.mask;
      this.keys[slot] = key;
      this.ids[slot] = id;
    }
  }
}
