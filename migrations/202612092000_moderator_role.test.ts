import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../src/server/db/connect.ts';
import { migratorFor } from '../src/server/db/migrate.ts';
import { openTestDatabase } from '../src/server/db/testing.ts';

describe('migration 202612092000_moderator_role', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase({ migrate: false });
  });
  afterAll(async () => handle.close());

  const addUser = (name: string, role: string) =>
    sql`insert into users (id, username, display_name, role, password_hash) values (gen_random_uuid(), ${name}, ${name}, ${role}, 'x')`.execute(handle.db);
  const roles = async () => (await sql<{ username: string; role: string }>`select username, role from users order by username`.execute(handle.db)).rows;

  it('admits the moderator role, keeps every existing account, and undoes only when no account holds it', async () => {
    const migrator = await migratorFor(handle.db);
    expect((await migrator.migrateTo('202612092000_moderator_role')).error).toBeUndefined();
    expect((await migrator.migrateDown()).error).toBeUndefined();
    await addUser('ed', 'editor');
    await expect(addUser('mo', 'moderator')).rejects.toThrow(/users_role_check/);
    expect((await migrator.migrateTo('202612092000_moderator_role')).error).toBeUndefined();
    await addUser('mo', 'moderator');
    await expect(addUser('xx', 'owner')).rejects.toThrow(/users_role_check/);
    expect(await roles()).toEqual([
      { username: 'ed', role: 'editor' },
      { username: 'mo', role: 'moderator' },
    ]);
    // Undoing while a moderator exists stops with the reason and changes nobody's role.
    const refused = await migrator.migrateDown();
    expect(String(refused.error)).toMatch(/1 account\(s\) hold the moderator role/);
    expect((await roles()).map((r) => r.role)).toEqual(['editor', 'moderator']);
    await sql`update users set role = 'viewer' where username = 'mo'`.execute(handle.db);
    expect((await migrator.migrateDown()).error).toBeUndefined();
    await expect(addUser('mo2', 'moderator')).rejects.toThrow(/users_role_check/);
  });
});
