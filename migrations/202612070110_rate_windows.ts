import { sql, type Kysely } from 'kysely';

/**
 * Request budgets counted in the database, so that every process charges the same counter: with a limit per
 * process, N processes allowed N times the configured rate (issue 17). One row per key (participant, address)
 * and fixed window; the limiter weighs the previous window by its overlap (a sliding window approximated).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('rate_windows')
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('window_start', 'bigint', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull().check(sql`count >= 0`))
    .addPrimaryKeyConstraint('rate_windows_pkey', ['key', 'window_start'])
    .execute();
  await db.schema.createIndex('rate_windows_window_start').on('rate_windows').column('window_start').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('rate_windows').execute();
}
