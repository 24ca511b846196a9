import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, relationExists } from '../src/server/db/testing.ts';
import { migratorFor } from '../src/server/db/migrate.ts';
import type { DatabaseHandle } from '../src/server/db/connect.ts';

describe('migration 202612100600_memorial_name_keys', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase({ migrate: false });
  });
  afterAll(async () => handle.close());

  const exists = (name: string) => relationExists(handle.db, name);
  const changes = async () => Number((await sql<{ n: string }>`select count(*) as n from memorial_changes`.execute(handle.db)).rows[0].n);
  const keys = async (text: string) => (await sql<{ k: string[] }>`select reckon_name_keys(${text}) as k`.execute(handle.db)).rows[0].k;

  it('adds the name keys and ordinals with their indexes, and marks the memorial for a rebuild', async () => {
    const migrator = await migratorFor(handle.db);
    expect((await migrator.migrateTo('202612094000_dialogue_live_results')).error).toBeUndefined();
    await sql`delete from memorial_changes`.execute(handle.db);
    expect((await migrator.migrateTo('202612100600_memorial_name_keys')).error).toBeUndefined();
    for (const index of ['memorial_persons_name_keys', 'memorial_persons_ordinal']) expect(await exists(index)).toBe(true);
    expect(await changes()).toBe(1);
    // words split at spaces, punctuation and digits (a stored search text is JSON and lines); prefixes of 2 to 20
    // letters in any script; a single letter is no key
    expect((await keys('["азер гулиев 12"]\nazer guliev')).sort()).toEqual(['az', 'aze', 'azer', 'gu', 'gul', 'guli', 'gulie', 'guliev', 'аз', 'азе', 'азер', 'гу', 'гул', 'гули', 'гулие', 'гулиев'].sort());
    expect(await keys('Արամ')).toEqual(expect.arrayContaining(['Ար', 'Արամ']));
    expect(await keys('a b 7')).toEqual([]);
    expect((await keys('x'.repeat(50))).map((k) => k.length).sort((a, b) => b - a)[0]).toBe(20);
    expect(await keys('')).toEqual([]);
  });

  it('removes them again', async () => {
    const migrator = await migratorFor(handle.db);
    expect((await migrator.migrateTo('202612094000_dialogue_live_results')).error).toBeUndefined();
    for (const index of ['memorial_persons_name_keys', 'memorial_persons_ordinal']) expect(await exists(index)).toBe(false);
    // Looked up in this database's own schema: on the PostgreSQL server tests work in a fresh schema with `public`
    // behind it on the search path, where another installation's copy of the function may stand.
    const own = await sql<{ n: number }>`select count(*)::int as n from pg_proc where proname = 'reckon_name_keys' and pronamespace = current_schema()::regnamespace`.execute(handle.db);
    expect(own.rows[0].n).toBe(0);
  });
});
