import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from './config.ts';
import { createContext, type AppContext } from './context.ts';
import { openDatabase } from './db/connect.ts';
import { lockDataDirectory } from './db/data-lock.ts';
import { migrateToLatest } from './db/migrate.ts';
import { masterKeyPath } from './archive/index.ts';
import type { ProcessKeys } from './system/instance-keys.ts';
import { noClock, type StartupClock } from './startup-clock.ts';

export const version: string = (() => {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    return pkg.version;
  } catch {
    return '0.0.0';
  }
})();

export interface Instance {
  config: Config;
  ctx: AppContext;
  migrated: string[];
  close(): Promise<void>;
}

/**
 * Opens Reckon's data: takes the data-directory lock when the database is embedded (it allows one process), opens the
 * database, and brings its schema up to date. Used by the server and by every CLI command that needs data.
 */
export async function openInstance(config: Config, options: { migrate?: boolean; clock?: StartupClock } = {}): Promise<Instance> {
  const clock = options.clock ?? noClock;
  // The lock protects the embedded database, which allows one process. With a database server, many processes
  // (and CLI commands beside a running server) may share one data directory: blobs and keys are written so that
  // concurrent writers agree (content-addressed links, keys created once).
  const release = config.databaseUrl ? () => {} : lockDataDirectory(config.dataDirAbsolute);
  clock.mark('data-directory lock');
  try {
    const handle = await openDatabase({
      url: config.databaseUrl,
      pgliteDir: config.databaseUrl ? undefined : join(config.dataDirAbsolute, 'pgdata'),
      poolSize: config.databasePoolSize,
    });
    clock.mark('database open');
    try {
      const migrated = options.migrate === false ? [] : await migrateToLatest(handle.db);
      clock.mark('migration check');
      const ctx = createContext(config, handle.db, handle.engine, version);
      clock.mark('services created');
      return {
        config,
        ctx,
        migrated,
        async close() {
          try {
            await handle.close();
          } finally {
            release();
          }
        },
      };
    } catch (error) {
      await handle.close();
      throw error;
    }
  } catch (error) {
    release();
    throw error;
  }
}

/** This process's keys, by fingerprint and file (the signing key is made here at first start). */
export async function processKeys({ config, ctx }: Pick<Instance, 'config' | 'ctx'>): Promise<ProcessKeys> {
  return { master: { fingerprint: ctx.archive.masterFingerprint, file: masterKeyPath(config) }, signing: await ctx.ledger.signingKey() };
}
