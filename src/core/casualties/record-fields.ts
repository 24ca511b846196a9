/**
 * The fields of a casualty record that an imported CSV column can feed: one list for the server's importer and the
 * web page's column mapping, so the two cannot drift apart. Dependency-free, so the browser bundle can import it.
 */
export const RECORD_FIELDS = [
  'source_record_id',
  'name',
  'sex',
  'age',
  'birth_date',
  'death_date',
  'place',
  'status',
  'type',
  'cause',
  'perpetrator_reported',
  'notes',
] as const;
export type RecordField = (typeof RECORD_FIELDS)[number];

/** Which CSV column feeds which record field; `name` may list several columns (one name per script or spelling). */
export type ColumnMapping = Partial<Record<Exclude<RecordField, 'name'>, string>> & { name: string | string[] };
