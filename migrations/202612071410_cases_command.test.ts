import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../src/server/db/connect.ts';
import { migratorFor } from '../src/server/db/migrate.ts';
import { openTestDatabase } from '../src/server/db/testing.ts';

describe('migration 202612071410_cases_command', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase({ migrate: false });
  });
  afterAll(async () => handle.close());

  it('stores entities and dated, sourced relations, refuses bad dates, self relations and unknown ends, and undoes cleanly', async () => {
    const migrator = await migratorFor(handle.db);
    const migrations = await migrator.getMigrations();
    const before = migrations.filter((m) => m.name < '202612071410_cases_command').at(-1)!.name;
    expect((await migrator.migrateTo('202612071410_cases_command')).error).toBeUndefined();
    const db = handle.db;
    const run = (q: ReturnType<typeof sql>) => q.execute(db);
    await run(sql`insert into registry_sources (id, publisher, title, kind) values ('S1', 'P', 'T', 'news')`);
    await run(sql`insert into cases_command_entities (id, kind, name) values ('U1', 'unit', 'Unit'), ('U2', 'unit', 'Unit 2'), ('P1', 'person', 'Person')`);
    await run(sql`insert into cases_command_relations (id, kind, from_id, to_id, start_date, end_date) values ('R1', 'subordinate-to', 'U1', 'U2', '1992-02', null)`);
    await run(sql`insert into cases_command_relation_sources (relation_id, source_id, position) values ('R1', 'S1', 0)`);
    await expect(run(sql`insert into cases_command_entities (id, kind, name) values ('X1', 'brigade', 'x')`)).rejects.toThrow();
    await expect(run(sql`insert into cases_command_entities (id, kind, name) values ('../x', 'unit', 'x')`)).rejects.toThrow();
    await expect(run(sql`insert into cases_command_relations (id, kind, from_id, to_id, start_date) values ('R2', 'commands', 'P1', 'U1', '26/02/1992')`)).rejects.toThrow();
    await expect(run(sql`insert into cases_command_relations (id, kind, from_id, to_id) values ('R3', 'subordinate-to', 'U1', 'U1')`)).rejects.toThrow();
    await expect(run(sql`insert into cases_command_relations (id, kind, from_id, to_id) values ('R4', 'commands', 'NOPE', 'U1')`)).rejects.toThrow();
    await expect(run(sql`insert into cases_command_relation_sources (relation_id, source_id, position) values ('R1', 'NOPE', 1)`)).rejects.toThrow();
    expect((await migrator.migrateTo(before)).error).toBeUndefined();
    const tables = await sql<{ n: number }>`select count(*)::int as n from information_schema.tables where table_schema = current_schema() and table_name like 'cases_command%'`.execute(db);
    expect(tables.rows[0].n).toBe(0);
  });
});
