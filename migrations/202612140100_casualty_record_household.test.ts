import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../src/server/db/testing.ts';
import { migratorFor } from '../src/server/db/migrate.ts';
import type { DatabaseHandle } from '../src/server/db/connect.ts';

describe('migration 202612140100_casualty_record_household', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase({ migrate: false });
  });
  afterAll(async () => handle.close());

  it('keeps relation, condition, occupation and parents on records, refuses empty or oversized values, and undoes cleanly', async () => {
    const migrator = await migratorFor(handle.db);
    expect((await migrator.migrateTo('202612140100_casualty_record_household')).error).toBeUndefined();
    const db = handle.db;
    const S = '00000000-0000-4000-8000-000000000001';
    await sql`insert into casualty_sources (id, name) values (${S}, 'Census 1851')`.execute(db);
    await sql`insert into casualty_records (id, source_id, source_record_id, version, names, relation, marital_condition, occupation, father_name, mother_name, maiden_name)
      values (gen_random_uuid(), ${S}, '1', 1, '["Ann Macdonald or Wallace"]', 'Wife', 'Mar', 'Domestic Servt', 'John Macdonald, Crofter', 'Ann Ferguson', 'Macdonald')`.execute(
      db,
    );
    // a record of a list without such columns
    await sql`insert into casualty_records (id, source_id, source_record_id, version, names) values (gen_random_uuid(), ${S}, '2', 1, '["Hugh Campbell"]')`.execute(
      db,
    );
    const rows = await sql<
      Record<string, string | null>
    >`select relation, marital_condition, occupation, father_name, mother_name, maiden_name from casualty_records order by source_record_id`.execute(db);
    expect(rows.rows).toEqual([
      {
        relation: 'Wife',
        marital_condition: 'Mar',
        occupation: 'Domestic Servt',
        father_name: 'John Macdonald, Crofter',
        mother_name: 'Ann Ferguson',
        maiden_name: 'Macdonald',
      },
      { relation: null, marital_condition: null, occupation: null, father_name: null, mother_name: null, maiden_name: null },
    ]);
    for (const column of ['relation', 'marital_condition', 'occupation', 'father_name', 'mother_name', 'maiden_name']) {
      // empty is null, not ''; a value is at most 500 characters
      await expect(
        sql`insert into casualty_records (id, source_id, source_record_id, version, names, ${sql.ref(column)}) values (gen_random_uuid(), ${S}, ${`e-${column}`}, 1, '[]', '')`.execute(
          db,
        ),
      ).rejects.toThrow();
      await expect(
        sql`insert into casualty_records (id, source_id, source_record_id, version, names, ${sql.ref(column)}) values (gen_random_uuid(), ${S}, ${`o-${column}`}, 1, '[]', ${'x'.repeat(501)})`.execute(
          db,
        ),
      ).rejects.toThrow();
    }
    await sql`insert into casualty_records (id, source_id, source_record_id, version, names, occupation) values (gen_random_uuid(), ${S}, '3', 1, '[]', ${'x'.repeat(500)})`.execute(
      db,
    );

    expect((await migrator.migrateDown()).error).toBeUndefined();
    const columns = await sql<{ n: number }>`select count(*)::int as n from information_schema.columns where table_schema = current_schema()
      and table_name = 'casualty_records' and column_name in ('relation', 'marital_condition', 'occupation', 'father_name', 'mother_name', 'maiden_name')`.execute(
      db,
    );
    expect(columns.rows[0].n).toBe(0);
    const kept = await sql<{ n: number }>`select count(*)::int as n from casualty_records`.execute(db);
    expect(kept.rows[0].n).toBe(3);
  });
});
