import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, relationExists } from '../src/server/db/testing.ts';
import { migratorFor } from '../src/server/db/migrate.ts';
import type { DatabaseHandle } from '../src/server/db/connect.ts';

describe('migration 202612071510_missing_persons', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase({ migrate: false });
  });
  afterAll(async () => handle.close());
  const exists = (name: string) => relationExists(handle.db, name);

  it('creates the tables, keeps competing claims side by side, refuses unknown statuses, half positions and empty sightings', async () => {
    const migrator = await migratorFor(handle.db);
    expect((await migrator.migrateTo('202612071510_missing_persons')).error).toBeUndefined();
    const source = (await sql<{ id: string }>`insert into casualty_sources (id, name) values (gen_random_uuid(), 'Missing list') returning id`.execute(handle.db)).rows[0].id;
    const record = (await sql<{ id: string }>`insert into casualty_records (id, source_id, source_record_id, version, names) values (gen_random_uuid(), ${source}, '1', 1, '["Tural Rzayev"]') returning id`.execute(handle.db)).rows[0].id;
    await sql`insert into missing_status_claims (id, record_id, status, status_date, reported_by) values (gen_random_uuid(), ${record}, 'missing', '1992-02-26', 'Family')`.execute(handle.db);
    await sql`insert into missing_status_claims (id, record_id, status, status_date, reported_by) values (gen_random_uuid(), ${record}, 'detained', '1992-03', 'Commission')`.execute(handle.db);
    expect((await sql<{ n: number }>`select count(*)::int as n from missing_status_claims where record_id = ${record}`.execute(handle.db)).rows[0].n).toBe(2);
    await expect(sql`insert into missing_status_claims (id, record_id, status, reported_by) values (gen_random_uuid(), ${record}, 'merged', 'X')`.execute(handle.db)).rejects.toThrow();
    await expect(sql`insert into missing_places (id, kind, name, latitude) values (gen_random_uuid(), 'burial_site', 'Half', 40.1)`.execute(handle.db)).rejects.toThrow();
    await expect(sql`insert into missing_last_seen (id, record_id, reported_by) values (gen_random_uuid(), ${record}, 'Family')`.execute(handle.db)).rejects.toThrow();
  });

  it('removes them again', async () => {
    const migrator = await migratorFor(handle.db);
    expect((await migrator.migrateTo('202612071500_memorial_store')).error).toBeUndefined();
    for (const t of ['missing_places', 'missing_status_claims', 'missing_last_seen', 'missing_identification']) expect(await exists(t)).toBe(false);
  });
});
