import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../src/server/db/testing.ts';
import { migratorFor } from '../src/server/db/migrate.ts';
import type { DatabaseHandle } from '../src/server/db/connect.ts';

describe('migration 202612061410_casualty_name_parts_and_flags', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase({ migrate: false });
  });
  afterAll(async () => handle.close());

  it('keeps name parts on records and flags on persons, and undoes cleanly', async () => {
    const migrator = await migratorFor(handle.db);
    expect((await migrator.migrateTo('202612061410_casualty_name_parts_and_flags')).error).toBeUndefined();
    const db = handle.db;
    const S = '00000000-0000-4000-8000-000000000001';
    const R = '00000000-0000-4000-8000-0000000000a1';
    const RUN = '00000000-0000-4000-8000-0000000000f1';
    await sql`insert into casualty_sources (id, name) values (${S}, 'List A')`.execute(db);
    // a record with its name in three columns and no whole name
    await sql`insert into casualty_records (id, source_id, source_record_id, version, names, family_name, given_name, patronymic)
      values (${R}, ${S}, '1', 1, '[]', 'Алиев', 'Рашид', 'Гасан оглы')`.execute(db);
    const row = await sql<{ family_name: string; given_name: string; patronymic: string; names: string[] }>`select family_name, given_name, patronymic, names from casualty_records`.execute(db);
    expect(row.rows[0]).toEqual({ family_name: 'Алиев', given_name: 'Рашид', patronymic: 'Гасан оглы', names: [] });
    await sql`insert into linkage_runs (id, source_ids, settings, state) values (${RUN}, '[]', '{}', 'done')`.execute(db);
    await sql`insert into persons (run_id, person_id, capture_history, record_count) values (${RUN}, 1, '1', 1)`.execute(db);
    await sql`insert into persons (run_id, person_id, capture_history, record_count, flags) values (${RUN}, 2, '1', 3, '["sex"]')`.execute(db);
    const flags = await sql<{ flags: string[] }>`select flags from persons order by person_id`.execute(db);
    expect(flags.rows.map((r) => r.flags)).toEqual([[], ['sex']]);
    await expect(sql`insert into casualty_records (id, source_id, source_record_id, version, names) values (gen_random_uuid(), ${S}, '2', 1, '{}')`.execute(db)).rejects.toThrow();

    expect((await migrator.migrateDown()).error).toBeUndefined();
    // the record without a whole name keeps its parts as one
    const names = await sql<{ names: string[] }>`select names from casualty_records`.execute(db);
    expect(names.rows[0].names).toEqual(['Алиев Рашид Гасан оглы']);
    const columns = await sql<{ n: number }>`select count(*)::int as n from information_schema.columns where table_schema = current_schema()
      and ((table_name = 'casualty_records' and column_name in ('given_name', 'family_name', 'patronymic')) or (table_name = 'persons' and column_name = 'flags'))`.execute(db);
    expect(columns.rows[0].n).toBe(0);
  });
});
