import { ConfigError, loadConfig, type Config, type ConfigFlags } from '../../server/config.ts';
import { CliError, ExitCode } from '../exit-codes.ts';

export { withDataOptions } from './data-options.ts';

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
