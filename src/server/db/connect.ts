import { cpSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect, PostgresDialect, sql } from 'kysely';
import { withCurrentSchemaIntrospection } from './introspection.ts';
import type { Database } from './schema.ts';

export type Engine = 'pglite' | 'postgres';

export interface DatabaseHandle {
  db: Kysely<Database>;
  engine: Engine;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** A postgres:// URL selects the PostgreSQL server; otherwise PGlite. */
  url?: string;
  /** PGlite data directory; omitted means in memory (tests). */
  pgliteDir?: string;
  poolSize?: number;
  /** Work inside this schema (created if missing). Tests use a fresh schema per run so runs cannot collide. */
  schema?: string;
  /** PGlite only: start from this dump (`dumpDataDir`) instead of an empty cluster; tests use a migrated template. */
  pgliteTemplate?: Blob;
}

// int8 (20) as a JavaScript number on both engines: Reckon's counters and sequence numbers stay far below 2^53,
// and one representation everywhere avoids string/number bugs that only show on one engine.
const INT8 = 20;
const NUMERIC = 1700;

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.url) return openPostgres(options.url, options.poolSize ?? 10, options.schema);
  return openPglite(options.pgliteDir, options.schema, options.pgliteTemplate);
}

/** Advisory lock key for the first connection's bootstrap (any fixed number; this one spells 'reckon'). */
const BOOTSTRAP_LOCK = 0x7265636b6f6e;
/**
 * Test runs only: a migrated, closed PGlite data directory (made once per run by test/global-setup.ts) that a new
 * embedded data directory starts as, instead of running initdb, which costs several CPU-seconds for every CLI or
 * `reckon serve` test on a fresh data directory. Never set in production; an existing cluster is never touched.
 */
export const PGDATA_SEED_VARIABLE = 'RECKON_TEST_PGDATA_SEED';

async function openPglite(dir: string | undefined, schema: string | undefined, template?: Blob): Promise<DatabaseHandle> {
  const seed = process.env[PGDATA_SEED_VARIABLE];
  if (dir && seed && !existsSync(join(dir, 'PG_VERSION')) && existsSync(join(seed, 'PG_VERSION'))) {
    cpSync(seed, dir, { recursive: true });
  }
  if (dir) mkdirSync(dir, { recursive: true });
  // each engine's driver loads only when it is the one used: importing both costs CPU at every start (issue 15)
  const [{ PGlite: Engine }, { pg_trgm }] = await Promise.all([import('@electric-sql/pglite'), import('@electric-sql/pglite/contrib/pg_trgm')]);
  const pglite: PGlite = await Engine.create({
    dataDir: dir ? join(dir) : undefined,
    extensions: { pg_trgm },
    parsers: { [INT8]: Number, [NUMERIC]: Number },
    ...(template ? { loadDataDir: template } : {}),
  });
  await pglite.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
  if (schema) {
    await pglite.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
    await pglite.query(`SET search_path TO ${quoteIdent(schema)}, public`);
  }
  const db = new Kysely<Database>({ dialect: withCurrentSchemaIntrospection(new PGliteDialect({ pglite })) });
  return {
    db,
    engine: 'pglite',
    async close() {
      await db.destroy();
      if (!pglite.closed) await pglite.close();
    },
  };
}

async function openPostgres(url: string, poolSize: number, schema: string | undefined): Promise<DatabaseHandle> {
  const { default: pg } = await import('pg');
  const types = {
    getTypeParser(oid: number, format?: string) {
      if (oid === INT8 || oid === NUMERIC) return (value: string) => Number(value);
      return pg.types.getTypeParser(oid, format as 'text');
    },
  };
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    types,
    options: schema ? `-c search_path=${schema},public` : undefined,
  });
  // A pool emits 'error' for idle clients whose server went away; without a listener that crashes the process.
  pool.on('error', () => {});
  const bootstrap = await pool.connect();
  try {
    // IF NOT EXISTS is not safe against a concurrent CREATE: processes started together on an empty database
    // would fail on the catalogue's unique index. A session-level advisory lock serialises the bootstrap.
    await bootstrap.query('SELECT pg_advisory_lock($1)', [BOOTSTRAP_LOCK]);
    try {
      await bootstrap.query('CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public');
      if (schema) await bootstrap.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
    } finally {
      await bootstrap.query('SELECT pg_advisory_unlock($1)', [BOOTSTRAP_LOCK]);
    }
  } finally {
    bootstrap.release();
  }
  const db = new Kysely<Database>({ dialect: withCurrentSchemaIntrospection(new PostgresDialect({ pool })) });
  return {
    db,
    engine: 'postgres',
    async close() {
      await db.destroy();
    },
  };
}

export function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unsafe SQL identifier: ${name}`);
  return `"${name}"`;
}

export async function ping(db: Kysely<Database>): Promise<void> {
  await sql`select 1`.execute(db);
}
