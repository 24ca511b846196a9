/**
 * A linkage run made on the server as a receipt method (issue 15): its persons and capture histories, recomputed from
 * the records exactly as the engine read them and the reviewers' decisions the run applied.
 *
 * The server prepares its stored records for the engine (core/linkage/prepare-values.ts, through
 * server/casualties/linkage-input.ts) from more than a CSV holds: the list's own cells, each source's import
 * mapping and date orders. A receipt over those rows could only be checked by a verifier with the database. So the
 * receipt commits to the engine's input itself, one row per record in the run's order with every column the engine
 * was given (as prepared) and one more, `list`, the record's list by number in the run's order (1, 2, …), which the
 * engine does not read and the capture histories are counted from. The decisions are a second table: `record_a`,
 * `record_b` (record ids of the first table) and `match` (1 or 0), in the order they were applied. A verifier reruns
 * the engine (linkRecords) on those columns with the recorded settings and decisions: no preparation is repeated, so
 * nothing but the engine and its seed decides the persons, and `reckon receipt verify` needs no database.
 *
 * Outputs: records, persons, persons of several records, the largest person, candidate pairs, links at the threshold,
 * persons per capture history (`captureHistories.<bits>`), and `assignmentRoot`: the row commitment (RFC 9162, as an
 * input's root) of the table `record_id, person, match_probability` (person numbered from 1 in order of each
 * person's first record, as the server stores it; the probability with four decimals, empty for a person of one
 * record), so every record must go to the same person with the same probability for the figures to be reproduced.
 */
import { stringify } from 'csv-stringify/sync';
import type { JsonValue } from '../ledger/entry.ts';
import { hashLeaf, toHex } from '../ledger/hashing.ts';

import { linkRecords, type LinkResult, type ReviewDecision } from '../linkage/index.ts';
import type { Scalar } from './format.ts';
import type { FigureMethod } from './method.ts';
import { canonicalRows, merkleRoot, rowBytes } from './rows.ts';

export const LINKAGE_RUN_KIND = 'linkage-run';
/** The column of the records table that names each record's list; the engine is not given it. */
export const LIST_COLUMN = 'list';
export const RECORD_ID_COLUMN = 'record_id';
export const DECISION_COLUMNS = ['record_a', 'record_b', 'match'] as const;

/** A decision as the run applied it, by record id. */
export interface RunDecision {
  recordA: string;
  recordB: string;
  match: boolean;
}

/** The records table: the engine's columns (as given to it) and the list of each record (1-based, the run's order). */
export function linkageRunRecordsCsv(columns: Record<string, readonly string[]>, size: number, lists: ArrayLike<number>): string {
  if (LIST_COLUMN in columns) throw new RangeError(`the engine input has a column "${LIST_COLUMN}", which the receipt's records table uses for the list`);
  if (!(RECORD_ID_COLUMN in columns)) throw new RangeError(`the engine input has no "${RECORD_ID_COLUMN}" column`);
  const names = Object.keys(columns);
  const rows: string[][] = new Array(size);
  for (let i = 0; i < size; i++) rows[i] = [...names.map((c) => columns[c][i]), String(lists[i])];
  return stringify([[...names, LIST_COLUMN], ...rows]);
}

export function linkageRunDecisionsCsv(decisions: readonly RunDecision[]): string {
  return stringify([[...DECISION_COLUMNS], ...decisions.map((d) => [d.recordA, d.recordB, d.match ? '1' : '0'])]);
}

