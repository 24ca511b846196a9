import { RECORD_FIELDS, type ColumnMapping, type RecordField } from '../../core/casualties/record-fields.ts';

/**
 * The column mapping of an import as the page edits it: one choice per CSV column (which record field it feeds,
 * or none). `name` may be chosen for several columns (one name per script or spelling); every other field for at
 * most one. Converted to and from the server's mapping shape `{ source_record_id, name: [...], sex?, ... }`.
 */
export type { ColumnMapping };
export const MAPPABLE_FIELDS = RECORD_FIELDS;
export type MappableField = RecordField;

/** column → field ('' for a column left out) */
export type Assignment = Record<string, MappableField | ''>;

/** Header words people use for each field, in the four languages of the interface (lower case, compared loosely). */
const GUESSES: Record<MappableField, RegExp> = {
  source_record_id: /^(id|no|nr|n|#|record_?id|source_record_id|№|номер|nömrə|համար)$/,
  name: /(name|fio|фио|ad_?soyad|անուն_?ազգանուն)/,
  family_name: /(surname|family|last_?name|фамилия|soyad|ազգանուն)/,
  given_name: /(given|first_?name|forename|^имя$|^ad$|^ադ$|^անուն$)/,
  patronymic: /(patronym|отчество|ata_?ad|հայրանուն)/,
  sex: /^(sex|gender|пол|cins|սեռ)$/,
  age: /^(age|возраст|yaş|տարիք)$/,
  birth_date: /(birth|born|dob|рожд|doğum|ծնվ)/,
  death_date: /(death|died|dod|date_of_death|смерт|гибел|ölüm|həlak|մահ)/,
  place: /(place|location|village|city|место|yer|məkan|վայր)/,
  status: /^(status|статус|կարգավիճակ)$/,
  type: /^(type|тип|növ|տեսակ)$/,
  cause: /(cause|причин|səbəb|պատճառ)/,
  perpetrator_reported: /(perpetrator|виновн|günahkar|հանցագործ)/,
  notes: /(note|comment|remark|примеч|коммент|qeyd|նշում)/,
};

/** Preselects from the source's saved mapping where its columns exist in this file, else guesses from the header. */
export function initialAssignment(header: readonly string[], saved: Record<string, unknown> | null | undefined): Assignment {
  const out: Assignment = Object.fromEntries(header.map((h) => [h, '' as const]));
  const savedEntries = saved ? Object.entries(saved) : [];
  const usable = savedEntries.some(([, cols]) => (Array.isArray(cols) ? cols : [cols]).some((c) => typeof c === 'string' && c in out));
  if (usable) {
    for (const [field, cols] of savedEntries) {
      if (!(MAPPABLE_FIELDS as readonly string[]).includes(field)) continue;
      for (const c of Array.isArray(cols) ? cols : [cols]) if (typeof c === 'string' && c in out) out[c] = field as MappableField;
    }
    return out;
  }
  const taken = new Set<MappableField>();
  for (const h of header) {
    const key = h.trim().toLowerCase().replace(/\s+/g, '_');
    const field = MAPPABLE_FIELDS.find((f) => (f === 'name' || !taken.has(f)) && GUESSES[f].test(key));
    if (field) {
      out[h] = field;
      taken.add(field);
    }
  }
  return out;
}

export type MappingProblem = { kind: 'missing'; field: 'source_record_id' | 'name' } | { kind: 'twice'; field: MappableField; columns: string[] };

export function mappingProblems(assignment: Assignment): MappingProblem[] {
  const byField = new Map<MappableField, string[]>();
  for (const [column, field] of Object.entries(assignment)) if (field) byField.set(field, [...(byField.get(field) ?? []), column]);
  const problems: MappingProblem[] = [];
  for (const field of ['source_record_id', 'name'] as const) if (!byField.has(field)) problems.push({ kind: 'missing', field });
  for (const [field, columns] of byField) if (field !== 'name' && columns.length > 1) problems.push({ kind: 'twice', field, columns });
  return problems;
}

/** The server's mapping shape; call only when mappingProblems() is empty. */
export function toMapping(assignment: Assignment): ColumnMapping {
  const names: string[] = [];
  const out: Record<string, string | string[]> = {};
  for (const [column, field] of Object.entries(assignment)) {
    if (field === 'name') names.push(column);
    else if (field) out[field] = column;
  }
  return { ...out, name: names.length === 1 ? names[0] : names } as ColumnMapping;
}
