import type { StatsView } from './schemas.ts';

/**
 * Small-cell suppression for published counts of persons. A count of one or two can point at an individual ("the
 * one woman over 75 from that village"), so below a minimum a count is not shown (primary suppression). Hiding one
 * cell is not enough when sums over it are published: the total minus the cells shown gives it back, and so can a
 * combination of several sums (with three lists, list A's persons + list B's persons − the total, and so on). So
 * after the small cells are hidden, further cells are hidden (secondary suppression, smallest first) until no hidden
 * count follows from the published figures by any linear combination of the identities that link them.
 *
 * The test is exact for that: a hidden value is determined exactly when its unit vector lies in the row space of
 * the identities restricted to the hidden values (reduced row echelon form). What it does not do is bound hidden
 * values by their signs (an LP audit of intervals): two hidden cells that add up to 3 are each known to be 0–3.
 */

/** One number: a cell or a figure that is published (or an unpublished helper quantity, always hidden). */
export interface Variable {
  value: number;
  /** False for helper unknowns that are never shown (e.g. persons dated to a month but not a day). */
  published: boolean;
  /** May be hidden to protect another (a total the breakdowns are read against is not). */
  hideable: boolean;
}

/** A linear identity Σ coefficient · value = 0 between variables. */
export type Identity = Array<[variable: number, coefficient: number]>;

/** A count is sensitive when it names between 1 and min − 1 persons; nobody (0) points at no one. */
export const isSmall = (value: number, min: number) => value > 0 && value < min;

const EPS = 1e-9;

/** The first published hidden variable whose value the identities give back, or −1. */
export function firstDetermined(variables: readonly Variable[], identities: readonly Identity[], hidden: readonly boolean[]): number {
  const columns = new Map<number, number>();
  for (let v = 0; v < variables.length; v++) if (hidden[v]) columns.set(v, columns.size);
  const rows = identities
    .map((identity) => {
      const row = new Float64Array(columns.size);
      for (const [v, c] of identity) {
        const col = columns.get(v);
        if (col !== undefined) row[col] += c;
      }
      return row;
    })
    .filter((row) => row.some((x) => Math.abs(x) > EPS));
  const byColumn = [...columns.keys()];
  // reduced row echelon form with partial pivoting; the matrices are small (identities × hidden values)
  let rank = 0;
  for (let col = 0; col < columns.size && rank < rows.length; col++) {
    let pivot = rank;
    for (let r = rank + 1; r < rows.length; r++) if (Math.abs(rows[r][col]) > Math.abs(rows[pivot][col])) pivot = r;
    if (Math.abs(rows[pivot][col]) <= EPS) continue;
    [rows[rank], rows[pivot]] = [rows[pivot], rows[rank]];
    const p = rows[rank][col];
    for (let c = col; c < columns.size; c++) rows[rank][c] /= p;
    for (let r = 0; r < rows.length; r++) {
      if (r === rank) continue;
      const f = rows[r][col];
      if (Math.abs(f) <= EPS) continue;
      for (let c = col; c < columns.size; c++) rows[r][c] -= f * rows[rank][c];
    }
    rank++;
  }
  for (let r = 0; r < rank; r++) {
    let only = -1;
    let count = 0;
    for (let c = 0; c < columns.size && count < 2; c++) {
      if (Math.abs(rows[r][c]) > EPS) {
        only = c;
        count++;
      }
    }
    if (count === 1 && variables[byColumn[only]].published) return byColumn[only];
  }
  return -1;
}

/**
 * Which variables to hide: the small published ones and helpers, then, while a hidden value follows from the rest,
 * the smallest shown hideable value that shares an identity with it. `min` ≤ 1 hides only helpers. Deterministic
 * (ties go to the earlier variable).
 */
