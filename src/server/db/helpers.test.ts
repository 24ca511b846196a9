import { describe, expect, it } from 'vitest';
import { batches, collectInBatches, inBatches, likePattern } from './helpers.ts';

describe('batches', () => {
  it('slices a list in order, the last slice shorter', () => {
    expect([...batches([1, 2, 3, 4, 5], 2)]).toEqual([[1, 2], [3, 4], [5]]);
  });
  it('yields nothing for an empty list and one slice for a short one', () => {
    expect([...batches([], 3)]).toEqual([]);
    expect([...batches(['a'], 3)]).toEqual([['a']]);
  });
  it('refuses a size that would loop forever or skip items', () => {
    for (const size of [0, -1, 1.5, Number.NaN]) expect(() => [...batches([1], size)]).toThrow(RangeError);
  });
  it('writes batches one after another and collects what reads return', async () => {
    const seen: number[][] = [];
    await inBatches([1, 2, 3], 2, async (b) => seen.push(b));
    expect(seen).toEqual([[1, 2], [3]]);
    expect(await collectInBatches([1, 2, 3], 2, async (b) => b.map((x) => x * 10))).toEqual([10, 20, 30]);
  });
});

describe('likePattern', () => {
  it('escapes the pattern characters so hostile input matches itself only', () => {
    expect(likePattern('50%_a\\b')).toBe('%50\\%\\_a\\\\b%');
    expect(likePattern('')).toBe('%%');
    expect(likePattern("'; drop table x; --")).toBe("%'; drop table x; --%");
  });
});
