import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { invalid } from '../errors.ts';
import * as repo from './repository.ts';
import type { JobRow } from './tables.ts';

/** What a handler gets besides the payload: the job's identity, its attempt number, and the signal to stop. */
export interface JobRun {
  id: string;
  kind: string;
  attempt: number;
  /** Aborted when the time limit runs out or the runner stops: pass it to spawned processes and long loops. */
  signal: AbortSignal;
}

export type JobHandler = (payload: Record<string, unknown>, run: JobRun) => Promise<Record<string, unknown> | void>;

export interface HandlerOptions {
  /** Overrides the queue's time limit for this kind. */
  timeLimitMs?: number;
}

export interface EnqueueOptions {
  /** What the job is about (e.g. 'blob' and a SHA-256, or 'item' and an id), for the job status API. */
  subjectType?: string;
  subjectId?: string;
  maxAttempts?: number;
  /** Not before this time. */
  runAfter?: Date;
}

export interface QueueOptions {
  concurrency: number;
  timeLimitMs: number;
  pollIntervalMs: number;
  /** How long past the time limit a lease lasts, so a slow but live runner keeps its job. */
  leaseGraceMs?: number;
  /** Backoff before retry n (1-based): base · 2^(n-1), capped. */
  retryBaseMs?: number;
  retryMaxMs?: number;
  runnerId?: string;
}

/** Thrown by a handler for a failure that another attempt cannot fix (the job fails at once). */
export class PermanentJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentJobError';
  }
}

/**
 * Thrown by a handler that stopped because its subject was cancelled by a user (it has already undone its own
 * work): the job ends `cancelled`, not failed, and is not retried.
 */
export class JobCancelledError extends Error {
  constructor(message = 'cancelled') {
    super(message);
    this.name = 'JobCancelledError';
  }
}

export class JobTimeoutError extends Error {
  constructor(readonly limitMs: number) {
    super(`timed out after ${formatDuration(limitMs)}`);
    this.name = 'JobTimeoutError';
  }
}

const KIND = /^[a-z][a-z0-9._-]{0,99}$/;
const MAX_PAYLOAD_BYTES = 64 * 1024;
const MAX_ERROR_CHARS = 2000;

type Queryable = Kysely<Database>;

/**
 * A persisted job queue with leased claims. `enqueue` is a plain insert, so it can run inside the caller's
 * transaction (the job exists only if the transaction commits). The runner claims due jobs with FOR UPDATE SKIP
 * LOCKED, runs each handler under an AbortSignal and a time limit, retries with exponential backoff, and takes
 * back jobs whose runner died once their lease runs out.
 */
export class JobQueue {
  readonly runnerId: string;
  private readonly handlers = new Map<string, { handler: JobHandler; timeLimitMs: number }>();
  private readonly active = new Map<string, { controller: AbortController; done: Promise<void> }>();
  private running = false;
  private stopping = false;
  private timer: NodeJS.Timeout | null = null;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;

  constructor(
    protected readonly db: Kysely<Database>,
    protected readonly options: QueueOptions,
  ) {
    this.runnerId = options.runnerId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  }

  register(kind: string, handler: JobHandler, options: HandlerOptions = {}): void {
    if (!KIND.test(kind)) throw new Error(`job kind ${JSON.stringify(kind)} is not a valid name`);
    if (this.handlers.has(kind)) throw new Error(`a handler for job kind ${kind} is already registered`);
    this.handlers.set(kind, { handler, timeLimitMs: options.timeLimitMs ?? this.options.timeLimitMs });
  }

  hasHandler(kind: string): boolean {
    return this.handlers.has(kind);
  }

  /** Adds a job; pass the caller's transaction to make it part of that transaction. Returns the job id. */
  async enqueue(db: Queryable, kind: string, payload: Record<string, unknown>, options: EnqueueOptions = {}): Promise<string> {
    if (!KIND.test(kind)) throw invalid('invalid_job_kind', `job kind ${JSON.stringify(kind)} is not a valid name`);
    const json = JSON.stringify(payload);
    if (json === undefined || typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
      throw invalid('invalid_job_payload', 'a job payload must be a JSON object');
    }
    if (Buffer.byteLength(json) > MAX_PAYLOAD_BYTES) {
      throw invalid('invalid_job_payload', `a job payload may be at most ${MAX_PAYLOAD_BYTES} bytes of JSON`);
    }
    const maxAttempts = options.maxAttempts ?? 3;
    if (!Number.isInteger(maxAttempts) || maxAttempts < 1 || maxAttempts > 100) {
      throw invalid('invalid_job_attempts', 'maxAttempts must be a whole number from 1 to 100');
    }
    const id = randomUUID();
    await repo.insertJob(db, {
      id,
      kind,
      payload,
      subjectType: options.subjectType ?? null,
      subjectId: options.subjectId ?? null,
      maxAttempts,
      runAfter: options.runAfter ?? null,
    });
    this.nudge();
    return id;
  }

  /**
   * Claims and runs at most one job, waiting for it to finish. Tests drive the queue with this, step by step;
   * returns the job's id, or null when nothing was due.
   */
  async runOnce(): Promise<string | null> {
    await repo.failAbandoned(this.db);
    const job = await this.claim();
    if (!job) return null;
    await this.execute(job);
    return job.id;
  }

