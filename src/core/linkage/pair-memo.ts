/**
 * A memo of one number per ordered pair of value ids, direct-mapped over typed arrays: a new entry takes the slot of
 * whatever was there. Linkage compares the same two names again and again (blocking puts records with similar names
 * together, and a list's vocabulary is small next to its records), so the comparison kernel asks here before it
 * computes a string similarity or a level. The pair is ordered, so a result is reused only for exactly the
 * computation that made it and results are the same with or without the memo.
 */
export class PairMemo {
  private readonly left: Int32Array;
  private readonly right: Int32Array;
  private readonly values: Float64Array;
  private readonly mask: number;

  /** `bits`: log2 of the number of slots (16 bytes each). */
  constructor(bits = 16) {
    const slots = 1 << bits;
    this.left = new Int32Array(slots).fill(-1);
    this.right = new Int32Array(slots);
    this.values = new Float64Array(slots);
    this.mask = slots - 1;
  }

  private slot(a: number, b: number): number {
    let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b ^ 0x7f4a7c15, 0x85ebca6b);
    h ^= h >>> 16;
    return h & this.mask;
  }

  /** The value stored for (a, b), NaN when there is none. a and b are non-negative. */
  get(a: number, b: number): number {
    const s = this.slot(a, b);
    return this.left[s] === a && this.right[s] === b ? this.values[s] : NaN;
  }

  set(a: number, b: number, value: number): void {
    const s = this.slot(a, b);
    this.left[s] = a;
    this.right[s] = b;
    this.values[s] = value;
  }
}
