import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../src/server/db/connect.ts';
import { migratorFor } from '../src/server/db/migrate.ts';
import { openTestDatabase } from '../src/server/db/testing.ts';

describe('migration 202612070100_process_coordination', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase({ migrate: false });
  });
  afterAll(async () => handle.close());

  it('keeps one fingerprint per key kind and one last run per schedule, and undoes cleanly', async () => {
    const migrator = await migratorFor(handle.db);
    expect((await migrator.migrateTo('202612070100_process_coordination')).error).toBeUndefined();
    const db = handle.db;
    await sql`insert into instance_keys values ('master', 'abcd', now()), ('ledger-signing', 'reckon.ledger/x+1', now())`.execute(db);
    await expect(sql`insert into instance_keys values ('master', 'other', now())`.execute(db)).rejects.toThrow();
    await expect(sql`insert into instance_keys values ('x', null, now())`.execute(db)).rejects.toThrow();
    await sql`insert into schedule_runs values ('checkpoint', now(), 'host 1')`.execute(db);
    await expect(sql`insert into schedule_runs values ('checkpoint', now(), 'host 2')`.execute(db)).rejects.toThrow();

    expect((await migrator.migrateDown()).error).toBeUndefined();
    const tables = await sql<{ n: number }>`select count(*)::int as n from information_schema.tables where table_schema = current_schema() and table_name in ('instance_keys', 'schedule_runs')`.execute(db);
    expect(tables.rows[0].n).toBe(0);
  });
});
