import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../src/server/db/connect.ts';
import { migratorFor } from '../src/server/db/migrate.ts';
import { openTestDatabase } from '../src/server/db/testing.ts';

describe('migration 202612071200_cases', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase({ migrate: false });
  });
  afterAll(async () => handle.close());

  it('stores frameworks, incidents and allegations, refuses what the checks forbid, and undoes cleanly', async () => {
    const migrator = await migratorFor(handle.db);
    expect((await migrator.migrateTo('202612071200_cases')).error).toBeUndefined();
    const db = handle.db;
    await sql`insert into cases_frameworks (id, name, instrument) values ('RS', 'Rome Statute', 'Rome Statute (1998)')`.execute(db);
    await sql`insert into cases_crimes (id, framework_id, category, article, title, summary, position) values ('RS-7', 'RS', 'crime-against-humanity', '7(1)', 'Crimes against humanity', 's', 1)`.execute(db);
    await sql`insert into cases_crimes (id, framework_id, parent_id, category, article, title, summary, position) values ('RS-7-1-a', 'RS', 'RS-7', 'crime-against-humanity', '7(1)(a)', 'Murder', 's', 2)`.execute(db);
    await sql`insert into cases_elements (id, crime_id, number, kind, summary, citation) values ('RS-7-1-a.1', 'RS-7-1-a', 1, 'conduct', 's', 'EoC 7(1)(a) 1')`.execute(db);
    // An element number is unique within its crime; an element belongs to a crime or a mode, not both or neither.
    await expect(sql`insert into cases_elements (id, crime_id, number, kind, summary, citation) values ('x', 'RS-7-1-a', 1, 'conduct', 's', 'c')`.execute(db)).rejects.toThrow();
    await expect(sql`insert into cases_elements (id, number, kind, summary, citation) values ('y', 2, 'conduct', 's', 'c')`.execute(db)).rejects.toThrow();
    await expect(sql`insert into cases_elements (id, crime_id, number, kind, summary, citation) values ('z', 'RS-7-1-a', 2, 'opinion', 's', 'c')`.execute(db)).rejects.toThrow();
    await expect(sql`insert into cases_crimes (id, framework_id, parent_id, category, article, title, summary, position) values ('self', 'RS', 'self', 'other', '1', 't', 's', 3)`.execute(db)).rejects.toThrow();
    // Ids with path separators or spaces are refused.
    await expect(sql`insert into cases_frameworks (id, name, instrument) values ('../x', 'n', 'i')`.execute(db)).rejects.toThrow();

    await sql`insert into cases_incidents (id, title, date_kind, date_start, date_end) values ('I1', 'Incident', 'range', '1992-02-25', '1992-02-26')`.execute(db);
    // A range needs an end, an exact date may not have one, an unknown date has no start.
    await expect(sql`insert into cases_incidents (id, title, date_kind, date_start) values ('I2', 't', 'range', '1992')`.execute(db)).rejects.toThrow();
    await expect(sql`insert into cases_incidents (id, title, date_kind, date_start, date_end) values ('I3', 't', 'exact', '1992-02-25', '1992-02-26')`.execute(db)).rejects.toThrow();
    await expect(sql`insert into cases_incidents (id, title, date_kind, date_start) values ('I4', 't', 'unknown', '1992')`.execute(db)).rejects.toThrow();
    await expect(sql`insert into cases_incidents (id, title, date_kind, date_start) values ('I5', 't', 'exact', '1992-13-01')`.execute(db)).rejects.toThrow();

    await sql`insert into registry_actors (id, name, type, classification) values ('A1', 'Actor', 'organization', 'ngo')`.execute(db);
    await sql`insert into registry_sources (id, publisher, title, kind) values ('S1', 'P', 'T', 'ngo-report')`.execute(db);
    await sql`insert into cases_allegations (id, incident_id, proponent_id, characterisation, crime_id, statement, verification) values ('AL1', 'I1', 'A1', 'crime-against-humanity', 'RS-7-1-a', 'says', 'reported')`.execute(db);
    await sql`insert into cases_allegation_sources (allegation_id, source_id, position) values ('AL1', 'S1', 0)`.execute(db);
    await sql`insert into cases_allegation_elements (allegation_id, element_id, position) values ('AL1', 'RS-7-1-a.1', 0)`.execute(db);
    await expect(sql`insert into cases_allegations (id, incident_id, proponent_id, characterisation, statement, verification) values ('AL2', 'I1', 'A1', 'is-genocide-fact', 's', 'reported')`.execute(db)).rejects.toThrow();
    await expect(sql`insert into cases_acts (id, incident_id, act_type, description, involvement, source_id, verification, position) values ('X1', 'I1', 'killing', 'd', 'direct', 'missing', 'reported', 0)`.execute(db)).rejects.toThrow();

    expect((await migrator.migrateDown()).error).toBeUndefined();
    const tables = await sql<{ n: number }>`select count(*)::int as n from information_schema.tables where table_schema = current_schema() and table_name like 'cases\_%'`.execute(db);
    expect(tables.rows[0].n).toBe(0);
  });
});
