/**
 * Verifying a receipt: check its form and signature, recommit the inputs given, rerun the method with the recorded
 * parameters and seed, and compare every output exactly. Each part is reported on its own, so the answer says
 * which part differs (rows that entered or left, a parameter edited after signing, the code version, a figure),
 * and verification passes only when every part that could be checked passed.
 */
import type { NoteVerifier } from '../ledger/signed-note.ts';
import { parseReceipt, ReceiptError, type InputCommitment, type Receipt, type Scalar } from './format.ts';
import { checkSignature, detailLineOf, manifestLines, readManifest } from './manifest.ts';
import type { FigureMethod, MethodInput } from './method.ts';
import { checkRecorded } from './recorded.ts';
import { diffLeaves, leavesOf, nameRows } from './row-diff.ts';
import { commitInput, type CommittedInput } from './rows.ts';

export type Part = 'signature' | 'manifest' | 'ledger' | 'code' | 'input' | 'parameters' | 'output';

export interface PartCheck {
  part: Part;
  status: 'pass' | 'fail' | 'not-checked' | 'note';
  message: string;
  /** For 'input': the rows; for 'manifest' and 'parameters': names; for 'output': the figures that differ. */
  differences?: string[];
}

export interface VerifyReport {
  /** True only when nothing failed and the figures were recomputed. */
  reproduced: boolean;
  figure: Receipt['figure'];
  checks: PartCheck[];
}

export interface VerifyOptions {
  methods: readonly FigureMethod[];
  verifiers?: readonly NoteVerifier[];
  /** The Reckon doing the check. */
  code: { version: string; commit: string | null };
}

export interface SuppliedInput {
  name: string;
  bytes: Uint8Array;
}

const MAX_LISTED = 20;
const preview = (cells: Record<string, string>) => {
  const text = JSON.stringify(cells);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
};

function describeInput(input: InputCommitment, i: number): string {
  return `input ${i + 1} "${input.name}" (${input.role}: ${input.rows} rows, ${input.columns.length} columns, SHA-256 ${input.sha256.slice(0, 16)}…)`;
}

function checkManifest(receipt: Receipt): PartCheck {
  let recorded: Map<string, string>;
  try {
    recorded = readManifest(receipt.manifest, receipt.signed);
  } catch (error) {
    return { part: 'manifest', status: 'fail', message: `the manifest cannot be read: ${(error as Error).message}` };
  }
  const now = manifestLines(receipt);
  const differences: string[] = [];
  // Parameters whose settings the manifest lists key by key; a receipt made before such lines existed has none.
  const detailed = new Set([...recorded.keys()].map(detailLineOf).filter((name): name is string => name !== null));
  for (const [what, hash] of now) {
    const detailOf = detailLineOf(what);
    if (detailOf !== null && !detailed.has(detailOf)) continue;
    if (!recorded.has(what)) differences.push(`${what} was added after the manifest was made`);
    else if (recorded.get(what) !== hash) differences.push(`${what} differs from the value the manifest committed to`);
  }
  for (const what of recorded.keys()) if (!now.has(what)) differences.push(`${what} was removed after the manifest was made`);
  if (differences.length === 0) return { part: 'manifest', status: 'pass', message: 'every part matches the manifest' };
  const how = receipt.signed
    ? 'the receipt was edited after it was signed'
    : 'the receipt was edited after it was made (it is unsigned, so an editor could also rewrite the manifest)';
  return { part: 'manifest', status: 'fail', message: `${how}: ${differences.slice(0, MAX_LISTED).join('; ')}`, differences };
}

function checkCode(receipt: Receipt, code: VerifyOptions['code']): PartCheck {
  const made = `${receipt.code.name} ${receipt.code.version}${receipt.code.commit ? ` (commit ${receipt.code.commit.slice(0, 12)})` : ''}`;
  const here = `${code.version}${code.commit ? ` (commit ${code.commit.slice(0, 12)})` : ''}`;
  if (receipt.code.commit?.endsWith('+modified')) {
    return {
      part: 'code',
      status: 'note',
      message: `made by ${made}, from a checkout with uncommitted changes: the commit alone does not describe the code, so a figure that differs may come from those changes`,
    };
  }
  if (receipt.code.version === code.version && (receipt.code.commit === code.commit || !receipt.code.commit || !code.commit)) {
    return { part: 'code', status: 'pass', message: `made by ${made}; verified by the same version` };
  }
  return {
    part: 'code',
    status: 'note',
    message: `made by ${made}, verified by ${here}: if a figure differs, the code version is a likely cause; verify with the version that made it`,
  };
}

