import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../src/server/db/testing.ts';
import { migratorFor } from '../src/server/db/migrate.ts';
import type { DatabaseHandle } from '../src/server/db/connect.ts';

const EXPORT = '00000000-0000-4000-8000-0000000000e1';
const ITEM = '00000000-0000-4000-8000-0000000000a1';

describe('migration 202612061500_package_exports', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase({ migrate: false });
  });
  afterAll(async () => handle.close());

  it('tracks a package export with its progress, refuses unknown states and containers, and undoes cleanly', async () => {
    const migrator = await migratorFor(handle.db);
    expect((await migrator.migrateTo('202612061500_package_exports')).error).toBeUndefined();
    const db = handle.db;
    await sql`insert into package_exports (id, requested_label, item_ids, container) values (${EXPORT}, 'system: test', ${sql.raw(`'{${ITEM}}'`)}::uuid[], 'zip')`.execute(db);
    await sql`update package_exports set state = 'running', bytes_total = 5000000000, bytes_done = 12 where id = ${EXPORT}`.execute(db);
    const row = await sql<{ state: string; bytes_total: number; include_identity: boolean; item_ids: string[] }>`select state, bytes_total, include_identity, item_ids from package_exports`.execute(db);
    expect(row.rows[0]).toMatchObject({ state: 'running', include_identity: false });
    expect(Number(row.rows[0].bytes_total)).toBe(5_000_000_000);
    await expect(sql`update package_exports set state = 'lost' where id = ${EXPORT}`.execute(db)).rejects.toThrow();
    await expect(sql`update package_exports set container = 'rar' where id = ${EXPORT}`.execute(db)).rejects.toThrow();
    await expect(sql`insert into package_exports (id, requested_label, item_ids, container, requested_by) values (gen_random_uuid(), 'x', '{}', 'zip', ${ITEM})`.execute(db)).rejects.toThrow();

    expect((await migrator.migrateDown()).error).toBeUndefined();
    const tables = await sql<{ n: number }>`select count(*)::int as n from information_schema.tables where table_schema = current_schema() and table_name = 'package_exports'`.execute(db);
    expect(tables.rows[0].n).toBe(0);
  });
});
