import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../src/server/db/testing.ts';
import { migratorFor } from '../src/server/db/migrate.ts';
import type { DatabaseHandle } from '../src/server/db/connect.ts';

describe('migration 202611221610_record_correction_reason', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase({ migrate: false });
  });
  afterAll(async () => handle.close());

  it('adds the reason of a correction to record versions, and undoes cleanly', async () => {
    const migrator = await migratorFor(handle.db);
    expect((await migrator.migrateTo('202611221610_record_correction_reason')).error).toBeUndefined();
    const S = '00000000-0000-4000-8000-000000000001';
    const R1 = '00000000-0000-4000-8000-0000000000a1';
    await sql`insert into casualty_sources (id, name) values (${S}, 'List A')`.execute(handle.db);
    await sql`insert into casualty_records (id, source_id, source_record_id, version, names, current) values (${R1}, ${S}, '1', 1, '["A"]', false)`.execute(handle.db);
    await sql`insert into casualty_records (id, source_id, source_record_id, version, supersedes, names, correction_reason) values (gen_random_uuid(), ${S}, '1', 2, ${R1}, '["B"]', 'misread in the scan')`.execute(handle.db);
    const row = await sql<{ correction_reason: string }>`select correction_reason from casualty_records where version = 2`.execute(handle.db);
    expect(row.rows[0].correction_reason).toBe('misread in the scan');
    expect((await migrator.migrateDown()).error).toBeUndefined();
    const columns = await sql<{ n: number }>`select count(*)::int as n from information_schema.columns where table_schema = current_schema() and column_name = 'correction_reason'`.execute(handle.db);
    expect(columns.rows[0].n).toBe(0);
  });
});
