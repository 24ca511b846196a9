import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../src/server/db/connect.ts';
import { migratorFor } from '../src/server/db/migrate.ts';
import { openTestDatabase } from '../src/server/db/testing.ts';

describe('migration 202612150400_rate_lease', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase({ migrate: false });
  });
  afterAll(async () => handle.close());

  const lease = async (key: string, wanted: number, max: number) =>
    (
      await sql<{
        lease_count: number;
        lease_granted: number;
      }>`select * from reckon_rate_lease(${key}::text, ${60_000}::bigint, ${wanted}::int, ${max}::int)`.execute(handle.db)
    ).rows[0];

  it('grants what the budget still holds and never counts past the limit, then undoes cleanly', async () => {
    const migrator = await migratorFor(handle.db);
    expect((await migrator.migrateTo('202612150400_rate_lease')).error).toBeUndefined();
    expect(await lease('k', 4, 10)).toEqual({ lease_count: 4, lease_granted: 4 });
    expect(await lease('k', 4, 10)).toEqual({ lease_count: 8, lease_granted: 4 });
    // Two left: a lease of four gets two, the next none, and the count stays at the limit.
    expect(await lease('k', 4, 10)).toEqual({ lease_count: 10, lease_granted: 2 });
    expect(await lease('k', 1, 10)).toEqual({ lease_count: 10, lease_granted: 0 });
    // A key of its own has its own budget; a negative or empty wish is granted nothing.
    expect(await lease('other', -3, 10)).toEqual({ lease_count: 0, lease_granted: 0 });
    // Many leases at once (on PostgreSQL, on several connections) share the budget exactly.
    const grants = await Promise.all(Array.from({ length: 20 }, () => lease('race', 3, 25)));
    expect(grants.reduce((sum, g) => sum + g.lease_granted, 0)).toBe(25);
    const stored = await sql<{ count: number }>`select count from rate_windows where key = 'race'`.execute(handle.db);
    expect(stored.rows[0].count).toBe(25);
    expect((await migrator.migrateDown()).error).toBeUndefined();
    const left = await sql<{
      n: number;
    }>`select count(*)::int as n from pg_proc where proname = 'reckon_rate_lease' and pronamespace = current_schema()::regnamespace`.execute(handle.db);
    expect(left.rows[0].n).toBe(0);
  });
});
