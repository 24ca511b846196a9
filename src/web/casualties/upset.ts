/**
 * UpSet data from capture-history patterns ("101": on the first and third list). Each pattern is an exclusive
 * intersection: persons on exactly those lists. Patterns are ordered by size, largest first, and cut to `limit`
 * columns; the persons in patterns left out are counted so the chart can say so.
 */
export interface UpSetColumn {
  pattern: string;
  members: boolean[];
  /** null when the server hides the count (small-cell suppression). */
  persons: number | null;
}

export interface UpSetData {
  columns: UpSetColumn[];
  /** Persons on each list (the sum over every pattern containing it, not only the columns shown); null when hidden. */
  setSizes: Array<number | null>;
  hiddenPatterns: number;
  /** Persons in the patterns not drawn; null when one of them is a hidden count (a sum would give it back). */
  hiddenPersons: number | null;
}

/**
 * `listPersons` (the coverage table's persons per list) gives the set sizes when counts may be hidden: a sum over
 * the patterns would leave hidden ones out.
 */
export function upsetData(
  overlaps: readonly { pattern: string; persons: number | null }[],
  sourceCount: number,
  limit = 24,
  listPersons?: ReadonlyArray<number | null>,
): UpSetData {
  const valid = overlaps.filter((o) => o.pattern.length === sourceCount && /^[01]+$/.test(o.pattern) && o.pattern.includes('1') && (o.persons === null || o.persons > 0));
  const setSizes = listPersons ? [...listPersons] : Array.from({ length: sourceCount }, (_, i) => valid.reduce((sum, o) => sum + (o.pattern[i] === '1' ? (o.persons ?? 0) : 0), 0));
  // hidden counts last, in pattern order: their place among the sizes would bound them
  const sorted = [...valid].sort(
    (a, b) => (a.persons === null ? 1 : 0) - (b.persons === null ? 1 : 0) || (b.persons ?? 0) - (a.persons ?? 0) || (a.persons === null ? 0 : degree(a.pattern) - degree(b.pattern)) || a.pattern.localeCompare(b.pattern),
  );
  const shown = sorted.slice(0, limit);
  const hidden = sorted.slice(limit);
  return {
    columns: shown.map((o) => ({ pattern: o.pattern, members: [...o.pattern].map((c) => c === '1'), persons: o.persons })),
    setSizes,
    hiddenPatterns: hidden.length,
    hiddenPersons: hidden.some((o) => o.persons === null) ? null : hidden.reduce((s, o) => s + (o.persons ?? 0), 0),
  };
}

const degree = (pattern: string) => [...pattern].filter((c) => c === '1').length;
