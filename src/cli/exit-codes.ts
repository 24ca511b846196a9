/** Exit codes shared by every `reckon` command; documented in docs/CLI.md. */
export const ExitCode = {
  ok: 0,
  /** The command ran but found a problem it was asked to look for (a failed verification, rejected input). */
  failed: 1,
  /** The command line itself is wrong: unknown option, missing argument. */
  usage: 2,
  /** Configuration, database or environment problem that stops the command from running. */
  environment: 3,
} as const;

/** An error whose message is meant for the person at the terminal, with the exit code to leave with. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = ExitCode.failed,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
