import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../src/server/db/connect.ts';
import { migratorFor } from '../src/server/db/migrate.ts';
import { openTestDatabase } from '../src/server/db/testing.ts';

describe('migration 202612071400_acknowledgment_acts', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase({ migrate: false });
  });
  afterAll(async () => handle.close());

  it('keeps every recognition act as kind = recognition, enforces kinds, and undoes cleanly', async () => {
    const migrator = await migratorFor(handle.db);
    const migrations = await migrator.getMigrations();
    const before = migrations.filter((m) => m.name < '202612071400_acknowledgment_acts').at(-1)!.name;
    expect((await migrator.migrateTo(before)).error).toBeUndefined();
    const db = handle.db;
    const run = (q: ReturnType<typeof sql>) => q.execute(db);
    await run(sql`insert into registry_sources (id, publisher, title, kind) values ('S1', 'P', 'T', 'news')`);
    await run(sql`insert into registry_actors (id, name, type, classification) values ('A1', 'Body', 'organization', 'legislature'), ('CRT', 'Court', 'organization', 'court')`);
    for (let i = 1; i <= 25; i++) {
      const id = `R${String(i).padStart(2, '0')}`;
      await run(sql`insert into registry_recognition_acts (id, body_id, level, verification, terms, term, published) values (${id}, 'A1', 'national-legislature', 'reported', '["genocide"]', ${`term ${i}`}, ${i % 2 === 0})`);
      await run(sql`insert into registry_act_sources (act_id, source_id, position) values (${id}, 'S1', 0)`);
    }
    const snapshot = async () => (await sql<Record<string, unknown>>`select id, body_id, level, verification, terms, term, published from registry_recognition_acts order by id`.execute(db)).rows;
    const rowsBefore = await snapshot();

    expect((await migrator.migrateTo('202612071400_acknowledgment_acts')).error).toBeUndefined();
    expect(await snapshot()).toEqual(rowsBefore);
    const kinds = await sql<{ kind: string; n: number }>`select kind, count(*)::int as n from registry_recognition_acts group by kind`.execute(db);
    expect(kinds.rows).toEqual([{ kind: 'recognition', n: 25 }]);
    const sources = await sql<{ n: number }>`select count(*)::int as n from registry_act_sources`.execute(db);
    expect(sources.rows[0].n).toBe(25);

    await run(sql`insert into registry_recognition_acts (id, kind, body_id, level, verification, court_id, roles) values ('P1', 'indictment', 'CRT', 'court', 'reported', 'CRT', '[{"actorId":"A1","role":"accused"}]')`);
    await expect(run(sql`insert into registry_recognition_acts (id, kind, body_id, level, verification) values ('X1', 'praise', 'A1', 'other', 'reported')`)).rejects.toThrow();
    await expect(run(sql`insert into registry_recognition_acts (id, kind, body_id, level, verification, court_id) values ('X2', 'trial', 'A1', 'other', 'reported', 'NOPE')`)).rejects.toThrow();
    await expect(run(sql`insert into registry_recognition_acts (id, kind, body_id, level, verification, roles) values ('X3', 'trial', 'A1', 'other', 'reported', '{}')`)).rejects.toThrow();

    expect((await migrator.migrateTo(before)).error).toBeUndefined();
    const columns = await sql<{ n: number }>`select count(*)::int as n from information_schema.columns where table_schema = current_schema() and table_name = 'registry_recognition_acts' and column_name in ('kind', 'court_id', 'roles')`.execute(db);
    expect(columns.rows[0].n).toBe(0);
    const count = await sql<{ n: number }>`select count(*)::int as n from registry_recognition_acts`.execute(db);
    expect(count.rows[0].n).toBe(26);
  });
});
