import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../src/server/db/testing.ts';
import { migratorFor } from '../src/server/db/migrate.ts';
import type { DatabaseHandle } from '../src/server/db/connect.ts';

describe('migration 202612071700_receipt_subjects', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase({ migrate: false });
  });
  afterAll(async () => handle.close());

  it('lets a receipt stand beside casualty statistics, still refuses an unknown kind, and undoes cleanly', async () => {
    const migrator = await migratorFor(handle.db);
    const db = handle.db;
    const sha = 'b'.repeat(64);
    expect((await migrator.migrateTo('202612062100_receipts')).error).toBeUndefined();
    await expect(sql`insert into receipts (subject_type, subject_id, receipt, manifest_sha256) values ('casualty_statistics', 'r:3', '{}', ${sha})`.execute(db)).rejects.toThrow();
    expect((await migrator.migrateTo('202612071700_receipt_subjects')).error).toBeUndefined();
    await sql`insert into receipts (subject_type, subject_id, receipt, manifest_sha256) values ('estimate', 'e1', '{}', ${sha})`.execute(db);
    await sql`insert into receipts (subject_type, subject_id, receipt, manifest_sha256) values ('casualty_statistics', 'r:3', '{}', ${sha})`.execute(db);
    await expect(sql`insert into receipts (subject_type, subject_id, receipt, manifest_sha256) values ('poem', 'x', '{}', ${sha})`.execute(db)).rejects.toThrow();
    await expect(sql`insert into receipts (subject_type, subject_id, receipt, manifest_sha256) values ('casualty_statistics', 'r:3', '{}', ${sha})`.execute(db)).rejects.toThrow();

    expect((await migrator.migrateTo('202612062100_receipts')).error).toBeUndefined();
    const left = await sql<{ subject_type: string }>`select subject_type from receipts`.execute(db);
    expect(left.rows.map((r) => r.subject_type)).toEqual(['estimate']);
    await expect(sql`insert into receipts (subject_type, subject_id, receipt, manifest_sha256) values ('casualty_statistics', 'r:4', '{}', ${sha})`.execute(db)).rejects.toThrow();
  });
});
