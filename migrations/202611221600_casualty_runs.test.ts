import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../src/server/db/testing.ts';
import { migratorFor } from '../src/server/db/migrate.ts';
import type { DatabaseHandle } from '../src/server/db/connect.ts';

const S = '00000000-0000-4000-8000-000000000001';
const R1 = '00000000-0000-4000-8000-0000000000a1';
const RUN = '00000000-0000-4000-8000-0000000000f1';

describe('migration 202611221600_casualty_runs', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase({ migrate: false });
  });
  afterAll(async () => handle.close());

  it('adds run progress, warnings, review floor, search names and person summaries, and undoes cleanly', async () => {
    const migrator = await migratorFor(handle.db);
    expect((await migrator.migrateTo('202611221600_casualty_runs')).error).toBeUndefined();
    const db = handle.db;
    const run = (q: ReturnType<typeof sql>) => q.execute(db);
    await run(sql`insert into casualty_sources (id, name) values (${S}, 'List A')`);
    await run(sql`insert into casualty_records (id, source_id, source_record_id, version, names, search_names) values (${R1}, ${S}, '1', 1, '["Алиев Али"]', 'aliyev ali')`);
    await run(sql`insert into linkage_runs (id, source_ids, settings, state) values (${RUN}, '[]', '{}', 'running')`);
    const fresh = await sql<{ progress: number; warnings: unknown; review_floor: number }>`select progress, warnings, review_floor from linkage_runs where id = ${RUN}`.execute(db);
    expect(fresh.rows[0]).toEqual({ progress: 0, warnings: [], review_floor: 0.2 });
    await run(sql`update linkage_runs set progress = 0.5, progress_label = 'comparing' where id = ${RUN}`);
    await expect(run(sql`update linkage_runs set progress = 1.5 where id = ${RUN}`)).rejects.toThrow();
    await expect(run(sql`update linkage_runs set review_floor = 0 where id = ${RUN}`)).rejects.toThrow();
    await run(sql`insert into persons (run_id, person_id, capture_history, record_count, sex, age_band, disagreements) values (${RUN}, 1, '1', 1, 'male', '30-44', '["age"]')`);
    // a person of one record has no match probability
    await run(sql`insert into person_records (run_id, person_id, record_id, probability) values (${RUN}, 1, ${R1}, null)`);

    expect((await migrator.migrateDown()).error).toBeUndefined();
    const columns = await sql<{ n: number }>`select count(*)::int as n from information_schema.columns where table_schema = current_schema() and ((table_name = 'linkage_runs' and column_name in ('progress', 'warnings', 'review_floor')) or (table_name = 'persons' and column_name = 'sex') or column_name = 'search_names')`.execute(db);
    expect(columns.rows[0].n).toBe(0);
    const probability = await sql<{ probability: number }>`select probability from person_records`.execute(db);
    expect(probability.rows[0].probability).toBe(1);
  });
});
