import type { ColumnType, Selectable } from 'kysely';

export const submissionKinds = ['correction', 'photo', 'missing_name'] as const;
export type SubmissionKind = (typeof submissionKinds)[number];
export const submissionStates = ['pending', 'accepted', 'rejected'] as const;
export type SubmissionState = (typeof submissionStates)[number];
/** The statuses a casualty record may carry (the check of `casualty_records.status`). */
export const submissionStatuses = ['civilian', 'combatant', 'unknown'] as const;
export type SubmissionStatus = (typeof submissionStatuses)[number];

type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type JsonDefault<T> = ColumnType<T, string | undefined, string>;

/** A family's submission from the public form (migration 202612071600). */
export interface FamilySubmissionsTable {
  id: string;
  kind: SubmissionKind;
  /** The memorial person it concerns (the id of their first published record), null for a new name. */
  person_key: string | null;
  names: JsonDefault<string[]>;
  birth_date: string | null;
  death_date: string | null;
  place: string | null;
  status: ColumnType<SubmissionStatus, SubmissionStatus | undefined, SubmissionStatus>;
  message: ColumnType<string, string | undefined, string>;
  relation: ColumnType<string, string | undefined, string>;
  /** The submitter's name and contact, sealed with the field cipher; only a moderator's view opens it. */
  contact_sealed: string;
  /** The photo's bytes, base64 and sealed the same way; null when none was sent. */
  photo_sealed: string | null;
  photo_name: string | null;
  photo_size: number | null;
  language: ColumnType<string, string | undefined, string>;
  /** The signed form's nonce: unique, so one form cannot be submitted twice. */
  form_nonce: string;
  state: ColumnType<SubmissionState, SubmissionState | undefined, SubmissionState>;
  reason: string | null;
  decided_by: string | null;
  decided_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  record_id: string | null;
  item_id: string | null;
  created_at: DefaultTimestamp;
}

/** One row: which casualty source holds the records accepted from families. */
export interface SubmissionSettingsTable {
  singleton: ColumnType<boolean, boolean | undefined, boolean>;
  source_id: string;
}

export interface SubmissionsTables {
  family_submissions: FamilySubmissionsTable;
  submission_settings: SubmissionSettingsTable;
}

export type FamilySubmissionRow = Selectable<FamilySubmissionsTable>;
