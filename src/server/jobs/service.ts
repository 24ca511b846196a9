import type { Kysely } from 'kysely';
import { requireUser, type Actor } from '../accounts/actor.ts';
import type { Config } from '../config.ts';
import type { Database } from '../db/schema.ts';
import { notFound } from '../errors.ts';
import { JobQueue } from './queue.ts';
import * as repo from './repository.ts';
import type { JobView } from './schemas.ts';
import type { JobRow } from './tables.ts';

export type { JobView } from './schemas.ts';

/** Decides whether an actor may see jobs about a subject (e.g. the archive module checks the item's visibility). */
export type SubjectGuard = (actor: Actor, subjectId: string) => Promise<boolean>;

/**
 * Cancels a job still waiting in the queue, inside the caller's transaction (a module cancelling its own subject's
 * job); false when it already started or ended.
 */
export function cancelQueuedJob(db: Kysely<Database>, id: string): Promise<boolean> {
  return repo.cancelJob(db, id);
}

export function jobView(row: JobRow): JobView {
  return {
    id: row.id,
    kind: row.kind,
    state: row.state,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    runAfter: row.run_after.toISOString(),
    error: row.error,
    result: row.result,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/**
 * The queue plus what users may ask of it. Any logged-in user may see a job's progress; a module that owns a kind
 * of subject registers a guard so that jobs about a subject the user may not see are answered as not found.
 */
export class JobsService extends JobQueue {
  private readonly guards = new Map<string, SubjectGuard>();

  registerSubjectGuard(subjectType: string, guard: SubjectGuard): void {
    this.guards.set(subjectType, guard);
  }

  async getJob(actor: Actor, id: string): Promise<JobView> {
    requireUser(actor);
    const row = await repo.findJob(this.db, id);
    if (!row || !(await this.maySee(actor, row.subject_type, row.subject_id))) throw notFound('Job', id);
    return jobView(row);
  }

  async listJobs(actor: Actor, subjectType: string, subjectId: string, limit = 100): Promise<JobView[]> {
    requireUser(actor);
    if (!(await this.maySee(actor, subjectType, subjectId))) return [];
    return (await repo.jobsForSubject(this.db, subjectType, subjectId, limit)).map(jobView);
  }

  private async maySee(actor: Actor, subjectType: string | null, subjectId: string | null): Promise<boolean> {
    if (subjectType === null || subjectId === null) return true;
    const guard = this.guards.get(subjectType);
    return guard ? guard(actor, subjectId) : true;
  }
}

export function createJobs(db: Kysely<Database>, config: Config): JobsService {
  return new JobsService(db, {
    concurrency: config.jobConcurrency,
    timeLimitMs: config.jobTimeLimitSeconds * 1000,
    pollIntervalMs: config.jobPollIntervalMs,
  });
}
