import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../src/server/db/testing.ts';
import { migratorFor } from '../src/server/db/migrate.ts';
import type { DatabaseHandle } from '../src/server/db/connect.ts';

const uuid = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

describe('migration 202612093000_dialogue_statement_evidence', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase({ migrate: false });
  });
  afterAll(async () => handle.close());

  it('adds an evidence card to statements, one statement per claim in a conversation, and removes it cleanly', async () => {
    const migrator = await migratorFor(handle.db);
    expect((await migrator.migrateTo('202612080900_rate_take')).error).toBeUndefined();
    const db = handle.db;
    await sql`insert into users (id, username, display_name, role, password_hash) values (${uuid(1)}, 'f', 'F', 'facilitator', 'x')`.execute(db);
    await sql`insert into dialogue_conversations (id, topic, moderation, created_by) values (${uuid(10)}, '{"en":"T"}', 'open', ${uuid(1)})`.execute(db);
    await sql`insert into dialogue_statements (id, conversation_id, tid, author_user_id, text, language) values (${uuid(40)}, ${uuid(10)}, 0, ${uuid(1)}, 'S', 'en')`.execute(db);

    expect((await migrator.migrateTo('202612093000_dialogue_statement_evidence')).error).toBeUndefined();
    const before = (await sql<{ evidence: unknown }>`select evidence from dialogue_statements where id = ${uuid(40)}`.execute(db)).rows[0];
    expect(before.evidence).toBeNull();
    await sql`update dialogue_statements set evidence = '{"claimId":"C01"}' where id = ${uuid(40)}`.execute(db);
    // an array is not a card; nor is a card of more than 64 KiB
    await expect(sql`update dialogue_statements set evidence = '[]' where id = ${uuid(40)}`.execute(db)).rejects.toThrow();
    await expect(sql`update dialogue_statements set evidence = ${JSON.stringify({ claimId: 'C01', note: 'x'.repeat(70_000) })}::jsonb where id = ${uuid(40)}`.execute(db)).rejects.toThrow();
    // the same claim twice in one conversation is refused
    await expect(
      sql`insert into dialogue_statements (id, conversation_id, tid, author_user_id, text, language, evidence) values (${uuid(41)}, ${uuid(10)}, 1, ${uuid(1)}, 'S2', 'en', '{"claimId":"C01"}')`.execute(db),
    ).rejects.toThrow();

    expect((await migrator.migrateTo('202612080900_rate_take')).error).toBeUndefined();
    const columns = await sql<{ n: number }>`select count(*)::int as n from information_schema.columns where table_schema = current_schema() and table_name = 'dialogue_statements' and column_name = 'evidence'`.execute(db);
    expect(columns.rows[0].n).toBe(0);
  });
});
