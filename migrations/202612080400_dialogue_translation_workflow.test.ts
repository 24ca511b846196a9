import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, relationExists } from '../src/server/db/testing.ts';
import { migratorFor } from '../src/server/db/migrate.ts';
import type { DatabaseHandle } from '../src/server/db/connect.ts';

const uuid = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

describe('migration 202612080400_dialogue_translation_workflow', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase({ migrate: false });
  });
  afterAll(async () => handle.close());

  it('adds community languages, machine translations, rejection reasons and unreadable marks, and removes them cleanly', async () => {
    const migrator = await migratorFor(handle.db);
    expect((await migrator.migrateTo('202612070000_dialogue_grouping')).error).toBeUndefined();
    const db = handle.db;
    await sql`insert into users (id, username, display_name, role, password_hash) values (${uuid(1)}, 'f', 'F', 'facilitator', 'x')`.execute(db);
    for (const c of [10, 11]) {
      await sql`insert into dialogue_conversations (id, topic, moderation, created_by) values (${uuid(c)}, '{"en":"T"}', 'open', ${uuid(1)})`.execute(db);
      await sql`insert into dialogue_communities (id, conversation_id, name, invitation_hash) values (${uuid(c + 10)}, ${uuid(c)}, '{"en":"C"}', ${String(c).repeat(32)})`.execute(db);
      await sql`insert into dialogue_participants (id, conversation_id, pid, community_id, token_hash) values (${uuid(c + 20)}, ${uuid(c)}, 0, ${uuid(c + 10)}, ${String(c + 50).repeat(32)})`.execute(db);
      await sql`insert into dialogue_statements (id, conversation_id, tid, author_user_id, text, language) values (${uuid(c + 30)}, ${uuid(c)}, 0, ${uuid(1)}, 'S', 'en')`.execute(db);
    }

    expect((await migrator.migrateTo('202612080400_dialogue_translation_workflow')).error).toBeUndefined();
    const community = (await sql<{ languages: unknown }>`select languages from dialogue_communities where id = ${uuid(20)}`.execute(db)).rows[0];
    expect(community.languages).toEqual([]);
    const statement = (await sql<Record<string, unknown>>`select machine_translations, machine_translation_failures, moderation_reason from dialogue_statements where id = ${uuid(40)}`.execute(db)).rows[0];
    expect(statement).toEqual({ machine_translations: {}, machine_translation_failures: {}, moderation_reason: null });
    await expect(sql`update dialogue_communities set languages = '{"hy":1}' where id = ${uuid(20)}`.execute(db)).rejects.toThrow();
    await expect(sql`update dialogue_statements set machine_translations = '[]' where id = ${uuid(40)}`.execute(db)).rejects.toThrow();
    await expect(sql`update dialogue_statements set moderation_reason = ${'x'.repeat(501)} where id = ${uuid(40)}`.execute(db)).rejects.toThrow();

    await sql`insert into dialogue_unreadable (conversation_id, participant_id, statement_id, language) values (${uuid(10)}, ${uuid(30)}, ${uuid(40)}, 'hy')`.execute(db);
    // once per participant and statement
    await expect(sql`insert into dialogue_unreadable (conversation_id, participant_id, statement_id, language) values (${uuid(10)}, ${uuid(30)}, ${uuid(40)}, 'hy')`.execute(db)).rejects.toThrow();
    // a participant of one conversation cannot mark a statement of another
    await expect(sql`insert into dialogue_unreadable (conversation_id, participant_id, statement_id, language) values (${uuid(10)}, ${uuid(30)}, ${uuid(41)}, 'hy')`.execute(db)).rejects.toThrow();

    expect((await migrator.migrateTo('202612070000_dialogue_grouping')).error).toBeUndefined();
    expect(await relationExists(db, 'dialogue_unreadable')).toBe(false);
    const columns = await sql<{ n: number }>`select count(*)::int as n from information_schema.columns where table_schema = current_schema() and column_name in ('languages', 'machine_translations', 'machine_translation_failures', 'moderation_reason') and table_name like 'dialogue_%'`.execute(db);
    expect(columns.rows[0].n).toBe(0);
  });
});
