import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, relationExists } from '../src/server/db/testing.ts';
import { migratorFor } from '../src/server/db/migrate.ts';
import type { DatabaseHandle } from '../src/server/db/connect.ts';

describe('migration 202612071500_memorial_store', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase({ migrate: false });
  });
  afterAll(async () => handle.close());

  const exists = (name: string) => relationExists(handle.db, name);
  const changes = async () => Number((await sql<{ n: string }>`select count(*) as n from memorial_changes`.execute(handle.db)).rows[0].n);

  it('creates the stored memorial, marks it to build, and records a change when a publication or an exclusion changes', async () => {
    const migrator = await migratorFor(handle.db);
    expect((await migrator.migrateTo('202612071500_memorial_store')).error).toBeUndefined();
    for (const t of ['memorial_persons', 'memorial_index', 'memorial_changes', 'memorial_persons_search', 'memorial_persons_key']) expect(await exists(t)).toBe(true);
    // The memorial existing before the migration is not stored yet: one marker asks for the first build.
    expect(await changes()).toBe(1);
    await sql`delete from memorial_changes`.execute(handle.db);
    await sql`insert into publications (subject_kind, subject_id, state) values ('estimate', 'x', 'public')`.execute(handle.db);
    expect(await changes()).toBe(1);
    const source = (await sql<{ id: string }>`insert into casualty_sources (id, name) values (gen_random_uuid(), 'List') returning id`.execute(handle.db)).rows[0].id;
    await sql`insert into memorial_exclusions (source_id, source_record_id, reason) values (${source}, '7', 'family asked')`.execute(handle.db);
    expect(await changes()).toBe(2);
    // A statement that touches nothing the memorial reads leaves it alone.
    await sql`delete from memorial_changes`.execute(handle.db);
    await sql`update linkage_runs set state = state where false`.execute(handle.db);
    expect(await changes()).toBe(1); // statement triggers fire even on no rows: a spurious rebuild, never a missed one
  });

  it('removes it all again', async () => {
    const migrator = await migratorFor(handle.db);
    await sql`delete from publications`.execute(handle.db);
    await sql`delete from memorial_exclusions`.execute(handle.db);
    await sql`delete from casualty_sources`.execute(handle.db);
    expect((await migrator.migrateTo('202612070110_rate_windows')).error).toBeUndefined();
    for (const t of ['memorial_persons', 'memorial_index', 'memorial_changes']) expect(await exists(t)).toBe(false);
    expect((await sql<{ n: number }>`select count(*)::int as n from pg_proc where proname = 'reckon_memorial_changed' and pronamespace = current_schema()::regnamespace`.execute(handle.db)).rows[0].n).toBe(0);
  });
});
