import { ConfigError } from '../../server/config.ts';
import type { Config } from '../../server/config.ts';
import { DataDirectoryBusyError } from '../../server/db/data-lock.ts';
import { MigrationError } from '../../server/db/migrate.ts';
import { openInstance, type Instance } from '../../server/instance.ts';
import { DomainError } from '../../server/errors.ts';
import { CliError, ExitCode } from '../exit-codes.ts';

/** Opens the instance for a command, runs `work`, always closes, and turns known failures into CLI messages. */
export async function withInstance<T>(config: Config, work: (instance: Instance) => Promise<T>, options: { migrate?: boolean } = {}): Promise<T> {
  const shared = kept;
  let instance: Instance;
  try {
    instance = shared ? await keptInstance(shared, config, options) : await openInstance(config, options);
  } catch (error) {
    throw asCliError(error);
  }
  try {
    return await work(instance);
  } catch (error) {
    throw asCliError(error);
  } finally {
    if (!shared) await instance.close();
  }
}

/** The instances kept open between commands, by data directory and database, with the settings each was opened with. */
type KeptInstances = Map<string, { settings: string; instance: Instance }>;
let kept: KeptInstances | undefined;

/**
 * Tests only: until the returned function is called, commands on one data directory share one open instance
 * instead of each opening the embedded database again (about a CPU-second a command; a test file runs dozens of
 * commands on one directory). A command with other settings gets an instance of its own, closing the kept one.
 */
export function keepInstancesOpen(): () => Promise<void> {
  const instances: KeptInstances = new Map();
  kept = instances;
  return async () => {
    if (kept === instances) kept = undefined;
    for (const { instance } of instances.values()) await instance.close();
    instances.clear();
  };
}

async function keptInstance(instances: KeptInstances, config: Config, options: { migrate?: boolean }): Promise<Instance> {
  const where = `${config.dataDirAbsolute}\0${config.databaseUrl ?? ''}`;
  const settings = JSON.stringify([config, options]);
  const current = instances.get(where);
  if (current?.settings === settings) return current.instance;
  if (current) {
    instances.delete(where);
    await current.instance.close();
  }
  const instance = await openInstance(config, options);
  instances.set(where, { settings, instance });
  return instance;
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
