import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseSignerKey, parseVerifierKey, type NoteSigner, type NoteVerifier } from '../../core/ledger/signed-note.ts';
import type { Receipt } from '../../core/receipts/index.ts';
import { CliError, ExitCode } from '../exit-codes.ts';

/** What the command line needs around receipts: the code version, reading keys and inputs, writing a receipt whole. */

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
/** A receipt of 100,000 rows with leaf hashes is about 4.3 MB; this leaves room for the largest inputs Reckon takes. */
export const MAX_RECEIPT_BYTES = 256 * 1024 * 1024;
const MAX_DATA_BYTES = 2 * 1024 * 1024 * 1024;

function gitCommit(): string | null {
  try {
    const head = readFileSync(join(repoRoot, '.git', 'HEAD'), 'utf8').trim();
    if (/^[0-9a-f]{40}$/.test(head)) return head;
    const ref = /^ref: (refs\/[\w./-]+)$/.exec(head)?.[1];
    if (!ref) return null;
    const loose = join(repoRoot, '.git', ref);
    if (existsSync(loose)) return readFileSync(loose, 'utf8').trim();
    const packed = readFileSync(join(repoRoot, '.git', 'packed-refs'), 'utf8').split('\n').find((l) => l.endsWith(` ${ref}`));
    return packed?.slice(0, 40) ?? null;
  } catch {
    return null;
  }
}

let cached: Receipt['code'] | undefined;
/** This Reckon: the package version and, in a git checkout, the commit (null in an installed copy). */
export function codeVersion(): Receipt['code'] {
  if (!cached) {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { name: string; version: string };
    cached = { name: pkg.name, version: pkg.version, commit: gitCommit() };
  }
  return cached;
}

export function readBytes(file: string, what: string, limit = MAX_DATA_BYTES): Buffer {
  let size: number;
  try {
    const info = statSync(file);
    if (!info.isFile()) throw new CliError(`${what} ${file} is not a file`);
    size = info.size;
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`${what} ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  if (size > limit) throw new CliError(`${what} ${file} is ${size} bytes; the limit is ${limit}`);
  return readFileSync(file);
}

export function readReceiptJson(file: string): unknown {
  const bytes = readBytes(file, 'receipt', MAX_RECEIPT_BYTES);
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    throw new CliError(`${file}: not a receipt: ${error instanceof SyntaxError ? `not valid JSON (${error.message})` : 'not UTF-8 text'}`);
  }
}

/** A key given as its text or as a file holding it. */
function keyText(value: string): string {
  return existsSync(value) ? readFileSync(value, 'utf8').trim() : value.trim();
}

export function readSigner(value: string): NoteSigner {
  try {
    return parseSignerKey(keyText(value));
  } catch (error) {
    throw new CliError(`--receipt-key: not a signing key (PRIVATE+KEY+name+hash+…): ${(error as Error).message}`, ExitCode.usage);
  }
}

export function readVerifiers(values: readonly string[]): NoteVerifier[] {
  return values.map((v) => {
    try {
      return parseVerifierKey(keyText(v));
    } catch (error) {
      throw new CliError(`--key ${v.slice(0, 60)}: not a public key (name+hash+base64, from GET /api/ledger/public-key): ${(error as Error).message}`, ExitCode.usage);
    }
  });
}

/** Writes the receipt to a temporary file and renames it, so a reader never sees half a receipt. */
export function writeReceipt(file: string, receipt: Receipt): void {
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  writeFileSync(temp, `${JSON.stringify(receipt, null, 2)}\n`);
  renameSync(temp, file);
}
