import type { Confidentiality, ConsentScope, ItemFileRow, ItemKind, ItemRow, ItemState, ItemExtractionState } from './tables.ts';

export interface ItemView {
  id: string;
  kind: ItemKind;
  title: string;
  description: string;
  languages: string[];
  eventDate: string | null;
  eventStart: string | null;
  eventEnd: string | null;
  place: { name: string | null; country: string | null; latitude: number | null; longitude: number | null };
  providedBy: string | null;
  confidentiality: Confidentiality;
  state: ItemState;
  consentScopes: ConsentScope[] | null;
  extractionState: ItemExtractionState;
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
}

export interface FileView {
  id: string;
  sha256: string;
  sha512: string;
  size: number;
  mime: string | null;
  encrypted: boolean;
  filename: string;
  originalFilename: string;
  role: 'original' | 'derivative';
  derivedFrom: string | null;
  confidentiality: Confidentiality;
  redaction: Record<string, unknown> | null;
  createdAt: string;
}

const day = (value: unknown): string | null => {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value).slice(0, 10);
};

export function toItemView(row: ItemRow): ItemView {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    description: row.description,
    languages: row.languages,
    eventDate: row.event_date,
    eventStart: day(row.event_start),
    eventEnd: day(row.event_end),
    place: { name: row.place_name, country: row.country, latitude: row.latitude, longitude: row.longitude },
    providedBy: row.provided_by,
    confidentiality: row.confidentiality,
    state: row.state,
    consentScopes: row.consent_scopes,
    extractionState: row.extraction_state,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    publishedAt: row.published_at?.toISOString() ?? null,
  };
}

export function toFileView(row: ItemFileRow & { sha512: string; size: number; mime: string | null; encrypted: boolean }): FileView {
  return {
    id: row.id,
    sha256: row.blob_sha256,
    sha512: row.sha512,
    size: Number(row.size),
    mime: row.mime,
    encrypted: row.encrypted,
    filename: row.filename,
    originalFilename: row.original_filename,
    role: row.role,
    derivedFrom: row.derived_from,
    confidentiality: row.confidentiality,
    redaction: row.redaction,
    createdAt: row.created_at.toISOString(),
  };
}
