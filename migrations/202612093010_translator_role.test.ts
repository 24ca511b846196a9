import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../src/server/db/connect.ts';
import { migratorFor } from '../src/server/db/migrate.ts';
import { openTestDatabase } from '../src/server/db/testing.ts';

describe('migration 202612093010_translator_role', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase({ migrate: false });
  });
  afterAll(async () => handle.close());

  const addUser = (name: string, role: string) =>
    sql`insert into users (id, username, display_name, role, password_hash) values (gen_random_uuid(), ${name}, ${name}, ${role}, 'x')`.execute(handle.db);
  const roles = async () => (await sql<{ role: string }>`select role from users order by username`.execute(handle.db)).rows.map((r) => r.role);

  it('admits the translator role beside the moderator, keeps every account, and undoes only when no account holds it', async () => {
    const migrator = await migratorFor(handle.db);
    expect((await migrator.migrateTo('202612093000_dialogue_statement_evidence')).error).toBeUndefined();
    await addUser('mo', 'moderator');
    await expect(addUser('tr', 'translator')).rejects.toThrow(/users_role_check/);
    expect((await migrator.migrateTo('202612093010_translator_role')).error).toBeUndefined();
    await addUser('tr', 'translator');
    await addUser('mo2', 'moderator');
    await expect(addUser('xx', 'owner')).rejects.toThrow(/users_role_check/);
    expect(await roles()).toEqual(['moderator', 'moderator', 'translator']);
    const refused = await migrator.migrateDown();
    expect(String(refused.error)).toMatch(/1 account\(s\) hold the translator role/);
    expect(await roles()).toEqual(['moderator', 'moderator', 'translator']);
    await sql`update users set role = 'viewer' where username = 'tr'`.execute(handle.db);
    expect((await migrator.migrateDown()).error).toBeUndefined();
    await expect(addUser('tr2', 'translator')).rejects.toThrow(/users_role_check/);
    await addUser('mo3', 'moderator');
  });
});
