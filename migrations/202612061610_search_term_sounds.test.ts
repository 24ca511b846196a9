import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, relationExists } from '../src/server/db/testing.ts';
import { migratorFor } from '../src/server/db/migrate.ts';
import type { DatabaseHandle } from '../src/server/db/connect.ts';

describe('migration 202612061610_search_term_sounds', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase({ migrate: false });
  });
  afterAll(async () => handle.close());

  it('adds a sound to the spelling dictionary, keeps the existing words, looks spellings up by sound, and undoes cleanly', async () => {
    const migrator = await migratorFor(handle.db);
    expect((await migrator.migrateTo('202611221810_linkage_run_cancel')).error).toBeUndefined();
    const db = handle.db;
    await sql`insert into search_terms (term) values ('khojali'), ('xocalı')`.execute(db);

    expect((await migrator.migrateTo('202612061610_search_term_sounds')).error).toBeUndefined();
    // Words written before keep a null sound until `reckon archive reindex` rewrites them.
    const before = (await sql<{ term: string; sound: string | null }>`select term, sound from search_terms order by term`.execute(db)).rows;
    expect(before).toEqual([{ term: 'khojali', sound: null }, { term: 'xocalı', sound: null }]);
    await sql`insert into search_terms (term, sound) values ('aghdam', 'AKTM'), ('agdam', 'AKTM'), ('adam', 'ATM')`.execute(db);
    await sql`insert into search_terms (term, sound) values ('khojali', 'KJL') on conflict (term) do update set sound = excluded.sound`.execute(db);
    const same = (await sql<{ term: string }>`select term from search_terms where sound = 'AKTM' order by term`.execute(db)).rows.map((r) => r.term);
    expect(same).toEqual(['agdam', 'aghdam']);
    expect((await sql<{ sound: string }>`select sound from search_terms where term = 'khojali'`.execute(db)).rows[0].sound).toBe('KJL');
    // The length check of the dictionary still holds for the new rows.
    await expect(sql`insert into search_terms (term, sound) values ('ab', 'AP')`.execute(db)).rejects.toThrow();
    expect(await relationExists(db, 'search_terms_sound')).toBe(true);

    expect((await migrator.migrateTo('202611221810_linkage_run_cancel')).error).toBeUndefined();
    const columns = (await sql<{ c: string }>`select column_name as c from information_schema.columns where table_schema = current_schema() and table_name = 'search_terms'`.execute(db)).rows.map((r) => r.c);
    expect(columns).toEqual(['term']);
    expect((await sql<{ n: number }>`select count(*)::int as n from search_terms`.execute(db)).rows[0].n).toBe(5);
  });
});
