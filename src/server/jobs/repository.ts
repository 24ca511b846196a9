import { sql, type Kysely, type Updateable } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { JobRow } from './tables.ts';

type Db = Kysely<Database>;

export interface NewJob {
  id: string;
  kind: string;
  payload: Record<string, unknown>;
  subjectType: string | null;
  subjectId: string | null;
  maxAttempts: number;
  runAfter: Date | null;
}

export async function insertJob(db: Db, job: NewJob): Promise<void> {
  await db
    .insertInto('jobs')
    .values({
      id: job.id,
      kind: job.kind,
      payload: JSON.stringify(job.payload),
      subject_type: job.subjectType,
      subject_id: job.subjectId,
      max_attempts: job.maxAttempts,
      ...(job.runAfter ? { run_after: job.runAfter } : {}),
    })
    .execute();
}

/**
 * Takes one job this runner can handle: a queued one that is due, or a running one whose runner's lease ran out
 * (the runner died). `leases` maps each kind this runner handles to its lease in milliseconds. FOR UPDATE SKIP LOCKED lets several runners claim at once without taking the same job or
 * waiting on each other.
 */
export async function claimJob(db: Db, leases: ReadonlyMap<string, number>, runnerId: string): Promise<JobRow | undefined> {
  if (leases.size === 0) return undefined;
  const kinds = [...leases.keys()];
  const leaseSeconds = sql.join(
    [...leases].map(([kind, ms]) => sql`when ${kind} then ${ms / 1000}::double precision`),
    sql` `,
  );
  const result = await sql<JobRow>`
    update jobs set
      state = 'running',
      attempts = attempts + 1,
      locked_by = ${runnerId},
      locked_until = now() + make_interval(secs => case kind ${leaseSeconds} end),
      updated_at = now()
    where id = (
      select id from jobs
      where kind in (${sql.join(kinds)})
        and ((state = 'queued' and run_after <= now())
          or (state = 'running' and locked_until < now() and attempts < max_attempts))
      order by run_after, created_at
      limit 1
      for update skip locked
    )
    returning *`.execute(db);
  return result.rows[0];
}

/**
 * Jobs whose runner died during their last allowed attempt: they are not taken again, they fail with a reason.
 */
export async function failAbandoned(db: Db): Promise<number> {
  const result = await db
    .updateTable('jobs')
    .set({
      state: 'failed',
      error: 'The runner stopped during the last attempt (its lease expired) and no attempts are left',
      locked_by: null,
      locked_until: null,
      updated_at: sql<Date>`now()` as unknown as Date,
    })
    .where('state', '=', 'running')
    .where('locked_until', '<', sql<Date>`now()` as unknown as Date)
    .where(sql<boolean>`attempts >= max_attempts`)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Only the runner holding the lease may finish a job: a runner that lost its lease must not overwrite. */
/**
 * Ends a runner's hold on a running job with `change`, clearing its lease, but only while this runner still holds it
 * (a job whose lease another runner took over is left alone). Whether the job was changed.
 */
async function endHold(db: Db, id: string, runnerId: string, change: Updateable<Database['jobs']>): Promise<boolean> {
  const updated = await db
    .updateTable('jobs')
    .set({ locked_by: null, locked_until: null, updated_at: sql<Date>`now()` as unknown as Date, ...change })
    .where('id', '=', id)
    .where('locked_by', '=', runnerId)
    .where('state', '=', 'running')
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}

export function finishJob(db: Db, id: string, runnerId: string, result: Record<string, unknown> | null): Promise<boolean> {
  return endHold(db, id, runnerId, { state: 'done', result: result ? JSON.stringify(result) : null, error: null });
}

/** A failed attempt: retried after `retryAfterMs`, or failed for good when no attempts are left (or retry is null). */
export async function failAttempt(db: Db, id: string, runnerId: string, error: string, retryAfterMs: number | null): Promise<boolean> {
  const now = sql<Date>`now()` as unknown as Date;
  const retry = retryAfterMs !== null;
  return endHold(db, id, runnerId, {
    state: retry ? (sql<'queued'>`case when attempts < max_attempts then 'queued' else 'failed' end` as unknown as 'queued') : 'failed',
    run_after: retry ? (sql<Date>`now() + make_interval(secs => ${retryAfterMs / 1000})` as unknown as Date) : now,
    error,
  });
}

/** A runner stopping on purpose hands its unfinished jobs back at once, without using up an attempt. */
export async function releaseJob(db: Db, id: string, runnerId: string): Promise<void> {
  await endHold(db, id, runnerId, { state: 'queued', attempts: sql<number>`greatest(attempts - 1, 0)` as unknown as number });
}

export async function cancelJob(db: Db, id: string): Promise<boolean> {
  const updated = await db
    .updateTable('jobs')
    .set({ state: 'cancelled', updated_at: sql<Date>`now()` as unknown as Date })
    .where('id', '=', id)
    .where('state', '=', 'queued')
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}

/** A running job whose handler stopped because its subject was cancelled; only the runner holding it may say so. */
export async function cancelClaimedJob(db: Db, id: string, runnerId: string): Promise<boolean> {
  return endHold(db, id, runnerId, { state: 'cancelled' });
}

export async function findJob(db: Db, id: string): Promise<JobRow | undefined> {
  return db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function jobsForSubject(db: Db, subjectType: string, subjectId: string, limit: number): Promise<JobRow[]> {
  return db
    .selectFrom('jobs')
    .selectAll()
    .where('subject_type', '=', subjectType)
    .where('subject_id', '=', subjectId)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(limit)
    .execute();
}
