import { readFileSync, statSync } from 'node:fs';
import { CliError, ExitCode } from '../exit-codes.ts';

export interface InputFileRules {
  /** Larger files are refused before a byte is read. */
  limit: number;
  /** What the file is, named before its path in every message ("data file", "receipt"); none: "cannot read <path>". */
  what?: string;
  /** The end of the message for a file over the limit (default "the limit is <limit>"). */
  overLimit?: string;
  /** The exit code for a file that is not there, not a file, or unreadable (default: failed); over the limit is failed. */
  unreadable?: number;
}

/**
 * Reads a file named on the command line whole, refusing with a message for the terminal (and no stack) a path that
 * is not there, is not a file, cannot be read, or holds more than the command takes.
 */
export function readInputFile(file: string, rules: InputFileRules): Buffer {
  const name = rules.what ? `${rules.what} ${file}` : file;
  const unreadable = rules.unreadable ?? ExitCode.failed;
  let size: number;
  try {
    const info = statSync(file);
    if (!info.isFile()) throw new CliError(`${name} is not a file`, unreadable);
    size = info.size;
  } catch (error) {
    if (error instanceof CliError) throw error;
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new CliError(rules.what ? `${name}: ${reason}` : `cannot read ${file}: ${reason}`, unreadable);
  }
  if (size > rules.limit) throw new CliError(`${name} is ${size} bytes; ${rules.overLimit ?? `the limit is ${rules.limit}`}`, ExitCode.failed);
  try {
    return readFileSync(file);
  } catch (error) {
    throw new CliError(`${rules.what ? `${name}:` : `cannot read ${file}:`} ${(error as Error).message}`, unreadable);
  }
}
