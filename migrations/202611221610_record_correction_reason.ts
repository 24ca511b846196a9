import type { Kysely } from 'kysely';

/**
 * Why a record was corrected, kept on the version the correction made. It is a casualty's data (it may name the
 * person or a witness), so it lives with the record under the record's access rules, and the audit trail keeps only
 * its hash.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('casualty_records').addColumn('correction_reason', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('casualty_records').dropColumn('correction_reason').execute();
}
