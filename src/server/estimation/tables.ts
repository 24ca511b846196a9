import type { ColumnType, Selectable } from 'kysely';
import type { DefaultTimestamp, Json, NullableJson } from '../db/helpers.ts';

export const estimateStates = ['queued', 'running', 'done', 'failed'] as const;
export type EstimateState = (typeof estimateStates)[number];
export type InputKind = 'table' | 'casualties';

export interface EstimatesTable {
  id: ColumnType<string, string | undefined, never>;
  title: string;
  created_by: string | null;
  created_at: DefaultTimestamp;
  input_kind: InputKind;
  input_csv: string;
  input_sha256: string;
  options: Json<Record<string, unknown>>;
  state: ColumnType<EstimateState, EstimateState | undefined, EstimateState>;
  progress: ColumnType<number, number | undefined, number>;
  progress_label: string | null;
  result: NullableJson<Record<string, unknown>>;
  error: string | null;
  updated_at: DefaultTimestamp;
  /** Why a person allowed an unconverged run to be made public (migration 202612062200), with who and when. */
  convergence_override: string | null;
  convergence_override_by: string | null;
  convergence_override_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** Over every sampler run of the report; null when none ran or the report predates the rule. */
  converged: boolean | null;
  /** Shape of `result`: 1 before per-chain draws and convergence were stored, 2 with them (stored-report.ts). */
  report_version: ColumnType<number, number | undefined, number>;
}

export interface EstimationTables {
  estimates: EstimatesTable;
}

export type EstimateRow = Selectable<EstimatesTable>;
