import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../src/server/db/testing.ts';
import { migratorFor } from '../src/server/db/migrate.ts';
import type { DatabaseHandle } from '../src/server/db/connect.ts';

describe('migration 202611221320_estimates', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase({ migrate: false });
  });
  afterAll(async () => handle.close());

  it('creates the estimates table with its constraints, and undoes cleanly', async () => {
    const migrator = await migratorFor(handle.db);
    expect((await migrator.migrateTo('202611221320_estimates')).error).toBeUndefined();
    const db = handle.db;
    const sha = 'a'.repeat(64);
    await sql`insert into estimates (title, input_kind, input_csv, input_sha256) values ('t', 'table', 'A,B,count', ${sha})`.execute(db);
    const [row] = (await sql<{ state: string; progress: number }>`select state, progress from estimates`.execute(db)).rows;
    expect(row).toEqual({ state: 'queued', progress: 0 });
    await expect(sql`insert into estimates (title, input_kind, input_csv, input_sha256) values ('', 'table', 'x', ${sha})`.execute(db)).rejects.toThrow();
    await expect(sql`insert into estimates (title, input_kind, input_csv, input_sha256) values ('t', 'survey', 'x', ${sha})`.execute(db)).rejects.toThrow();
    await expect(sql`insert into estimates (title, input_kind, input_csv, input_sha256) values ('t', 'table', 'x', 'not-a-hash')`.execute(db)).rejects.toThrow();
    await expect(sql`insert into estimates (title, input_kind, input_csv, input_sha256, state) values ('t', 'table', 'x', ${sha}, 'finished')`.execute(db)).rejects.toThrow();
    await expect(sql`insert into estimates (title, input_kind, input_csv, input_sha256, progress) values ('t', 'table', 'x', ${sha}, 1.5)`.execute(db)).rejects.toThrow();
    // A finished estimate carries its result and a failed one its reason.
    await expect(sql`insert into estimates (title, input_kind, input_csv, input_sha256, state) values ('t', 'table', 'x', ${sha}, 'done')`.execute(db)).rejects.toThrow();
    await expect(sql`insert into estimates (title, input_kind, input_csv, input_sha256, state) values ('t', 'table', 'x', ${sha}, 'failed')`.execute(db)).rejects.toThrow();

    expect((await migrator.migrateTo('202611221300_ledger')).error).toBeUndefined();
    const left = await sql<{ n: number }>`select count(*)::int as n from information_schema.tables where table_name = 'estimates' and table_schema = current_schema()`.execute(db);
    expect(left.rows[0].n).toBe(0);
  });
});
