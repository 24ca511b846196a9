import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, relationExists } from '../src/server/db/testing.ts';
import { migratorFor } from '../src/server/db/migrate.ts';
import type { DatabaseHandle } from '../src/server/db/connect.ts';

describe('migration 202612080100_public_cache', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase({ migrate: false });
  });
  afterAll(async () => handle.close());

  const exists = (name: string) => relationExists(handle.db, name);
  const changes = async () => Number((await sql<{ n: string }>`select count(*) as n from memorial_changes`.execute(handle.db)).rows[0].n);

  it('adds the statistics cache and the generation, allows the memorial totals, and marks changes of persons and lists', async () => {
    const migrator = await migratorFor(handle.db);
    expect((await migrator.migrateTo('202612071700_receipt_subjects')).error).toBeUndefined();
    await sql`delete from memorial_changes`.execute(handle.db);
    expect((await migrator.migrateTo('202612080100_public_cache')).error).toBeUndefined();
    for (const t of ['public_stats_cache', 'public_cache_generation']) expect(await exists(t)).toBe(true);
    expect(await changes()).toBe(1); // the totals are not stored yet: the next read rebuilds
    expect((await sql<{ n: number }>`select n::int as n from public_cache_generation`.execute(handle.db)).rows).toEqual([{ n: 0 }]);
    await sql`insert into memorial_index (by, value, source_count, persons) values ('all', '', 1, 5)`.execute(handle.db);
    await expect(sql`insert into memorial_index (by, value, source_count, persons) values ('other', '', 1, 5)`.execute(handle.db)).rejects.toThrow();
    await expect(sql`insert into public_cache_generation (id, n) values (false, 1)`.execute(handle.db)).rejects.toThrow();
    await sql`delete from memorial_changes`.execute(handle.db);
    await sql`update persons set status = status where false`.execute(handle.db);
    expect(await changes()).toBe(1);
    await sql`update casualty_sources set name = name where false`.execute(handle.db);
    expect(await changes()).toBe(2);
  });

  it('removes them again', async () => {
    const migrator = await migratorFor(handle.db);
    expect((await migrator.migrateTo('202612071700_receipt_subjects')).error).toBeUndefined();
    for (const t of ['public_stats_cache', 'public_cache_generation']) expect(await exists(t)).toBe(false);
    expect((await sql<{ n: number }>`select count(*)::int as n from memorial_index where by = 'all'`.execute(handle.db)).rows[0].n).toBe(0);
    await sql`delete from memorial_changes`.execute(handle.db);
    await sql`update persons set status = status where false`.execute(handle.db);
    expect(await changes()).toBe(0);
  });
});
