import type { ColumnRole, ListColumns } from './columns.ts';

/**
 * The fields of a casualty record that an imported CSV column can feed: one list for the server's importer and the
 * web page's column mapping, so the two cannot drift apart. Dependency-free, so the browser bundle can import it.
 */
export const RECORD_FIELDS = [
  'source_record_id',
  'name',
  'family_name',
  'given_name',
  'patronymic',
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

/**
 * Fields that hold a name or a part of one. `name` is a whole name (several columns may feed it: one name per
 * script or spelling); the parts each come from one column. A record needs none of them: a row without any name is
 * imported and linked on its other fields.
 */
export const NAME_FIELDS = ['name', 'family_name', 'given_name', 'patronymic'] as const;
export type NameField = (typeof NAME_FIELDS)[number];

/** Fields read as dates; each may carry an explicit format in the mapping (`date_formats`). */
export const DATE_FIELDS = ['birth_date', 'death_date'] as const;
export type DateField = (typeof DATE_FIELDS)[number];

/**
 * Which CSV column feeds which record field; `name` may list several columns. `date_formats` fixes how a date
 * column is read when its values alone cannot tell (03.04.1992: day first or month first); a format name of the
 * shared date reader, 'auto' or absent to let the reader decide per column.
 */
export type ColumnMapping = Partial<Record<Exclude<RecordField, 'name'>, string>> & {
  name?: string | string[];
  date_formats?: Partial<Record<DateField, string>>;
};

/** The record field each detected column role feeds (roles without a record field are left out). */
export const FIELD_OF_ROLE: Partial<Record<ColumnRole, RecordField>> = {
  id: 'source_record_id',
  full: 'name',
  given: 'given_name',
  family: 'family_name',
  patronymic: 'patronymic',
  sex: 'sex',
  age: 'age',
  birth: 'birth_date',
  death: 'death_date',
  place: 'place',
  status: 'status',
  type: 'type',
  cause: 'cause',
  perpetrator: 'perpetrator_reported',
  notes: 'notes',
};

/**
 * A column mapping from the shared header detection (columns.ts): every whole-name column feeds `name`, the first
 * place and notes columns their fields, and each single role its field. Without a record-id column the rows are
 * known by their line numbers (the importer says so); null only when no column holds an id or any part of a name.
 */
export function mappingFromDetected(detected: ListColumns): ColumnMapping | null {
  if (!detected.id && detected.full.length === 0 && !detected.given && !detected.family && !detected.patronymic) return null;
  const mapping: Record<string, string | string[]> = detected.id ? { source_record_id: detected.id } : {};
  if (detected.full.length > 0) mapping.name = detected.full.length === 1 ? detected.full[0] : detected.full;
  const single: Array<[keyof ListColumns, RecordField]> = [
    ['given', 'given_name'],
    ['family', 'family_name'],
    ['patronymic', 'patronymic'],
    ['sex', 'sex'],
    ['age', 'age'],
    ['birth', 'birth_date'],
    ['death', 'death_date'],
    ['status', 'status'],
    ['type', 'type'],
    ['cause', 'cause'],
    ['perpetrator', 'perpetrator_reported'],
  ];
  for (const [role, field] of single) {
    const column = detected[role];
    if (typeof column === 'string') mapping[field] = column;
  }
  if (detected.place[0]) mapping.place = detected.place[0];
  if (detected.notes[0]) mapping.notes = detected.notes[0];
  return mapping as ColumnMapping;
}
