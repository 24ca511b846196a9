import type { ColumnType, Generated } from 'kysely';

export interface LedgerEntriesTable {
  seq: number;
  audit_event_id: number | null;
  /** RFC 8785 canonical JSON of the entry: the exact bytes under the leaf hash. */
  entry: string;
  leaf_hash: Uint8Array;
}

export interface LedgerNodesTable {
  level: number;
  idx: number;
  hash: Uint8Array;
}

export interface LedgerCheckpointsTable {
  id: Generated<number>;
  size: number;
  root_hash: Uint8Array;
  /** The C2SP signed note, exactly as issued. */
  note: string;
  key_id: string;
  created_at: ColumnType<Date, Date | string | undefined, never>;
}

/** One RFC 3161 token per checkpoint, over SHA-256 of its signed note (append-only). */
export interface LedgerTimestampsTable {
  checkpoint_id: number;
  authority: string;
  token: Uint8Array;
  gen_time: Date;
  created_at: ColumnType<Date, Date | string | undefined, never>;
}

export interface LedgerTimestampAttemptsTable {
  id: Generated<number>;
  checkpoint_id: number;
  authority: string;
  attempted_at: ColumnType<Date, Date | string | undefined, never>;
  error: string;
}

export interface LedgerKeysTable {
  key_id: string;
  verifier_key: string;
  origin: string;
  created_at: ColumnType<Date, Date | string | undefined, never>;
}

export interface VerificationRunsTable {
  id: Generated<number>;
  started_at: Date;
  finished_at: Date;
  ok: boolean;
  trigger: string;
  summary: ColumnType<Record<string, unknown>, string, never>;
}

export interface LedgerTables {
  ledger_entries: LedgerEntriesTable;
  ledger_nodes: LedgerNodesTable;
  ledger_checkpoints: LedgerCheckpointsTable;
  ledger_keys: LedgerKeysTable;
  ledger_timestamps: LedgerTimestampsTable;
  ledger_timestamp_attempts: LedgerTimestampAttemptsTable;
  verification_runs: VerificationRunsTable;
}
