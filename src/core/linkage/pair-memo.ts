/**
 * A memo of one number per ordered pair of value ids, direct-mapped: a new entry takes the slot of whatever was
 * there. Linkage compares the same two names again and again (blocking puts records with similar names together,
 * and a list's vocabulary is small next to its records), so the comparison kernel asks here before it computes a
 * string similarity or a level. The pair is ordered, so a result is reused only for exactly the computation that
 * made it and results are the same with or without the memo.
 *
 * A slot is 16 bytes in one buffer (left id, right id, the value as a float64), so a look-up reads one cache line:
 * at a million records the memos are far larger than the processor's caches and every look-up is a miss.
 */
export class PairMemo {
  private readonly ids: Int32Array;
  private readonly values: Float64Array;
  private readonly mask: number;

  /** `bits`: log2 of the number of slots (16 bytes each). */
  constructor(bits = 16) {
    const slots = 1 << bits;
    const buffer = new ArrayBuffer(slots * 16);
    this.ids = new Int32Array(buffer);
    this.values = new Float64Array(buffer);
    // left id -1 marks an empty slot (ids are non-negative)
    for (let s = 0; s < slots; s++) this.ids[4 * s] = -1;
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
    return this.ids[4 * s] === a && this.ids[4 * s + 1] === b ? this.values[2 * s + 1] : NaN;
  }

  set(a: number, b: number, value: number): void {
    const s = this.slot(a, b);
    this.ids[4 * s] = a;
    this.ids[4 * s + 1] = b;
    this.values[2 * s + 1] = value;
  }
}

/**
 * Slots for a memo of pairs of values drawn from `distinct` values: about eight per value (the pairs a value meets in
 * its blocks), from 2^16 (1 MB, what small runs always had) to 2^20 (16 MB) at a million records' vocabulary.
 */
export function memoBits(distinct: number): number {
  const wanted = Math.ceil(Math.log2(Math.max(1, distinct))) + 3;
  return Math.min(MAX_MEMO_BITS, Math.max(MIN_MEMO_BITS, wanted));
}

const MIN_MEMO_BITS = 16;
const MAX_MEMO_BITS = 20;
