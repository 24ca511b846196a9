import { readdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Kysely } from 'kysely';

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

export function createMigrator(db: AnyDb, folder = migrationsDir): Migrator {
  return new Migrator({
    db,
    provider: new FolderMigrationProvider(folder),
    migrationTableName: 'reckon_migrations',
    migrationLockTableName: 'reckon_migrations_lock',
  });
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

/** Brings the schema to the newest version; each migration runs in its own transaction. */
export async function migrateToLatest(db: AnyDb): Promise<string[]> {
  return check(await createMigrator(db).migrateToLatest());
}

export async function migrateDown(db: AnyDb): Promise<string[]> {
  return check(await createMigrator(db).migrateDown());
}

function check(result: MigrationResultSet): string[] {
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    throw new MigrationError(failed?.migrationName, result.error);
  }
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