export function protect(variables: readonly Variable[], identities: readonly Identity[], min: number): boolean[] {
  const hidden = variables.map((v) => !v.published || (min > 1 && isSmall(v.value, min)));
  if (min <= 1) return hidden;
  for (let guard = 0; guard <= variables.length; guard++) {
    const j = firstDetermined(variables, identities, hidden);
    if (j < 0) break;
    let next = -1;
    for (const identity of identities) {
      if (!identity.some(([v]) => v === j)) continue;
      for (const [v] of identity) {
        if (hidden[v] || !variables[v].hideable || variables[v].value <= 0) continue;
        if (next < 0 || variables[v].value < variables[next].value || (variables[v].value === variables[next].value && v < next)) next = v;
      }
    }
    if (next < 0) {
      // only values that must stay are left beside it (the total): hide those rather than give a person away
      const rest = identities.filter((identity) => identity.some(([v]) => v === j)).flatMap((identity) => identity.map(([v]) => v)).filter((v) => !hidden[v]);
      if (rest.length === 0) break;
      for (const v of rest) hidden[v] = true;
      continue;
    }
    hidden[next] = true;
  }
  return hidden;
}

export interface CountCell {
  key: string;
  persons: number | null;
  suppressed: boolean;
}

/** Hidden rows of a list sorted by count go to the end in key order: their place would tell where their count falls. */
export function hiddenLast<T extends { suppressed: boolean }>(rows: T[], key: (row: T) => string): T[] {
  return [...rows.filter((r) => !r.suppressed), ...rows.filter((r) => r.suppressed).sort((a, b) => key(a).localeCompare(key(b)))];
}

/** Statistics as counted, before any suppression (every count exact). */
export interface ExactStats {
  runId: string;
  sources: Array<{ id: string; name: string }>;
  totals: { records: number; persons: number; linkedPersons: number };
  bySex: Array<{ key: string; persons: number }>;
  byAgeBand: Array<{ key: string; persons: number }>;
  byStatus: Array<{ key: string; persons: number }>;
  byDeathDay: Array<{ key: string; persons: number }>;
  byDeathMonth: Array<{ key: string; persons: number }>;
  byPlace: Array<{ key: string; persons: number }>;
  coverage: Array<{ sourceId: string; name: string; records: number; persons: number; share: number }>;
  overlaps: Array<{ pattern: string; sourceIds: string[]; persons: number }>;
  disagreements: { persons: number; byField: Array<{ field: StatsView['disagreements']['byField'][number]['field']; persons: number }>; examples: StatsView['disagreements']['examples'] };
}

/**
 * The statistics as published with a minimum cell size (`min` ≤ 1: exact). The identities linking them: each
 * attribute breakdown adds up to the total; so do the capture patterns, and each list's persons is the sum of the
 * patterns that hold it; the death months add up from the days (with a helper, never shown, for the persons dated
 * to a month only: month = its days + those, and unknown day = unknown month + all of those). Disagreement counts
 * overlap (a person may disagree on several fields), so they are only hidden when small. Record counts per list
 * are not counts of persons (every list's size is public on the list page) and stay. The total of persons stays
 * shown unless it is small itself.
 */
