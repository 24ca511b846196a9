import type { Insertable, Kysely, Updateable } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { PackageExportRow } from './tables.ts';

type Db = Kysely<Database>;

/** The SQL of the package export requests (`package_exports`): one row per request, its job's progress and its file. */

export const insertPackageExport = (tx: Db, row: Insertable<Database['package_exports']>) => tx.insertInto('package_exports').values(row).execute();

export const findPackageExport = (db: Db, id: string): Promise<PackageExportRow | undefined> =>
  db.selectFrom('package_exports').selectAll().where('id', '=', id).executeTakeFirst();

export const updatePackageExport = (db: Db, id: string, change: Updateable<Database['package_exports']>) =>
  db.updateTable('package_exports').set(change).where('id', '=', id).execute();

/** Finished packages whose time to be kept has passed. */
export const expiredPackageExports = (db: Db, now: Date) =>
  db.selectFrom('package_exports').select(['id', 'container']).where('state', '=', 'done').where('expires_at', '<', now).execute();
