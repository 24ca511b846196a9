import type { Random } from './writers.ts';

/**
 * What every generalisation generator returns: a list as a user would hand it to `reckon link` (a header and rows
 * of text, nothing else), and beside it, never in it, the true person of every row so that a run can be scored.
 */
export interface GeneratedList {
  /** Short name used in bench tables and file names. */
  name: string;
  header: string[];
  rows: string[][];
  /** The true person of each row, in row order; not a column of the list. */
  truth: string[];
}

export const pick = <T>(random: Random, options: readonly T[]): T => options[Math.floor(random() * options.length)];

/**
 * A Zipf-like choice: real name frequencies are heavily skewed (a few names cover much of a population), and the
 * collisions that skew causes are what tempts a linker to chain different people together.
 */
export function pickSkewed<T>(random: Random, options: readonly T[]): T {
  // inverse CDF of a continuous 1/rank law over ranks 1..n: P(rank k) is about 1/k
  const n = options.length;
  const rank = Math.floor(Math.exp(random() * Math.log(n + 1))) - 1;
  return options[Math.min(n - 1, Math.max(0, rank))];
}

/** Fisher–Yates over rows and truth together, so that row order says nothing about who is who. */
export function shuffleTogether(rows: string[][], truth: string[], random: Random): void {
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [rows[i], rows[j]] = [rows[j], rows[i]];
    [truth[i], truth[j]] = [truth[j], truth[i]];
  }
}

export const pad2 = (n: number) => String(n).padStart(2, '0');

/** Day of a month that exists (28 keeps February safe without a calendar). */
export const randomDay = (random: Random) => 1 + Math.floor(random() * 28);
