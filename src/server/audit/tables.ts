import type { ColumnType, Generated, Selectable } from 'kysely';

export interface AuditEventsTable {
  /** Dense, increasing sequence: the integrity ledger chains these rows in this order. */
  id: Generated<number>;
  at: ColumnType<Date, Date | string | undefined, never>;
  actor_id: string | null;
  /** Who acted as shown at the time (username, "system: scheduler", "public"), kept even if the user is renamed. */
  actor_label: string;
  action: string;
  subject_type: string;
  subject_id: string | null;
  details: ColumnType<Record<string, unknown>, string, never>;
}

export interface AuditTables {
  audit_events: AuditEventsTable;
}

export type AuditEventRow = Selectable<AuditEventsTable>;
