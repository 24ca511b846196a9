/**
 * Two receipts of the same figure made at different times: which rows entered or left each input, which parameters
 * changed, which figures moved, and whether the code changed.
 */
import { canonicalize } from '../ledger/canonical-json.ts';
import { parseReceipt, type Receipt } from './format.ts';
import { diffLeaves, leavesOf } from './row-diff.ts';

export interface InputDiff {
  index: number;
  name: string;
  same: boolean;
  rowsBefore: number;
  rowsAfter: number;
  /** Leaf indices (0-based) of rows in the first receipt that are not in the second; null when a receipt kept no leaves. */
  left: number[] | null;
  /** Leaf indices (0-based) of rows in the second receipt that are not in the first. */
  entered: number[] | null;
  columnsAdded: string[];
  columnsRemoved: string[];
}

export interface ReceiptDiff {
  sameFigure: boolean;
  figure: [Receipt['figure'], Receipt['figure']];
  code: { before: Receipt['code']; after: Receipt['code'] } | null;
  inputs: InputDiff[];
  parameters: Array<{ name: string; before: unknown; after: unknown }>;
  outputs: Array<{ name: string; before: unknown; after: unknown }>;
}

function changed<T>(a: Record<string, T>, b: Record<string, T>): Array<{ name: string; before: unknown; after: unknown }> {
  const names = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return names.filter((n) => canonicalize(a[n] ?? null) !== canonicalize(b[n] ?? null) || n in a !== n in b).map((name) => ({ name, before: a[name], after: b[name] }));
}

export function diffReceipts(first: unknown, second: unknown): ReceiptDiff {
  const a = parseReceipt(first);
  const b = parseReceipt(second);
  const inputs: InputDiff[] = [];
  for (let i = 0; i < Math.max(a.inputs.length, b.inputs.length); i++) {
    const x = a.inputs[i];
    const y = b.inputs[i];
    if (!x || !y) {
      inputs.push({ index: i, name: (x ?? y).name, same: false, rowsBefore: x?.rows ?? 0, rowsAfter: y?.rows ?? 0, left: null, entered: null, columnsAdded: [], columnsRemoved: [] });
      continue;
    }
    const before = leavesOf(x);
    const after = leavesOf(y);
    const rows = before && after ? diffLeaves(before, after) : null;
    inputs.push({
      index: i,
      name: y.name,
      same: x.root === y.root,
      rowsBefore: x.rows,
      rowsAfter: y.rows,
      left: rows?.left ?? null,
      entered: rows?.entered ?? null,
      columnsAdded: y.columns.filter((c) => !x.columns.includes(c)),
      columnsRemoved: x.columns.filter((c) => !y.columns.includes(c)),
    });
  }
  return {
    sameFigure: a.figure.kind === b.figure.kind && a.figure.label === b.figure.label,
    figure: [a.figure, b.figure],
    code: a.code.version === b.code.version && a.code.commit === b.code.commit ? null : { before: a.code, after: b.code },
    inputs,
    parameters: changed(a.parameters, b.parameters),
    outputs: changed(a.outputs, b.outputs),
  };
}
