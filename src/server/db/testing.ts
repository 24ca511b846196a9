import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { openDatabase, quoteIdent, type DatabaseHandle } from './connect.ts';
import { migrateToLatest } from './migrate.ts';
import type { Database } from './schema.ts';

/**
 * A throwaway, migrated database for a test: in-memory PGlite by default, or a fresh schema on the PostgreSQL
 * server named by TEST_DATABASE_URL (dropped again on close), so the same suite runs on both engines and parallel
 * runs never see each other's rows.
 */
export async function openTestDatabase(options: { migrate?: boolean } = {}): Promise<DatabaseHandle> {
  const url = process.env.TEST_DATABASE_URL;
  const schema = url ? `t_${randomBytes(6).toString('hex')}` : undefined;
  const migrate = options.migrate ?? true;
  // Creating an empty PGlite cluster (initdb) costs several CPU-seconds; a dump of one (made once per run by
  // test/global-setup.ts) loads in a fraction of that: the migrated one, or for migration tests, which start before
  // the first migration, the empty one.
  const templatePath = pgliteTemplatePath(undefined, migrate ? 'migrated' : 'empty');
  const template = !url && templatePath && existsSync(templatePath) ? new Blob([readFileSync(templatePath)]) : undefined;
  const handle = await openDatabase({ url, schema, poolSize: 4, pgliteTemplate: template });
  if (migrate) await migrateToLatest(handle.db);
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

/** Where the files one test run shares live (test/global-setup.ts makes them, named by the run's RECKON_TEST_RUN). */
export const testArtifactsDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'test-artifacts');

/**
 * Where test/global-setup.ts leaves the PGlite templates for a test run (none outside a run): the migrated one, and
 * an empty one (a new cluster, as initdb leaves it) for migration tests. One file per run, so a run never reads a
 * template another run is rebuilding.
 */
export function pgliteTemplatePath(run: string | undefined = process.env.RECKON_TEST_RUN, kind: 'migrated' | 'empty' = 'migrated'): string | undefined {
  return run ? resolve(testArtifactsDir, `pglite-template-${run}${kind === 'empty' ? '-empty' : ''}.tar.gz`) : undefined;
}

/**
 * Makes a migrated on-disk PGlite cluster at `path` (built beside it, then renamed into place) that new embedded data
 * directories copy (see PGDATA_SEED_VARIABLE in connect.ts). Each test run makes its own, so concurrent runs never
 * copy one that another run is rebuilding.
 */
export async function writePgdataSeed(path: string): Promise<void> {
  const { rmSync, renameSync } = await import('node:fs');
  const building = `${path}.building`;
  rmSync(building, { recursive: true, force: true });
  rmSync(path, { recursive: true, force: true });
  const handle = await openDatabase({ pgliteDir: building });
  await migrateToLatest(handle.db);
  await handle.close();
  renameSync(building, path);
}

/** Makes the migrated template at `target`: the on-disk seed (or a new empty cluster), migrated, dumped. */
export async function writePgliteTemplate(target: string, seedPath?: string): Promise<void> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const { Kysely, PGliteDialect } = await import('kysely');
  // Dumping the on-disk seed, when there is one, saves a second initdb.
  const seeded = seedPath !== undefined && existsSync(resolve(seedPath, 'PG_VERSION'));
  const pglite = await PGlite.create({ extensions: { pg_trgm }, ...(seeded ? { dataDir: seedPath } : {}) });
  await pglite.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
  const db = new Kysely<unknown>({ dialect: new PGliteDialect({ pglite }) });
  await migrateToLatest(db);
  const dump = await pglite.dumpDataDir('gzip');
  const { mkdirSync, writeFileSync, renameSync } = await import('node:fs');
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(`${target}.tmp`, Buffer.from(await dump.arrayBuffer()));
  renameSync(`${target}.tmp`, target);
  await db.destroy();
  if (!pglite.closed) await pglite.close();
}

/** Makes the empty template at `target`: a new cluster dumped as initdb left it, with no extension or migration. */
export async function writePgliteEmptyTemplate(target: string): Promise<void> {
  const { PGlite } = await import('@electric-sql/pglite');
  const pglite = await PGlite.create();
  const dump = await pglite.dumpDataDir('gzip');
  const { mkdirSync, writeFileSync, renameSync } = await import('node:fs');
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(`${target}.tmp`, Buffer.from(await dump.arrayBuffer()));
  renameSync(`${target}.tmp`, target);
  await pglite.close();
}

export const testEngine = (): 'pglite' | 'postgres' => (process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite');

/**
 * Whether a table or index exists in this database's own schema. Tests on the PostgreSQL server work in a fresh
 * schema with `public` behind it on the search path (for pg_trgm), so a bare to_regclass would also find a relation
 * some other run left in `public` and call a migration's undo incomplete.
 */
export async function relationExists(db: Kysely<Database>, name: string): Promise<boolean> {
  const row = await sql<{ t: string | null }>`select to_regclass(format('%I.%I', current_schema(), ${name}::text))::text as t`.execute(db);
  return row.rows[0].t !== null;
}
