/**
 * UpSet data from capture-history patterns ("101": on the first and third list). Each pattern is an exclusive
 * intersection: persons on exactly those lists. Patterns are ordered by size, largest first, and cut to `limit`
 * columns; the persons in patterns left out are counted so the chart can say so.
 */
export interface UpSetColumn {
  pattern: string;
  members: boolean[];
  persons: number;
}

export interface UpSetData {
  columns: UpSetColumn[];
  /** Persons on each list (the sum over every pattern containing it, not only the columns shown). */
  setSizes: number[];
  hiddenPatterns: number;
  hiddenPersons: number;
}

export function upsetData(overlaps: readonly { pattern: string; persons: number }[], sourceCount: number, limit = 24): UpSetData {
  const valid = overlaps.filter((o) => o.pattern.length === sourceCount && /^[01]+$/.test(o.pattern) && o.pattern.includes('1') && o.persons > 0);
  const setSizes = Array.from({ length: sourceCount }, (_, i) => valid.reduce((sum, o) => sum + (o.pattern[i] === '1' ? o.persons : 0), 0));
  const sorted = [...valid].sort((a, b) => b.persons - a.persons || degree(a.pattern) - degree(b.pattern) || a.pattern.localeCompare(b.pattern));
  const shown = sorted.slice(0, limit);
  const hidden = sorted.slice(limit);
  return {
    columns: shown.map((o) => ({ pattern: o.pattern, members: [...o.pattern].map((c) => c === '1'), persons: o.persons })),
    setSizes,
    hiddenPatterns: hidden.length,
    hiddenPersons: hidden.reduce((s, o) => s + o.persons, 0),
  };
}

const degree = (pattern: string) => [...pattern].filter((c) => c === '1').length;
