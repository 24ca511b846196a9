import type { ColumnType, Selectable } from 'kysely';

export const packageExportStates = ['queued', 'running', 'done', 'failed', 'expired'] as const;
export type PackageExportState = (typeof packageExportStates)[number];

type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface PackageExportsTable {
  id: string;
  job_id: string | null;
  requested_by: string | null;
  requested_label: string;
  item_ids: string[];
  container: 'zip' | 'tar';
  include_identity: ColumnType<boolean, boolean | undefined, boolean>;
  /** { name, publicKey, keyFingerprint }: who a protected identity is sealed for (public data). */
  recipient: ColumnType<{ name: string; publicKey: string; keyFingerprint: string } | null, string | null | undefined, string | null>;
  /** A kind of package beyond its items, e.g. { kind: 'case-file', allegationId } (migration 202612071300). */
  extension: ColumnType<{ kind: string; [field: string]: unknown } | null, string | null | undefined, string | null>;
  state: ColumnType<PackageExportState, PackageExportState | undefined, PackageExportState>;
  bytes_total: ColumnType<number, number | undefined, number>;
  bytes_done: ColumnType<number, number | undefined, number>;
  external_identifier: string | null;
  file_size: number | null;
  error: string | null;
  created_at: DefaultTimestamp;
  finished_at: NullableTimestamp;
  expires_at: NullableTimestamp;
}

export interface PackagesTables {
  package_exports: PackageExportsTable;
}

export type PackageExportRow = Selectable<PackageExportsTable>;
