import type { FileView, ItemView } from './schemas.ts';
import type { ItemFileRow, ItemRow } from './tables.ts';

export type { FileView, ItemView } from './schemas.ts';

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
