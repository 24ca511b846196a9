import type { Kysely } from 'kysely';
import { actorId, type Actor } from '../accounts/actor.ts';
import { recordAudit } from '../audit/service.ts';
import type { Database } from '../db/schema.ts';
import { conflict, notFound } from '../errors.ts';
import { JobCancelledError } from '../jobs/queue.ts';
import { cancelQueuedJob } from '../jobs/service.ts';
import * as repo from './repository.ts';

type Db = Kysely<Database>;

/** Thrown inside a run when its cancellation has been asked for; the queue ends the job `cancelled`. */
export class RunCancelledError extends JobCancelledError {
  constructor() {
    super('the linkage run was cancelled');
  }
}

/**
 * Asks for a run to stop. A queued run is cancelled at once (with its job, if no runner has claimed it yet); a
 * running run only gets the request, which its job honours at its next check. The row lock orders this against the
 * run's own storing transaction, which locks the row just before it commits: either the cancellation is seen there
 * and everything rolls back, or the run is already done and this answers 409 `run_finished`.
 */
export async function requestCancel(db: Db, actor: Actor, id: string): Promise<{ stateWas: string; alreadyRequested: boolean }> {
  return db.transaction().execute(async (tx) => {
    const row = await repo.lockRunForCancel(tx, id);
    if (!row) throw notFound('Linkage run', id);
    if (row.state !== 'queued' && row.state !== 'running') {
      throw conflict('run_finished', `the run is ${row.state}; only a queued or running run can be cancelled`, { state: row.state });
    }
    if (row.cancel_requested_at) return { stateWas: row.state, alreadyRequested: true };
    const by = actorId(actor);
    if (row.state === 'queued') {
      await repo.cancelQueuedRun(tx, id, by);
      // a job a runner has already claimed sees the run cancelled when it starts (startRun) and ends itself
      if (row.job_id) await cancelQueuedJob(tx, row.job_id);
    } else {
      await repo.requestRunCancel(tx, id, by);
    }
    await recordAudit(tx, actor, {
      action: 'casualties.run_cancelled',
      subjectType: 'linkage_run',
      subjectId: id,
      details: { stateWas: row.state, progress: row.progress },
    });
    return { stateWas: row.state, alreadyRequested: false };
  });
}

// The run's own checks are SQL only; they live in the repository and keep their names here for the runner.
export { cancelRequested, markCancelled, progressAndCancelFlag, startRun } from './repository.ts';
