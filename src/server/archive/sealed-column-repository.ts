import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/**
 * A column sealed with the field cipher under the master key outside the archive's own tables (a family submission's
 * contact, a missing person's identification data). The master key rotation reads and re-seals each; the list of
 * them is assembled where the modules are wired together (src/server/sealed-fields.ts), since it names other modules'
 * tables.
 */
export interface SealedColumn {
  table: string;
  key: string;
  column: string;
  /** The associated data the value is bound to. */
  context: (key: string) => string;
}

export async function sealedValues(db: Kysely<Database>, c: SealedColumn): Promise<Array<{ key: string; sealed: string }>> {
  const rows = await sql<{ key: string; sealed: string }>`select ${sql.ref(c.key)}::text as key, ${sql.ref(c.column)} as sealed from ${sql.table(c.table)} where ${sql.ref(c.column)} is not null order by 1`.execute(db);
  return rows.rows;
}

/** Compare-and-set: the value is replaced only if it is still the one read. */
export async function replaceSealed(db: Kysely<Database>, c: SealedColumn, key: string, before: string, after: string): Promise<void> {
  await sql`update ${sql.table(c.table)} set ${sql.ref(c.column)} = ${after} where ${sql.ref(c.key)}::text = ${key} and ${sql.ref(c.column)} = ${before}`.execute(db);
}
