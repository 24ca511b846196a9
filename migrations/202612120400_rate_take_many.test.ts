import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../src/server/db/connect.ts';
import { migratorFor } from '../src/server/db/migrate.ts';
import { openTestDatabase } from '../src/server/db/testing.ts';

describe('migration 202612120400_rate_take_many', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase({ migrate: false });
  });
  afterAll(async () => handle.close());

  /** Requests as lists of [key, limit]; the answer of each, as the function gives it (0: charged). */
  const takeMany = async (requests: Array<Array<[string, number]>>, current: number, overlap: number) => {
    const checks = requests.flatMap((r, i) => r.map(([key, limit]) => ({ r: i + 1, key, limit })));
    const result = await sql<{
      r: number[];
    }>`select reckon_rate_take_many(${checks.map((c) => c.r)}::int[], ${checks.map((c) => c.key)}::text[], ${checks.map((c) => c.limit)}::float8[], ${current}::bigint, ${current - 60_000}::bigint, ${overlap}::float8) as r`.execute(
      handle.db,
    );
    return result.rows[0].r;
  };
  const takeOne = async (keys: string[], limits: number[], current: number, overlap: number) =>
    (
      await sql<{
        r: number;
      }>`select reckon_rate_take(${keys}::text[], ${limits}::float8[], ${current}::bigint, ${current - 60_000}::bigint, ${overlap}::float8) as r`.execute(
        handle.db,
      )
    ).rows[0].r;
  const counts = async () =>
    (
      await sql<{ row: string }>`select key || '@' || window_start || '=' || count as row from rate_windows order by key, window_start`.execute(handle.db)
    ).rows.map((r) => r.row);

  it('decides a batch in order as that many single calls would, charging each distinct key of a request once', async () => {
    const migrator = await migratorFor(handle.db);
    expect((await migrator.migrateTo('202612120400_rate_take_many')).error).toBeUndefined();
    await sql`insert into rate_windows values ('addr', 60000, 4)`.execute(handle.db);
    // A flood from one address (limit 5; the previous window weighs 4 × 0.5 = 2) and three participants (limit 2):
    // requests 1 and 2 pass, 3 is refused by the participant 'p1' (position 1), 4 passes and uses up the address,
    // 5 is refused by the address (position 2) and charges 'p3' nothing; 6 names 'q' twice and is charged once.
    const requests: Array<Array<[string, number]>> = [
      [
        ['p1', 2],
        ['addr', 5],
      ],
      [
        ['p1', 2],
        ['addr', 5],
      ],
      [
        ['p1', 2],
        ['addr', 5],
      ],
      [
        ['p2', 2],
        ['addr', 5],
      ],
      [
        ['p3', 2],
        ['addr', 5],
      ],
      [
        ['q', 5],
        ['q', 5],
      ],
    ];
    expect(await takeMany(requests, 120_000, 0.5)).toEqual([0, 0, 1, 0, 2, 0]);
    expect(await counts()).toEqual(['addr@60000=4', 'addr@120000=3', 'p1@120000=2', 'p2@120000=1', 'q@120000=1']);

    // The same requests one call at a time, against a copy of the starting state: the same answers and counts.
    await sql`delete from rate_windows`.execute(handle.db);
    await sql`insert into rate_windows values ('addr', 60000, 4)`.execute(handle.db);
    const oneByOne: number[] = [];
    for (const r of requests)
      oneByOne.push(
        await takeOne(
          r.map(([k]) => k),
          r.map(([, l]) => l),
          120_000,
          0.5,
        ),
      );
    expect(oneByOne).toEqual([0, 0, 1, 0, 2, 0]);
    expect(await counts()).toEqual(['addr@60000=4', 'addr@120000=3', 'p1@120000=2', 'p2@120000=1', 'q@120000=1']);

    // A batch adds to rows already there; an empty batch answers nothing and writes nothing.
    expect(await takeMany([[['q', 5]], [['q', 5]]], 120_000, 0.5)).toEqual([0, 0]);
    expect(await takeMany([], 120_000, 0.5)).toEqual([]);
    expect((await counts()).filter((r) => r.startsWith('q@'))).toEqual(['q@120000=3']);
    // Keys are text of any kind (quotes, other scripts, a long one): they are parameters, never SQL.
    const odd = ["a'; drop table rate_windows; --", 'ünï-կ-ы', 'k'.repeat(2_000)];
    expect(await takeMany([odd.map((k) => [k, 1] as [string, number]), [[odd[1], 1]]], 120_000, 0.5)).toEqual([0, 1]);

    expect((await migrator.migrateTo('202612110800_memorial_rebuild_job')).error).toBeUndefined();
    const left = await sql<{
      n: number;
    }>`select count(*)::int as n from pg_proc where proname = 'reckon_rate_take_many' and pronamespace = current_schema()::regnamespace`.execute(handle.db);
    expect(left.rows[0].n).toBe(0);
  });
});
