import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../src/server/db/connect.ts';
import { migratorFor } from '../src/server/db/migrate.ts';
import { openTestDatabase, relationExists } from '../src/server/db/testing.ts';

describe('migration 202612094000_dialogue_live_results', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase({ migrate: false });
  });
  afterAll(async () => handle.close());

  it('keeps one result per conversation, goes with its conversation, and undoes cleanly', async () => {
    const migrator = await migratorFor(handle.db);
    expect((await migrator.migrateTo('202612094000_dialogue_live_results')).error).toBeUndefined();
    const [userId, id] = [randomUUID(), randomUUID()];
    await sql`insert into users (id, username, display_name, role, password_hash) values (${userId}, 'f', 'F', 'facilitator', 'x')`.execute(handle.db);
    await sql`insert into dialogue_conversations (id, topic, moderation, created_by) values (${id}, '{"en":"t"}', 'open', ${userId})`.execute(handle.db);
    await sql`insert into dialogue_live_results (conversation_id, version, result) values (${id}, 1, ${Buffer.from([1, 2, 3])})`.execute(handle.db);
    await expect(sql`insert into dialogue_live_results (conversation_id, version) values (${id}, 2)`.execute(handle.db)).rejects.toThrow();
    const row = await sql<{ version: number; result: Buffer }>`select version, result from dialogue_live_results`.execute(handle.db);
    expect(row.rows[0].version).toBe(1);
    expect([...row.rows[0].result]).toEqual([1, 2, 3]);
    await sql`delete from dialogue_conversations where id = ${id}`.execute(handle.db);
    expect((await sql<{ n: number }>`select count(*)::int as n from dialogue_live_results`.execute(handle.db)).rows[0].n).toBe(0);
    expect((await migrator.migrateTo('202612080900_rate_take')).error).toBeUndefined();
    expect(await relationExists(handle.db as never, 'dialogue_live_results')).toBe(false);
  });
});
