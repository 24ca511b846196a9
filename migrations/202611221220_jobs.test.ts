import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../src/server/db/testing.ts';
import { migratorFor } from '../src/server/db/migrate.ts';
import type { DatabaseHandle } from '../src/server/db/connect.ts';

describe('migrations 202611221220_jobs and 202611221225_extractions', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase({ migrate: false });
  });
  afterAll(async () => handle.close());

  it('create the jobs and extractions tables with their constraints, and undo cleanly', async () => {
    const migrator = await migratorFor(handle.db);
    expect((await migrator.migrateTo('202611221225_extractions')).error).toBeUndefined();
    const db = handle.db;

    await sql`insert into jobs (kind, payload) values ('extract', '{"sha256":"x"}')`.execute(db);
    const [job] = (await sql<{ state: string; attempts: number; max_attempts: number }>`select state, attempts, max_attempts from jobs`.execute(db)).rows;
    expect(job).toEqual({ state: 'queued', attempts: 0, max_attempts: 3 });
    await expect(sql`insert into jobs (kind, state) values ('x', 'exploded')`.execute(db)).rejects.toThrow();
    await expect(sql`insert into jobs (kind) values ('')`.execute(db)).rejects.toThrow();
    await expect(sql`insert into jobs (kind, max_attempts) values ('x', 0)`.execute(db)).rejects.toThrow();
    // A running job must hold a lease, or no runner could ever take it back.
    await expect(sql`insert into jobs (kind, state) values ('x', 'running')`.execute(db)).rejects.toThrow();

    const sha = 'a'.repeat(64);
    await sql`insert into extractions (blob_sha256, extractor, state) values (${sha}, 'pdf-text', 'pending')`.execute(db);
    await expect(sql`insert into extractions (blob_sha256, extractor, state) values (${sha}, 'pdf-text', 'done')`.execute(db)).rejects.toThrow();
    await expect(sql`insert into extractions (blob_sha256, extractor, state) values ('not-a-hash', 'pdf-text', 'done')`.execute(db)).rejects.toThrow();
    await expect(sql`insert into extractions (blob_sha256, extractor, state) values (${sha}, 'Bad Name; drop', 'done')`.execute(db)).rejects.toThrow();
    await expect(sql`insert into extractions (blob_sha256, extractor, state) values (${sha}, 'ocr', 'finished')`.execute(db)).rejects.toThrow();
    // A failure always carries its reason.
    await expect(sql`insert into extractions (blob_sha256, extractor, state) values (${sha}, 'ocr', 'failed')`.execute(db)).rejects.toThrow();
    await sql`insert into extractions (blob_sha256, extractor, state, error) values (${sha}, 'ocr', 'unavailable', 'tesseract is not installed')`.execute(db);

    expect((await migrator.migrateTo('202611221100_accounts_and_audit')).error).toBeUndefined();
    const left = await sql<{ n: number }>`select count(*)::int as n from information_schema.tables where table_name in ('jobs','extractions') and table_schema = current_schema()`.execute(db);
    expect(left.rows[0].n).toBe(0);
  });
});
