import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../src/server/db/testing.ts';
import { migratorFor } from '../src/server/db/migrate.ts';
import type { DatabaseHandle } from '../src/server/db/connect.ts';

const uuid = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const hash = (c: string) => c.repeat(64);

describe('migration 202611221340_dialogue', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase({ migrate: false });
  });
  afterAll(async () => handle.close());

  it('creates the dialogue tables with their constraints, and undoes cleanly', async () => {
    const migrator = await migratorFor(handle.db);
    expect((await migrator.migrateTo('202611221340_dialogue')).error).toBeUndefined();
    const db = handle.db;
    const run = (q: ReturnType<typeof sql>) => q.execute(db);

    const user = uuid(1);
    await run(sql`insert into users (id, username, display_name, role, password_hash) values (${user}, 'f', 'F', 'facilitator', 'x')`);
    const conv = uuid(10);
    const other = uuid(11);
    await run(sql`insert into dialogue_conversations (id, topic, moderation, created_by) values (${conv}, '{"en":"Water"}', 'strict', ${user})`);
    await run(sql`insert into dialogue_conversations (id, topic, moderation, created_by) values (${other}, '{"en":"Roads"}', 'open', ${user})`);
    const [row] = (await sql<{ state: string; min_group_size: number }>`select state, min_group_size from dialogue_conversations where id = ${conv}`.execute(db)).rows;
    expect(row).toEqual({ state: 'open', min_group_size: 5 });
    // Unknown moderation or state, a topic that is not an object, a group size of zero.
    await expect(run(sql`insert into dialogue_conversations (id, topic, moderation, created_by) values (${uuid(12)}, '{"en":"x"}', 'none', ${user})`)).rejects.toThrow();
    await expect(run(sql`update dialogue_conversations set state = 'archived' where id = ${conv}`)).rejects.toThrow();
    await expect(run(sql`insert into dialogue_conversations (id, topic, moderation, created_by) values (${uuid(13)}, '"Water"', 'open', ${user})`)).rejects.toThrow();
    await expect(run(sql`insert into dialogue_conversations (id, topic, moderation, created_by, min_group_size) values (${uuid(14)}, '{}', 'open', ${user}, 0)`)).rejects.toThrow();

    const community = uuid(20);
    const otherCommunity = uuid(21);
    await run(sql`insert into dialogue_communities (id, conversation_id, name, invitation_hash) values (${community}, ${conv}, '{"en":"A"}', ${hash('a')})`);
    await run(sql`insert into dialogue_communities (id, conversation_id, name, invitation_hash) values (${otherCommunity}, ${other}, '{"en":"B"}', ${hash('b')})`);
    // Invitation hashes are unique and must look like SHA-256 hex, never a raw token.
    await expect(run(sql`insert into dialogue_communities (id, conversation_id, name, invitation_hash) values (${uuid(22)}, ${conv}, '{}', ${hash('a')})`)).rejects.toThrow();
    await expect(run(sql`insert into dialogue_communities (id, conversation_id, name, invitation_hash) values (${uuid(23)}, ${conv}, '{}', 'raw-token')`)).rejects.toThrow();

    const alice = uuid(30);
    await run(sql`insert into dialogue_participants (id, conversation_id, pid, community_id, token_hash, external_id) values (${alice}, ${conv}, 0, ${community}, ${hash('c')}, 'x-1')`);
    // A community of another conversation, a reused pid, a reused external id.
    await expect(run(sql`insert into dialogue_participants (id, conversation_id, pid, community_id, token_hash) values (${uuid(31)}, ${conv}, 1, ${otherCommunity}, ${hash('d')})`)).rejects.toThrow();
    await expect(run(sql`insert into dialogue_participants (id, conversation_id, pid, community_id, token_hash) values (${uuid(32)}, ${conv}, 0, ${community}, ${hash('e')})`)).rejects.toThrow();
    await expect(run(sql`insert into dialogue_participants (id, conversation_id, pid, community_id, token_hash, external_id) values (${uuid(33)}, ${conv}, 2, ${community}, ${hash('f')}, 'x-1')`)).rejects.toThrow();

    const seed = uuid(40);
    const own = uuid(41);
    await run(sql`insert into dialogue_statements (id, conversation_id, tid, author_user_id, text, language, seed, moderation) values (${seed}, ${conv}, 0, ${user}, 'Clean water first', 'en', true, 'approved')`);
    await run(sql`insert into dialogue_statements (id, conversation_id, tid, author_participant_id, text, language) values (${own}, ${conv}, 1, ${alice}, 'Roads first', 'en')`);
    // No author, two authors, a participant-written seed, blank text, an odd language tag, an unknown moderation state, a reused tid.
    await expect(run(sql`insert into dialogue_statements (id, conversation_id, tid, text, language) values (${uuid(42)}, ${conv}, 2, 'x', 'en')`)).rejects.toThrow();
    await expect(run(sql`insert into dialogue_statements (id, conversation_id, tid, author_user_id, author_participant_id, text, language) values (${uuid(43)}, ${conv}, 3, ${user}, ${alice}, 'x', 'en')`)).rejects.toThrow();
    await expect(run(sql`insert into dialogue_statements (id, conversation_id, tid, author_participant_id, text, language, seed) values (${uuid(44)}, ${conv}, 4, ${alice}, 'x', 'en', true)`)).rejects.toThrow();
    await expect(run(sql`insert into dialogue_statements (id, conversation_id, tid, author_user_id, text, language) values (${uuid(45)}, ${conv}, 5, ${user}, '   ', 'en')`)).rejects.toThrow();
    await expect(run(sql`insert into dialogue_statements (id, conversation_id, tid, author_user_id, text, language) values (${uuid(46)}, ${conv}, 6, ${user}, 'x', 'English; drop table')`)).rejects.toThrow();
    await expect(run(sql`update dialogue_statements set moderation = 'hidden' where id = ${own}`)).rejects.toThrow();
    await expect(run(sql`insert into dialogue_statements (id, conversation_id, tid, author_user_id, text, language) values (${uuid(47)}, ${conv}, 0, ${user}, 'x', 'en')`)).rejects.toThrow();
    // A participant of this conversation cannot author in another one.
    await expect(run(sql`insert into dialogue_statements (id, conversation_id, tid, author_participant_id, text, language) values (${uuid(48)}, ${other}, 0, ${alice}, 'x', 'en')`)).rejects.toThrow();

    await run(sql`insert into dialogue_votes (conversation_id, participant_id, statement_id, value) values (${conv}, ${alice}, ${seed}, 1)`);
    // The latest vote replaces the earlier one; a second row for the same pair is refused.
    await expect(run(sql`insert into dialogue_votes (conversation_id, participant_id, statement_id, value) values (${conv}, ${alice}, ${seed}, -1)`)).rejects.toThrow();
    await run(sql`insert into dialogue_votes (conversation_id, participant_id, statement_id, value) values (${conv}, ${alice}, ${seed}, -1) on conflict (participant_id, statement_id) do update set value = excluded.value, updated_at = now()`);
    const votes = (await sql<{ value: number }>`select value from dialogue_votes`.execute(db)).rows;
    expect(votes).toEqual([{ value: -1 }]);
    await expect(run(sql`insert into dialogue_votes (conversation_id, participant_id, statement_id, value) values (${conv}, ${alice}, ${own}, 2)`)).rejects.toThrow();
    await expect(run(sql`insert into dialogue_votes (conversation_id, participant_id, statement_id, value) values (${other}, ${alice}, ${seed}, 1)`)).rejects.toThrow();

    expect((await migrator.migrateDown()).error).toBeUndefined();
    const left = await sql<{ n: number }>`select count(*)::int as n from information_schema.tables where table_schema = current_schema() and table_name like 'dialogue\_%'`.execute(db);
    expect(left.rows[0].n).toBe(0);
  });
});
