import type { Command } from 'commander';
import { MISSING_STATUSES } from '../../core/missing/statuses.ts';
import { withDataOptions } from '../shared/data-options.ts';

/**
 * `reckon missing import|list`: lists of the missing through the same service as the API (docs/missing.md). Only the
 * commands are declared here; their work (missing-run.ts) loads the server's services and the database, which
 * `reckon missing --help` does not need, so it loads when a command runs.
 */
const run = () => import('./missing-run.ts');

export function register(program: Command): void {
  const missing = program.command('missing').description('missing persons: import lists of the missing, list persons with each status as its source reports it');
  withDataOptions(
    missing
      .command('import <source> <file>')
      .description('import a CSV list of the missing into a source (by name or id): columns detected from the header in en, az, ru, hy (status, status date, last seen, reported by); all or nothing, problems by line and column')
      .option('--create', 'register the source under that name if it does not exist')
      .option('--json', 'machine-readable output'),
  ).action(async (source: string, file: string, options: Record<string, unknown>) => (await run()).importMissing(source, file, options));
  withDataOptions(
    missing
      .command('list')
      .description('persons some source reports with a status, 50 a page')
      .option('--status <status>', `only persons some source reports so (${MISSING_STATUSES.join(', ')})`)
      .option('--name <text>', 'a name in any script')
      .option('--page <n>', 'page (default 1)')
      .option('--json', 'machine-readable output'),
  ).action(async (options: Record<string, unknown>) => (await run()).list(options));
}
