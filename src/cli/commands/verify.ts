import type { Command } from 'commander';
import { withDataOptions } from '../shared/data-options.ts';

/** Declared here; the work (verify-run.ts) opens the database and loads the server, so it loads only when it runs. */
export function register(program: Command): void {
  withDataOptions(
    program
      .command('verify')
      .description('recompute every ledger entry and checkpoint (and every stored file\'s hash) and report each discrepancy; exit 1 if any')
      .option('--json', 'print the full report as JSON'),
  ).action(async (options: Record<string, string | boolean>) => (await import('./verify-run.ts')).verify(options));
}
