import { sql, type Kysely } from 'kysely';

/**
 * What a historical register says of a person's household and family, kept on each casualty record: relation to the
 * head of the household (Head, Wife, Son, Daur, Servt), marital condition (Mar, Unm, Wid), occupation, the father's
 * and the mother's names, and a woman's maiden name beside the surname she is recorded under. `reckon link` reads
 * these columns from a file (src/core/linkage/historical-defaults.ts); the importer stores them under the same
 * detection, so that a linkage run from the web app reads a list as the command line does. Text as the list gives
 * it, trimmed; null when the list has no such column or the cell is empty. Records imported before this migration
 * have none (their raw rows are kept; importing the list again into a new source fills them).
 */
const COLUMNS = ['relation', 'marital_condition', 'occupation', 'father_name', 'mother_name', 'maiden_name'] as const;

/** Longest value kept; the importer leaves longer cells out (HOUSEHOLD_VALUE_LIMIT of historical-defaults.ts). */
const HOUSEHOLD_VALUE_LIMIT = 500;

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const column of COLUMNS) {
    await db.schema.alterTable('casualty_records').addColumn(column, 'text').execute();
    // empty cells are null, and a value is at most a line of text (PostgreSQL text holds no NUL byte in any case)
    await sql`alter table casualty_records add constraint ${sql.raw(`casualty_records_${column}_check`)}
      check (${sql.ref(column)} is null or char_length(${sql.ref(column)}) between 1 and ${sql.lit(HOUSEHOLD_VALUE_LIMIT)})`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const column of [...COLUMNS].reverse()) await db.schema.alterTable('casualty_records').dropColumn(column).execute();
}
