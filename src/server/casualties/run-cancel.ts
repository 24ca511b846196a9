import { sql, type Kysely } from 'kysely';
import { actorId, type Actor } from '../accounts/actor.ts';
import { recordAudit } from '../audit/service.ts';
import type { Database } from '../db/schema.ts';
import { conflict, notFound } from '../errors.ts';
import { JobCancelledError } from '../jobs/queue.ts';
import { cancelQueuedJob } from '../jobs/service.ts';

type Db = Kysely<Database>;

/** Thrown inside a run when its cancellation has been asked for; the queue ends the job `cancelled`. */
export class RunCancelledError extends JobCancelledError {
  constructor() {
    super('the linkage run was cancelled');
  }
}

const now = () => sql<Date>`now()` as unknown as Date;

/**
 * Asks for a run to stop. A queued run is cancelled at once (with its job, if no runner has claimed it yet); a
 * running run only gets the request, which its job honours at its next check. The row lock orders this against the
 * run's own storing transaction, which locks the row just before it commits: either the cancellation is seen there
 * and everything rolls back, or the run is already done and this answers 409 `run_finished`.
 */
export async function requestCancel(db: Db, actor: Actor, id: string): Promise<{ stateWas: string; alreadyRequested: boolean }> {
  return db.transaction().execute(async (tx) => {
    // FOR NO KEY UPDATE: the storing transaction's inserts hold key-share locks on this row (foreign keys), which a
    // FOR UPDATE would wait for; its own check takes FOR UPDATE, so the two are still ordered
    const row = await tx.selectFrom('linkage_runs').select(['state', 'job_id', 'progress', 'cancel_requested_at']).where('id', '=', id).forNoKeyUpdate().executeTakeFirst();
    if (!row) throw notFound('Linkage run', id);
    if (row.state !== 'queued' && row.state !== 'running') {
      throw conflict('run_finished', `the run is ${row.state}; only a queued or running run can be cancelled`, { state: row.state });
    }
    if (row.cancel_requested_at) return { stateWas: row.state, alreadyRequested: true };
    const by = actorId(actor);
    if (row.state === 'queued') {
      await tx
        .updateTable('linkage_runs')
        .set({ state: 'cancelled', cancel_requested_at: now(), cancelled_by: by, progress_label: 'cancelled', finished_at: now() })
        .where('id', '=', id)
        .execute();
      // a job a runner has already claimed sees the run cancelled when it starts (startRun) and ends itself
      if (row.job_id) await cancelQueuedJob(tx, row.job_id);
    } else {
      await tx.updateTable('linkage_runs').set({ cancel_requested_at: now(), cancelled_by: by, progress_label: 'cancelling' }).where('id', '=', id).execute();
    }
    await recordAudit(tx, actor, { action: 'casualties.run_cancelled', subjectType: 'linkage_run', subjectId: id, details: { stateWas: row.state, progress: row.progress } });
    return { stateWas: row.state, alreadyRequested: false };
  });
}

/**
 * The job takes its run: queued (or running, when a runner died and the lease ran out) and not cancelled. False when
 * the run was cancelled before it started.
 */
export async function startRun(db: Db, id: string): Promise<boolean> {
  const updated = await db
    .updateTable('linkage_runs')
    .set({ state: 'running', progress: 0, progress_label: 'reading records', error: null })
    .where('id', '=', id)
    .where('state', 'in', ['queued', 'running'])
    .where('cancel_requested_at', 'is', null)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}

/** Writes progress and answers whether a cancellation has been asked for (one round trip per tick). */
export async function progressAndCancelFlag(db: Db, id: string, progress: number, label: string): Promise<boolean> {
  const row = await db
    .updateTable('linkage_runs')
    .set({ progress: Math.max(0, Math.min(1, progress)), progress_label: label })
    .where('id', '=', id)
    .where('state', '=', 'running')
    .returning('cancel_requested_at')
    .executeTakeFirst();
  return Boolean(row?.cancel_requested_at);
}

export async function cancelRequested(db: Db, id: string, lock = false): Promise<boolean> {
  let query = db.selectFrom('linkage_runs').select('cancel_requested_at').where('id', '=', id);
  if (lock) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return Boolean(row?.cancel_requested_at);
}

/** The end of a cancelled run: nothing of its results was stored (the storing transaction rolled back or never ran). */
export async function markCancelled(db: Db, id: string): Promise<void> {
  await db.updateTable('linkage_runs').set({ state: 'cancelled', progress_label: 'cancelled', error: null, finished_at: now() }).where('id', '=', id).execute();
}
