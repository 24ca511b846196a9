import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../src/server/db/connect.ts';
import { migratorFor } from '../src/server/db/migrate.ts';
import { openTestDatabase } from '../src/server/db/testing.ts';

describe('migration 202612130400_drop_rate_take', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase({ migrate: false });
  });
  afterAll(async () => handle.close());

  const functions = async () =>
    (
      await sql<{
        name: string;
      }>`select proname as name from pg_proc where proname like 'reckon_rate_take%' and pronamespace = current_schema()::regnamespace order by 1`.execute(
        handle.db,
      )
    ).rows.map((r) => r.name);

  it('drops the single-request rate function, keeps the batch one, and undoes cleanly', async () => {
    const migrator = await migratorFor(handle.db);
    expect((await migrator.migrateTo('202612120400_rate_take_many')).error).toBeUndefined();
    expect(await functions()).toEqual(['reckon_rate_take', 'reckon_rate_take_many']);
    expect((await migrator.migrateTo('202612130400_drop_rate_take')).error).toBeUndefined();
    expect(await functions()).toEqual(['reckon_rate_take_many']);
    // The batch function still decides and charges after the drop.
    const taken = await sql<{
      r: number[];
    }>`select reckon_rate_take_many(array[1]::int[], array['k']::text[], array[1]::float8[], 60000::bigint, 0::bigint, 1::float8) as r`.execute(handle.db);
    expect(taken.rows[0].r).toEqual([0]);
    expect((await migrator.migrateTo('202612120400_rate_take_many')).error).toBeUndefined();
    expect(await functions()).toEqual(['reckon_rate_take', 'reckon_rate_take_many']);
    const one = await sql<{ r: number }>`select reckon_rate_take(array['k']::text[], array[1]::float8[], 60000::bigint, 0::bigint, 1::float8) as r`.execute(
      handle.db,
    );
    // 'k' was charged once above: its limit of 1 is used up.
    expect(one.rows[0].r).toBe(1);
  });
});
