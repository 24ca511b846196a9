import { parse } from 'csv-parse/sync';

/**
 * Capture-pattern tables: how many people were on exactly each combination of k lists.
 *
 * Cell index convention used by every estimator here: bit j of the index is 1 when the person is on list j, so
 * list 0 varies fastest. This is the column-major order of R's array(Y, dim = c(2, 2, ...)), which lets the dga
 * reference data be used as it is. Cell 0 (on no list) is unobservable and always holds 0.
 */
export interface CaptureTable {
  lists: string[];
  counts: Float64Array;
  /** Number of documented people: the sum of the observed cells. */
  observed: number;
}

export interface Stratum {
  /** Values of the stratum columns, in the order of `strataColumns`. */
  values: string[];
  label: string;
  table: CaptureTable;
}

export interface ParsedCaptureTable {
  lists: string[];
  strataColumns: string[];
  /** One entry per stratum in order of first appearance; a single unnamed stratum when there are no strata. */
  strata: Stratum[];
  /** All strata pooled. */
  total: CaptureTable;
  warnings: string[];
}

/** Bad input, with the 1-based line and the column at fault where there is one. */
export class CaptureTableError extends Error {
  constructor(
    message: string,
    readonly line?: number,
    readonly field?: string,
  ) {
    super(line === undefined ? message : `line ${line}${field ? `, column "${field}"` : ''}: ${message}`);
    this.name = 'CaptureTableError';
  }
}

export interface ParseOptions {
  /** Names of columns that identify strata (e.g. sex, period); every other column except `count` is a list. */
  strata?: string[];
  /** Refuse tables wider than this: 2^k cells are held in memory and LCMCR's cost grows with them. */
  maxLists?: number;
  maxRows?: number;
  maxBytes?: number;
}

export const MAX_LISTS = 15;
const MAX_COUNT = 1e9;

