import type { Command } from 'commander';
import { withDataOptions } from '../shared/data-options.ts';

/** Declared here; the work (registry-run.ts) opens the database and loads the server, so it loads only when it runs. */
export function register(program: Command): void {
  withDataOptions(
    program
      .command('import <folder>')
      .description(
        'import claims and recognition records from a folder of CSV files (sources.csv, actors.csv, events.csv, claims.csv, ' +
          'claim_translations.csv, recognition.csv) or one registry.json; all or nothing, every problem reported with file and line',
      )
      .option('--dry-run', 'check the files and report problems without importing')
      .option('--label <label>', 'a name for this import in the audit trail')
      .option('--json', 'machine-readable result on stdout'),
  ).action(async (folder: string, options: Record<string, string | boolean>) => (await import('./registry-run.ts')).importFolder(folder, options));
}
