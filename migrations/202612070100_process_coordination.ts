import { type Kysely } from 'kysely';

/**
 * What several Reckon processes on one database must agree on (issue 17):
 * - `instance_keys`: a fingerprint of the master key and the id of the ledger signing key, recorded by the first
 *   process that starts; a later process whose keys differ refuses to start instead of answering 503 for every
 *   encrypted file or signing checkpoints that the others' proofs do not verify against. Fingerprints only: a
 *   fingerprint is a hash of a key derived for that purpose, never the key.
 * - `schedule_runs`: when each scheduled task (checkpoint, verification, …) last ran, so that one process of many
 *   runs it per interval.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('instance_keys')
    .addColumn('kind', 'text', (c) => c.primaryKey())
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('schedule_runs')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('last_run_at', 'timestamptz', (c) => c.notNull())
    .addColumn('last_run_by', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('schedule_runs').execute();
  await db.schema.dropTable('instance_keys').execute();
}