export function parseCaptureTable(text: string, options: ParseOptions = {}): ParsedCaptureTable {
  const maxLists = options.maxLists ?? MAX_LISTS;
  const maxRows = options.maxRows ?? 1_000_000;
  const maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
  if (text.length > maxBytes) throw new CaptureTableError(`table is too large (${text.length} characters; limit ${maxBytes})`);
  if (text.includes('\u0000')) throw new CaptureTableError('table contains NUL bytes: is it a binary file rather than CSV text?');

  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parse(text, { bom: true, trim: true, skip_empty_lines: true, info: true, relax_quotes: false }) as unknown as {
      record: string[];
      info: { lines: number };
    }[];
  } catch (error) {
    const err = error as { message?: string; lines?: number };
    throw new CaptureTableError(`not valid CSV: ${err.message ?? String(error)}`, err.lines);
  }
  if (rows.length === 0) throw new CaptureTableError('table is empty: expected a header with one column per list and a "count" column');
  if (rows.length - 1 > maxRows) throw new CaptureTableError(`table has ${rows.length - 1} rows; limit ${maxRows}`);

  const header = rows[0].record.map((name) => name.trim());
  const headerLine = rows[0].info.lines;
  const seen = new Map<string, number>();
  header.forEach((name, i) => {
    if (name === '') throw new CaptureTableError(`column ${i + 1} has no name`, headerLine);
    const key = name.toLowerCase();
    if (seen.has(key)) throw new CaptureTableError(`column "${name}" appears twice in the header`, headerLine);
    seen.set(key, i);
  });
  const countIndex = seen.get('count');
  if (countIndex === undefined) {
    throw new CaptureTableError('no "count" column: expected one 0/1 column per list and a "count" column', headerLine);
  }
  const strataColumns = options.strata ?? [];
  const strataIndices = strataColumns.map((name) => {
    const index = seen.get(name.trim().toLowerCase());
    if (index === undefined) throw new CaptureTableError(`stratum column "${name}" is not in the header (${header.join(', ')})`, headerLine);
    if (index === countIndex) throw new CaptureTableError('"count" cannot be a stratum column', headerLine);
    return index;
  });
  if (new Set(strataIndices).size !== strataIndices.length) throw new CaptureTableError('a stratum column is named twice', headerLine);
  const listIndices = header.map((_, i) => i).filter((i) => i !== countIndex && !strataIndices.includes(i));
  const lists = listIndices.map((i) => header[i]);
  if (lists.length < 2) {
    throw new CaptureTableError(
      `only ${lists.length} list column${lists.length === 1 ? '' : 's'} (${lists.join(', ') || 'none'}): multiple systems estimation needs at least two lists`,
      headerLine,
    );
  }
  if (lists.length > maxLists) throw new CaptureTableError(`${lists.length} list columns; at most ${maxLists} are supported`, headerLine);

  const cells = 1 << lists.length;
  const byStratum = new Map<string, { values: string[]; counts: Float64Array; firstLine: Map<number, number> }>();
  let zeroPatternRows = 0;
  for (let r = 1; r < rows.length; r++) {
    const { record, info } = rows[r];
    const line = info.lines;
    if (record.length !== header.length) {
      throw new CaptureTableError(`has ${record.length} fields; the header has ${header.length}`, line);
    }
    let pattern = 0;
    listIndices.forEach((column, j) => {
      const value = record[column];
      if (value === '1') pattern |= 1 << j;
      else if (value !== '0') throw new CaptureTableError(`expected 0 or 1, got "${clip(value)}"${strataColumns.length ? '' : ' (if this column is a stratum, name it with --strata)'}`, line, header[column]);
    });
    const count = parseCount(record[countIndex], line, header[countIndex]);
    const values = strataIndices.map((column) => {
      const value = record[column];
      if (value === '') throw new CaptureTableError('stratum value is empty', line, header[column]);
      return value;
    });
    if (pattern === 0) {
      if (count > 0) {
        throw new CaptureTableError(
          `the all-zero pattern (on no list) has count ${count}: people on no list cannot be counted, that is what is being estimated`,
          line,
        );
      }
      zeroPatternRows++;
      continue;
    }
    const key = JSON.stringify(values);
    let stratum = byStratum.get(key);
    if (!stratum) {
      stratum = { values, counts: new Float64Array(cells), firstLine: new Map() };
      byStratum.set(key, stratum);
    }
    const earlier = stratum.firstLine.get(pattern);
    if (earlier !== undefined) {
      throw new CaptureTableError(`pattern ${patternLabel(pattern, lists)} is repeated (first on line ${earlier})${values.length ? ` in stratum ${values.join('/')}` : ''}`, line);
    }
    stratum.firstLine.set(pattern, line);
    stratum.counts[pattern] = count;
  }

  const warnings: string[] = [];
  if (zeroPatternRows > 0) warnings.push(`ignored ${zeroPatternRows} row(s) for the all-zero pattern with count 0 (that cell is what is estimated)`);
  const strata: Stratum[] = [...byStratum.values()].map(({ values, counts }) => ({
    values,
    label: values.length ? strataColumns.map((c, i) => `${c}=${values[i]}`).join(', ') : 'all',
    table: makeTable(lists, counts),
  }));
  const totalCounts = new Float64Array(cells);
  for (const s of strata) for (let c = 0; c < cells; c++) totalCounts[c] += s.table.counts[c];
  const total = makeTable(lists, totalCounts);
  if (total.observed === 0) throw new CaptureTableError('every count is zero: there is nothing to estimate from');
  if (strata.length === 0) throw new CaptureTableError('table has a header but no data rows');
  return { lists, strataColumns: [...strataColumns], strata, total, warnings };
}

function parseCount(raw: string, line: number, field: string): number {
  if (!/^[+]?\d+(\.0+)?$/.test(raw)) {
    if (/^-/.test(raw)) throw new CaptureTableError(`count must not be negative, got "${clip(raw)}"`, line, field);
    throw new CaptureTableError(`count must be a whole number, got "${clip(raw)}"`, line, field);
  }
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value > MAX_COUNT) throw new CaptureTableError(`count ${clip(raw)} is implausibly large (limit ${MAX_COUNT})`, line, field);
  return value;
}

function clip(value: string): string {
  const printable = [...value].map((ch) => (ch.charCodeAt(0) < 32 || ch.charCodeAt(0) === 127 ? '?' : ch)).join('');
  return printable.length > 40 ? `${printable.slice(0, 40)}…` : printable;
}

/** Builds a table from cell counts indexed by the bit convention above; validates the counts. */
export function makeTable(lists: string[], counts: ArrayLike<number>): CaptureTable {
  const k = lists.length;
  if (k < 2) throw new CaptureTableError('at least two lists are needed');
  if (counts.length !== 1 << k) throw new CaptureTableError(`expected ${1 << k} cells for ${k} lists, got ${counts.length}`);
  const copy = Float64Array.from(counts);
  if (copy[0] !== 0) throw new CaptureTableError('the all-zero cell must be 0');
  let observed = 0;
  for (let c = 1; c < copy.length; c++) {
    if (!(copy[c] >= 0) || !Number.isInteger(copy[c])) throw new CaptureTableError(`cell ${patternLabel(c, lists)} has an invalid count ${copy[c]}`);
    observed += copy[c];
  }
  return { lists: [...lists], counts: copy, observed };
}

