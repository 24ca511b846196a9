import { resolve } from 'node:path';
import { formatProblem } from '../../core/registry/report.ts';
import type { Problem } from '../../core/registry/types.ts';
import type { DomainError } from '../../server/errors.ts';
import { readImportFolder } from '../../server/registry/demo.ts';
import { CliError, ExitCode } from '../exit-codes.ts';

/** The files of a folder to import (the registry's, or units and chains of command); one it cannot read is a usage error. */
export function importFolderFiles(folder: string): Record<string, string> {
  try {
    return readImportFolder(resolve(folder));
  } catch (error) {
    throw new CliError((error as Error).message, ExitCode.usage);
  }
}

/**
 * An import refused for its files' problems: the problems are written out (on stdout as JSON with --json, else one a
 * line with file, line and field on stderr) and the command fails with the refusal's message.
 */
export function refusedImport(error: DomainError, json: boolean): CliError {
  const problems = ((error.details as { problems?: Problem[] } | undefined)?.problems ?? []) as Problem[];
  if (json) process.stdout.write(`${JSON.stringify({ ok: false, problems }, null, 2)}\n`);
  else for (const problem of problems) process.stderr.write(`${formatProblem(problem)}\n`);
  return new CliError(error.message, ExitCode.failed);
}