  /** Runs jobs until none is due (tests). */
  async drain(limit = 1000): Promise<number> {
    let count = 0;
    while (count < limit && (await this.runOnce())) count++;
    return count;
  }

  /** Claims one due job without running it (also used by tests to simulate a runner that dies). */
  async claim(): Promise<JobRow | undefined> {
    // Each kind's lease is its own time limit plus the grace: a short job whose runner died is taken over within
    // seconds, not after the longest limit of any kind (linkage's hours).
    const grace = this.options.leaseGraceMs ?? 30_000;
    const leases = new Map([...this.handlers].map(([kind, h]) => [kind, h.timeLimitMs + grace]));
    return repo.claimJob(this.db, leases, this.runnerId);
  }

  /** Starts the background loop: up to `concurrency` jobs at a time, polling when idle. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.runLoop();
  }

  /**
   * Stops taking work, aborts the jobs in progress and hands them back to the queue (without using up an
   * attempt), so the next start, here or in another process, runs them again.
   */
  async stop(): Promise<void> {
    this.running = false;
    this.stopping = true;
    this.nudge();
    // The loop ends first: a claim it had in flight when `running` turned false still starts its job, and that job
    // must be in `active` before the aborts below, or it would keep running and stay marked running in the queue.
    await this.loop;
    this.loop = null;
    for (const { controller } of this.active.values()) controller.abort(new Error('the job runner is stopping'));
    await Promise.allSettled([...this.active.values()].map((a) => a.done));
    this.stopping = false;
  }

  get isRunning(): boolean {
    return this.running;
  }

  private nudge(): void {
    const wake = this.wake;
    this.wake = null;
    if (wake) setImmediate(wake);
  }

  private async runLoop(): Promise<void> {
    while (this.running) {
      let claimed = false;
      if (this.active.size < this.options.concurrency) {
        try {
          await repo.failAbandoned(this.db);
          const job = this.running ? await this.claim() : undefined;
          if (job) {
            claimed = true;
            const done = this.execute(job).finally(() => this.nudge());
            // execute registers the controller synchronously before its first await.
            const entry = this.active.get(job.id);
            if (entry) entry.done = done;
          }
        } catch {
          // The database is unreachable or busy: wait a poll interval and try again rather than end the loop.
        }
      }
      if (claimed && this.active.size < this.options.concurrency) continue;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        this.timer = setTimeout(resolve, this.options.pollIntervalMs);
      });
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
      this.wake = null;
    }
  }

  private async execute(job: JobRow): Promise<void> {
    const entry = this.handlers.get(job.kind);
    const controller = new AbortController();
    this.active.set(job.id, { controller, done: Promise.resolve() });
    try {
      if (!entry) {
        await repo.failAttempt(this.db, job.id, this.runnerId, `no handler for job kind ${job.kind}`, null);
        return;
      }
      const limit = entry.timeLimitMs;
      let timeout: NodeJS.Timeout | undefined;
      const timedOut = new Promise<never>((_, reject) => {
        timeout = setTimeout(() => {
          const error = new JobTimeoutError(limit);
          controller.abort(error);
          reject(error);
        }, limit);
      });
      const stopped = new Promise<never>((_, reject) => {
        controller.signal.addEventListener('abort', () => reject(controller.signal.reason as Error), { once: true });
      });
      try {
        const run: JobRun = { id: job.id, kind: job.kind, attempt: job.attempts, signal: controller.signal };
        // The handler may ignore the signal; racing it means the queue moves on regardless (its child processes
        // are killed through the signal).
        const result = await Promise.race([Promise.resolve().then(() => entry.handler(job.payload, run)), timedOut, stopped]);
        await repo.finishJob(this.db, job.id, this.runnerId, result ?? null);
      } catch (error) {
        if (error instanceof JobCancelledError) {
          await repo.cancelClaimedJob(this.db, job.id, this.runnerId);
          return;
        }
        if (this.stopping && !(error instanceof JobTimeoutError)) {
          await repo.releaseJob(this.db, job.id, this.runnerId);
          return;
        }
        const message = truncate(error instanceof Error ? error.message || error.name : String(error));
        const retryAfter = error instanceof PermanentJobError ? null : this.backoff(job.attempts);
        await repo.failAttempt(this.db, job.id, this.runnerId, message, retryAfter);
      } finally {
        clearTimeout(timeout);
        if (!controller.signal.aborted) controller.abort(new Error('the job has finished'));
      }
    } finally {
      this.active.delete(job.id);
    }
  }

  private backoff(attempt: number): number {
    const base = this.options.retryBaseMs ?? 10_000;
    const max = this.options.retryMaxMs ?? 15 * 60_000;
    return Math.min(max, base * 2 ** Math.max(0, attempt - 1));
  }
}

function truncate(message: string): string {
  return message.length > MAX_ERROR_CHARS ? `${message.slice(0, MAX_ERROR_CHARS - 1)}…` : message;
}

export function formatDuration(ms: number): string {
  return ms >= 1000 && ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
