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
 * A throwaway, migrated database for a test: in-memory PGlite by default, or on the PostgreSQL server named by
 * TEST_DATABASE_URL a database of its own copied from the run's migrated template database (dropped again on close),
 * so the same suite runs on both engines and parallel runs never see each other's rows. Migration tests
 * (`migrate: false`), and runs without a template database, get a fresh schema in the TEST_DATABASE_URL database.
 */
/** A test database, with the address of the PostgreSQL database it is (a copy per file), for a second connection. */
export interface TestDatabaseHandle extends DatabaseHandle {
  /** postgres:// address of this test's own database on the server; undefined on PGlite. */
  url?: string;
}

export async function openTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabaseHandle> {
  const url = process.env.TEST_DATABASE_URL;
  const migrate = options.migrate ?? true;
  if (url && migrate) {
    const copied = await openTemplateCopy(url);
    if (copied) return copied;
  }
  const schema = url ? `t_${randomBytes(6).toString('hex')}` : undefined;
  // Creating an empty PGlite cluster (initdb) costs several CPU-seconds; a dump of one (made once per run by
  // test/global-setup.ts) loads in a fraction of that: the migrated one, or for migration tests, which start before
  // the first migration, the empty one.
  const templatePath = pgliteTemplatePath(undefined, migrate ? 'migrated' : 'empty');
  const template = !url && templatePath ? templateBlob(templatePath) : undefined;
  const handle = await openDatabase({ url, schema, poolSize: 4, pgliteTemplate: template });
  if (migrate) await migrateToLatest(handle.db);
  if (!url || !schema) return handle;
  return {
    ...handle,
    url,
    async close() {
      await handle.close();
      await withAdmin(url, (client) => client.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`));
    },
  };
}

/**
 * The run's migrated template database on the PostgreSQL server (test/global-setup.ts makes it). Copying it with
 * CREATE DATABASE … TEMPLATE takes about a second where running every migration into a fresh schema took 3–7 s of
 * the server's time per test file (docs/TESTING.md).
 */
export function pgTemplateDatabase(run: string | undefined = process.env.RECKON_TEST_RUN): string | undefined {
  return run ? `reckon_tpl_${runTag(run)}` : undefined;
}

/** The prefix of the databases a run's test files copy from the template, so the run's end can sweep any left. */
export function pgTestDatabasePrefix(run: string): string {
  return `reckon_t_${runTag(run)}_`;
}

const runTag = (run: string) =>
  run
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '_')
    .slice(0, 24);

/** The same server address with another database name. */
export function withDatabase(url: string, database: string): string {
  const address = new URL(url);
  address.pathname = `/${database}`;
  return address.toString();
}

async function withAdmin<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function openTemplateCopy(url: string): Promise<TestDatabaseHandle | undefined> {
  const run = process.env.RECKON_TEST_RUN;
  const template = pgTemplateDatabase(run);
  if (!run || !template) return undefined;
  const name = `${pgTestDatabasePrefix(run)}${randomBytes(6).toString('hex')}`;
  const made = await withAdmin(url, async (client) => {
    try {
      await client.query(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE ${quoteIdent(template)}`);
      return true;
    } catch (error) {
      // 3D000: no template database for this run (a run without the global setup's PostgreSQL step): use a schema
      if ((error as { code?: string }).code === '3D000') return false;
      throw error;
    }
  });
  if (!made) return undefined;
  const own = withDatabase(url, name);
  const handle = await openDatabase({ url: own, poolSize: 4 });
  // the template was migrated when the run began; a migration added since is applied here
  await migrateToLatest(handle.db);
  return {
    ...handle,
    url: own,
    async close() {
      await handle.close();
      await withAdmin(url, (client) => client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`));
    },
  };
}

/** Makes the run's migrated template database on the PostgreSQL server at `url` (replacing one left by a crash). */
export async function writePgTemplateDatabase(url: string, run: string): Promise<void> {
  const template = pgTemplateDatabase(run)!;
  await dropPgRunDatabases(url, run);
  await withAdmin(url, (client) => client.query(`CREATE DATABASE ${quoteIdent(template)}`));
  const handle = await openDatabase({ url: withDatabase(url, template), poolSize: 1 });
  try {
    await migrateToLatest(handle.db);
  } finally {
    await handle.close();
  }
}

/** Drops the run's template database and any test database of the run that was not closed. */
export async function dropPgRunDatabases(url: string, run: string): Promise<void> {
  await withAdmin(url, async (client) => {
    const prefix = pgTestDatabasePrefix(run).replace(/_/g, '\\_');
    const left = await client.query<{ datname: string }>(`select datname from pg_database where datname = $1 or datname like $2`, [
      pgTemplateDatabase(run),
      `${prefix}%`,
    ]);
    for (const { datname } of left.rows) await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(datname)} WITH (FORCE)`);
  });
}

/** Where the files one test run shares live (test/global-setup.ts makes them, named by the run's RECKON_TEST_RUN). */
export const testArtifactsDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'test-artifacts');

/**
 * Where test/global-setup.ts leaves the PGlite templates for a test run (none outside a run): the migrated one, and
 * an empty one (a new cluster, as initdb leaves it) for migration tests. One file per run, so a run never reads a
 * template another run is rebuilding.
 */
export function pgliteTemplatePath(run: string | undefined = process.env.RECKON_TEST_RUN, kind: 'migrated' | 'empty' = 'migrated'): string | undefined {
  return run ? resolve(testArtifactsDir, `pglite-template-${run}${kind === 'empty' ? '-empty' : ''}.tar`) : undefined;
}

/**
 * A template read once per process: a worker runs many files (vitest.config.ts), each opening a database from it.
 * The dump is an uncompressed tar (44 MB where gzip made 5.4): PGlite started from it in 1.0–1.8 CPU-s against
 * 1.6–1.9 from the gzip, about half a CPU-second saved for each of some 200 database test files (docs/TESTING.md).
 */
const templates = new Map<string, Blob>();
function templateBlob(path: string): Blob | undefined {
  let blob = templates.get(path);
  if (!blob && existsSync(path)) {
    blob = new Blob([readFileSync(path)]);
    templates.set(path, blob);
  }
  return blob;
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
  const dump = await pglite.dumpDataDir('none');
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
  const dump = await pglite.dumpDataDir('none');
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
