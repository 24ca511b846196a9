import { Command, CommanderError } from 'commander';
import { CliError, ExitCode } from './exit-codes.ts';
import { commandNames, invokedCommand, loadCommands } from './commands/index.ts';

/** How `reckon --help` lists a command; the compiled build records these so listing needs no command module. */
export interface CommandSummary {
  name: string;
  term: string;
  description: string;
}

export function createProgram(): Command {
  const program = new Command('reckon')
    .description('Reckon: preserve evidence, record recognition, account for the dead, support dialogue.')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  return program;
}

/** Every command as the help lists it, from the modules themselves (bin/build.js stores this with the build). */
export async function commandSummaries(): Promise<CommandSummary[]> {
  const program = createProgram();
  for (const register of await loadCommands()) register(program);
  const help = program.createHelp();
  return program.commands.map((cmd) => ({ name: cmd.name(), term: help.subcommandTerm(cmd), description: help.subcommandDescription(cmd) }));
}

/**
 * Registers a stand-in for each command, enough to list them, suggest one for a typo, or report an unknown one.
 * Only used when the arguments invoke no command and the summaries name every command there is.
 */
function registerSummaries(program: Command, summaries: readonly CommandSummary[]): boolean {
  const known = new Set(summaries.map((s) => s.name));
  if (!commandNames.every((name) => known.has(name))) return false;
  const terms = new Map(summaries.map((s) => [s.name, s.term]));
  const standard = program.createHelp();
  for (const summary of summaries) program.command(summary.name).description(summary.description);
  program.configureHelp({ subcommandTerm: (cmd) => terms.get(cmd.name()) ?? standard.subcommandTerm(cmd) });
  return true;
}

/**
 * Runs the CLI and resolves to the process exit code; never calls process.exit itself so tests can drive it.
 * `commands` are the summaries of a compiled build, so that `reckon --help` imports no command module.
 */
export async function main(argv: string[], options: { commands?: readonly CommandSummary[] } = {}): Promise<number> {
  // Tests run several commands in one process; an exit code left by the previous one must not leak into this one.
  process.exitCode = undefined;
  const program = createProgram();
  const listed = !invokedCommand(argv) && options.commands !== undefined && registerSummaries(program, options.commands);
  if (!listed) for (const register of await loadCommands(argv)) register(program);
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