function checkInput(expected: InputCommitment, index: number, supplied: SuppliedInput): { check: PartCheck; committed?: CommittedInput } {
  let committed: CommittedInput;
  try {
    committed = commitInput(supplied.name, expected.role, supplied.bytes);
  } catch (error) {
    if (error instanceof ReceiptError) {
      return { check: { part: 'input', status: 'fail', message: `${error.message}; the receipt expects ${describeInput(expected, index)}` } };
    }
    throw error;
  }
  const got = committed.commitment;
  const label = `input ${index + 1} (${supplied.name})`;
  if (got.root === expected.root && got.rows === expected.rows) {
    const bytes =
      got.sha256 === expected.sha256
        ? 'and the same bytes'
        : 'though the file bytes differ (line endings, a byte-order mark or quoting), which the row commitment does not count';
    return { check: { part: 'input', status: 'pass', message: `${label}: the same ${got.rows} rows in the same order, ${bytes}` }, committed };
  }
  const differences: string[] = [];
  const added = got.columns.filter((c) => !expected.columns.includes(c));
  const removed = expected.columns.filter((c) => !got.columns.includes(c));
  if (added.length || removed.length) {
    const parts = [
      added.length ? `columns not in the receipt: ${added.join(', ')}` : '',
      removed.length ? `columns missing: ${removed.join(', ')}` : '',
    ].filter(Boolean);
    return {
      check: {
        part: 'input',
        status: 'fail',
        message: `${label}: a different table: ${parts.join('; ')}; supply ${describeInput(expected, index)}`,
        differences: parts,
      },
      committed,
    };
  }
  const before = leavesOf(expected);
  if (!before) {
    return {
      check: {
        part: 'input',
        status: 'fail',
        message: `${label}: the rows differ (${got.rows} rows given, ${expected.rows} committed); this receipt keeps only the Merkle root, so which rows cannot be named; supply ${describeInput(expected, index)}`,
      },
      committed,
    };
  }
  const after = committed.leafHashes.map((h) => Buffer.from(h).toString('hex'));
  const { left, entered } = diffLeaves(before, after);
  if (left.length === 0 && entered.length === 0) {
    return {
      check: {
        part: 'input',
        status: 'fail',
        message: `${label}: the same ${got.rows} rows in a different order; the commitment is to the file's order (a seeded method may depend on it): supply the rows in the order the receipt committed`,
      },
      committed,
    };
  }
  for (const i of left.slice(0, MAX_LISTED)) differences.push(`left: committed row ${i + 1} (leaf ${i}) is not in the data given`);
  for (const i of entered.slice(0, MAX_LISTED))
    differences.push(`entered: line ${committed.rows[i].line} ${preview(committed.rows[i].cells)} is not in the receipt`);
  const summary = [
    left.length ? `${left.length} committed ${left.length === 1 ? 'row is' : 'rows are'} not in the data (${nameRows(left)} of the receipt)` : '',
    entered.length
      ? `${entered.length} ${entered.length === 1 ? 'row' : 'rows'} of the data ${entered.length === 1 ? 'is' : 'are'} not in the receipt (line ${entered
          .slice(0, 10)
          .map((i) => committed.rows[i].line)
          .join(', ')}${entered.length > 10 ? ' …' : ''})`
      : '',
  ]
    .filter(Boolean)
    .join('; ');
  return { check: { part: 'input', status: 'fail', message: `${label}: ${summary}`, differences }, committed };
}

function compareOutputs(recorded: Record<string, Scalar>, recomputed: Record<string, Scalar>): string[] {
  const differences: string[] = [];
  for (const [name, value] of Object.entries(recorded)) {
    if (!(name in recomputed)) differences.push(`${name}: recorded ${JSON.stringify(value)}, not produced now`);
    else if (recomputed[name] !== value) differences.push(`${name}: recorded ${JSON.stringify(value)}, recomputed ${JSON.stringify(recomputed[name])}`);
  }
  for (const name of Object.keys(recomputed))
    if (!(name in recorded)) differences.push(`${name}: produced now (${JSON.stringify(recomputed[name])}), not in the receipt`);
  return differences;
}

