/**
 * The import/export schema of the cases module: one CSV file per record type, each column with its JSON name.
 * docs/cases.md documents every field; the parser, the exporter and the documentation agree on this table.
 * Lists inside a cell are ;-separated. A source in an allegation's `sources` cell may carry a pinpoint after '@'
 * (e.g. "S12@p. 4").
 */
export interface Column {
  csv: string;
  json: string;
  required?: boolean;
}

const col = (csv: string, json: string, required = false): Column => ({ csv, json, required });

export const LIST_SEPARATOR = ';';
export const PINPOINT_SEPARATOR = '@';
export const JSON_FORMAT = 'reckon-cases';
export const JSON_VERSION = 1;
export const FRAMEWORK_JSON_FILE = 'frameworks.json';
export const CASES_JSON_FILE = 'cases.json';

export const frameworkFiles = {
  frameworks: {
    file: 'frameworks.csv',
    columns: [
      col('id', 'id', true),
      col('name', 'name', true),
      col('instrument', 'instrument', true),
      col('jurisdiction', 'jurisdiction'),
      col('summary_source', 'summarySource'),
      col('language', 'language'),
    ],
  },
  crimes: {
    file: 'crimes.csv',
    columns: [
      col('id', 'id', true),
      col('framework', 'frameworkId', true),
      col('parent', 'parentId'),
      col('category', 'category', true),
      col('article', 'article', true),
      col('title', 'title', true),
      col('quoted_terms', 'quotedTerms'),
      col('summary', 'summary', true),
    ],
  },
  modes: {
    file: 'modes.csv',
    columns: [
      col('id', 'id', true),
      col('framework', 'frameworkId', true),
      col('article', 'article', true),
      col('title', 'title', true),
      col('quoted_terms', 'quotedTerms'),
      col('summary', 'summary', true),
    ],
  },
  elements: {
    file: 'elements.csv',
    columns: [
      col('id', 'id', true),
      col('crime', 'crimeId'),
      col('mode', 'modeId'),
      col('number', 'number', true),
      col('kind', 'kind', true),
      col('summary', 'summary', true),
      col('quoted_terms', 'quotedTerms'),
      col('citation', 'citation', true),
    ],
  },
} as const;

export const caseFiles = {
  incidents: {
    file: 'incidents.csv',
    columns: [
      col('id', 'id', true),
      col('title', 'title', true),
      col('description', 'description'),
      col('date_kind', 'dateKind', true),
      col('date_start', 'dateStart'),
      col('date_end', 'dateEnd'),
      col('place', 'placeName'),
      col('country', 'placeCountry'),
      col('latitude', 'latitude'),
      col('longitude', 'longitude'),
      col('events', 'eventIds'),
    ],
  },
  acts: {
    file: 'acts.csv',
    columns: [
      col('id', 'id', true),
      col('incident', 'incidentId', true),
      col('act_type', 'actType', true),
      col('description', 'description', true),
      col('date', 'date'),
      col('victim_record', 'victimRecordId'),
      col('victim', 'victimDescription'),
      col('perpetrator_actor', 'perpetratorActorId'),
      col('perpetrator_unit', 'perpetratorUnitId'),
      col('perpetrator', 'perpetratorDescription'),
      col('involvement', 'involvement', true),
      col('source', 'sourceId', true),
      col('pinpoint', 'pinpoint'),
      col('verification', 'verification', true),
    ],
  },
  allegations: {
    file: 'allegations.csv',
    columns: [
      col('id', 'id', true),
      col('incident', 'incidentId', true),
      col('proponent', 'proponentId', true),
      col('characterisation', 'characterisation', true),
      col('crime', 'crimeId'),
      col('mode', 'modeId'),
      col('perpetrator_actor', 'perpetratorActorId'),
      col('perpetrator_unit', 'perpetratorUnitId'),
      col('perpetrator', 'perpetratorDescription'),
      col('statement', 'statement', true),
      col('language', 'language'),
      col('date', 'date'),
      col('verification', 'verification', true),
      col('sources', 'sources', true),
      col('elements', 'elementIds'),
      col('notes', 'notes'),
    ],
  },
} as const;
