import type { ColumnType, Selectable } from 'kysely';
import type { DefaultTimestamp, NullableTimestamp } from '../db/helpers.ts';

export const itemKinds = ['document', 'image', 'video', 'audio', 'testimony', 'web_capture', 'forensic_report', 'dataset', 'other'] as const;
export type ItemKind = (typeof itemKinds)[number];
export const confidentialities = ['public', 'restricted', 'confidential'] as const;
export type Confidentiality = (typeof confidentialities)[number];
export const itemStates = ['draft', 'published'] as const;
export type ItemState = (typeof itemStates)[number];
export const consentScopes = ['internal_use', 'publication', 'court_use'] as const;
export type ConsentScope = (typeof consentScopes)[number];
export const extractionStates = ['none', 'pending', 'done', 'failed'] as const;
export type ItemExtractionState = (typeof extractionStates)[number];

/** An ISO date 'YYYY-MM-DD' kept as text (sorts correctly; no driver time-zone shifts). */
type DateText = ColumnType<string | null, string | null | undefined, string | null>;

export interface ItemsTable {
  id: string;
  kind: ItemKind;
  title: string;
  description: ColumnType<string, string | undefined, string>;
  languages: ColumnType<string[], string[] | undefined, string[]>;
  /** As given: 1992, 1992-02, 1992-02-26 or a range a/b; start and end are its first and last day. */
  event_date: string | null;
  event_start: DateText;
  event_end: DateText;
  place_name: string | null;
  country: string | null;
  latitude: number | null;
  longitude: number | null;
  provided_by: string | null;
  confidentiality: Confidentiality;
  state: ColumnType<ItemState, ItemState | undefined, ItemState>;
  consent_scopes: ColumnType<ConsentScope[] | null, ConsentScope[] | null | undefined, ConsentScope[] | null>;
  extraction_state: ColumnType<ItemExtractionState, ItemExtractionState | undefined, ItemExtractionState>;
  created_by: string | null;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
  published_at: NullableTimestamp;
}

/** One searchable text of an item and the audiences that search it (written only by refreshItemSearch). */
export interface SearchDocumentsTable {
  item_id: string;
  tier: 'public' | 'internal' | 'full';
  for_public: boolean;
  for_member: boolean;
  for_documenter: boolean;
  for_admin: boolean;
  kind: ItemKind;
  languages: string[];
  country: string | null;
  confidentiality: Confidentiality;
  state: ItemState;
  extraction_state: ItemExtractionState;
  event_start: string | null;
  event_end: string | null;
  tag_ids: string[];
  created_at: Date;
  vector: string;
  search_key: string;
}

export interface VocabulariesTable {
  id: string;
  name: string;
  created_at: ColumnType<Date, Date | string | undefined, never>;
}

export interface VocabularyTermsTable {
  id: string;
  vocabulary_id: string;
  term: string;
  created_at: ColumnType<Date, Date | string | undefined, never>;
}

export interface ItemTagsTable {
  item_id: string;
  term_id: string;
}

export interface ItemRelationsTable {
  item_id: string;
  related_id: string;
}

export interface ItemFilesTable {
  id: string;
  item_id: string;
  blob_sha256: string;
  /** Safe to show and to put in a Content-Disposition header. */
  filename: string;
  /** Exactly as the uploader's client sent it, kept as evidence metadata; never used as a path. */
  original_filename: string;
  role: 'original' | 'derivative';
  derived_from: string | null;
  confidentiality: Confidentiality;
  redaction: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  created_at: ColumnType<Date, Date | string | undefined, never>;
}

export interface TestimoniesTable {
  item_id: string;
  pseudonym: string;
  protected_identity: string | null;
  interviewer: string | null;
  interview_date: DateText;
  interview_place: string | null;
  language: string | null;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export interface TestimonyConsentsTable {
  item_id: string;
  scope: ConsentScope;
  given_on: string;
  withdrawn_on: string | null;
}

export interface TestimonyTextsTable {
  item_id: string;
  language: string;
  kind: 'transcript' | 'translation';
  text: string;
  updated_at: DefaultTimestamp;
}

export interface ArchiveTables {
  items: ItemsTable;
  vocabularies: VocabulariesTable;
  vocabulary_terms: VocabularyTermsTable;
  item_tags: ItemTagsTable;
  item_relations: ItemRelationsTable;
  item_files: ItemFilesTable;
  testimonies: TestimoniesTable;
  testimony_consents: TestimonyConsentsTable;
  testimony_texts: TestimonyTextsTable;
  search_documents: SearchDocumentsTable;
}

export type ItemRow = Selectable<ItemsTable>;
export type ItemFileRow = Selectable<ItemFilesTable>;
