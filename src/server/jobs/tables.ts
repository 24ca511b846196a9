import type { ColumnType, Selectable } from 'kysely';

export const jobStates = ['queued', 'running', 'done', 'failed', 'cancelled'] as const;
export type JobState = (typeof jobStates)[number];

type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/** JSONB: read as a value, written as a JSON string (both engines accept text for jsonb). */
type Json<T> = ColumnType<T, string, string>;
type NullableJson<T> = ColumnType<T | null, string | null | undefined, string | null>;

export interface JobsTable {
  id: string;
  kind: string;
  payload: Json<Record<string, unknown>>;
  /** What the job is about, so the web app can show progress on an item or blob page. */
  subject_type: string | null;
  subject_id: string | null;
  state: ColumnType<JobState, JobState | undefined, JobState>;
  attempts: ColumnType<number, number | undefined, number>;
  max_attempts: ColumnType<number, number | undefined, number>;
  run_after: DefaultTimestamp;
  locked_by: string | null;
  /** The lease: a runner that dies leaves this in the past, and another runner takes the job again. */
  locked_until: NullableTimestamp;
  error: string | null;
  result: NullableJson<Record<string, unknown>>;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export interface JobsTables {
  jobs: JobsTable;
}

export type JobRow = Selectable<JobsTable>;
