/**
 * The evidence matrix of an allegation: its legal elements on one axis, the evidence linked to each on the other.
 * Pure: the server hands in the elements and only the links the reader may see (a link to an item the reader may not
 * see is neither listed nor counted), and this module counts.
 *
 * Independence. Two links are from the same source when their archive items have the same source: the item's
 * "provided by" (trimmed, case- and space-folded), or, for an item that names none, the item itself. So five
 * pages of one witness statement, or three photographs handed over by one organisation, count as one source;
 * two statements from two witnesses count as two. A link's direction is `supporting` (incriminating) or
 * `undermining` (exculpatory); the counts are kept apart, never netted.
 *
 * Reliability follows the Admiralty (NATO AJP-2.1) scale for sources: A completely reliable, B usually reliable,
 * C fairly reliable, D not usually reliable, E unreliable, F reliability cannot be judged. D, E and F are "low":
 * flagged, and counted apart, so a gap filled only by low-reliability evidence shows.
 */

export const DIRECTIONS = ['supporting', 'undermining'] as const;
export type Direction = (typeof DIRECTIONS)[number];
export const RELIABILITY_GRADES = ['A', 'B', 'C', 'D', 'E', 'F'] as const;
export type Reliability = (typeof RELIABILITY_GRADES)[number];
export const LOW_RELIABILITY: ReadonlySet<Reliability> = new Set(['D', 'E', 'F']);

export interface MatrixElementInput {
  id: string;
  /** e.g. "6(a)-1"; shown before the label. */
  code: string;
  label: string;
}

export interface MatrixLinkInput {
  id: string;
  elementId: string;
  itemId: string;
  direction: Direction;
  reliability: Reliability;
  /** The item's source ("provided by") as recorded, or null. */
  providedBy: string | null;
}

export interface DirectionCount {
  /** Links in this direction. */
  links: number;
  /** Independent sources among them (see the module comment). */
  sources: number;
  /** Independent sources counting only links graded A–C. */
  reliableSources: number;
  /** Links graded D, E or F. */
  lowReliability: number;
}

export interface MatrixRow {
  elementId: string;
  code: string;
  label: string;
  supporting: DirectionCount;
  undermining: DirectionCount;
  /** No evidence either way. */
  gap: boolean;
  /** Evidence exists, but every source in it is graded low. */
  onlyLowReliability: boolean;
}

export interface Matrix {
  rows: MatrixRow[];
  totals: { links: number; items: number; sources: number; gaps: number; lowReliability: number };
}

/** The key that makes two links "the same source". */
export function sourceKey(itemId: string, providedBy: string | null): string {
  const name = (providedBy ?? '').normalize('NFKC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('und');
  return name ? `source:${name}` : `item:${itemId}`;
}

const emptyCount = (): DirectionCount => ({ links: 0, sources: 0, reliableSources: 0, lowReliability: 0 });

export function computeMatrix(elements: readonly MatrixElementInput[], links: readonly MatrixLinkInput[]): Matrix {
  const known = new Map<string, { sources: [Set<string>, Set<string>]; reliable: [Set<string>, Set<string>]; counts: [DirectionCount, DirectionCount] }>();
  for (const e of elements) known.set(e.id, { sources: [new Set(), new Set()], reliable: [new Set(), new Set()], counts: [emptyCount(), emptyCount()] });
  const items = new Set<string>();
  const allSources = new Set<string>();
  let total = 0;
  let low = 0;
  for (const link of links) {
    const cell = known.get(link.elementId);
    if (!cell) continue;
    const d = link.direction === 'supporting' ? 0 : 1;
    const key = sourceKey(link.itemId, link.providedBy);
    const count = cell.counts[d];
    count.links += 1;
    cell.sources[d].add(key);
    if (LOW_RELIABILITY.has(link.reliability)) {
      count.lowReliability += 1;
      low += 1;
    } else cell.reliable[d].add(key);
    items.add(link.itemId);
    allSources.add(key);
    total += 1;
  }
  let gaps = 0;
  const rows = elements.map((e): MatrixRow => {
    const cell = known.get(e.id)!;
    const [supporting, undermining] = cell.counts;
    supporting.sources = cell.sources[0].size;
    undermining.sources = cell.sources[1].size;
    supporting.reliableSources = cell.reliable[0].size;
    undermining.reliableSources = cell.reliable[1].size;
    const gap = supporting.links + undermining.links === 0;
    if (gap) gaps += 1;
    return {
      elementId: e.id,
      code: e.code,
      label: e.label,
      supporting,
      undermining,
      gap,
      onlyLowReliability: !gap && supporting.reliableSources + undermining.reliableSources === 0,
    };
  });
  return { rows, totals: { links: total, items: items.size, sources: allSources.size, gaps, lowReliability: low } };
}

/**
 * The counts of one (element, direction) cell, as a database aggregate returns them: the server groups the links by
 * element and direction and counts distinct source keys (computed by `sourceKey` for each item and handed to the
 * query), so it reads a hundred rows instead of every link.
 */
export interface MatrixCellCount extends DirectionCount {
  elementId: string;
  direction: Direction;
}

/** The same matrix as `computeMatrix`, from counts already made per cell and over the whole allegation. */
export function matrixFromCounts(elements: readonly MatrixElementInput[], cells: readonly MatrixCellCount[], totals: Omit<Matrix['totals'], 'gaps'>): Matrix {
  const byCell = new Map(cells.map((c) => [`${c.direction}\u0000${c.elementId}`, c]));
  const take = (elementId: string, direction: Direction): DirectionCount => {
    const c = byCell.get(`${direction}\u0000${elementId}`);
    return c ? { links: c.links, sources: c.sources, reliableSources: c.reliableSources, lowReliability: c.lowReliability } : emptyCount();
  };
  let gaps = 0;
  const rows = elements.map((e): MatrixRow => {
    const supporting = take(e.id, 'supporting');
    const undermining = take(e.id, 'undermining');
    const gap = supporting.links + undermining.links === 0;
    if (gap) gaps += 1;
    return { elementId: e.id, code: e.code, label: e.label, supporting, undermining, gap, onlyLowReliability: !gap && supporting.reliableSources + undermining.reliableSources === 0 };
  });
  return { rows, totals: { links: totals.links, items: totals.items, sources: totals.sources, gaps, lowReliability: totals.lowReliability } };
}
