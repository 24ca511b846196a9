import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../src/server/db/testing.ts';
import { migratorFor } from '../src/server/db/migrate.ts';
import type { DatabaseHandle } from '../src/server/db/connect.ts';

describe('migration 202611221100_accounts_and_audit', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase({ migrate: false });
  });
  afterAll(async () => handle.close());

  it('creates the account and audit tables, enforces roles and append-only audit, and undoes cleanly', async () => {
    const migrator = await migratorFor(handle.db);
    const up = await migrator.migrateTo('202611221100_accounts_and_audit');
    expect(up.error).toBeUndefined();
    const db = handle.db;

    await db
      .insertInto('users')
      .values({ id: '00000000-0000-4000-8000-000000000001', username: 'Ada', display_name: 'Ada', role: 'admin', password_hash: 'x', must_change_password: false, disabled: false, locale: null, last_login_at: null, password_changed_at: null })
      .execute();
    // Usernames are unique whatever their case.
    await expect(
      db.insertInto('users').values({ id: '00000000-0000-4000-8000-000000000002', username: 'ada', display_name: 'x', role: 'viewer', password_hash: 'x', must_change_password: false, disabled: false, locale: null, last_login_at: null, password_changed_at: null }).execute(),
    ).rejects.toThrow();
    await expect(
      sql`insert into users (id, username, display_name, role, password_hash) values ('00000000-0000-4000-8000-000000000003', 'bob', 'b', 'superuser', 'x')`.execute(db),
    ).rejects.toThrow();

    await db.insertInto('audit_events').values({ actor_id: null, actor_label: 'test', action: 'a', subject_type: 's', subject_id: null, details: '{}' }).execute();
    await expect(sql`update audit_events set action = 'changed'`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_events`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`truncate audit_events`.execute(db)).rejects.toThrow(/append-only/);

    const down = await migrator.migrateDown();
    expect(down.error).toBeUndefined();
    const tables = await sql<{ n: number }>`select count(*)::int as n from information_schema.tables where table_name in ('users','sessions','api_tokens','audit_events') and table_schema = current_schema()`.execute(db);
    expect(tables.rows[0].n).toBe(0);
  });
});
