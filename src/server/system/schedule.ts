import { hostname } from 'node:os';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { claimScheduledRun } from './repository.ts';

export interface ScheduledTask {
  /** Names the task across processes: every process with the same name shares one run per interval. */
  name: string;
  intervalMs: number;
  run: () => Promise<unknown>;
  onError: (error: unknown) => void;
}

/**
 * Runs a task once per interval across every process on this database: each process's timer fires, and only the
 * one that claims the interval (an atomic update of `schedule_runs`) runs it. A process that stops simply stops
 * claiming; another takes the next interval. Returns the timer (unref'd) for the caller to clear.
 */
export function scheduleOnce(db: Kysely<Database>, task: ScheduledTask, runner = `${hostname()} ${process.pid}`): NodeJS.Timeout {
  const timer = setInterval(() => {
    void claimScheduledRun(db, task.name, task.intervalMs, runner)
      .then((mine) => (mine ? task.run() : undefined))
      .catch(task.onError);
  }, task.intervalMs);
  timer.unref();
  return timer;
}
