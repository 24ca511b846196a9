import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../src/server/db/connect.ts';
import { migratorFor } from '../src/server/db/migrate.ts';
import { openTestDatabase } from '../src/server/db/testing.ts';

describe('migration 202612150410_rate_sliding_buckets', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase({ migrate: false });
  });
  afterAll(async () => handle.close());

  /** One request on `key` with `limit`, charged in bucket `current`, counting the buckets from `previous` on. */
  const take = async (key: string, limit: number, current: number, previous: number, overlap: number) =>
    (
      await sql<{
        r: number[];
      }>`select reckon_rate_take_many(array[1]::int[], array[${key}]::text[], array[${limit}]::float8[], ${current}::bigint, ${previous}::bigint, ${overlap}::float8) as r`.execute(
        handle.db,
      )
    ).rows[0].r[0];

  it('counts every bucket of the last window, the oldest weighed by the overlap, and undoes to two fixed windows', async () => {
    const migrator = await migratorFor(handle.db);
    expect((await migrator.migrateTo('202612150410_rate_sliding_buckets')).error).toBeUndefined();
    // Buckets of 600 ms: 3 at 0, 3 at 30,000, 3 at 59,400, none since. At 60,000 (one window after 0) all nine
    // count: the limit of 10 admits one, then refuses.
    await sql`insert into rate_windows values ('k', 0, 3), ('k', 30000, 3), ('k', 59400, 3)`.execute(handle.db);
    expect(await take('k', 10, 60_000, 0, 1)).toBe(0);
    expect(await take('k', 10, 60_000, 0, 1)).toBe(1);
    // One bucket later the one at 0 no longer counts: three more fit.
    for (let i = 0; i < 3; i++) expect(await take('k', 10, 60_600, 600, 1)).toBe(0);
    expect(await take('k', 10, 60_600, 600, 1)).toBe(1);
    // The oldest bucket weighed by an overlap below 1: 'w' at 0 holds 4, at 0.5 it weighs 2, so 8 more fit under 10.
    await sql`insert into rate_windows values ('w', 0, 4)`.execute(handle.db);
    let admitted = 0;
    while ((await take('w', 10, 60_000, 0, 0.5)) === 0) admitted++;
    expect(admitted).toBe(8);
    // Undone: only the two fixed windows count again (the bucket at 30,000 of 'k' is ignored).
    expect((await migrator.migrateDown()).error).toBeUndefined();
    await sql`insert into rate_windows values ('f', 0, 5), ('f', 30000, 5)`.execute(handle.db);
    admitted = 0;
    while ((await take('f', 10, 60_000, 0, 1)) === 0) admitted++;
    expect(admitted).toBe(5);
  });
});
