import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../src/server/db/testing.ts';
import { migratorFor } from '../src/server/db/migrate.ts';
import type { DatabaseHandle } from '../src/server/db/connect.ts';

const S = '00000000-0000-4000-8000-000000000001';
const R1 = '00000000-0000-4000-8000-0000000000a1';
const R2 = '00000000-0000-4000-8000-0000000000a2';
const R3 = '00000000-0000-4000-8000-0000000000a3';
const RUN = '00000000-0000-4000-8000-0000000000f1';
const U = '00000000-0000-4000-8000-0000000000e1';

describe('migration 202611221330_casualties', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase({ migrate: false });
  });
  afterAll(async () => handle.close());

  it('creates the casualty tables with their constraints, and undoes cleanly', async () => {
    const migrator = await migratorFor(handle.db);
    const up = await migrator.migrateTo('202611221330_casualties');
    expect(up.error).toBeUndefined();
    const db = handle.db;
    const run = (q: ReturnType<typeof sql>) => q.execute(db);

    await run(sql`insert into casualty_sources (id, name, compiled_at) values (${S}, 'List A', '1992-02')`);
    await expect(run(sql`insert into casualty_sources (id, name) values (gen_random_uuid(), 'list a')`)).rejects.toThrow();
    await expect(run(sql`insert into casualty_sources (id, name, compiled_at) values (gen_random_uuid(), 'B', '26/02/1992')`)).rejects.toThrow();

    await run(sql`insert into casualty_records (id, source_id, source_record_id, version, names, sex, death_date) values (${R1}, ${S}, '1', 1, '["Ali Aliyev"]', 'male', '1992-02-26')`);
    // a second current row for the same source record id is refused; names must be a non-empty array
    await expect(run(sql`insert into casualty_records (id, source_id, source_record_id, version, names) values (gen_random_uuid(), ${S}, '1', 1, '["x"]')`)).rejects.toThrow();
    await expect(run(sql`insert into casualty_records (id, source_id, source_record_id, version, names) values (gen_random_uuid(), ${S}, '9', 1, '[]')`)).rejects.toThrow();
    await expect(run(sql`insert into casualty_records (id, source_id, source_record_id, version, names, status) values (gen_random_uuid(), ${S}, '9', 1, '["x"]', 'soldier')`)).rejects.toThrow();
    await expect(run(sql`insert into casualty_records (id, source_id, source_record_id, version, names, death_date) values (gen_random_uuid(), ${S}, '9', 1, '["x"]', '1992-2-26')`)).rejects.toThrow();
    // a version above 1 must supersede something, a first version must not
    await expect(run(sql`insert into casualty_records (id, source_id, source_record_id, version, names) values (gen_random_uuid(), ${S}, '9', 2, '["x"]')`)).rejects.toThrow();
    await run(sql`update casualty_records set current = false where id = ${R1}`);
    await run(sql`insert into casualty_records (id, source_id, source_record_id, version, supersedes, names) values (${R2}, ${S}, '1', 2, ${R1}, '["Ali Aliyev", "Али Алиев"]')`);
    // a version can be superseded once only
    await run(sql`update casualty_records set current = false where id = ${R2}`);
    await expect(run(sql`insert into casualty_records (id, source_id, source_record_id, version, supersedes, names) values (gen_random_uuid(), ${S}, '1', 3, ${R1}, '["x"]')`)).rejects.toThrow();
    await run(sql`update casualty_records set current = true where id = ${R2}`);
    await run(sql`insert into casualty_records (id, source_id, source_record_id, version, names) values (${R3}, ${S}, '2', 1, '["Vali"]')`);

    await run(sql`insert into linkage_runs (id, source_ids, settings, state) values (${RUN}, '[]', '{}', 'queued')`);
    await expect(run(sql`insert into linkage_runs (id, source_ids, settings, state) values (gen_random_uuid(), '[]', '{}', 'paused')`)).rejects.toThrow();
    await run(sql`insert into linkage_pairs (run_id, record_a, record_b, probability, weight) values (${RUN}, ${R2}, ${R3}, 0.5, 0)`);
    await expect(run(sql`insert into linkage_pairs (run_id, record_a, record_b, probability, weight) values (${RUN}, ${R3}, ${R2}, 0.5, 0)`)).rejects.toThrow();
    await expect(run(sql`insert into linkage_pairs (run_id, record_a, record_b, probability, weight) values (${RUN}, ${R1}, ${R3}, 1.5, 0)`)).rejects.toThrow();

    await run(sql`insert into review_decisions (id, record_a, record_b, decision, reviewer_id) values (gen_random_uuid(), ${R2}, ${R3}, 'match', ${U})`);
    await expect(run(sql`insert into review_decisions (id, record_a, record_b, decision, reviewer_id) values (gen_random_uuid(), ${R2}, ${R3}, 'non_match', ${U})`)).rejects.toThrow();
    await expect(run(sql`insert into review_decisions (id, record_a, record_b, decision, reviewer_id, current) values (gen_random_uuid(), ${R2}, ${R3}, 'maybe', ${U}, false)`)).rejects.toThrow();

    await run(sql`insert into persons (run_id, person_id, capture_history, record_count) values (${RUN}, 1, '1', 2)`);
    await run(sql`insert into person_records (run_id, person_id, record_id, probability) values (${RUN}, 1, ${R2}, 0.9)`);
    await expect(run(sql`insert into person_records (run_id, person_id, record_id, probability) values (${RUN}, 2, ${R3}, 0.9)`)).rejects.toThrow();
    // deleting a run removes its pairs and persons, not the decisions
    await run(sql`delete from linkage_runs where id = ${RUN}`);
    const left = await sql<{ p: number; m: number; d: number }>`select (select count(*)::int from linkage_pairs) as p, (select count(*)::int from person_records) as m, (select count(*)::int from review_decisions) as d`.execute(db);
    expect(left.rows[0]).toEqual({ p: 0, m: 0, d: 1 });

    const down = await migrator.migrateDown();
    expect(down.error).toBeUndefined();
    const tables = await sql<{ n: number }>`select count(*)::int as n from information_schema.tables where table_name in ('casualty_sources', 'casualty_records', 'linkage_runs', 'linkage_pairs', 'review_decisions', 'persons', 'person_records') and table_schema = current_schema()`.execute(db);
    expect(tables.rows[0].n).toBe(0);
  });
});
