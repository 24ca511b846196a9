import type { ColumnType, Selectable } from 'kysely';
import type { DefaultTimestamp, Json, JsonDefault } from '../db/helpers.ts';

export interface CasualtySourcesTable {
  id: string;
  name: string;
  compiled_by: string | null;
  compiled_at: string | null;
  method: string | null;
  archive_item_id: string | null;
  column_mapping: JsonDefault<Record<string, string>>;
  created_by: string | null;
  created_at: DefaultTimestamp;
}

export interface CasualtyRecordsTable {
  id: string;
  source_id: string;
  source_record_id: string;
  version: number;
  supersedes: string | null;
  current: ColumnType<boolean, boolean | undefined, boolean>;
  /** Whole names as the list writes them; may be empty when the list gives the name in parts. */
  names: Json<string[]>;
  given_name: ColumnType<string | null, string | null | undefined, string | null>;
  family_name: ColumnType<string | null, string | null | undefined, string | null>;
  patronymic: ColumnType<string | null, string | null | undefined, string | null>;
  sex: string | null;
  age: number | null;
  birth_date: string | null;
  death_date: string | null;
  place: string | null;
  status: ColumnType<string, string | undefined, string>;
  type: string | null;
  cause: string | null;
  perpetrator_reported: string | null;
  notes: string | null;
  /** From a historical register's household columns (migration 202612140100); null when the list has none. */
  relation: ColumnType<string | null, string | null | undefined, string | null>;
  marital_condition: ColumnType<string | null, string | null | undefined, string | null>;
  occupation: ColumnType<string | null, string | null | undefined, string | null>;
  father_name: ColumnType<string | null, string | null | undefined, string | null>;
  mother_name: ColumnType<string | null, string | null | undefined, string | null>;
  maiden_name: ColumnType<string | null, string | null | undefined, string | null>;
  raw_row: JsonDefault<Record<string, string>>;
  line: number | null;
  /** Every name romanised to the comparable form (normaliseName), for search across scripts. */
  search_names: ColumnType<string | null, string | null | undefined, string | null>;
  /** Why this version corrects the one it supersedes (null for version 1). */
  correction_reason: ColumnType<string | null, string | null | undefined, string | null>;
  created_by: string | null;
  created_at: DefaultTimestamp;
}

export interface LinkageRunsTable {
  id: string;
  source_ids: Json<string[]>;
  settings: Json<unknown>;
  model: Json<unknown> | null;
  state: string;
  counts: JsonDefault<Record<string, number>>;
  error: string | null;
  job_id: string | null;
  created_by: string | null;
  created_at: DefaultTimestamp;
  finished_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  progress: ColumnType<number, number | undefined, number>;
  progress_label: string | null;
  warnings: JsonDefault<string[]>;
  review_floor: ColumnType<number, number | undefined, number>;
  /** Set when a user asks to cancel; the running job reads it between stages and at progress ticks. */
  cancel_requested_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** The user who cancelled (null for the command line's system actor; the audit names it). */
  cancelled_by: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface LinkagePairsTable {
  run_id: string;
  record_a: string;
  record_b: string;
  probability: number;
  weight: number;
  explanation: JsonDefault<unknown>;
}

export interface ReviewDecisionsTable {
  id: string;
  record_a: string;
  record_b: string;
  decision: string;
  reviewer_id: string;
  note: string | null;
  at: DefaultTimestamp;
  current: ColumnType<boolean, boolean | undefined, boolean>;
}

export interface PersonsTable {
  run_id: string;
  person_id: number;
  capture_history: string;
  record_count: number;
  /** Summaries over the person's records: the agreed value, 'unknown' when none gives one, 'conflicting' when they differ. */
  sex: string | null;
  age_band: string | null;
  status: string | null;
  death_date: string | null;
  place: string | null;
  /** Fields on which the person's records disagree. */
  disagreements: JsonDefault<string[]>;
  /** Why the person needs a reviewer's eye (merge_refused, birth_years, sex); empty for most. */
  flags: JsonDefault<string[]>;
}

export interface PersonRecordsTable {
  run_id: string;
  person_id: number;
  record_id: string;
  /** Mean probability of the record's links inside its person; null for a person of one record. */
  probability: number | null;
}

export interface CasualtiesTables {
  casualty_sources: CasualtySourcesTable;
  casualty_records: CasualtyRecordsTable;
  linkage_runs: LinkageRunsTable;
  linkage_pairs: LinkagePairsTable;
  review_decisions: ReviewDecisionsTable;
  persons: PersonsTable;
  person_records: PersonRecordsTable;
}

export type CasualtySourceRow = Selectable<CasualtySourcesTable>;
export type CasualtyRecordRow = Selectable<CasualtyRecordsTable>;
export type LinkageRunRow = Selectable<LinkageRunsTable>;
export type PersonRow = Selectable<PersonsTable>;
export type ReviewDecisionRow = Selectable<ReviewDecisionsTable>;
