/**
 * Casualty statistics as a receipt method. The statistics of a linkage run are counts of persons; the server counts
 * them in SQL. Their receipt commits to the run's persons table (one row per person, no names, no record ids:
 * the lists that hold the person, how many records each list has of them, and the values the statistics count),
 * and the figures are recomputed from that table here, in plain code, with the same small-cell suppression
 * (casualties/suppression.ts) and the same minimum cell. The server checks, before it issues a receipt, that this
 * recomputation gives exactly the figures it publishes, so a receipt never disagrees with the page it stands beside.
 */
import { stringify } from 'csv-stringify/sync';
import type { JsonValue } from '../../core/ledger/entry.ts';
import { canonicalRows, flattenFigures, type FigureMethod, type Scalar } from '../../core/receipts/index.ts';
import { AGE_BANDS } from '../casualties/linkage-input.ts';
import { disagreementFields, type StatsView } from '../casualties/schemas.ts';
import { publishStats, type ExactStats } from '../casualties/suppression.ts';

export const STATISTICS_KIND = 'casualty-statistics';

/** The columns of a run's persons table, in this order. */
export const PERSON_COLUMNS = ['person', 'lists', 'records', 'sex', 'age_band', 'status', 'death_date', 'place', 'disagreements'] as const;

export interface PersonRow {
  person: number;
  /** Capture history: one digit per list of the run, in the run's order. */
  lists: string;
  /** Records per list, in the run's order. */
  records: number[];
  sex: string | null;
  ageBand: string | null;
  status: string | null;
  deathDate: string | null;
  place: string | null;
  disagreements: string[];
}

export interface StatisticsParameters {
  runId: string;
  sources: Array<{ id: string; name: string }>;
  minCell: number;
}

/** The persons table as CSV: null is an empty cell; lists of numbers and fields are joined by spaces. */
export function personsTableCsv(rows: readonly PersonRow[]): string {
  return stringify(
    rows.map((r) => [r.person, r.lists, r.records.join(' '), r.sex ?? '', r.ageBand ?? '', r.status ?? '', r.deathDate ?? '', r.place ?? '', r.disagreements.join(' ')]),
    { header: true, columns: [...PERSON_COLUMNS], record_delimiter: 'unix' },
  );
}

/** PostgreSQL's order under the C collation (code points), which the server's database uses. */
function byCodePoint(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i].codePointAt(0)! - y[i].codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

function readTable(text: string, sources: number): PersonRow[] {
  const { columns, rows } = canonicalRows('persons table', text);
  const missing = PERSON_COLUMNS.filter((c) => !columns.includes(c));
  if (missing.length > 0) throw new RangeError(`the persons table lacks the column(s) ${missing.join(', ')}`);
  return rows.map(({ line, cells }) => {
    const records = cells.records.split(' ').map(Number);
    if (!/^[01]+$/.test(cells.lists) || cells.lists.length !== sources || records.length !== sources || records.some((n) => !Number.isSafeInteger(n) || n < 0)) {
      throw new RangeError(`persons table line ${line}: "lists" and "records" need one entry per list of the run (${sources})`);
    }
    const text = (v: string) => (v === '' ? null : v);
    return {
      person: Number(cells.person),
      lists: cells.lists,
      records,
      sex: text(cells.sex),
      ageBand: text(cells.age_band),
      status: text(cells.status),
      deathDate: text(cells.death_date),
      place: text(cells.place),
      disagreements: cells.disagreements === '' ? [] : cells.disagreements.split(' '),
    };
  });
}

/** Persons counted by a value: count descending, then the value (nulls last, as 'unknown'), as the SQL does. */
function countBy(rows: readonly PersonRow[], value: (r: PersonRow) => string | null): Array<{ key: string; persons: number }> {
  const counts = new Map<string | null, number>();
  for (const r of rows) counts.set(value(r), (counts.get(value(r)) ?? 0) + 1);
  return [...counts]
    .sort(([a, n], [b, m]) => m - n || (a === null ? (b === null ? 0 : 1) : b === null ? -1 : byCodePoint(a, b)))
    .map(([key, persons]) => ({ key: key ?? 'unknown', persons }));
}

/** Death dates cut to a day (10) or a month (7); shorter dates are 'unknown'; ordered by key, as the SQL does. */
function countByDeath(rows: readonly PersonRow[], chars: 7 | 10): Array<{ key: string; persons: number }> {
  const key = (d: string | null) => (d === 'unknown' || d === 'conflicting' ? d : d !== null && [...d].length >= chars ? [...d].slice(0, chars).join('') : 'unknown');
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(key(r.deathDate), (counts.get(key(r.deathDate)) ?? 0) + 1);
  return [...counts].sort(([a], [b]) => byCodePoint(a, b)).map(([k, persons]) => ({ key: k, persons }));
}

