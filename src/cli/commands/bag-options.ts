/** Options and opening shared by `reckon bag verify` and `reckon bag import`. */
import { readFile } from 'node:fs/promises';
import { BagReadError, type BagReader } from '../../core/bagit/reader.ts';
import { parseVerifierKey } from '../../core/ledger/signed-note.ts';
import { CliError, ExitCode } from '../exit-codes.ts';
import { openBagReader } from './bag-readers.ts';

/** `--key` takes the verifier key itself or a file holding it (as the archive publishes it). */
export async function readExpectedKey(value: string | undefined, option = '--key'): Promise<string | undefined> {
  if (value === undefined) return undefined;
  try {
    parseVerifierKey(value);
    return value.trim();
  } catch {
    // not a key: a file then
  }
  let text: string;
  try {
    text = await readFile(value, 'utf8');
  } catch {
    throw new CliError(`${option} ${value}: neither a ledger key (<name>+<hash>+<base64>) nor a readable file`, ExitCode.usage);
  }
  try {
    parseVerifierKey(text.trim());
  } catch (error) {
    throw new CliError(`${option} ${value}: the file does not hold a ledger key: ${(error as Error).message}`, ExitCode.usage);
  }
  return text.trim();
}

export async function readTsaCa(file: string | undefined): Promise<string | undefined> {
  if (file === undefined) return undefined;
  try {
    return await readFile(file, 'utf8');
  } catch {
    throw new CliError(`--tsa-ca ${file}: cannot read the file`, ExitCode.usage);
  }
}

export async function openBag(target: string): Promise<{ reader: BagReader; kind: string }> {
  try {
    return await openBagReader(target);
  } catch (error) {
    if (error instanceof BagReadError) throw new CliError(error.message, ExitCode.failed);
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new CliError(`${target}: no such file or folder`, ExitCode.usage);
    if (code === 'EACCES') throw new CliError(`${target}: permission denied`, ExitCode.environment);
    throw error;
  }
}

