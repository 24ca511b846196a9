import { Option, type Command } from 'commander';
import { withDataOptions } from '../shared/data-options.ts';

/** Declared here; the work (registry-run.ts) opens the database and loads the server, so it loads only when it runs. */
export function register(program: Command): void {
  withDataOptions(
    program
      .command('export <folder>')
      .description('export every claims and recognition record (published or not) in the import format, to a folder')
      .addOption(new Option('--format <format>', 'CSV files or one registry.json').choices(['csv', 'json']).default('csv'))
      .option('--force', 'overwrite files of the same names in the folder'),
  ).action(async (folder: string, options: Record<string, string | boolean>) => (await import('./registry-run.ts')).exportFolder(folder, options));
}
