import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../src/server/db/connect.ts';
import { migratorFor } from '../src/server/db/migrate.ts';
import { openTestDatabase } from '../src/server/db/testing.ts';

describe('migration 202612080900_rate_take', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase({ migrate: false });
  });
  afterAll(async () => handle.close());

  const take = async (keys: string[], limits: number[], current: number, overlap: number) =>
    (await sql<{ r: number }>`select reckon_rate_take(${keys}::text[], ${limits}::float8[], ${current}::bigint, ${current - 60_000}::bigint, ${overlap}::float8) as r`.execute(handle.db)).rows[0].r;
  const counts = async () => (await sql<{ key: string; window_start: string; count: number }>`select key, window_start::text, count from rate_windows order by key, window_start`.execute(handle.db)).rows;

  it('charges every distinct key once, refuses with the first refusing check writing nothing, and undoes cleanly', async () => {
    const migrator = await migratorFor(handle.db);
    expect((await migrator.migrateTo('202612080900_rate_take')).error).toBeUndefined();
    expect(await take(['a', 'b', 'a'], [5, 5, 5], 120_000, 0.5)).toBe(0);
    expect(await counts()).toEqual([
      { key: 'a', window_start: '120000', count: 1 },
      { key: 'b', window_start: '120000', count: 1 },
    ]);
    // The previous window weighs by its overlap: 3 × 0.5 + 0 and + 1 stay under 3 and admit; 3 × 0.5 + 2 refuses.
    await sql`insert into rate_windows values ('c', 60000, 3)`.execute(handle.db);
    await take(['c'], [3], 120_000, 0.5);
    await take(['c'], [3], 120_000, 0.5);
    expect(await take(['a', 'c'], [9, 3], 120_000, 0.5)).toBe(2);
    // Refused: 'a' was not charged, and a key seen for the first time leaves no row.
    expect(await take(['new', 'c'], [9, 3], 120_000, 0.5)).toBe(2);
    expect((await counts()).map((r) => `${r.key}@${r.window_start}=${r.count}`)).toEqual(['a@120000=1', 'b@120000=1', 'c@120000=2', 'c@60000=3']);
    expect(await take([], [], 120_000, 0.5)).toBe(0);
    expect((await migrator.migrateTo('202612070110_rate_windows')).error).toBeUndefined();
    const left = await sql<{ n: number }>`select count(*)::int as n from pg_proc where proname = 'reckon_rate_take' and pronamespace = current_schema()::regnamespace`.execute(handle.db);
    expect(left.rows[0].n).toBe(0);
  });
});
