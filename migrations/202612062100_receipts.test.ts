import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../src/server/db/testing.ts';
import { migratorFor } from '../src/server/db/migrate.ts';
import type { DatabaseHandle } from '../src/server/db/connect.ts';

describe('migration 202612062100_receipts', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase({ migrate: false });
  });
  afterAll(async () => handle.close());

  it('keeps one receipt per figure, refuses a malformed manifest hash, and undoes cleanly', async () => {
    const migrator = await migratorFor(handle.db);
    expect((await migrator.migrateTo('202612062100_receipts')).error).toBeUndefined();
    const db = handle.db;
    const sha = 'a'.repeat(64);
    await sql`insert into receipts (subject_type, subject_id, receipt, manifest_sha256, ledger_seq) values ('estimate', 'e1', ${JSON.stringify({ format: 'reckon-receipt/1' })}, ${sha}, 3)`.execute(db);
    const [row] = (await sql<{ receipt: { format: string }; ledger_seq: string }>`select receipt, ledger_seq from receipts`.execute(db)).rows;
    expect(row.receipt.format).toBe('reckon-receipt/1');
    expect(Number(row.ledger_seq)).toBe(3);
    await expect(sql`insert into receipts (subject_type, subject_id, receipt, manifest_sha256) values ('estimate', 'e1', '{}', ${sha})`.execute(db)).rejects.toThrow();
    await expect(sql`insert into receipts (subject_type, subject_id, receipt, manifest_sha256) values ('estimate', 'e2', '{}', 'xyz')`.execute(db)).rejects.toThrow();
    await expect(sql`insert into receipts (subject_type, subject_id, receipt, manifest_sha256) values ('poem', 'e3', '{}', ${sha})`.execute(db)).rejects.toThrow();

    const before = (await migrator.getMigrations()).filter((m) => m.name < '202612062100_receipts').at(-1)!.name;
    expect((await migrator.migrateTo(before)).error).toBeUndefined();
    const tables = await sql<{ table_name: string }>`select table_name from information_schema.tables where table_schema = current_schema()`.execute(db);
    expect(tables.rows.map((r) => r.table_name)).not.toContain('receipts');
  });
});
