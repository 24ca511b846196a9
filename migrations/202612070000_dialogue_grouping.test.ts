import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../src/server/db/testing.ts';
import { migratorFor } from '../src/server/db/migrate.ts';
import type { DatabaseHandle } from '../src/server/db/connect.ts';

const uuid = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

describe('migration 202612070000_dialogue_grouping', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase({ migrate: false });
  });
  afterAll(async () => handle.close());

  it("adds grouping ('default' for existing conversations), refuses other values, and removes it cleanly", async () => {
    const migrator = await migratorFor(handle.db);
    expect((await migrator.migrateTo('202611221700_dialogue_report_public')).error).toBeUndefined();
    const db = handle.db;
    await sql`insert into users (id, username, display_name, role, password_hash) values (${uuid(1)}, 'f', 'F', 'facilitator', 'x')`.execute(db);
    await sql`insert into dialogue_conversations (id, topic, moderation, created_by) values (${uuid(10)}, '{"en":"Before"}', 'open', ${uuid(1)})`.execute(db);

    expect((await migrator.migrateTo('202612070000_dialogue_grouping')).error).toBeUndefined();
    await sql`insert into dialogue_conversations (id, topic, moderation, created_by, grouping_mode) values (${uuid(11)}, '{"en":"After"}', 'open', ${uuid(1)}, 'polis')`.execute(db);
    const rows = (await sql<{ id: string; grouping_mode: string }>`select id, grouping_mode from dialogue_conversations order by id`.execute(db)).rows;
    expect(rows).toEqual([
      { id: uuid(10), grouping_mode: 'default' },
      { id: uuid(11), grouping_mode: 'polis' },
    ]);
    await expect(sql`update dialogue_conversations set grouping_mode = 'kmeans' where id = ${uuid(11)}`.execute(db)).rejects.toThrow();
    await expect(sql`update dialogue_conversations set grouping_mode = null where id = ${uuid(11)}`.execute(db)).rejects.toThrow();

    expect((await migrator.migrateTo('202611221700_dialogue_report_public')).error).toBeUndefined();
    const columns = await sql<{ n: number }>`select count(*)::int as n from information_schema.columns where table_schema = current_schema() and table_name = 'dialogue_conversations' and column_name = 'grouping_mode'`.execute(db);
    expect(columns.rows[0].n).toBe(0);
  });
});