/** The figures of a run from the engine's result, the records' ids and lists (1-based), and the number of lists. */
export function linkageRunOutputs(
  result: Pick<LinkResult, 'clusters' | 'stats'>,
  recordIds: readonly string[],
  lists: ArrayLike<number>,
  listCount: number,
): Record<string, Scalar> {
  const { person, probability } = result.clusters;
  const size = recordIds.length;
  const members = new Map<number, number>();
  const histories = new Map<number, string[]>();
  const leaves: Uint8Array[] = new Array(size);
  for (let i = 0; i < size; i++) {
    const p = person[i] + 1;
    members.set(p, (members.get(p) ?? 0) + 1);
    const bits = histories.get(p) ?? new Array<string>(listCount).fill('0');
    bits[lists[i] - 1] = '1';
    histories.set(p, bits);
    const pr = probability[i];
    leaves[i] = hashLeaf(
      rowBytes({ record_id: recordIds[i], person: String(p), match_probability: Number.isNaN(pr) ? '' : Math.min(1, Math.max(0, pr)).toFixed(4) }),
    );
  }
  const byHistory: Record<string, number> = {};
  for (const bits of histories.values()) {
    const key = bits.join('');
    byHistory[key] = (byHistory[key] ?? 0) + 1;
  }
  const outputs: Record<string, Scalar> = {
    records: size,
    persons: members.size,
    personsWithSeveralRecords: [...members.values()].filter((n) => n > 1).length,
    largestPerson: Math.max(0, ...members.values()),
    candidatePairs: result.stats.candidatePairs,
    links: result.stats.linksAtThreshold,
  };
  for (const key of Object.keys(byHistory).sort()) outputs[`captureHistories.${key}`] = byHistory[key];
  outputs.assignmentRoot = toHex(merkleRoot(leaves));
  return outputs;
}

/** The parameters a run's receipt records: the run, its lists in order, and the engine settings it ran with. */
export function linkageRunParameterRecord(p: { runId: string; sources: Array<{ id: string; name: string }>; settings: JsonValue }): Record<string, JsonValue> {
  return { runId: p.runId, sources: p.sources.map((s) => ({ id: s.id, name: s.name })), settings: p.settings };
}

/** Reads the two tables back into the engine's input, the lists and the decisions by row index; throws RangeError naming the line. */
export function readLinkageRunInputs(recordsText: string, decisionsText: string, listCount: number) {
  const records = canonicalRows('records', recordsText);
  if (!records.columns.includes(LIST_COLUMN) || !records.columns.includes(RECORD_ID_COLUMN)) {
    throw new RangeError(`the records table needs the columns "${RECORD_ID_COLUMN}" and "${LIST_COLUMN}"`);
  }
  const size = records.rows.length;
  const engineColumns = records.columns.filter((c) => c !== LIST_COLUMN);
  const columns: Record<string, string[]> = Object.fromEntries(engineColumns.map((c) => [c, new Array<string>(size)]));
  const lists = new Int32Array(size);
  const index = new Map<string, number>();
  records.rows.forEach((row, i) => {
    for (const c of engineColumns) columns[c][i] = row.cells[c];
    const list = Number(row.cells[LIST_COLUMN]);
    if (!Number.isInteger(list) || list < 1 || list > listCount)
      throw new RangeError(`records:${row.line}: "${LIST_COLUMN}" must be a list number from 1 to ${listCount}`);
    lists[i] = list;
    const id = row.cells[RECORD_ID_COLUMN];
    if (index.has(id)) throw new RangeError(`records:${row.line}: record ${JSON.stringify(id.slice(0, 60))} appears twice`);
    index.set(id, i);
  });
  const decisions: ReviewDecision[] = canonicalRows('decisions', decisionsText).rows.map((row) => {
    const left = index.get(row.cells.record_a);
    const right = index.get(row.cells.record_b);
    if (left === undefined || right === undefined) throw new RangeError(`decisions:${row.line}: names a record that is not in the records table`);
    if (row.cells.match !== '1' && row.cells.match !== '0') throw new RangeError(`decisions:${row.line}: "match" must be 1 or 0`);
    return { left, right, match: row.cells.match === '1' };
  });
  return { input: { columns, size }, lists, recordIds: records.rows.map((r) => r.cells[RECORD_ID_COLUMN]), decisions };
}

export function linkageRunMethod(threads = 0): FigureMethod {
  return {
    kind: LINKAGE_RUN_KIND,
    inputRoles: ['records as the engine read them', 'review decisions'],
    seeded: true,
    async recompute(inputs, parameters) {
      if (inputs.length !== 2) throw new RangeError("a linkage run's figures are computed from its records table and its decisions table");
      const sources = parameters.sources;
      if (!Array.isArray(sources) || sources.length === 0) throw new RangeError('parameter "sources" must list the run\'s lists');
      const { input, lists, recordIds, decisions } = readLinkageRunInputs(inputs[0].text, inputs[1].text, sources.length);
      const result = await linkRecords(input, parameters.settings, { threads, decisions });
      return linkageRunOutputs(result, recordIds, lists, sources.length);
    },
  };
}
