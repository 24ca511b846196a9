import { stringify } from 'csv-stringify/sync';
import { JSON_FILE, JSON_FORMAT, JSON_VERSION, LIST_SEPARATOR, recordFiles, type Column } from './columns.ts';
import type { RegistryDataset } from './types.ts';

const byId = <T extends { id: string }>(items: readonly T[]): T[] => [...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (Array.isArray(value)) {
    if (value.length === 0) return '';
    // Lists of ids or terms are ;-separated; structured values (figures) stay JSON.
    return value.every((v) => typeof v === 'string') ? value.join(LIST_SEPARATOR) : JSON.stringify(value);
  }
  return String(value);
}

function table(columns: readonly Column[], rows: readonly object[]): string {
  const body = rows.map((row) => columns.map((c) => cell((row as Record<string, unknown>)[c.json])));
  return stringify([columns.map((c) => c.csv), ...body], { record_delimiter: '\n' });
}

/** The dataset as the CSV import files, sorted by id so that two exports of the same records are identical. */
export function toCsvFiles(dataset: RegistryDataset): Record<string, string> {
  const claims = byId(dataset.claims);
  const translations = claims.flatMap((c) =>
    [...c.translations].sort((a, b) => (a.language < b.language ? -1 : 1)).map((t) => ({ claim: c.id, language: t.language, text: t.text })),
  );
  return {
    [recordFiles.sources.file]: table(recordFiles.sources.columns, byId(dataset.sources)),
    [recordFiles.actors.file]: table(recordFiles.actors.columns, byId(dataset.actors)),
    [recordFiles.events.file]: table(recordFiles.events.columns, byId(dataset.events)),
    [recordFiles.claims.file]: table(recordFiles.claims.columns, claims),
    [recordFiles.translations.file]: table(recordFiles.translations.columns, translations),
    [recordFiles.recognitionActs.file]: table(recordFiles.recognitionActs.columns, byId(dataset.recognitionActs)),
  };
}

/** The dataset as registry.json: the same records and field names as the CSV columns' JSON names. */
export function toJsonDocument(dataset: RegistryDataset): object {
  return {
    format: JSON_FORMAT,
    version: JSON_VERSION,
    sources: byId(dataset.sources),
    actors: byId(dataset.actors),
    events: byId(dataset.events),
    claims: byId(dataset.claims).map((c) => ({ ...c, translations: [...c.translations].sort((a, b) => (a.language < b.language ? -1 : 1)) })),
    recognitionActs: byId(dataset.recognitionActs),
  };
}

export function toJsonFiles(dataset: RegistryDataset): Record<string, string> {
  return { [JSON_FILE]: `${JSON.stringify(toJsonDocument(dataset), null, 2)}\n` };
}

/** A stable fingerprint-friendly form: what a round trip must reproduce. */
export function canonicalDataset(dataset: RegistryDataset): RegistryDataset {
  const doc = toJsonDocument(dataset) as RegistryDataset & { format: string; version: number };
  return { sources: doc.sources, actors: doc.actors, events: doc.events, claims: doc.claims, recognitionActs: doc.recognitionActs };
}
