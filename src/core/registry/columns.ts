/**
 * The import/export schema: one CSV file per record type, each column with its JSON name. docs/registry.md
 * documents every field; this table is what the parser, the exporter and the documentation agree on.
 */
export interface Column {
  csv: string;
  json: string;
  required?: boolean;
}

const col = (csv: string, json: string, required = false): Column => ({ csv, json, required });

export const recordFiles = {
  sources: {
    file: 'sources.csv',
    columns: [
      col('id', 'id', true),
      col('publisher', 'publisher', true),
      col('title', 'title', true),
      col('date', 'date'),
      col('address', 'address'),
      col('kind', 'kind', true),
      col('language', 'language'),
      col('archive_item_id', 'archiveItemId'),
    ],
  },
  actors: {
    file: 'actors.csv',
    columns: [
      col('id', 'id', true),
      col('name', 'name', true),
      col('type', 'type', true),
      col('classification', 'classification', true),
      col('country', 'country'),
      col('subdivision', 'subdivision'),
      col('wikidata', 'wikidata'),
      col('parent', 'parentId'),
      col('description', 'description'),
    ],
  },
  events: {
    file: 'events.csv',
    columns: [
      col('id', 'id', true),
      col('name', 'name', true),
      col('start_date', 'startDate'),
      col('end_date', 'endDate'),
      col('place', 'place'),
      col('description', 'description'),
    ],
  },
  claims: {
    file: 'claims.csv',
    columns: [
      col('id', 'id', true),
      col('kind', 'kind', true),
      col('asserted_by', 'assertedBy', true),
      col('attribution_note', 'attributionNote'),
      col('event', 'eventId'),
      col('statement', 'statement', true),
      col('language', 'language'),
      col('value', 'valueText'),
      col('figures', 'figures'),
      col('date', 'date'),
      col('sources', 'sources', true),
      col('verification', 'verification', true),
      col('contests', 'contests'),
      col('notes', 'notes'),
      col('published', 'published'),
    ],
  },
  translations: {
    file: 'claim_translations.csv',
    columns: [col('claim', 'claim', true), col('language', 'language', true), col('text', 'text', true)],
  },
  recognitionActs: {
    file: 'recognition.csv',
    columns: [
      col('id', 'id', true),
      col('kind', 'kind'),
      col('body', 'bodyId', true),
      col('event', 'eventId'),
      col('jurisdiction', 'jurisdiction'),
      col('level', 'level', true),
      col('date', 'date'),
      col('term', 'term'),
      col('terms', 'terms'),
      col('instrument', 'instrument'),
      col('document', 'documentSourceId'),
      col('court', 'courtId'),
      col('roles', 'roles'),
      col('sources', 'sources', true),
      col('verification', 'verification', true),
      col('notes', 'notes'),
      col('published', 'published'),
    ],
  },
} as const satisfies Record<string, { file: string; columns: Column[] }>;

export type RecordFileKey = keyof typeof recordFiles;

/** The JSON document's marker, so that an unrelated JSON file is refused at once. */
export const JSON_FORMAT = 'reckon-registry';
export const JSON_VERSION = 1;
export const JSON_FILE = 'registry.json';

/** Separator of list cells in CSV (sources, contests, terms). */
export const LIST_SEPARATOR = ';';
