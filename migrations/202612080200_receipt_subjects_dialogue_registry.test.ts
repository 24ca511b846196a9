import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../src/server/db/testing.ts';
import { migratorFor } from '../src/server/db/migrate.ts';
import type { DatabaseHandle } from '../src/server/db/connect.ts';

describe('migration 202612080200_receipt_subjects_dialogue_registry', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase({ migrate: false });
  });
  afterAll(async () => handle.close());

  it('lets a receipt stand beside a dialogue report or a registry summary, still refuses an unknown kind, and undoes cleanly', async () => {
    const migrator = await migratorFor(handle.db);
    const db = handle.db;
    const sha = 'c'.repeat(64);
    const insert = (type: string, id: string) => sql`insert into receipts (subject_type, subject_id, receipt, manifest_sha256) values (${type}, ${id}, '{}', ${sha})`.execute(db);
    expect((await migrator.migrateTo('202612071700_receipt_subjects')).error).toBeUndefined();
    await expect(insert('dialogue_report', 'c:1')).rejects.toThrow();
    expect((await migrator.migrateTo('202612080200_receipt_subjects_dialogue_registry')).error).toBeUndefined();
    await insert('casualty_statistics', 'r:3');
    await insert('dialogue_report', 'c:1');
    await insert('registry_figures', 'all');
    await expect(insert('poem', 'x')).rejects.toThrow();
    await expect(insert('dialogue_report', 'c:1')).rejects.toThrow();

    expect((await migrator.migrateTo('202612071700_receipt_subjects')).error).toBeUndefined();
    const left = await sql<{ subject_type: string }>`select subject_type from receipts order by subject_type`.execute(db);
    expect(left.rows.map((r) => r.subject_type)).toEqual(['casualty_statistics']);
    await expect(insert('registry_figures', 'all')).rejects.toThrow();
  });
});
