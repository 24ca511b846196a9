import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../src/server/db/testing.ts';
import { migratorFor } from '../src/server/db/migrate.ts';
import type { DatabaseHandle } from '../src/server/db/connect.ts';

describe('migration 202611221500_ledger_timestamps', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase({ migrate: false });
  });
  afterAll(async () => handle.close());

  it('keeps existing checkpoints, stores one append-only token per checkpoint, logs attempts, and undoes cleanly', async () => {
    const migrator = await migratorFor(handle.db);
    const names = (await migrator.getMigrations()).map((m) => m.name);
    const before = names[names.indexOf('202611221500_ledger_timestamps') - 1];
    expect((await migrator.migrateTo(before)).error).toBeUndefined();
    await sql`insert into ledger_checkpoints (size, root_hash, note, key_id) values (0, '\\x00', 'note', 'k')`.execute(handle.db);
    expect((await migrator.migrateTo('202611221500_ledger_timestamps')).error).toBeUndefined();

    const cp = await sql<{ id: string; note: string }>`select id, note from ledger_checkpoints`.execute(handle.db);
    expect(cp.rows).toHaveLength(1);
    expect(cp.rows[0].note).toBe('note');
    const columns = await sql<{ column_name: string }>`select column_name from information_schema.columns
      where table_name = 'ledger_checkpoints' and table_schema = current_schema()`.execute(handle.db);
    expect(columns.rows.map((r) => r.column_name)).not.toContain('timestamp_token');

    const id = cp.rows[0].id;
    await sql`insert into ledger_timestamp_attempts (checkpoint_id, authority, error) values (${id}, 'http://tsa', 'down')`.execute(handle.db);
    await sql`insert into ledger_timestamps (checkpoint_id, authority, token, gen_time) values (${id}, 'http://tsa', '\\x3000', now())`.execute(handle.db);
    await expect(sql`insert into ledger_timestamps (checkpoint_id, authority, token, gen_time) values (${id}, 'http://tsa', '\\x3000', now())`.execute(handle.db)).rejects.toThrow();
    await expect(sql`insert into ledger_timestamps (checkpoint_id, authority, token, gen_time) values (999, 'http://tsa', '\\x3000', now())`.execute(handle.db)).rejects.toThrow();
    await expect(sql`update ledger_timestamps set token = '\\x00'`.execute(handle.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from ledger_timestamps`.execute(handle.db)).rejects.toThrow(/append-only/);

    expect((await migrator.migrateTo(before)).error).toBeUndefined();
    const tables = await sql<{ n: number }>`select count(*)::int as n from information_schema.tables where table_name like 'ledger_timestamp%' and table_schema = current_schema()`.execute(handle.db);
    expect(tables.rows[0].n).toBe(0);
    const back = await sql<{ n: number }>`select count(*)::int as n from information_schema.columns where table_name = 'ledger_checkpoints' and column_name = 'timestamp_token' and table_schema = current_schema()`.execute(handle.db);
    expect(back.rows[0].n).toBe(1);
  });
});
