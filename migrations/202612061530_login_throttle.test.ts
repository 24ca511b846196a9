import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../src/server/db/testing.ts';
import { migratorFor } from '../src/server/db/migrate.ts';
import type { DatabaseHandle } from '../src/server/db/connect.ts';

describe('migration 202612061530_login_throttle', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase({ migrate: false });
  });
  afterAll(async () => handle.close());

  it('keeps one failure count per account and address, refuses duplicates and empty counts, and undoes cleanly', async () => {
    const migrator = await migratorFor(handle.db);
    expect((await migrator.migrateTo('202612061530_login_throttle')).error).toBeUndefined();
    const db = handle.db;
    await sql`insert into login_throttle values ('alice', '10.0.0.1', 3, now(), now()), ('alice', '10.0.0.2', 3, now(), now())`.execute(db);
    await expect(sql`insert into login_throttle values ('alice', '10.0.0.1', 1, now(), now())`.execute(db)).rejects.toThrow();
    await expect(sql`insert into login_throttle values ('bob', '10.0.0.1', 0, now(), now())`.execute(db)).rejects.toThrow();
    const rows = await sql<{ n: number }>`select count(*)::int as n from login_throttle where username = 'alice'`.execute(db);
    expect(rows.rows[0].n).toBe(2);

    expect((await migrator.migrateDown()).error).toBeUndefined();
    const tables = await sql<{ n: number }>`select count(*)::int as n from information_schema.tables where table_schema = current_schema() and table_name = 'login_throttle'`.execute(db);
    expect(tables.rows[0].n).toBe(0);
  });
});
