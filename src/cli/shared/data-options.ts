import { Option, type Command } from 'commander';

/**
 * Options that say where Reckon's data is; every command that opens the database takes them. Kept apart from
 * config-options.ts, which reads the configuration (and so loads zod): a command that declares these options but
 * opens the database only in some of its runs, such as `reckon estimate`, then starts without loading it, and its
 * `--help` stays fast.
 */
export function withDataOptions(command: Command): Command {
  return command
    .addOption(new Option('--data-dir <dir>', 'data directory (embedded database, blobs, keys)').env('RECKON_DATA_DIR'))
    .addOption(new Option('--database-url <url>', 'use this PostgreSQL server instead of the embedded database').env('DATABASE_URL'));
}
