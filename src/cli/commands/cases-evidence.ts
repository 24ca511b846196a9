import type { Command } from 'commander';
import { casesCommand } from './cases.ts';

/** `reckon cases matrix` and the case file (owned by the cases-evidence part of the module). */
export function register(program: Command): void {
  casesCommand(program);
}
