import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../src/server/db/testing.ts';
import { migratorFor } from '../src/server/db/migrate.ts';
import type { DatabaseHandle } from '../src/server/db/connect.ts';

describe('migration 202612150800_linkage_run_receipts', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase({ migrate: false });
  });
  afterAll(async () => handle.close());

  it("keeps a run's receipt inputs with the run, lets a receipt stand beside a run, and undoes cleanly", async () => {
    const migrator = await migratorFor(handle.db);
    const db = handle.db;
    const sha = 'd'.repeat(64);
    const run = '00000000-0000-4000-8000-000000000001';
    const receipt = (type: string, id: string) =>
      sql`insert into receipts (subject_type, subject_id, receipt, manifest_sha256) values (${type}, ${id}, '{}', ${sha})`.execute(db);
    const inputs = (id: string) =>
      sql`insert into linkage_run_receipt_inputs (run_id, records_csv, decisions_csv, settings, outputs) values (${id}, 'record_id,list\n', 'record_a,record_b,match\n', '{}', '{}')`.execute(
        db,
      );
    expect((await migrator.migrateTo('202612080200_receipt_subjects_dialogue_registry')).error).toBeUndefined();
    await expect(receipt('linkage_run', run)).rejects.toThrow();
    expect((await migrator.migrateTo('202612150800_linkage_run_receipts')).error).toBeUndefined();
    await receipt('linkage_run', run);
    await receipt('estimate', 'e1');
    await expect(receipt('poem', 'x')).rejects.toThrow();
    // a run's inputs need the run, and go with it
    await expect(inputs(run)).rejects.toThrow();
    await sql`insert into linkage_runs (id, source_ids, settings, state) values (${run}, '[]', '{}', 'done')`.execute(db);
    await inputs(run);
    await expect(inputs(run)).rejects.toThrow();
    await sql`delete from linkage_runs where id = ${run}`.execute(db);
    expect(Number((await sql<{ n: string }>`select count(*) as n from linkage_run_receipt_inputs`.execute(db)).rows[0].n)).toBe(0);

    expect((await migrator.migrateTo('202612080200_receipt_subjects_dialogue_registry')).error).toBeUndefined();
    const left = await sql<{ subject_type: string }>`select subject_type from receipts order by subject_type`.execute(db);
    expect(left.rows.map((r) => r.subject_type)).toEqual(['estimate']);
    await expect(receipt('linkage_run', run)).rejects.toThrow();
    await expect(sql`select 1 from linkage_run_receipt_inputs`.execute(db)).rejects.toThrow();
  });
});
