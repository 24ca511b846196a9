import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parseSignerKey, parseVerifierKey, type NoteSigner, type NoteVerifier } from '../../core/ledger/signed-note.ts';
import type { Receipt } from '../../core/receipts/index.ts';
import { CliError, ExitCode } from '../exit-codes.ts';
import { readInputFile } from '../shared/input-file.ts';

/** What the command line needs around receipts: the code version, reading keys and inputs, writing a receipt whole. */

/** A receipt of 100,000 rows with leaf hashes is about 4.3 MB; this leaves room for the largest inputs Reckon takes. */
export const MAX_RECEIPT_BYTES = 256 * 1024 * 1024;
const MAX_DATA_BYTES = 2 * 1024 * 1024 * 1024;

export { codeVersion } from '../../server/receipts/code-version.ts';

export function readBytes(file: string, what: string, limit = MAX_DATA_BYTES): Buffer {
  return readInputFile(file, { what, limit });
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
