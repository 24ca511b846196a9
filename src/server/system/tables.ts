/** A key's fingerprint as the first process on this database recorded it (see migration 202612070100). */
export interface InstanceKeyTable {
  kind: 'master' | 'ledger-signing';
  fingerprint: string;
  recorded_at: Date;
}

/** When a scheduled task last ran, and in which process, so one process of many runs it per interval. */
export interface ScheduleRunTable {
  name: string;
  last_run_at: Date;
  last_run_by: string;
}

/** Requests counted per key and fixed window (milliseconds since the epoch at the window's start). */
export interface RateWindowTable {
  key: string;
  window_start: string;
  count: number;
}

export interface SystemTables {
  instance_keys: InstanceKeyTable;
  schedule_runs: ScheduleRunTable;
  rate_windows: RateWindowTable;
}

