import { readdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { sql, type Kysely } from 'kysely';

// Migrations see the database as untyped: they describe the schema of their own time, not today's types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;
import { Migrator, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely/migration';

/** Migrations live in `migrations/` at the repository root, named `<YYYYMMDDHHMM>_<what>.ts`. */
export const migrationsDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'migrations');

const MIGRATION_FILE = /^\d{12}_[a-z0-9_]+\.ts$/;

class FolderMigrationProvider implements MigrationProvider {
  constructor(private readonly folder: string) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    const files = readdirSync(this.folder).filter((f) => MIGRATION_FILE.test(f)).sort();
    const migrations: Record<string, Migration> = {};
    for (const file of files) {
      const module = (await import(pathToFileURL(join(this.folder, file)).href)) as Migration;
      migrations[basename(file, '.ts')] = module;
    }
    return migrations;
  }
}

/**
 * `schema` pins the migration bookkeeping tables to one schema: on a shared PostgreSQL server other schemas
 * (parallel test runs) have tables of the same name, which Kysely's lookup would otherwise see.
 */
export function createMigrator(db: AnyDb, folder = migrationsDir, schema?: string): Migrator {
  return new Migrator({
    db,
    provider: new FolderMigrationProvider(folder),
    migrationTableName: 'reckon_migrations',
    migrationLockTableName: 'reckon_migrations_lock',
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
}

export async function currentSchema(db: AnyDb): Promise<string> {
  const result = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  return result.rows[0].schema;
}

/** A migrator for the schema the connection works in. */
export async function migratorFor(db: AnyDb, folder = migrationsDir): Promise<Migrator> {
  return createMigrator(db, folder, await currentSchema(db));
}

export class MigrationError extends Error {
  constructor(
    readonly migration: string | undefined,
    cause: unknown,
  ) {
    super(`migration ${migration ?? '(unknown)'} failed: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'MigrationError';
  }
}

/** The names of the migrations in a folder, oldest first, from the file names alone (nothing is imported). */
export function migrationNames(folder = migrationsDir): string[] {
  return readdirSync(folder)
    .filter((f) => MIGRATION_FILE.test(f))
    .map((f) => basename(f, '.ts'))
    .sort();
}

/**
 * Whether the schema the connection works in has run exactly the migrations of the folder: then there is nothing to
 * plan. Two small queries and a directory listing, where planning imports every migration module and has Kysely
 * create, lock and read its bookkeeping tables (most of a restart's database work, issue 15). The table is named
 * with its schema, so a `public` behind the current schema on the search path is never read for it.
 */
export async function schemaIsCurrent(db: AnyDb, folder = migrationsDir): Promise<boolean> {
  const names = migrationNames(folder);
  const schema = await currentSchema(db);
  const exists = await sql<{ found: boolean }>`
    select exists (select 1 from pg_catalog.pg_tables where schemaname = ${schema} and tablename = 'reckon_migrations') as found`.execute(db);
  if (!exists.rows[0]?.found) return false;
  const { rows } = await sql<{ name: string }>`select name from ${sql.id(schema, 'reckon_migrations')} order by name`.execute(db);
  return rows.length === names.length && rows.every((r, i) => r.name === names[i]);
}

/**
 * Brings the schema to the newest version; each migration runs in its own transaction. When the schema is already
 * current (every restart) it only checks that and plans nothing.
 */
export async function migrateToLatest(db: AnyDb, folder = migrationsDir): Promise<string[]> {
  if (await schemaIsCurrent(db, folder)) return [];
  return check(await (await migratorFor(db, folder)).migrateToLatest());
}

export async function migrateDown(db: AnyDb): Promise<string[]> {
  return check(await (await migratorFor(db)).migrateDown());
}

function check(result: MigrationResultSet): string[] {
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    throw new MigrationError(failed?.migrationName, result.error);
  }
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
