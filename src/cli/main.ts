import { Command, CommanderError } from 'commander';
import { CliError, ExitCode } from './exit-codes.ts';
import { loadCommands } from './commands/index.ts';

export function createProgram(): Command {
  const program = new Command('reckon')
    .description('Reckon: preserve evidence, record recognition, account for the dead, support dialogue.')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  return program;
}

/** Runs the CLI and resolves to the process exit code; never calls process.exit itself so tests can drive it. */
export async function main(argv: string[]): Promise<number> {
  // Tests run several commands in one process; an exit code left by the previous one must not leak into this one.
  process.exitCode = undefined;
  const program = createProgram();
  for (const register of await loadCommands(argv)) register(program);
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : ExitCode.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') {
        return ExitCode.ok;
      }
      return ExitCode.usage;
    }
    if (error instanceof CliError) {
      process.stderr.write(`reckon: ${error.message}\n`);
      return error.exitCode;
    }
    process.stderr.write(`reckon: unexpected error: ${error instanceof Error ? error.message : String(error)}\n`);
    return ExitCode.failed;
  }
}
