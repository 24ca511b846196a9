import { sql, type Kysely } from 'kysely';

/**
 * Cancelling a linkage run: a run may end `cancelled`, and keeps when the cancellation was asked for and by whom.
 * `cancel_requested_at` is also the flag a running job reads between stages and at its progress ticks (the job may
 * run in another process, so the flag lives in the database). `cancelled_by` is a user id; a cancellation by the
 * command line (a system actor) leaves it null, and the audit trail names the actor either way.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table linkage_runs drop constraint if exists linkage_runs_state_check`.execute(db);
  await sql`alter table linkage_runs add constraint linkage_runs_state_check check (state in ('queued', 'running', 'done', 'failed', 'cancelled'))`.execute(db);
  await db.schema.alterTable('linkage_runs').addColumn('cancel_requested_at', 'timestamptz').addColumn('cancelled_by', 'uuid').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  // a cancelled run becomes a failed one with the reason, so the older constraint holds again
  await sql`update linkage_runs set state = 'failed', error = coalesce(error, 'cancelled') where state = 'cancelled'`.execute(db);
  await db.schema.alterTable('linkage_runs').dropColumn('cancel_requested_at').dropColumn('cancelled_by').execute();
  await sql`alter table linkage_runs drop constraint if exists linkage_runs_state_check`.execute(db);
  await sql`alter table linkage_runs add constraint linkage_runs_state_check check (state in ('queued', 'running', 'done', 'failed'))`.execute(db);
}