export function publishStats(s: ExactStats, min: number): StatsView {
  const effective = min > 1 ? min : 0;
  const variables: Variable[] = [];
  const identities: Identity[] = [];
  const add = (value: number, published = true, hideable = true) => variables.push({ value, published, hideable }) - 1;
  const T = add(s.totals.persons, true, false);
  const partition = (rows: ExactStats['bySex']) => {
    const ids = rows.map((r) => add(r.persons));
    identities.push([...ids.map((v): [number, number] => [v, 1]), [T, -1]]);
    return ids;
  };
  const sex = partition(s.bySex);
  const age = partition(s.byAgeBand);
  const status = partition(s.byStatus);
  const place = partition(s.byPlace);
  const day = partition(s.byDeathDay);
  const month = partition(s.byDeathMonth);
  // days and months: month m = its days + persons dated to m only; unknown day = unknown month + all of those
  const dayIndex = new Map(s.byDeathDay.map((r, i) => [r.key, day[i]]));
  const monthIndex = new Map(s.byDeathMonth.map((r, i) => [r.key, month[i]]));
  const monthOnly: number[] = [];
  for (const [key, m] of monthIndex) {
    if (!/^\d{4}-\d{2}$/.test(key)) continue;
    const days = s.byDeathDay.filter((r) => r.key.startsWith(`${key}-`));
    const helper = add(variables[m].value - days.reduce((n, r) => n + r.persons, 0), false, false);
    monthOnly.push(helper);
    identities.push([[m, 1], ...days.map((r): [number, number] => [dayIndex.get(r.key)!, -1]), [helper, -1]]);
  }
  const unknownDay: Identity = [...monthOnly.map((h): [number, number] => [h, -1])];
  if (dayIndex.has('unknown')) unknownDay.push([dayIndex.get('unknown')!, 1]);
  if (monthIndex.has('unknown')) unknownDay.push([monthIndex.get('unknown')!, -1]);
  identities.push(unknownDay);
  const conflicting: Identity = [];
  if (dayIndex.has('conflicting')) conflicting.push([dayIndex.get('conflicting')!, 1]);
  if (monthIndex.has('conflicting')) conflicting.push([monthIndex.get('conflicting')!, -1]);
  if (conflicting.length > 0) identities.push(conflicting);
  // capture patterns and each list's persons
  const patterns = partition(s.overlaps.map((o) => ({ key: o.pattern, persons: o.persons })));
  const lists = s.coverage.map((c) => add(c.persons));
  s.coverage.forEach((_, i) => {
    identities.push([...s.overlaps.flatMap((o, c): Array<[number, number]> => (o.pattern[i] === '1' ? [[patterns[c], 1]] : [])), [lists[i], -1]]);
  });

  const hidden = protect(variables, identities, effective);
  const cells = (rows: ExactStats['bySex'], ids: number[]): CountCell[] =>
    rows.map((r, i) => (hidden[ids[i]] ? { key: r.key, persons: null, suppressed: true } : { key: r.key, persons: r.persons, suppressed: false }));
  const small = (n: number) => effective > 0 && isSmall(n, effective);
  const byField = s.disagreements.byField.map((f) => (small(f.persons) ? { field: f.field, persons: null, suppressed: true } : { ...f, suppressed: false }));
  const overlaps = s.overlaps.map((o, i) => (hidden[patterns[i]] ? { ...o, persons: null, suppressed: true } : { ...o, suppressed: false }));
  const out: StatsView = {
    runId: s.runId,
    sources: s.sources,
    totals: { records: s.totals.records, persons: hidden[T] ? null : s.totals.persons, linkedPersons: small(s.totals.linkedPersons) ? null : s.totals.linkedPersons },
    bySex: hiddenLast(cells(s.bySex, sex), (r) => r.key),
    byAgeBand: cells(s.byAgeBand, age),
    byStatus: hiddenLast(cells(s.byStatus, status), (r) => r.key),
    byDeathDay: cells(s.byDeathDay, day),
    byDeathMonth: cells(s.byDeathMonth, month),
    byPlace: hiddenLast(cells(s.byPlace, place), (r) => r.key),
    coverage: s.coverage.map((c, i) => (hidden[lists[i]] ? { ...c, persons: null, share: null, suppressed: true } : { ...c, suppressed: false })),
    overlaps: hiddenLast(overlaps, (o) => o.pattern),
    disagreements: {
      persons: small(s.disagreements.persons) ? null : s.disagreements.persons,
      byField,
      // per-person detail never goes with a publication view
      examples: effective > 0 ? null : s.disagreements.examples,
    },
    suppression: { minCell: effective, hidden: 0 },
  };
  out.suppression.hidden =
    variables.filter((v, i) => v.published && hidden[i]).length +
    byField.filter((f) => f.suppressed).length +
    [out.totals.linkedPersons, out.disagreements.persons].filter((v) => v === null).length;
  return out;
}
