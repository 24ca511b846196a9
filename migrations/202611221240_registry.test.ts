import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../src/server/db/testing.ts';
import { migratorFor } from '../src/server/db/migrate.ts';
import type { DatabaseHandle } from '../src/server/db/connect.ts';

describe('migration 202611221240_registry', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase({ migrate: false });
  });
  afterAll(async () => handle.close());

  it('creates the registry tables with their constraints, and undoes cleanly', async () => {
    const migrator = await migratorFor(handle.db);
    const up = await migrator.migrateTo('202611221240_registry');
    expect(up.error).toBeUndefined();
    const db = handle.db;
    const run = (q: ReturnType<typeof sql>) => q.execute(db);

    await run(sql`insert into registry_sources (id, publisher, title, date, kind) values ('S1', 'P', 'T', '2012-04', 'news')`);
    await run(sql`insert into registry_actors (id, name, type, classification, country, subdivision) values ('A1', 'Body', 'organization', 'legislature', 'GB', 'GB-SCT')`);
    await run(sql`insert into registry_claims (id, kind, asserted_by, statement, verification) values ('C1', 'statement', 'A1', 's', 'reported')`);
    await run(sql`insert into registry_claims (id, kind, asserted_by, statement, verification) values ('C2', 'position', 'A1', 's', 'primary-seen')`);

    // vocabularies, date shapes and codes are enforced by the database too
    await expect(run(sql`insert into registry_sources (id, publisher, title, kind) values ('S2', 'P', 'T', 'rumour')`)).rejects.toThrow();
    await expect(run(sql`insert into registry_sources (id, publisher, title, date, kind) values ('S3', 'P', 'T', '22/04/2010', 'news')`)).rejects.toThrow();
    await expect(run(sql`insert into registry_actors (id, name, type, classification, country) values ('A2', 'x', 'organization', 'ngo', 'gbr')`)).rejects.toThrow();
    await expect(run(sql`insert into registry_claims (id, kind, asserted_by, statement, verification) values ('C3', 'statement', 'A1', 's', 'confirmed')`)).rejects.toThrow();
    // references must exist; a claim cannot contest itself; a source is listed once per claim
    await expect(run(sql`insert into registry_claims (id, kind, asserted_by, statement, verification) values ('C4', 'statement', 'NOPE', 's', 'reported')`)).rejects.toThrow();
    await expect(run(sql`insert into registry_claim_contests (claim_id, contested_id) values ('C1', 'C1')`)).rejects.toThrow();
    await run(sql`insert into registry_claim_contests (claim_id, contested_id) values ('C2', 'C1')`);
    await run(sql`insert into registry_claim_sources (claim_id, source_id, position) values ('C1', 'S1', 0)`);
    await expect(run(sql`insert into registry_claim_sources (claim_id, source_id, position) values ('C1', 'S1', 1)`)).rejects.toThrow();
    await expect(
      run(sql`insert into registry_recognition_acts (id, body_id, level, verification, jurisdiction) values ('R1', 'A1', 'sub-national', 'reported', 'Scotland')`),
    ).rejects.toThrow();
    await run(sql`insert into registry_recognition_acts (id, body_id, level, verification, jurisdiction, terms) values ('R1', 'A1', 'sub-national', 'reported', 'GB-SCT', '["massacre"]')`);
    // deleting a claim removes its links, not the sources
    await run(sql`delete from registry_claims where id = 'C1'`);
    const links = await sql<{ n: number }>`select count(*)::int as n from registry_claim_sources`.execute(db);
    expect(links.rows[0].n).toBe(0);

    const down = await migrator.migrateDown();
    expect(down.error).toBeUndefined();
    const tables = await sql<{ n: number }>`select count(*)::int as n from information_schema.tables where table_name like 'registry_%' and table_schema = current_schema()`.execute(db);
    expect(tables.rows[0].n).toBe(0);
  });
});
