import type { ColumnType, Generated, Selectable } from 'kysely';
import type { DefaultTimestamp, Json } from '../db/helpers.ts';

export interface RegistrySourcesTable {
  id: string;
  publisher: string;
  title: string;
  date: string | null;
  address: string | null;
  kind: string;
  language: string | null;
  archive_item_id: string | null;
  created_at: DefaultTimestamp;
}

export interface RegistryActorsTable {
  id: string;
  name: string;
  type: string;
  classification: string;
  country: string | null;
  subdivision: string | null;
  wikidata: string | null;
  parent_id: string | null;
  description: string | null;
  /** The name romanised by the names engine, for search across scripts (src/core/registry/search-names.ts). */
  search_names: Generated<string>;
  created_at: DefaultTimestamp;
}

export interface RegistryEventsTable {
  id: string;
  name: string;
  start_date: string | null;
  end_date: string | null;
  place: string | null;
  description: string | null;
  /** The name and place romanised by the names engine, for search across scripts. */
  search_names: Generated<string>;
  created_at: DefaultTimestamp;
}

export interface RegistryClaimsTable {
  id: string;
  kind: string;
  asserted_by: string;
  attribution_note: string | null;
  event_id: string | null;
  statement: string;
  language: string | null;
  translations: Json<unknown>;
  value_text: string | null;
  figures: Json<unknown>;
  date: string | null;
  verification: string;
  notes: string | null;
  published: boolean;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export interface RegistryClaimSourcesTable {
  claim_id: string;
  source_id: string;
  position: number;
}

export interface RegistryClaimContestsTable {
  claim_id: string;
  contested_id: string;
}

export interface RegistryRecognitionActsTable {
  id: string;
  /** An act of acknowledgment's kind (migration 202612071400); existing rows are `recognition`. */
  kind: ColumnType<string, string | undefined, string>;
  body_id: string;
  event_id: string | null;
  jurisdiction: string | null;
  level: string;
  date: string | null;
  term: string | null;
  terms: Json<unknown>;
  instrument: string | null;
  document_source_id: string | null;
  court_id: ColumnType<string | null, string | null | undefined, string | null>;
  roles: ColumnType<unknown, string | undefined, string>;
  verification: string;
  notes: string | null;
  published: boolean;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export interface RegistryActSourcesTable {
  act_id: string;
  source_id: string;
  position: number;
}

export interface RegistryImportsTable {
  id: string;
  label: string;
  sha256: string;
  counts: Json<unknown>;
  imported_by: string;
  imported_at: Generated<Date>;
}

export interface RegistryTables {
  registry_sources: RegistrySourcesTable;
  registry_actors: RegistryActorsTable;
  registry_events: RegistryEventsTable;
  registry_claims: RegistryClaimsTable;
  registry_claim_sources: RegistryClaimSourcesTable;
  registry_claim_contests: RegistryClaimContestsTable;
  registry_recognition_acts: RegistryRecognitionActsTable;
  registry_act_sources: RegistryActSourcesTable;
  registry_imports: RegistryImportsTable;
}

export type RegistryImportRow = Selectable<RegistryImportsTable>;
