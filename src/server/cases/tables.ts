import type { ColumnType, Selectable } from 'kysely';

type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type DefaultBool = ColumnType<boolean, boolean | undefined, boolean>;
type Opt<T> = ColumnType<T | null, T | null | undefined, T | null>;

export interface CasesFrameworksTable {
  id: string;
  name: string;
  instrument: string;
  jurisdiction: Opt<string>;
  summary_source: Opt<string>;
  language: Opt<string>;
  created_at: DefaultTimestamp;
}

export interface CasesCrimesTable {
  id: string;
  framework_id: string;
  parent_id: Opt<string>;
  category: string;
  article: string;
  title: string;
  quoted_terms: Opt<string>;
  summary: string;
  position: number;
}

export interface CasesLiabilityModesTable {
  id: string;
  framework_id: string;
  article: string;
  title: string;
  quoted_terms: Opt<string>;
  summary: string;
  position: number;
}

export interface CasesElementsTable {
  id: string;
  crime_id: Opt<string>;
  mode_id: Opt<string>;
  number: number;
  kind: string;
  summary: string;
  quoted_terms: Opt<string>;
  citation: string;
}

export interface CasesIncidentsTable {
  id: string;
  title: string;
  description: Opt<string>;
  date_kind: string;
  date_start: Opt<string>;
  date_end: Opt<string>;
  place_name: Opt<string>;
  place_country: Opt<string>;
  latitude: Opt<number>;
  longitude: Opt<number>;
  published: DefaultBool;
  created_by: Opt<string>;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export interface CasesIncidentEventsTable {
  incident_id: string;
  event_id: string;
}

export interface CasesActsTable {
  id: string;
  incident_id: string;
  act_type: string;
  description: string;
  date: Opt<string>;
  victim_record_id: Opt<string>;
  victim_description: Opt<string>;
  perpetrator_actor_id: Opt<string>;
  /** A unit of the chain-of-command tables (cases-command); no foreign key in the first migration. */
  perpetrator_unit_id: Opt<string>;
  perpetrator_description: Opt<string>;
  involvement: string;
  source_id: string;
  pinpoint: Opt<string>;
  verification: string;
  position: number;
  created_at: DefaultTimestamp;
}

export interface CasesAllegationsTable {
  id: string;
  incident_id: string;
  proponent_id: string;
  characterisation: string;
  crime_id: Opt<string>;
  mode_id: Opt<string>;
  perpetrator_actor_id: Opt<string>;
  perpetrator_unit_id: Opt<string>;
  perpetrator_description: Opt<string>;
  statement: string;
  language: Opt<string>;
  date: Opt<string>;
  verification: string;
  notes: Opt<string>;
  published: DefaultBool;
  created_by: Opt<string>;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export interface CasesAllegationSourcesTable {
  allegation_id: string;
  source_id: string;
  pinpoint: Opt<string>;
  position: number;
}

export interface CasesAllegationElementsTable {
  allegation_id: string;
  element_id: string;
  position: number;
}

export interface CasesTables {
  cases_frameworks: CasesFrameworksTable;
  cases_crimes: CasesCrimesTable;
  cases_liability_modes: CasesLiabilityModesTable;
  cases_elements: CasesElementsTable;
  cases_incidents: CasesIncidentsTable;
  cases_incident_events: CasesIncidentEventsTable;
  cases_acts: CasesActsTable;
  cases_allegations: CasesAllegationsTable;
  cases_allegation_sources: CasesAllegationSourcesTable;
  cases_allegation_elements: CasesAllegationElementsTable;
}

export type IncidentRow = Selectable<CasesIncidentsTable>;
export type AllegationRow = Selectable<CasesAllegationsTable>;
