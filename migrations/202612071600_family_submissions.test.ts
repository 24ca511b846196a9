import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../src/server/db/connect.ts';
import { migratorFor } from '../src/server/db/migrate.ts';
import { openTestDatabase } from '../src/server/db/testing.ts';

describe('migration 202612071600_family_submissions', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase({ migrate: false });
  });
  afterAll(async () => handle.close());

  it('keeps one submission per form nonce, a reason for every rejection, one families\' source, and undoes cleanly', async () => {
    const migrator = await migratorFor(handle.db);
    expect((await migrator.migrateTo('202612071600_family_submissions')).error).toBeUndefined();
    const db = handle.db;
    const insert = (id: string, nonce: string, extra = sql``) =>
      sql`insert into family_submissions (id, kind, contact_sealed, form_nonce) values (${id}::uuid, 'missing_name', 'f1.x', ${nonce}) ${extra}`.execute(db);
    await insert('00000000-0000-4000-8000-000000000001', 'n1');
    const row = await sql<{ state: string; status: string; names: unknown }>`select state, status, names from family_submissions`.execute(db);
    expect(row.rows[0]).toEqual({ state: 'pending', status: 'unknown', names: [] });
    // the same signed form twice
    await expect(insert('00000000-0000-4000-8000-000000000002', 'n1')).rejects.toThrow();
    await expect(sql`insert into family_submissions (id, kind, contact_sealed, form_nonce) values (gen_random_uuid(), 'overwrite_source', 'f1.x', 'n3')`.execute(db)).rejects.toThrow();
    // decided without a time, rejected without a reason: refused
    await expect(sql`update family_submissions set state = 'rejected', decided_at = now()`.execute(db)).rejects.toThrow();
    await expect(sql`update family_submissions set state = 'accepted'`.execute(db)).rejects.toThrow();
    await sql`update family_submissions set state = 'rejected', decided_at = now(), reason = 'spam'`.execute(db);
    await sql`insert into casualty_sources (id, name) values ('00000000-0000-4000-8000-0000000000aa', 'Families')`.execute(db);
    await sql`insert into submission_settings (source_id) values ('00000000-0000-4000-8000-0000000000aa')`.execute(db);
    await expect(sql`insert into submission_settings (source_id) values ('00000000-0000-4000-8000-0000000000aa')`.execute(db)).rejects.toThrow();
    await expect(sql`insert into submission_settings (singleton, source_id) values (false, '00000000-0000-4000-8000-0000000000aa')`.execute(db)).rejects.toThrow();
    expect((await migrator.migrateDown()).error).toBeUndefined();
    const tables = await sql<{ n: number }>`select count(*)::int as n from information_schema.tables where table_schema = current_schema() and table_name in ('family_submissions', 'submission_settings')`.execute(db);
    expect(tables.rows[0].n).toBe(0);
  });
});
