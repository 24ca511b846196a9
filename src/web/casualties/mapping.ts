import { detectListColumns, type ColumnDecision, type ColumnRole } from '../../core/casualties/columns.ts';
import { FIELD_OF_ROLE, NAME_FIELDS, RECORD_FIELDS, type ColumnMapping, type DateField, type RecordField } from '../../core/casualties/record-fields.ts';
import type { DateFormat } from '../../core/casualties/values.ts';
import type { ImportRequest } from './api.ts';

/**
 * The column mapping of an import as the page edits it: one choice per CSV column (which record field it feeds,
 * or none). `name` may be chosen for several columns (one whole name per script or spelling); every other field
 * for at most one. Converted to and from the server's mapping shape `{ source_record_id, name: [...], sex?, ... }`.
 * Without a saved mapping the choice is pre-filled by the shared header detection (src/core/casualties/columns.ts),
 * the same that `reckon link` and `reckon casualties import` use, with the reason for each column.
 */
export type { ColumnMapping };
export const MAPPABLE_FIELDS = RECORD_FIELDS;
export type MappableField = RecordField;

/** column → field ('' for a column left out) */
export type Assignment = Record<string, MappableField | ''>;

/** Why a column was pre-filled as it was, from the detection (null when the saved mapping was used). */
export type Detection = Record<string, ColumnDecision>;

/** Preselects from the source's saved mapping where its columns exist in this file, else from the header detection. */
export function initialAssignment(
  header: readonly string[],
  saved: Record<string, unknown> | null | undefined,
  rows: readonly (readonly string[])[] = [],
): { assignment: Assignment; detection: Detection | null } {
  const out: Assignment = Object.fromEntries(header.map((h) => [h, '' as const]));
  const savedEntries = saved ? Object.entries(saved) : [];
  const usable = savedEntries.some(([, cols]) => (Array.isArray(cols) ? cols : [cols]).some((c) => typeof c === 'string' && c in out));
  if (usable) {
    for (const [field, cols] of savedEntries) {
      if (!(MAPPABLE_FIELDS as readonly string[]).includes(field)) continue;
      for (const c of Array.isArray(cols) ? cols : [cols]) if (typeof c === 'string' && c in out) out[c] = field as MappableField;
    }
    return { assignment: out, detection: null };
  }
  const detected = detectListColumns(header, rows.length > 0 ? { samples: (column) => rows.map((r) => r[header.indexOf(column)] ?? '') } : {});
  const detection: Detection = {};
  for (const decision of detected.columns) {
    detection[decision.column] = decision;
    const field = decision.role ? FIELD_OF_ROLE[decision.role as ColumnRole] : undefined;
    // a second place or notes column is left for the person to choose (each field but `name` takes one column)
    if (field && (field === 'name' || !Object.values(out).includes(field))) out[decision.column] = field;
  }
  return { assignment: out, detection };
}

/** A date column whose values leave the order of day and month open, or mix ways of writing: the page asks. */
export function needsDateFormat(decision: ColumnDecision | undefined): boolean {
  const d = decision?.dates;
  return Boolean(d && (d.ambiguous || d.conflicting || d.mixed));
}

export type MappingProblem = { kind: 'missing'; field: 'name' } | { kind: 'twice'; field: MappableField; columns: string[] };

export function mappingProblems(assignment: Assignment): MappingProblem[] {
  const byField = new Map<MappableField, string[]>();
  for (const [column, field] of Object.entries(assignment)) if (field) byField.set(field, [...(byField.get(field) ?? []), column]);
  const problems: MappingProblem[] = [];
  // without a record-id column the rows are known by their line numbers (the import says so)
  // a whole name or any part of one will do; rows without any are still imported
  if (!NAME_FIELDS.some((f) => byField.has(f))) problems.push({ kind: 'missing', field: 'name' });
  for (const [field, columns] of byField) if (field !== 'name' && columns.length > 1) problems.push({ kind: 'twice', field, columns });
  return problems;
}

/** The server's mapping shape; call only when mappingProblems() is empty. */
export function toMapping(assignment: Assignment, dateFormats: Partial<Record<DateField, DateFormat>> = {}): ImportRequest['mapping'] {
  const names: string[] = [];
  const out: Record<string, unknown> = {};
  for (const [column, field] of Object.entries(assignment)) {
    if (field === 'name') names.push(column);
    else if (field) out[field] = column;
  }
  const formats = Object.fromEntries(Object.entries(dateFormats).filter(([field, format]) => format && format !== 'auto' && out[field] !== undefined));
  return {
    ...out,
    ...(names.length > 0 ? { name: names.length === 1 ? names[0] : names } : {}),
    ...(Object.keys(formats).length > 0 ? { date_formats: formats } : {}),
  } as ImportRequest['mapping'];
}
