import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../src/server/db/testing.ts';
import { migratorFor } from '../src/server/db/migrate.ts';
import type { DatabaseHandle } from '../src/server/db/connect.ts';

describe('migration 202612062200_estimate_convergence_override', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase({ migrate: false });
  });
  afterAll(async () => handle.close());

  it('adds the convergence override and a report version, keeps old estimates as version 1, and undoes cleanly', async () => {
    const migrator = await migratorFor(handle.db);
    expect((await migrator.migrateTo('202611221320_estimates')).error).toBeUndefined();
    const db = handle.db;
    const sha = 'b'.repeat(64);
    // An estimate stored before the migration, in the old report shape.
    await sql`insert into estimates (title, input_kind, input_csv, input_sha256, state, result) values ('old', 'table', 'A,B,count', ${sha}, 'done', ${JSON.stringify({ total: [{ method: 'lcmcr', estimate: 10, diagnostics: { rhat: 1.2, ess: 18 } }] })})`.execute(db);
    expect((await migrator.migrateTo('202612062200_estimate_convergence_override')).error).toBeUndefined();
    const [old] = (await sql<{ report_version: number; convergence_override: string | null; title: string; result: { total: unknown[] } }>`select report_version, convergence_override, title, result from estimates`.execute(db)).rows;
    expect(old.report_version).toBe(1);
    expect(old.convergence_override).toBeNull();
    expect((await sql<{ converged: boolean | null }>`select converged from estimates`.execute(db)).rows[0].converged).toBeNull();
    expect(old.result.total).toHaveLength(1);

    await sql`update estimates set convergence_override = 'reviewed the trace plots by hand', convergence_override_by = 'u1', convergence_override_at = now() where title = 'old'`.execute(db);
    // An override without its author or time, or with a too-short reason, is refused by the database itself.
    await expect(sql`update estimates set convergence_override_by = null where title = 'old'`.execute(db)).rejects.toThrow();
    await expect(sql`update estimates set convergence_override = 'short' where title = 'old'`.execute(db)).rejects.toThrow();
    await expect(sql`insert into estimates (title, input_kind, input_csv, input_sha256, convergence_override) values ('t', 'table', 'x', ${sha}, 'a reason but no author')`.execute(db)).rejects.toThrow();
    await expect(sql`insert into estimates (title, input_kind, input_csv, input_sha256, report_version) values ('t', 'table', 'x', ${sha}, 3)`.execute(db)).rejects.toThrow();

    expect((await migrator.migrateTo('202611221320_estimates')).error).toBeUndefined();
    const columns = await sql<{ column_name: string }>`select column_name from information_schema.columns where table_name = 'estimates' and table_schema = current_schema()`.execute(db);
    const names = columns.rows.map((r) => r.column_name);
    expect(names).not.toContain('convergence_override');
    expect(names).not.toContain('report_version');
    expect(names).not.toContain('converged');
    const [kept] = (await sql<{ title: string }>`select title from estimates`.execute(db)).rows;
    expect(kept.title).toBe('old');
    expect((await migrator.migrateTo('202612062200_estimate_convergence_override')).error).toBeUndefined();
  });
});
