import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, relationExists } from '../src/server/db/testing.ts';
import { migratorFor } from '../src/server/db/migrate.ts';
import type { DatabaseHandle } from '../src/server/db/connect.ts';

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('migration 202612062300_publication_state', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase({ migrate: false });
  });
  afterAll(async () => handle.close());

  it('moves every published state into one publication row, turns "published but not public" into a draft it can restore, and undoes cleanly', async () => {
    const migrator = await migratorFor(handle.db);
    expect((await migrator.migrateTo('202612061610_search_term_sounds')).error).toBeUndefined();
    const db = handle.db;
    const item = (n: number, state: string, confidentiality: string) =>
      sql`insert into items (id, kind, title, confidentiality, state, published_at) values (${uuid(n)}, 'document', ${`Item ${n}`}, ${confidentiality}, ${state}, ${state === 'published' ? '2026-01-02T03:04:05Z' : null})`.execute(db);
    await item(1, 'published', 'public');
    await item(2, 'published', 'confidential');
    await item(3, 'draft', 'public');
    await item(4, 'published', 'restricted');
    await sql`insert into registry_actors (id, name, type, classification) values ('A1', 'Body', 'organization', 'state')`.execute(db);
    await sql`insert into registry_claims (id, kind, asserted_by, statement, verification, published) values ('C1', 'statement', 'A1', 'x', 'reported', true), ('C2', 'statement', 'A1', 'y', 'reported', false)`.execute(db);

    expect((await migrator.migrateTo('202612062300_publication_state')).error).toBeUndefined();
    const rows = (await sql<{ subject_kind: string; subject_id: string; state: string; legacy: Record<string, unknown> | null }>`select subject_kind, subject_id, state, legacy from publications order by subject_kind, subject_id`.execute(db)).rows;
    expect(rows.map((r) => [r.subject_kind, r.subject_id, r.state])).toEqual([
      ['claim', 'C1', 'public'],
      ['item', uuid(1), 'public'],
      ['item', uuid(2), 'not_public'],
      ['item', uuid(4), 'not_public'],
    ]);
    expect(rows.find((r) => r.subject_id === uuid(2))!.legacy).toMatchObject({ state: 'published', confidentiality: 'confidential' });
    const states = (await sql<{ id: string; state: string }>`select id::text as id, state from items order by id`.execute(db)).rows.map((r) => r.state);
    expect(states).toEqual(['published', 'draft', 'draft', 'draft']);
    // One row per subject; the state is one of two words.
    await expect(sql`insert into publications (subject_kind, subject_id, state) values ('claim', 'C1', 'public')`.execute(db)).rejects.toThrow();
    await expect(sql`insert into publications (subject_kind, subject_id, state) values ('claim', 'C2', 'published')`.execute(db)).rejects.toThrow();
    await expect(sql`insert into publications (subject_kind, subject_id, state) values ('person', 'C2', 'public')`.execute(db)).rejects.toThrow();

    expect((await migrator.migrateTo('202612061610_search_term_sounds')).error).toBeUndefined();
    const back = (await sql<{ state: string; published_at: Date | null }>`select state, published_at from items order by id`.execute(db)).rows;
    expect(back.map((r) => r.state)).toEqual(['published', 'published', 'draft', 'published']);
    expect(back[1].published_at?.toISOString()).toBe('2026-01-02T03:04:05.000Z');
    expect(await relationExists(db, 'publications')).toBe(false);
    expect(await relationExists(db, 'memorial_exclusions')).toBe(false);
  });
});
