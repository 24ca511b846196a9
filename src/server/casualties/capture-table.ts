import { tableFromCaptureHistories, type CaptureHistory } from '../../core/estimation/index.ts';

const quote = (v: string) => (/[",\n\r]/.test(v) || v !== v.trim() ? `"${v.replace(/"/g, '""')}"` : v);

/**
 * The capture-pattern table of a linkage run as CSV (one 0/1 column per list, the stratum columns, `count`; only
 * observed patterns), the same format a person would upload. Estimates from casualty records store and hash this
 * text, so an estimate says exactly which table it came from and can be repeated from the table alone.
 * Throws CaptureTableError (fewer than two lists, no persons).
 */
export function captureTableCsv(lists: string[], people: CaptureHistory[], strataColumns: string[] = []): string {
  const parsed = tableFromCaptureHistories(lists, people, strataColumns);
  const lines = [[...lists, ...strataColumns, 'count'].map(quote).join(',')];
  for (const stratum of parsed.strata) {
    stratum.table.counts.forEach((count, pattern) => {
      if (pattern === 0 || count === 0) return;
      const bits = lists.map((_, j) => ((pattern >> j) & 1 ? '1' : '0'));
      lines.push([...bits, ...stratum.values.map(quote), String(count)].join(','));
    });
  }
  return `${lines.join('\n')}\n`;
}
