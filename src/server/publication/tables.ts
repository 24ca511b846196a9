import type { ColumnType } from 'kysely';

/** What can be made public: one row per subject in `publications` (migration 202612062300). */
export const publicationKinds = ['item', 'claim', 'recognition', 'dialogue_report', 'estimate', 'casualty_stats', 'casualty_source'] as const;
export type PublicationKind = (typeof publicationKinds)[number];
export const publicationStates = ['public', 'not_public'] as const;
export type PublicationState = (typeof publicationStates)[number];

type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string | undefined, string>;

export interface PublicationsTable {
  subject_kind: PublicationKind;
  subject_id: string;
  state: PublicationState;
  changed_at: DefaultTimestamp;
  changed_by: string | null;
  /** What the confirmation listed when the subject was made public. */
  disclosure: Json<Record<string, unknown>>;
  /** The state an item had before the migration, when it differed (kept so nothing is lost). */
  legacy: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
}

/** A person the organisation will not show on the memorial (e.g. the family asked), by one of their records. */
export interface MemorialExclusionsTable {
  source_id: string;
  source_record_id: string;
  reason: string;
  created_by: string | null;
  created_at: DefaultTimestamp;
}

export interface PublicationTables {
  publications: PublicationsTable;
  memorial_exclusions: MemorialExclusionsTable;
}