/** "EXH+OSCE" style label of a pattern. */
export function patternLabel(pattern: number, lists: string[]): string {
  const names = lists.filter((_, j) => pattern & (1 << j));
  return names.length ? names.join('+') : '(none)';
}

export function bitCount(x: number): number {
  let n = 0;
  while (x) {
    x &= x - 1;
    n++;
  }
  return n;
}

/** People on two or more lists: the overlaps every estimator learns from. */
export function overlapCount(table: CaptureTable): number {
  let total = 0;
  for (let c = 1; c < table.counts.length; c++) if (bitCount(c) >= 2) total += table.counts[c];
  return total;
}

export function listTotals(table: CaptureTable): number[] {
  return table.lists.map((_, j) => {
    let total = 0;
    for (let c = 1; c < table.counts.length; c++) if (c & (1 << j)) total += table.counts[c];
    return total;
  });
}

/** Sparsity thresholds, documented in docs/estimation.md. */
export const SPARSE_OBSERVED = 50;
export const SPARSE_OVERLAP = 10;

export interface TableAssessment {
  /** False when no estimate can be given at all (no overlaps or an empty list). */
  estimable: boolean;
  warnings: string[];
}

/** Plain-words checks of whether a table can support an estimate. */
export function assessTable(table: CaptureTable, label = 'the table'): TableAssessment {
  const warnings: string[] = [];
  let estimable = true;
  if (table.observed === 0) {
    return { estimable: false, warnings: [`${label}: no documented cases; not estimated`] };
  }
  const overlaps = overlapCount(table);
  if (overlaps === 0) {
    estimable = false;
    warnings.push(`${label}: no person appears on more than one list, so the lists carry no information about how many were missed; not estimated`);
  }
  const totals = listTotals(table);
  totals.forEach((t, j) => {
    if (t === 0) warnings.push(`${label}: list "${table.lists[j]}" is empty; it adds nothing and makes some models unidentifiable`);
  });
  if (estimable && (table.observed < SPARSE_OBSERVED || overlaps < SPARSE_OVERLAP)) {
    warnings.push(
      `${label}: very sparse (${table.observed} documented, ${overlaps} on more than one list); any estimate is dominated by model assumptions and priors`,
    );
  }
  return { estimable, warnings };
}

/** One person's capture history: the lists they are on (by name) and, if stratified, their stratum values. */
export interface CaptureHistory {
  lists: string[];
  strata?: string[];
}

/**
 * Builds the pattern table from per-person capture histories (e.g. linked casualty records), so that a database
 * caller needs no CSV. People on no list are an error: they cannot have been documented.
 */
export function tableFromCaptureHistories(lists: string[], people: Iterable<CaptureHistory>, strataColumns: string[] = []): ParsedCaptureTable {
  if (lists.length < 2) throw new CaptureTableError(`only ${lists.length} list(s): multiple systems estimation needs at least two lists`);
  if (lists.length > MAX_LISTS) throw new CaptureTableError(`${lists.length} lists; at most ${MAX_LISTS} are supported`);
  if (new Set(lists).size !== lists.length) throw new CaptureTableError('a list name is repeated');
  const bit = new Map(lists.map((name, j) => [name, 1 << j]));
  const cells = 1 << lists.length;
  const byStratum = new Map<string, { values: string[]; counts: Float64Array }>();
  let index = 0;
  for (const person of people) {
    index++;
    let pattern = 0;
    for (const name of person.lists) {
      const b = bit.get(name);
      if (b === undefined) throw new CaptureTableError(`person ${index} is on unknown list "${clip(name)}"`);
      pattern |= b;
    }
    if (pattern === 0) throw new CaptureTableError(`person ${index} is on no list`);
    const values = person.strata ?? [];
    if (values.length !== strataColumns.length) throw new CaptureTableError(`person ${index} has ${values.length} stratum values; expected ${strataColumns.length}`);
    const key = JSON.stringify(values);
    let stratum = byStratum.get(key);
    if (!stratum) {
      stratum = { values: [...values], counts: new Float64Array(cells) };
      byStratum.set(key, stratum);
    }
    stratum.counts[pattern]++;
  }
  if (byStratum.size === 0) throw new CaptureTableError('no people: there is nothing to estimate from');
  const strata: Stratum[] = [...byStratum.values()].map(({ values, counts }) => ({
    values,
    label: values.length ? strataColumns.map((c, i) => `${c}=${values[i]}`).join(', ') : 'all',
    table: makeTable(lists, counts),
  }));
  const totalCounts = new Float64Array(cells);
  for (const s of strata) for (let c = 0; c < cells; c++) totalCounts[c] += s.table.counts[c];
  return { lists: [...lists], strataColumns: [...strataColumns], strata, total: makeTable(lists, totalCounts), warnings: [] };
}
