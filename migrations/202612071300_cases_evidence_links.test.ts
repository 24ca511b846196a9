import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../src/server/db/connect.ts';
import { migratorFor } from '../src/server/db/migrate.ts';
import { openTestDatabase } from '../src/server/db/testing.ts';

const ITEM = '11111111-1111-4111-8111-111111111111';
const LINK = '22222222-2222-4222-8222-222222222222';

describe('migration 202612071300_cases_evidence_links', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase({ migrate: false });
  });
  afterAll(async () => handle.close());

  it('keeps one link per element, item and pinpoint, refuses unknown directions and grades, and undoes cleanly', async () => {
    const migrator = await migratorFor(handle.db);
    expect((await migrator.migrateTo('202612071300_cases_evidence_links')).error).toBeUndefined();
    const db = handle.db;
    await sql`insert into registry_actors (id, name, type, classification) values ('a1', 'Actor', 'organization', 'ngo')`.execute(db);
    await sql`insert into cases_frameworks (id, name, instrument) values ('fw', 'F', 'I')`.execute(db);
    await sql`insert into cases_crimes (id, framework_id, category, article, title, summary, position) values ('c1', 'fw', 'war-crime', '8', 'T', 'S', 1)`.execute(db);
    await sql`insert into cases_elements (id, crime_id, number, kind, summary, citation) values ('e1', 'c1', 1, 'conduct', 'S', 'Art. 8')`.execute(db);
    await sql`insert into cases_incidents (id, title, date_kind) values ('i1', 'Incident', 'unknown')`.execute(db);
    await sql`insert into cases_allegations (id, incident_id, proponent_id, characterisation, statement, verification) values ('al1', 'i1', 'a1', 'war-crime', 'says', 'reported')`.execute(db);
    await sql`insert into items (id, kind, title, confidentiality) values (${ITEM}, 'document', 'Doc', 'restricted')`.execute(db);
    const link = (id: string, key: string, direction = 'supporting', reliability = 'B') =>
      sql`insert into cases_evidence_links (id, allegation_id, element_id, item_id, pinpoint, pinpoint_key, direction, reliability)
          values (${id}, 'al1', 'e1', ${ITEM}, '{"type":"item"}'::jsonb, ${key}, ${direction}, ${reliability})`.execute(db);
    await link(LINK, '{"type":"item"}');
    // The same place of the same item to the same element again: refused.
    await expect(link('33333333-3333-4333-8333-333333333333', '{"type":"item"}')).rejects.toThrow();
    await expect(link('44444444-4444-4444-8444-444444444444', 'p1', 'both')).rejects.toThrow();
    await expect(link('55555555-5555-4555-8555-555555555555', 'p2', 'supporting', 'G')).rejects.toThrow();
    const rows = await sql<{ n: number }>`select count(*)::int as n from cases_evidence_links`.execute(db);
    expect(rows.rows[0].n).toBe(1);
    // Package exports gained their extension column.
    const cols = await sql<{ n: number }>`select count(*)::int as n from information_schema.columns where table_schema = current_schema() and table_name = 'package_exports' and column_name = 'extension'`.execute(db);
    expect(cols.rows[0].n).toBe(1);
    // Removing the allegation removes its links.
    await sql`delete from cases_allegations where id = 'al1'`.execute(db);
    expect((await sql<{ n: number }>`select count(*)::int as n from cases_evidence_links`.execute(db)).rows[0].n).toBe(0);

    expect((await migrator.migrateDown()).error).toBeUndefined();
    const tables = await sql<{ n: number }>`select count(*)::int as n from information_schema.tables where table_schema = current_schema() and table_name = 'cases_evidence_links'`.execute(db);
    expect(tables.rows[0].n).toBe(0);
    const after = await sql<{ n: number }>`select count(*)::int as n from information_schema.columns where table_schema = current_schema() and table_name = 'package_exports' and column_name = 'extension'`.execute(db);
    expect(after.rows[0].n).toBe(0);
  });
});
