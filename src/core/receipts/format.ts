/**
 * The receipt format: what a published figure was computed from, how, and what came out, as versioned JSON
 * (documented field by field in docs/receipts.md). A receipt is plain data; making, checking and comparing receipts
 * live in make.ts, verify.ts and diff.ts.
 */
import type { JsonValue } from '../ledger/entry.ts';

export const RECEIPT_FORMAT = 'reckon-receipt/1';
/** Receipts this code can read: its own format only (a newer one is refused with a message, never half-read). */
export const RECEIPT_FORMAT_VERSION = 1;

/** One output figure or one parameter value: the leaves of what a method reports. */
export type Scalar = string | number | boolean | null;

/** The commitment to one input file: its bytes, and a Merkle tree over its rows in the canonical form of rows.ts. */
export interface InputCommitment {
  /** The file's name as given when the receipt was made (a hint for the person verifying, not checked). */
  name: string;
  /** What the method does with it, e.g. 'capture table', 'records'. */
  role: string;
  /** SHA-256 (hex) of the file's bytes exactly as read: changes with the encoding, line endings or a BOM. */
  sha256: string;
  bytes: number;
  /** Always 'utf-8' in format 1: other encodings are refused when the receipt is made. */
  encoding: 'utf-8';
  /** The header row, in file order. */
  columns: string[];
  rows: number;
  /** RFC 9162 Merkle tree hash (hex) over the canonical rows, leaf i = row i in file order. */
  root: string;
  /** The leaf hashes, 32 bytes each, concatenated and base64-encoded; lets a verifier name the rows that differ. */
  leaves: string | null;
}

export interface ReceiptRecord {
  /** The ledger entry that recorded the receipt (its details name the manifest's SHA-256), its index and leaf hash. */
  ledger: { seq: number; leafHash: string; entry: JsonValue };
  /** The signed checkpoint (signed note text) the entry is included under. */
  checkpoint: string | null;
  /** RFC 9162 inclusion proof of the entry in the checkpoint's tree: hex hashes, leaf side first. */
  inclusionProof: { treeSize: number; proof: string[] } | null;
  /** RFC 3161 time-stamp token (base64 DER) over the checkpoint, when the instance has a time-stamp authority. */
  timestamp: string | null;
}

export interface Receipt {
  format: typeof RECEIPT_FORMAT;
  /** What figure this is: kind selects the method that recomputes it ('estimate', 'linkage'). */
  figure: { kind: string; label: string };
  code: { name: string; version: string; commit: string | null };
  createdAt: string;
  inputs: InputCommitment[];
  /** Every parameter and seed, by dotted name (e.g. 'seed', 'lcmcr.thinning'). */
  parameters: Record<string, JsonValue>;
  /** Every output figure, by dotted name (e.g. 'total.lcmcr.estimate'). */
  outputs: Record<string, Scalar>;
  /** The manifest (manifest.ts): one line per part, signed as a note when the maker had a key. */
  manifest: string;
  signed: boolean;
  /** Where the receipt was recorded in an instance's ledger (made by the server); null from the command line. */
  recorded: ReceiptRecord | null;
}

export class ReceiptError extends Error {
  constructor(
    readonly code: 'malformed' | 'newer-version' | 'unknown-kind' | 'bad-input' | 'encoding',
    message: string,
  ) {
    super(message);
    this.name = 'ReceiptError';
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function need(ok: boolean, what: string): void {
  if (!ok) throw new ReceiptError('malformed', `not a Reckon receipt: ${what}`);
}

/** Checks the shape of an untrusted receipt (parsed JSON); names the first field that is wrong. */
export function parseReceipt(value: unknown): Receipt {
  need(isObject(value), 'the file is not a JSON object');
  const r = value as Record<string, unknown>;
  need(typeof r.format === 'string', '"format" is missing');
  const format = r.format as string;
  const match = /^reckon-receipt\/(\d+)$/.exec(format);
  need(match !== null, `"format" is "${format.slice(0, 60)}", expected ${RECEIPT_FORMAT}`);
  if (Number(match![1]) > RECEIPT_FORMAT_VERSION) {
    const version = isObject(r.code) && typeof r.code.version === 'string' ? ` (Reckon ${r.code.version.slice(0, 40)})` : '';
    throw new ReceiptError(
      'newer-version',
      `this receipt is in format ${format}, made by a newer Reckon${version}; this Reckon reads ${RECEIPT_FORMAT} only: verify it with that version or later`,
    );
  }
  need(isObject(r.figure) && typeof r.figure.kind === 'string' && typeof r.figure.label === 'string', '"figure" needs a kind and a label');
  need(isObject(r.code) && typeof r.code.name === 'string' && typeof r.code.version === 'string' && (r.code.commit === null || typeof r.code.commit === 'string'), '"code" needs name, version and commit');
  need(typeof r.createdAt === 'string', '"createdAt" is missing');
  need(Array.isArray(r.inputs), '"inputs" must be a list');
  (r.inputs as unknown[]).forEach((input, i) => {
    const where = `inputs[${i}]`;
    need(isObject(input), `${where} is not an object`);
    const x = input as Record<string, unknown>;
    need(typeof x.name === 'string' && typeof x.role === 'string', `${where} needs a name and a role`);
    need(typeof x.sha256 === 'string' && /^[0-9a-f]{64}$/.test(x.sha256), `${where}.sha256 must be 64 hex digits`);
    need(typeof x.root === 'string' && /^[0-9a-f]{64}$/.test(x.root), `${where}.root must be 64 hex digits`);
    need(Number.isSafeInteger(x.rows) && (x.rows as number) >= 0 && Number.isSafeInteger(x.bytes), `${where} needs whole-number rows and bytes`);
    need(x.encoding === 'utf-8', `${where}.encoding must be utf-8`);
    need(Array.isArray(x.columns) && (x.columns as unknown[]).every((c) => typeof c === 'string'), `${where}.columns must be a list of names`);
    need(x.leaves === null || typeof x.leaves === 'string', `${where}.leaves must be base64 text or null`);
  });
  need(isObject(r.parameters), '"parameters" must be an object');
  need(isObject(r.outputs), '"outputs" must be an object');
  for (const [name, v] of Object.entries(r.outputs as object)) {
    need(v === null || ['string', 'number', 'boolean'].includes(typeof v), `output "${name.slice(0, 80)}" must be a number, text, true/false or null`);
  }
  need(typeof r.manifest === 'string', '"manifest" is missing');
  need(typeof r.signed === 'boolean', '"signed" must be true or false');
  need(r.recorded === null || r.recorded === undefined || isObject(r.recorded), '"recorded" must be an object or null');
  return { ...(r as unknown as Receipt), recorded: (r.recorded as ReceiptRecord | undefined) ?? null };
}