/** Verifies a receipt (parsed JSON, untrusted) against the input files given. Throws ReceiptError for a receipt it cannot read. */
export async function verifyReceipt(value: unknown, supplied: readonly SuppliedInput[], options: VerifyOptions): Promise<VerifyReport> {
  const receipt = parseReceipt(value);
  const method = options.methods.find((m) => m.kind === receipt.figure.kind);
  if (!method) {
    throw new ReceiptError(
      'unknown-kind',
      `the receipt is for a "${receipt.figure.kind.slice(0, 40)}" figure, which this Reckon cannot recompute (it knows ${options.methods.map((m) => m.kind).join(', ')}); it may be from a newer Reckon`,
    );
  }
  const signature = checkSignature(receipt, options.verifiers ?? []);
  const checks: PartCheck[] = [
    { part: 'signature', status: signature.status === 'unsigned' ? 'note' : signature.status, message: signature.message },
    checkManifest(receipt),
    { part: 'ledger', ...checkRecorded(receipt, options.verifiers ?? []) },
    checkCode(receipt, options.code),
  ];
  const manifest = checks[1];
  if (manifest.status === 'fail' && manifest.differences?.some((d) => d.startsWith('parameter'))) {
    checks.push({
      part: 'parameters',
      status: 'fail',
      message: `parameters changed after the manifest was made: ${manifest.differences.filter((d) => d.startsWith('parameter')).join('; ')}`,
      differences: manifest.differences.filter((d) => d.startsWith('parameter')),
    });
  }

  if (supplied.length !== receipt.inputs.length) {
    const needed = receipt.inputs.map(describeInput).join('; ');
    const message =
      supplied.length === 0
        ? `no data given: the receipt commits to ${receipt.inputs.length} input file(s): ${needed}; supply them with --data, in this order`
        : `${supplied.length} file(s) given, the receipt commits to ${receipt.inputs.length}: ${needed}; supply exactly these, in this order`;
    checks.push({ part: 'input', status: 'fail', message });
    checks.push({ part: 'output', status: 'not-checked', message: 'the figures were not recomputed, because the inputs were not all given' });
    return { reproduced: false, figure: receipt.figure, checks };
  }
  const methodInputs: MethodInput[] = [];
  let inputsMatch = true;
  receipt.inputs.forEach((expected, i) => {
    const { check, committed } = checkInput(expected, i, supplied[i]);
    checks.push(check);
    if (check.status !== 'pass') inputsMatch = false;
    if (committed) methodInputs.push({ name: supplied[i].name, text: committed.text });
  });
  if (!inputsMatch) {
    checks.push({
      part: 'output',
      status: 'not-checked',
      message: 'the figures were not recomputed, because the inputs differ from those the receipt commits to',
    });
    return { reproduced: false, figure: receipt.figure, checks };
  }

  let recomputed: Record<string, Scalar>;
  try {
    recomputed = await method.recompute(methodInputs, receipt.parameters);
  } catch (error) {
    checks.push({ part: 'output', status: 'fail', message: `the figures could not be recomputed with the recorded parameters: ${(error as Error).message}` });
    return { reproduced: false, figure: receipt.figure, checks };
  }
  const differences = compareOutputs(receipt.outputs, recomputed);
  const count = Object.keys(receipt.outputs).length;
  if (differences.length === 0) {
    checks.push({
      part: 'output',
      status: 'pass',
      message: `all ${count} figures recomputed${method.seeded ? ' bit for bit with the recorded seed' : ''} and equal to the receipt's`,
    });
  } else {
    checks.push({
      part: 'output',
      status: 'fail',
      message: `${differences.length} of ${count} figures differ: ${differences.slice(0, 5).join('; ')}${differences.length > 5 ? ' …' : ''}`,
      differences,
    });
  }
  const reproduced = !checks.some((c) => c.status === 'fail') && differences.length === 0;
  return { reproduced, figure: receipt.figure, checks };
}
