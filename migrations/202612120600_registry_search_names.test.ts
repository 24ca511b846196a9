import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { DatabaseHandle } from '../src/server/db/connect.ts';
import { fillRegistrySearchNames } from '../src/server/registry/search-names-job.ts';
import { migratorFor } from '../src/server/db/migrate.ts';
import { openTestDatabase } from '../src/server/db/testing.ts';

describe('migration 202612120600_registry_search_names', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase({ migrate: false });
  });
  afterAll(async () => handle.close());

  it('imports nothing of the application (the names engine will change; the migration must not)', () => {
    const text = readFileSync(new URL('./202612120600_registry_search_names.ts', import.meta.url), 'utf8');
    const imports = [...text.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
    expect(imports).toEqual(['kysely']);
  });

  it('queues the job that fills the romanised names of the actors and events already stored, and goes down without a trace', async () => {
    const migrator = await migratorFor(handle.db);
    expect((await migrator.migrateTo('202612120400_rate_take_many')).error).toBeUndefined();
    await sql`insert into registry_actors (id, name, type, classification) values ('A1', 'Əliyev Rəşad', 'person', 'official'), ('A2', 'Алиев', 'person', 'official'), ('A3', '', 'person', 'official')`.execute(
      handle.db,
    );
    await sql`insert into registry_events (id, name, place) values ('E1', 'Synthetic events', 'Ходжалы'), ('E2', 'Xocalı', null)`.execute(handle.db);

    expect((await migrator.migrateTo('202612120600_registry_search_names')).error).toBeUndefined();
    const queued = async () =>
      (await sql<{ n: number }>`select count(*)::int as n from jobs where kind = 'registry.search_names' and state = 'queued'`.execute(handle.db)).rows[0].n;
    expect(await queued()).toBe(1);
    // until the job runs the stored rows have the empty default; the job fills them, and a second run changes nothing
    expect((await sql<{ s: string }>`select search_names as s from registry_actors where id = 'A1'`.execute(handle.db)).rows[0].s).toBe('');
    expect(await fillRegistrySearchNames(handle.db as never)).toEqual({ actors: 2, events: 2 });
    expect(await fillRegistrySearchNames(handle.db as never)).toEqual({ actors: 0, events: 0 });
    const actors = await sql<{ id: string; search_names: string }>`select id, search_names from registry_actors order by id`.execute(handle.db);
    expect(actors.rows).toEqual([
      { id: 'A1', search_names: 'aliev rashad' },
      { id: 'A2', search_names: 'aliev' },
      { id: 'A3', search_names: '' },
    ]);
    const events = await sql<{ id: string; search_names: string }>`select id, search_names from registry_events order by id`.execute(handle.db);
    expect(events.rows).toEqual([
      { id: 'E1', search_names: 'sinthetic events | khojali' },
      { id: 'E2', search_names: 'khojali' },
    ]);
    // A row written without the column (a raw insert) gets the empty default, never null.
    await sql`insert into registry_actors (id, name, type, classification) values ('A4', 'Later', 'person', 'official')`.execute(handle.db);
    expect((await sql<{ s: string }>`select search_names as s from registry_actors where id = 'A4'`.execute(handle.db)).rows[0].s).toBe('');

    expect((await migrator.migrateDown()).error).toBeUndefined();
    expect(await queued()).toBe(0);
    const left = await sql<{
      n: number;
    }>`select count(*)::int as n from information_schema.columns where table_schema = current_schema() and table_name in ('registry_actors', 'registry_events') and column_name = 'search_names'`.execute(
      handle.db,
    );
    expect(left.rows[0].n).toBe(0);
    expect((await sql<{ n: number }>`select count(*)::int as n from registry_actors`.execute(handle.db)).rows[0].n).toBe(4);
  });

  it('queues no job on an empty registry; the job then fills a registry of more than one batch', async () => {
    const empty = await openTestDatabase({ migrate: false });
    try {
      const migrator = await migratorFor(empty.db);
      expect((await migrator.migrateTo('202612120600_registry_search_names')).error).toBeUndefined();
      const n = await sql<{ n: number }>`select count(*)::int as n from jobs where kind = 'registry.search_names'`.execute(empty.db);
      expect(n.rows[0].n).toBe(0);

      // The job reads a thousand rows a statement: 1,001 actors take two pages, and none is skipped or written twice.
      await sql`insert into registry_actors (id, name, type, classification) select 'A' || lpad(i::text, 4, '0'), 'Name ' || i, 'person', 'official' from generate_series(1, 1001) i`.execute(
        empty.db,
      );
      await sql`insert into registry_events (id, name, place) values ('E1', 'Event', null)`.execute(empty.db);
      // An aborted run stops before its first write.
      await expect(fillRegistrySearchNames(empty.db as never, AbortSignal.abort())).rejects.toThrow();
      expect((await sql<{ n: number }>`select count(*)::int as n from registry_actors where search_names <> ''`.execute(empty.db)).rows[0].n).toBe(0);
      expect(await fillRegistrySearchNames(empty.db as never)).toEqual({ actors: 1001, events: 1 });
      // (the names engine keeps letters only: every 'Name <n>' is searched as 'name')
      expect((await sql<{ n: number }>`select count(*)::int as n from registry_actors where search_names = 'name'`.execute(empty.db)).rows[0].n).toBe(1001);
      expect(await fillRegistrySearchNames(empty.db as never)).toEqual({ actors: 0, events: 0 });
    } finally {
      await empty.close();
    }
  });
});
