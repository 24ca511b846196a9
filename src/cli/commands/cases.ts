import type { Command } from 'commander';

/**
 * The `reckon cases` group. cases-evidence.ts and cases-command.ts add their subcommands to the same group through
 * casesCommand(), whichever registers first.
 */
export function casesCommand(program: Command): Command {
  return program.commands.find((c) => c.name() === 'cases') ?? program.command('cases').description('Justice: legal frameworks, incidents, allegations, evidence and chains of command');
}

export function register(program: Command): void {
  casesCommand(program);
}
