import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, quoteIdent, type DatabaseHandle } from './connect.ts';
import { migrateToLatest } from './migrate.ts';

/**
 * A throwaway, migrated database for a test: in-memory PGlite by default, or a fresh schema on the PostgreSQL
 * server named by TEST_DATABASE_URL (dropped again on close), so the same suite runs on both engines and parallel
 * runs never see each other's rows.
 */
export async function openTestDatabase(options: { migrate?: boolean } = {}): Promise<DatabaseHandle> {
  const url = process.env.TEST_DATABASE_URL;
  const schema = url ? `t_${randomBytes(6).toString('hex')}` : undefined;
  const handle = await openDatabase({ url, schema, poolSize: 4 });
  if (options.migrate ?? true) await migrateToLatest(handle.db);
  if (!url || !schema) return handle;
  return {
    ...handle,
    async close() {
      await handle.close();
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}

export const testEngine = (): 'pglite' | 'postgres' => (process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite');
