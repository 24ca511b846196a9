/**
 * The canonical form of an input file's rows, and the Merkle commitment over them.
 *
 * A file is read as UTF-8 (a leading BOM is dropped, though the file's SHA-256 still covers it; any other encoding
 * is refused, naming what it looks like) and parsed as RFC 4180 CSV with a header. Blank lines are skipped. Each data row becomes the RFC 8785
 * canonical JSON of an object from column name to cell text, exactly as written after CSV unquoting: no trimming,
 * no number or date reading ("1.0" and "1" differ, "03/02/1992" stays as written), so the commitment is to what the
 * file says, not to Reckon's reading of it. Object members are sorted (RFC 8785), so moving a column does not change
 * a row; moving a row does, because leaf i is row i in file order (RFC 9162 leaf and node hashing, the ledger's).
 */
import { parse } from 'csv-parse/sync';
import { canonicalBytes } from '../ledger/canonical-json.ts';
import { csvRecordStartLines } from '../text/csv-record-line.ts';
import { HASH_SIZE, hashLeaf, toBase64, toHex } from '../ledger/hashing.ts';
import { MerkleTree } from '../ledger/merkle.ts';
import { MemoryNodeStore } from '../ledger/node-store.ts';
import { createHash } from 'node:crypto';
import { ReceiptError, type InputCommitment } from './format.ts';

export interface CanonicalRow {
  /** The line of the file the row starts on (1 = the header). */
  line: number;
  cells: Record<string, string>;
}

export interface CommittedInput {
  commitment: InputCommitment;
  rows: CanonicalRow[];
  leafHashes: Uint8Array[];
  /** The decoded text (without a BOM), for the method that recomputes the figure. */
  text: string;
}

/** What a file that is not UTF-8 probably is, so the message can say how to fix it. */
function describeEncoding(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'UTF-16 little-endian (it starts with that byte-order mark)';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'UTF-16 big-endian (it starts with that byte-order mark)';
  if (bytes.subarray(0, 4096).includes(0)) return 'binary or UTF-16 (it holds NUL bytes)';
  return 'not UTF-8 (perhaps Windows-1251, KOI8-R or Latin-1)';
}

export function decodeUtf8(name: string, bytes: Uint8Array): { text: string; bom: boolean } {
  let text: string;
  try {
    if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) throw new Error('utf-16');
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new ReceiptError('encoding', `${name}: the file is ${describeEncoding(bytes)}; receipts commit to UTF-8 text: save it as UTF-8 CSV (the bytes the receipt names)`);
  }
  if (text.includes('\u0000')) throw new ReceiptError('encoding', `${name}: the file is ${describeEncoding(bytes)}; receipts commit to UTF-8 text: save it as UTF-8 CSV`);
  const bom = text.startsWith('\uFEFF');
  return { text: bom ? text.slice(1) : text, bom };
}

export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The leaf bytes of one row: RFC 8785 JSON of {column: cell}. */
export function rowBytes(cells: Record<string, string>): Uint8Array {
  return canonicalBytes(cells);
}

/** Parses a CSV text into canonical rows; names the line of a malformed row. */
export function canonicalRows(name: string, text: string): { columns: string[]; rows: CanonicalRow[] } {
  let parsed: { record: string[]; info: { lines: number } }[];
  try {
    parsed = parse(text, { info: true, skip_empty_lines: true, relax_column_count: true }) as unknown as typeof parsed;
  } catch (error) {
    const e = error as Error & { lines?: number };
    throw new ReceiptError('bad-input', `${name}${e.lines ? `:${e.lines}` : ''}: not valid CSV: ${e.message}`);
  }
  if (parsed.length === 0) throw new ReceiptError('bad-input', `${name}: the file is empty; it needs a header line`);
  const columns = parsed[0].record;
  const seen = new Set<string>();
  for (const c of columns) {
    if (seen.has(c)) throw new ReceiptError('bad-input', `${name}:1: column "${c.slice(0, 60)}" appears twice, so a row's cells cannot be named`);
    seen.add(c);
  }
  const rows: CanonicalRow[] = [];
  const startLines = csvRecordStartLines(parsed);
  for (const [i, { record }] of parsed.slice(1).entries()) {
    const line = startLines[i + 1];
    if (record.length !== columns.length) {
      throw new ReceiptError('bad-input', `${name}:${line}: the row has ${record.length} cells; the header has ${columns.length}`);
    }
    const cells: Record<string, string> = {};
    columns.forEach((c, i) => (cells[c] = record[i]));
    rows.push({ line, cells });
  }
  return { columns, rows };
}

/** RFC 9162 Merkle tree hash over leaf hashes, with the ledger's tree. */
export function merkleRoot(leafHashes: readonly Uint8Array[]): Uint8Array {
  const tree = new MerkleTree(new MemoryNodeStore());
  for (const leaf of leafHashes) tree.appendLeafHash(leaf);
  return tree.root();
}

export function packLeaves(leafHashes: readonly Uint8Array[]): string {
  const all = new Uint8Array(leafHashes.length * HASH_SIZE);
  leafHashes.forEach((h, i) => all.set(h, i * HASH_SIZE));
  return toBase64(all);
}

export function unpackLeaves(packed: string, rows: number): string[] | undefined {
  const bytes = Buffer.from(packed, 'base64');
  if (bytes.length !== rows * HASH_SIZE) return undefined;
  const out: string[] = [];
  for (let i = 0; i < rows; i++) out.push(bytes.subarray(i * HASH_SIZE, (i + 1) * HASH_SIZE).toString('hex'));
  return out;
}

/**
 * Reads and commits one input file. `keepLeaves` stores every row's leaf hash in the receipt (so a verifier can name
 * the rows that entered or left); without it only the root is kept, which is what a public receipt of confidential
 * rows should carry (a leaf hash lets anyone holding a guessed row test whether it is in the list).
 */
export function commitInput(name: string, role: string, bytes: Uint8Array, options: { keepLeaves?: boolean } = {}): CommittedInput {
  const { text } = decodeUtf8(name, bytes);
  const { columns, rows } = canonicalRows(name, text);
  const leafHashes = rows.map((r) => hashLeaf(rowBytes(r.cells)));
  const commitment: InputCommitment = {
    name,
    role,
    sha256: sha256Hex(bytes),
    bytes: bytes.length,
    encoding: 'utf-8',
    columns,
    rows: rows.length,
    root: toHex(merkleRoot(leafHashes)),
    leaves: options.keepLeaves === false ? null : packLeaves(leafHashes),
  };
  return { commitment, rows, leafHashes, text };
}
