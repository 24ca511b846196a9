import { Option, type Command } from 'commander';
import { ConfigError, loadConfig, type Config, type ConfigFlags } from '../../server/config.ts';
import { CliError, ExitCode } from '../exit-codes.ts';

/** Options that say where Reckon's data is; every command that opens the database takes them. */
export function withDataOptions(command: Command): Command {
  return command
    .addOption(new Option('--data-dir <dir>', 'data directory (embedded database, blobs, keys)').env('RECKON_DATA_DIR'))
    .addOption(new Option('--database-url <url>', 'use this PostgreSQL server instead of the embedded database').env('DATABASE_URL'));
}

/** Reads the configuration once, turning a validation failure into a message and exit code 3. */
export function configFrom(options: Record<string, unknown>, extra: ConfigFlags = {}): Config {
  const flags: ConfigFlags = { ...extra };
  if (typeof options.dataDir === 'string') flags.dataDir = options.dataDir;
  if (typeof options.databaseUrl === 'string') flags.databaseUrl = options.databaseUrl;
  try {
    return loadConfig(flags);
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(error.message, ExitCode.environment);
    throw error;
  }
}
