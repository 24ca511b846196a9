import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../src/server/db/testing.ts';
import { migratorFor } from '../src/server/db/migrate.ts';
import type { DatabaseHandle } from '../src/server/db/connect.ts';

const RUN = '00000000-0000-4000-8000-0000000000f1';
const USER = '00000000-0000-4000-8000-0000000000c1';

describe('migration 202611221810_linkage_run_cancel', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase({ migrate: false });
  });
  afterAll(async () => handle.close());

  it('lets a run end cancelled with who asked and when, and undoes cleanly', async () => {
    const migrator = await migratorFor(handle.db);
    expect((await migrator.migrateTo('202611221810_linkage_run_cancel')).error).toBeUndefined();
    const db = handle.db;
    await sql`insert into linkage_runs (id, source_ids, settings, state) values (${RUN}, '[]', '{}', 'running')`.execute(db);
    await sql`update linkage_runs set cancel_requested_at = now(), cancelled_by = ${USER} where id = ${RUN}`.execute(db);
    await sql`update linkage_runs set state = 'cancelled' where id = ${RUN}`.execute(db);
    const row = await sql<{ state: string; cancelled_by: string; requested: boolean }>`select state, cancelled_by, cancel_requested_at is not null as requested from linkage_runs`.execute(db);
    expect(row.rows[0]).toEqual({ state: 'cancelled', cancelled_by: USER, requested: true });
    await expect(sql`update linkage_runs set state = 'paused' where id = ${RUN}`.execute(db)).rejects.toThrow();

    expect((await migrator.migrateDown()).error).toBeUndefined();
    const after = await sql<{ state: string; error: string }>`select state, error from linkage_runs`.execute(db);
    expect(after.rows[0]).toEqual({ state: 'failed', error: 'cancelled' });
    await expect(sql`update linkage_runs set state = 'cancelled' where id = ${RUN}`.execute(db)).rejects.toThrow();
    const columns = await sql<{ n: number }>`select count(*)::int as n from information_schema.columns where table_schema = current_schema() and table_name = 'linkage_runs' and column_name in ('cancel_requested_at', 'cancelled_by')`.execute(db);
    expect(columns.rows[0].n).toBe(0);
  });
});
