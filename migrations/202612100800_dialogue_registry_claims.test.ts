import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../src/server/db/connect.ts';
import { migratorFor } from '../src/server/db/migrate.ts';
import { openTestDatabase, relationExists } from '../src/server/db/testing.ts';

describe('migration 202612100800_dialogue_registry_claims', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase({ migrate: false });
    // an empty PGlite cluster costs several CPU-seconds, minutes on a loaded machine
  }, 600_000);
  afterAll(async () => handle.close());

  it('records one registry claim per statement, refuses a claim id twice, goes with its statement, and undoes cleanly', { timeout: 600_000 }, async () => {
    const migrator = await migratorFor(handle.db);
    expect((await migrator.migrateTo('202612100800_dialogue_registry_claims')).error).toBeUndefined();
    const [userId, conversation, first, second] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    await sql`insert into users (id, username, display_name, role, password_hash) values (${userId}, 'f', 'F', 'facilitator', 'x')`.execute(handle.db);
    await sql`insert into dialogue_conversations (id, topic, moderation, created_by) values (${conversation}, '{"en":"t"}', 'open', ${userId})`.execute(handle.db);
    for (const [id, tid] of [[first, 0], [second, 1]] as const) {
      await sql`insert into dialogue_statements (id, conversation_id, tid, author_user_id, text, language, moderation, seed) values (${id}, ${conversation}, ${tid}, ${userId}, ${`s${tid}`}, 'en', 'approved', true)`.execute(handle.db);
    }
    const record = (statement: string, claim: string, figures = '{"groups":[]}') =>
      sql`insert into dialogue_registry_claims (statement_id, conversation_id, claim_id, recorded_by, figures) values (${statement}, ${conversation}, ${claim}, ${userId}, ${figures}::jsonb)`.execute(handle.db);
    await record(first, 'dialogue-a');
    await expect(record(first, 'dialogue-b')).rejects.toThrow();
    await expect(record(second, 'dialogue-a')).rejects.toThrow();
    await expect(record(second, 'dialogue-c', '[1]')).rejects.toThrow();
    await sql`delete from dialogue_statements where id = ${first}`.execute(handle.db);
    expect((await sql<{ n: number }>`select count(*)::int as n from dialogue_registry_claims`.execute(handle.db)).rows[0].n).toBe(0);
    expect((await migrator.migrateTo('202612094000_dialogue_live_results')).error).toBeUndefined();
    expect(await relationExists(handle.db as never, 'dialogue_registry_claims')).toBe(false);
  });
});
