import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { identificationContext } from '../missing/service.ts';
import { contactContext, photoContext } from './service.ts';

/**
 * Columns sealed with the field cipher under the master key, outside the archive: a family submission's contact and
 * photo, and a missing person's ante-mortem data, reference samples and family contact. `reckon keys rotate`
 * re-seals each under the new key (src/server/archive/key-rotation.ts, given SEALED_FIELDS by its caller), so after
 * a rotation the old key opens none.
 */
export interface SealedColumn {
  table: string;
  key: string;
  column: string;
  /** The associated data the value is bound to. */
  context: (key: string) => string;
}

export const SEALED_COLUMNS: readonly SealedColumn[] = [
  { table: 'family_submissions', key: 'id', column: 'contact_sealed', context: (id) => contactContext(id) },
  { table: 'family_submissions', key: 'id', column: 'photo_sealed', context: (id) => photoContext(id) },
  { table: 'missing_identification', key: 'record_id', column: 'ante_mortem_sealed', context: (id) => identificationContext(id, 'ante_mortem') },
  { table: 'missing_identification', key: 'record_id', column: 'samples_sealed', context: (id) => identificationContext(id, 'samples') },
  { table: 'missing_identification', key: 'record_id', column: 'contact_sealed', context: (id) => identificationContext(id, 'contact') },
];

export async function sealedValues(db: Kysely<Database>, c: SealedColumn): Promise<Array<{ key: string; sealed: string }>> {
  const rows = await sql<{ key: string; sealed: string }>`select ${sql.ref(c.key)}::text as key, ${sql.ref(c.column)} as sealed from ${sql.table(c.table)} where ${sql.ref(c.column)} is not null order by 1`.execute(db);
  return rows.rows;
}

/** Compare-and-set: the value is replaced only if it is still the one read. */
export async function replaceSealed(db: Kysely<Database>, c: SealedColumn, key: string, before: string, after: string): Promise<void> {
  await sql`update ${sql.table(c.table)} set ${sql.ref(c.column)} = ${after} where ${sql.ref(c.key)}::text = ${key} and ${sql.ref(c.column)} = ${before}`.execute(db);
}

/** The sealed columns with their reader and compare-and-set writer, as the master key rotation takes them. */
export interface SealedFields {
  columns: readonly SealedColumn[];
  values: typeof sealedValues;
  replace: typeof replaceSealed;
}

export const SEALED_FIELDS: SealedFields = { columns: SEALED_COLUMNS, values: sealedValues, replace: replaceSealed };
