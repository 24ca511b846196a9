import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../src/server/db/connect.ts';
import { migratorFor } from '../src/server/db/migrate.ts';
import { openTestDatabase, relationExists } from '../src/server/db/testing.ts';

const ITEM = '11111111-1111-4111-8111-111111111111';
const OTHER_ITEM = '66666666-6666-4666-8666-666666666666';

describe('migration 202612160600_cases_matrix_versions', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase({ migrate: false });
  });
  afterAll(async () => handle.close());

  it('bumps an allegation once a statement for its links, elements and linked items, not for unrelated changes, and undoes cleanly', async () => {
    const migrator = await migratorFor(handle.db);
    expect((await migrator.migrateTo('202612160600_cases_matrix_versions')).error).toBeUndefined();
    const db = handle.db;
    const version = async (id = 'al1') => Number((await sql<{ v: string | null }>`select (select version from cases_matrix_versions where allegation_id = ${id}) as v`.execute(db)).rows[0].v ?? 0);
    await sql`insert into registry_actors (id, name, type, classification) values ('a1', 'Actor', 'organization', 'ngo')`.execute(db);
    await sql`insert into cases_frameworks (id, name, instrument) values ('fw', 'F', 'I')`.execute(db);
    await sql`insert into cases_crimes (id, framework_id, category, article, title, summary, position) values ('c1', 'fw', 'war-crime', '8', 'T', 'S', 1)`.execute(db);
    await sql`insert into cases_elements (id, crime_id, number, kind, summary, citation) values ('e1', 'c1', 1, 'conduct', 'S', 'Art. 8'), ('e2', 'c1', 2, 'conduct', 'S', 'Art. 8')`.execute(db);
    await sql`insert into cases_incidents (id, title, date_kind) values ('i1', 'Incident', 'unknown')`.execute(db);
    await sql`insert into cases_allegations (id, incident_id, proponent_id, characterisation, statement, verification) values ('al1', 'i1', 'a1', 'war-crime', 'says', 'reported'), ('al2', 'i1', 'a1', 'war-crime', 'says', 'reported')`.execute(db);
    await sql`insert into items (id, kind, title, confidentiality, provided_by) values (${ITEM}, 'document', 'Doc', 'restricted', 'Source'), (${OTHER_ITEM}, 'document', 'Other', 'restricted', 'Source')`.execute(db);
    expect(await version()).toBe(0);

    await sql`insert into cases_allegation_elements (allegation_id, element_id, position) values ('al1', 'e1', 1), ('al1', 'e2', 2)`.execute(db);
    expect(await version()).toBe(1);
    // Three links in one statement: one bump.
    await sql`insert into cases_evidence_links (id, allegation_id, element_id, item_id, pinpoint, pinpoint_key, direction, reliability)
      values ('22222222-2222-4222-8222-222222222221', 'al1', 'e1', ${ITEM}, '{"type":"item"}'::jsonb, 'k1', 'supporting', 'B'),
             ('22222222-2222-4222-8222-222222222222', 'al1', 'e2', ${ITEM}, '{"type":"item"}'::jsonb, 'k2', 'undermining', 'B'),
             ('22222222-2222-4222-8222-222222222223', 'al1', 'e1', ${ITEM}, '{"type":"item"}'::jsonb, 'k3', 'supporting', 'E')`.execute(db);
    expect(await version()).toBe(2);
    await sql`update cases_evidence_links set reliability = 'D' where allegation_id = 'al1'`.execute(db);
    expect(await version()).toBe(3);
    // The linked item's source and visibility change the matrix; its title, and an unlinked item, do not.
    await sql`update items set provided_by = 'Another source' where id = ${ITEM}`.execute(db);
    expect(await version()).toBe(4);
    await sql`update items set confidentiality = 'confidential' where id = ${ITEM}`.execute(db);
    expect(await version()).toBe(5);
    await sql`update items set title = 'Renamed document' where id = ${ITEM}`.execute(db);
    await sql`update items set provided_by = 'Changed' where id = ${OTHER_ITEM}`.execute(db);
    expect(await version()).toBe(5);
    expect(await version('al2')).toBe(0);
    await sql`delete from cases_evidence_links where id = '22222222-2222-4222-8222-222222222223'`.execute(db);
    expect(await version()).toBe(6);
    await sql`delete from cases_allegation_elements where allegation_id = 'al1' and element_id = 'e2'`.execute(db);
    expect(await version()).toBe(7);
    // A failed statement leaves the version as it was.
    await expect(sql`insert into cases_evidence_links (id, allegation_id, element_id, item_id, pinpoint, pinpoint_key, direction, reliability)
      values ('33333333-3333-4333-8333-333333333333', 'al1', 'e1', ${ITEM}, '{"type":"item"}'::jsonb, 'k1', 'supporting', 'B')`.execute(db)).rejects.toThrow();
    expect(await version()).toBe(7);
    // Removing the allegation removes its links, elements and version.
    await sql`delete from cases_allegations where id = 'al1'`.execute(db);
    expect(Number((await sql<{ n: number }>`select count(*)::int as n from cases_matrix_versions`.execute(db)).rows[0].n)).toBe(0);

    expect((await migrator.migrateDown()).error).toBeUndefined();
    expect(await relationExists(db as never, 'cases_matrix_versions')).toBe(false);
    await sql`update items set provided_by = 'After undo' where id = ${ITEM}`.execute(db);
  });
});
