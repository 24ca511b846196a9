import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from './config.ts';
import { createContext, type AppContext } from './context.ts';
import { openDatabase } from './db/connect.ts';
import { lockDataDirectory } from './db/data-lock.ts';
import { migrateToLatest } from './db/migrate.ts';

export const version: string = (() => {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    return pkg.version;
  } catch {
    return '0.0.0';
  }
})();

export interface Instance {
  ctx: AppContext;
  migrated: string[];
  close(): Promise<void>;
}

/**
 * Opens Reckon's data: takes the data-directory lock (the embedded database allows one process), opens the
 * database, and brings its schema up to date. Used by the server and by every CLI command that needs data.
 */
export async function openInstance(config: Config, options: { migrate?: boolean } = {}): Promise<Instance> {
  const release = lockDataDirectory(config.dataDirAbsolute);
  try {
    const handle = await openDatabase({
      url: config.databaseUrl,
      pgliteDir: config.databaseUrl ? undefined : join(config.dataDirAbsolute, 'pgdata'),
      poolSize: config.databasePoolSize,
    });
    try {
      const migrated = options.migrate === false ? [] : await migrateToLatest(handle.db);
      const ctx = createContext(config, handle.db, handle.engine, version);
      return {
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