/** The run's statistics, exact, from its persons table: what Results.stats counts in SQL. */
export function exactStatsFromPersons(rows: readonly PersonRow[], p: Pick<StatisticsParameters, 'runId' | 'sources'>): ExactStats {
  const overlaps = countBy(rows, (r) => r.lists);
  const total = rows.length;
  const ageOrder = [...AGE_BANDS, 'unknown', 'conflicting'] as string[];
  const disagreeing = new Map<string, number>();
  for (const r of rows) for (const f of r.disagreements) disagreeing.set(f, (disagreeing.get(f) ?? 0) + 1);
  return {
    runId: p.runId,
    sources: p.sources,
    totals: { records: rows.reduce((n, r) => n + r.records.reduce((a, b) => a + b, 0), 0), persons: total, linkedPersons: rows.filter((r) => r.records.reduce((a, b) => a + b, 0) > 1).length },
    bySex: countBy(rows, (r) => r.sex),
    byAgeBand: [...countBy(rows, (r) => r.ageBand)].sort((a, b) => ageOrder.indexOf(a.key) - ageOrder.indexOf(b.key)),
    byStatus: countBy(rows, (r) => r.status),
    byDeathDay: countByDeath(rows, 10),
    byDeathMonth: countByDeath(rows, 7),
    byPlace: countBy(rows, (r) => r.place),
    coverage: p.sources.map((s, i) => {
      const persons = rows.filter((r) => r.lists[i] === '1').length;
      return { sourceId: s.id, name: s.name, records: rows.reduce((n, r) => n + r.records[i], 0), persons, share: total ? persons / total : 0 };
    }),
    overlaps: overlaps
      .map((o) => ({ pattern: o.key, sourceIds: p.sources.filter((_, i) => o.key[i] === '1').map((s) => s.id), persons: o.persons }))
      .sort((a, b) => b.persons - a.persons || a.pattern.localeCompare(b.pattern)),
    disagreements: {
      persons: rows.filter((r) => r.disagreements.length > 0).length,
      byField: disagreementFields.filter((f) => disagreeing.has(f)).map((f) => ({ field: f, persons: disagreeing.get(f)! })),
      examples: null,
    },
  };
}

/**
 * The published figures, flattened: each count under its key (`bySex.f.persons`, `overlaps.101.suppressed`), so
 * a figure is named by what it counts, not by its place in a list. Per-person examples are never part of a figure.
 */
export function statisticsOutputs(view: StatsView): Record<string, Scalar> {
  const keyed = <T extends Record<string, unknown>>(rows: readonly T[], key: keyof T) => Object.fromEntries(rows.map((r) => [String(r[key]), { ...r, [key]: undefined }]));
  return flattenFigures({
    runId: view.runId,
    lists: view.sources.map((s) => s.name).join(','),
    totals: view.totals,
    bySex: keyed(view.bySex, 'key'),
    byAgeBand: keyed(view.byAgeBand, 'key'),
    byStatus: keyed(view.byStatus, 'key'),
    byDeathDay: keyed(view.byDeathDay, 'key'),
    byDeathMonth: keyed(view.byDeathMonth, 'key'),
    byPlace: keyed(view.byPlace, 'key'),
    coverage: keyed(
      view.coverage.map((c) => ({ ...c, sourceId: c.sourceId })),
      'sourceId',
    ),
    overlaps: keyed(
      view.overlaps.map((o) => ({ pattern: o.pattern, persons: o.persons, suppressed: o.suppressed })),
      'pattern',
    ),
    disagreements: { persons: view.disagreements.persons, byField: keyed(view.disagreements.byField, 'field') },
    suppression: view.suppression,
  });
}

export function statisticsParameterRecord(p: StatisticsParameters): Record<string, JsonValue> {
  return {
    runId: p.runId,
    sources: p.sources.map((s) => ({ id: s.id, name: s.name })),
    minCell: p.minCell,
    suppression: 'primary: counts 1 to minCell-1; secondary: smallest first until no hidden count follows from the published sums (casualties/suppression.ts)',
  };
}

function readParameters(record: Record<string, JsonValue>): StatisticsParameters {
  const sources = record.sources;
  if (typeof record.runId !== 'string') throw new RangeError('parameter "runId" must be text');
  if (!Array.isArray(sources) || !sources.every((s) => s !== null && typeof s === 'object' && !Array.isArray(s) && typeof s.id === 'string' && typeof s.name === 'string')) {
    throw new RangeError('parameter "sources" must be a list of {id, name}');
  }
  if (typeof record.minCell !== 'number' || !Number.isInteger(record.minCell) || record.minCell < 0) throw new RangeError(`parameter "minCell" must be a whole number, the receipt has ${JSON.stringify(record.minCell)}`);
  return { runId: record.runId, sources: sources as Array<{ id: string; name: string }>, minCell: record.minCell };
}

/** The published view and its flattened figures, from a persons table and the recorded parameters. */
export function statisticsFromTable(text: string, p: StatisticsParameters): { view: StatsView; outputs: Record<string, Scalar> } {
  const view = publishStats(exactStatsFromPersons(readTable(text, p.sources.length), p), p.minCell);
  return { view, outputs: statisticsOutputs(view) };
}

export function casualtyStatsMethod(): FigureMethod {
  return {
    kind: STATISTICS_KIND,
    inputRoles: ['persons table'],
    seeded: false,
    async recompute(inputs, parameters) {
      return statisticsFromTable(inputs[0].text, readParameters(parameters)).outputs;
    },
  };
}
