import { Z_975 } from './special.ts';
import type { CaptureTable } from './table.ts';

/**
 * Chapman's nearly unbiased two-list estimator (Chapman 1951, "Some properties of the hypergeometric distribution
 * with applications to zoological sample censuses", Univ. California Publ. Statist. 1):
 *   N̂ = (n1 + 1)(n2 + 1)/(m + 1) − 1,
 *   Var(N̂) = (n1 + 1)(n2 + 1)(n1 − m)(n2 − m) / ((m + 1)²(m + 2))  (Seber 1970),
 * with the log-normal 95% interval on the unseen count f0 = N̂ − n of Chao (1987, Biometrics 43(4)):
 *   [n + f0/C, n + f0·C],  C = exp(1.96 √log(1 + Var/f0²)), which never goes below the documented count.
 * It assumes the two lists are independent and everyone equally likely to be listed.
 */
export interface ChapmanResult {
  estimate: number;
  variance: number;
  lower: number;
  upper: number;
  onFirst: number;
  onSecond: number;
  onBoth: number;
  warnings: string[];
}

export function runChapman(table: CaptureTable): ChapmanResult {
  if (table.lists.length !== 2) throw new RangeError(`Chapman's estimator is for exactly two lists, not ${table.lists.length}`);
  const onlyFirst = table.counts[1];
  const onlySecond = table.counts[2];
  const m = table.counts[3];
  const n1 = onlyFirst + m;
  const n2 = onlySecond + m;
  const n = table.observed;
  const estimate = ((n1 + 1) * (n2 + 1)) / (m + 1) - 1;
  const variance = ((n1 + 1) * (n2 + 1) * (n1 - m) * (n2 - m)) / ((m + 1) ** 2 * (m + 2));
  const warnings: string[] = [];
  if (m === 0) warnings.push('no one is on both lists: Chapman\'s figure is then only a lower-bound guess and its interval is meaningless');
  else if (m < 7) warnings.push(`only ${m} people are on both lists; Chapman's estimator is biased and unstable below about 7 matches`);
  const f0 = estimate - n;
  let lower = n;
  let upper = n;
  if (f0 > 0) {
    const C = Math.exp(Z_975 * Math.sqrt(Math.log(1 + variance / (f0 * f0))));
    lower = n + f0 / C;
    upper = n + f0 * C;
  }
  return { estimate, variance, lower, upper, onFirst: n1, onSecond: n2, onBoth: m, warnings };
}
