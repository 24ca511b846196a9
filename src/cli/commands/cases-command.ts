import type { Command } from 'commander';
import { casesCommand } from './cases.ts';

/** Units and chains of command on the command line (owned by the cases-command part of the module). */
export function register(program: Command): void {
  casesCommand(program);
}
