import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/** The receipts table (migration 202612062100_receipts); raw SQL, parameterised, so the table needs no shared schema entry. */

export interface ReceiptRow {
  receipt: Record<string, unknown>;
  ledger_seq: string | number | null;
}

export async function findReceipt(db: Kysely<Database>, subjectType: string, subjectId: string): Promise<ReceiptRow | undefined> {
  const { rows } = await sql<ReceiptRow>`select receipt, ledger_seq from receipts where subject_type = ${subjectType} and subject_id = ${subjectId}`.execute(db);
  return rows[0];
}

/** Inserts a receipt unless the figure has one already (two first requests at once); says whether it did. */
export async function insertReceipt(db: Kysely<Database>, row: { subjectType: string; subjectId: string; receipt: unknown; manifestSha256: string }): Promise<boolean> {
  const { rows } = await sql<{ id: string }>`
    insert into receipts (subject_type, subject_id, receipt, manifest_sha256)
    values (${row.subjectType}, ${row.subjectId}, ${JSON.stringify(row.receipt)}, ${row.manifestSha256})
    on conflict (subject_type, subject_id) do nothing returning id`.execute(db);
  return rows.length === 1;
}

export async function setLedgerSeq(db: Kysely<Database>, subjectType: string, subjectId: string, seq: number): Promise<void> {
  await sql`update receipts set ledger_seq = ${seq} where subject_type = ${subjectType} and subject_id = ${subjectId}`.execute(db);
}
