import { ConfigError } from '../../server/config.ts';
import type { Config } from '../../server/config.ts';
import { DataDirectoryBusyError } from '../../server/db/data-lock.ts';
import { MigrationError } from '../../server/db/migrate.ts';
import { openInstance, type Instance } from '../../server/instance.ts';
import { DomainError } from '../../server/errors.ts';
import { CliError, ExitCode } from '../exit-codes.ts';

/** Opens the instance for a command, runs `work`, always closes, and turns known failures into CLI messages. */
export async function withInstance<T>(config: Config, work: (instance: Instance) => Promise<T>, options: { migrate?: boolean } = {}): Promise<T> {
  let instance: Instance;
  try {
    instance = await openInstance(config, options);
  } catch (error) {
    throw asCliError(error);
  }
  try {
    return await work(instance);
  } catch (error) {
    throw asCliError(error);
  } finally {
    await instance.close();
  }
}

export function asCliError(error: unknown): unknown {
  if (error instanceof CliError) return error;
  if (error instanceof DomainError) return new CliError(`${error.message} (${error.code})`, ExitCode.failed);
  if (error instanceof DataDirectoryBusyError || error instanceof ConfigError) return new CliError(error.message, ExitCode.environment);
  if (error instanceof MigrationError) return new CliError(error.message, ExitCode.environment);
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === '28P01' || code === '3D000') {
    return new CliError(`cannot reach the PostgreSQL server: ${(error as Error).message}`, ExitCode.environment);
  }
  return error;
}
