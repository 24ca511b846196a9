import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../src/server/db/testing.ts';
import { migratorFor } from '../src/server/db/migrate.ts';
import type { DatabaseHandle } from '../src/server/db/connect.ts';

describe('migration 202611221300_ledger', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase({ migrate: false });
  });
  afterAll(async () => handle.close());

  it('chains the audit events recorded before it, keeps its tables append-only, and undoes cleanly', async () => {
    const migrator = await migratorFor(handle.db);
    const names = (await migrator.getMigrations()).map((m) => m.name);
    const before = names[names.indexOf('202611221300_ledger') - 1];
    expect((await migrator.migrateTo(before)).error).toBeUndefined();
    for (let i = 0; i < 5; i++) {
      await sql`insert into audit_events (actor_label, action, subject_type, subject_id) values ('old', 'legacy.event', 'thing', ${String(i)})`.execute(handle.db);
    }
    expect((await migrator.migrateTo('202611221300_ledger')).error).toBeUndefined();
    const entries = await sql<{ n: number }>`select count(*)::int as n from ledger_entries`.execute(handle.db);
    expect(entries.rows[0].n).toBe(5);
    await expect(sql`delete from ledger_nodes`.execute(handle.db)).rejects.toThrow(/append-only/);
    await expect(sql`update ledger_entries set entry = '{}'`.execute(handle.db)).rejects.toThrow(/append-only/);
    expect((await migrator.migrateTo(before)).error).toBeUndefined();
    const tables = await sql<{ n: number }>`select count(*)::int as n from information_schema.tables where table_name like 'ledger_%' and table_schema = current_schema()`.execute(handle.db);
    expect(tables.rows[0].n).toBe(0);
  });
});
