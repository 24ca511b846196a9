import type { ColumnType } from 'kysely';
import type { IdentificationStage, MissingStatus, PlaceKind } from '../../core/missing/statuses.ts';

type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;

/** The missing-person tables (migration 202612071510_missing_persons). Types, not interfaces: used through withTables. */
export type MissingPlacesTable = {
  id: string;
  kind: PlaceKind;
  name: string;
  latitude: number | null;
  longitude: number | null;
  description: ColumnType<string, string | undefined, string>;
  created_by: string | null;
  created_at: DefaultTimestamp;
};

export type MissingStatusClaimsTable = {
  id: string;
  record_id: string;
  status: MissingStatus;
  status_date: string | null;
  reported_by: string;
  note: ColumnType<string, string | undefined, string>;
  place_id: string | null;
  line: number | null;
  created_by: string | null;
  created_at: DefaultTimestamp;
};

export type MissingLastSeenTable = {
  id: string;
  record_id: string;
  seen_on: string | null;
  place: string | null;
  place_id: string | null;
  reported_by: string;
  note: ColumnType<string, string | undefined, string>;
  created_by: string | null;
  created_at: DefaultTimestamp;
};

export type MissingIdentificationTable = {
  record_id: string;
  stage: IdentificationStage;
  ante_mortem_sealed: string | null;
  samples_sealed: string | null;
  contact_sealed: string | null;
  updated_by: string | null;
  updated_at: DefaultTimestamp;
};

export type MissingTables = {
  missing_places: MissingPlacesTable;
  missing_status_claims: MissingStatusClaimsTable;
  missing_last_seen: MissingLastSeenTable;
  missing_identification: MissingIdentificationTable;
};

