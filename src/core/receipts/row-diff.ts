import { unpackLeaves } from './rows.ts';
import type { InputCommitment } from './format.ts';

/**
 * Which rows of `before` are not in `after` (left, by index in before) and which of `after` are not in `before`
 * (entered, by index in after), matching rows as a multiset of leaf hashes: a row that moved is neither.
 */
export function diffLeaves(before: readonly string[], after: readonly string[]): { left: number[]; entered: number[] } {
  const waiting = new Map<string, number[]>();
  before.forEach((h, i) => {
    const list = waiting.get(h);
    if (list) list.push(i);
    else waiting.set(h, [i]);
  });
  const entered: number[] = [];
  after.forEach((h, i) => {
    const list = waiting.get(h);
    if (list && list.length > 0) list.shift();
    else entered.push(i);
  });
  const left = [...waiting.values()].flat().sort((a, b) => a - b);
  return { left, entered };
}

export function leavesOf(input: InputCommitment): string[] | undefined {
  return input.leaves === null ? undefined : unpackLeaves(input.leaves, input.rows);
}

/** "rows 3, 17 and 40 more": leaf indices as 1-based data rows, a few named. */
export function nameRows(indices: readonly number[], limit = 10): string {
  const shown = indices.slice(0, limit).map((i) => String(i + 1));
  return `${indices.length === 1 ? 'row' : 'rows'} ${shown.join(', ')}${indices.length > limit ? ` and ${indices.length - limit} more` : ''}`;
}
