import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../src/server/db/connect.ts';
import { migratorFor } from '../src/server/db/migrate.ts';
import { openTestDatabase } from '../src/server/db/testing.ts';

describe('migration 202612070110_rate_windows', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase({ migrate: false });
  });
  afterAll(async () => handle.close());

  it('keeps one count per key and window, refuses negative counts, and undoes cleanly', async () => {
    const migrator = await migratorFor(handle.db);
    expect((await migrator.migrateTo('202612070110_rate_windows')).error).toBeUndefined();
    const db = handle.db;
    await sql`insert into rate_windows values ('vote:p:1', 1000, 3), ('vote:p:1', 2000, 1)`.execute(db);
    await expect(sql`insert into rate_windows values ('vote:p:1', 1000, 1)`.execute(db)).rejects.toThrow();
    await expect(sql`insert into rate_windows values ('vote:p:2', 1000, -1)`.execute(db)).rejects.toThrow();
    expect((await migrator.migrateDown()).error).toBeUndefined();
    const tables = await sql<{ n: number }>`select count(*)::int as n from information_schema.tables where table_schema = current_schema() and table_name = 'rate_windows'`.execute(db);
    expect(tables.rows[0].n).toBe(0);
  });
});
