import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, relationExists } from '../src/server/db/testing.ts';
import { migratorFor } from '../src/server/db/migrate.ts';
import type { DatabaseHandle } from '../src/server/db/connect.ts';

describe('migration 202612110800_memorial_rebuild_job', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase({ migrate: false });
  });
  afterAll(async () => handle.close());

  const queued = async () => (await sql<{ n: number }>`select count(*)::int as n from jobs where kind = 'memorial.rebuild' and state = 'queued'`.execute(handle.db)).rows[0].n;
  const changes = async () => (await sql<{ n: number }>`select count(*)::int as n from memorial_changes`.execute(handle.db)).rows[0].n;
  const touch = () => sql`update casualty_sources set name = name where false`.execute(handle.db);

  it('adds generations and the shown state, queues the first build, and makes every change queue one job at a time', async () => {
    const migrator = await migratorFor(handle.db);
    expect((await migrator.migrateTo('202612100800_dialogue_registry_claims')).error).toBeUndefined();
    // a memorial built by the older code, and a run whose statistics were public: both must survive the upgrade as a queued build
    await sql`insert into publications (subject_kind, subject_id, state) values ('casualty_stats', 'run-1', 'public')`.execute(handle.db);
    await sql`delete from memorial_changes`.execute(handle.db);
    await sql`delete from jobs`.execute(handle.db);
    expect((await migrator.migrateTo('202612110800_memorial_rebuild_job')).error).toBeUndefined();
    expect(await relationExists(handle.db, 'memorial_state')).toBe(true);
    const state = await sql<{ generation: number; run_id: string | null; sources: string[] }>`select generation::int as generation, run_id, sources from memorial_state`.execute(handle.db);
    expect(state.rows).toEqual([{ generation: 0, run_id: null, sources: [] }]);
    expect(await queued()).toBe(1);
    expect(await changes()).toBe(1);
    // one row only
    await expect(sql`insert into memorial_state (id) values (false)`.execute(handle.db)).rejects.toThrow();
    // a change while a build is queued adds a marker, not a second job
    await touch();
    expect(await queued()).toBe(1);
    expect(await changes()).toBe(2);
    // once the queued build has started, the next change queues the next one
    await sql`update jobs set state = 'running', locked_by = 'test', locked_until = now() where kind = 'memorial.rebuild'`.execute(handle.db);
    await touch();
    expect(await queued()).toBe(1);
    // with no run's statistics ever public, changes are marked and no job is queued
    await sql`delete from jobs`.execute(handle.db);
    await sql`delete from publications where subject_kind = 'casualty_stats'`.execute(handle.db);
    await touch();
    expect(await queued()).toBe(0);
    // rows of two generations side by side: the key is unique within one generation only
    await sql`insert into memorial_index (generation, by, value, source_count, persons) values (1, 'all', '', 1, 5), (2, 'all', '', 1, 6)`.execute(handle.db);
    await expect(sql`insert into memorial_index (generation, by, value, source_count, persons) values (2, 'all', '', 1, 7)`.execute(handle.db)).rejects.toThrow();
    const next = await sql<{ a: number; b: number }>`select nextval('memorial_generation')::int as a, nextval('memorial_generation')::int as b`.execute(handle.db);
    expect(next.rows[0].b).toBe(next.rows[0].a + 1);
  });

  it('removes them again', async () => {
    const migrator = await migratorFor(handle.db);
    await sql`insert into publications (subject_kind, subject_id, state) values ('casualty_stats', 'run-1', 'public')`.execute(handle.db);
    expect((await migrator.migrateTo('202612100800_dialogue_registry_claims')).error).toBeUndefined();
    expect(await relationExists(handle.db, 'memorial_state')).toBe(false);
    expect(await relationExists(handle.db, 'memorial_generation')).toBe(false);
    expect((await sql<{ n: number }>`select count(*)::int as n from memorial_index`.execute(handle.db)).rows[0].n).toBe(0);
    // the older code's shapes: one generation, and a change marks without queueing
    await sql`insert into memorial_index (by, value, source_count, persons) values ('all', '', 1, 5)`.execute(handle.db);
    await sql`delete from jobs`.execute(handle.db);
    await touch();
    expect(await queued()).toBe(0);
    expect(await changes()).toBeGreaterThan(0);
  });
});
