import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, relationExists } from '../src/server/db/testing.ts';
import { migratorFor } from '../src/server/db/migrate.ts';
import type { DatabaseHandle } from '../src/server/db/connect.ts';

const uuid = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

describe('migration 202611221410_search_terms', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase({ migrate: false });
  });
  afterAll(async () => handle.close());

  it('builds the spelling dictionary from existing search keys, puts the key words in the vectors, and undoes cleanly', async () => {
    const migrator = await migratorFor(handle.db);
    expect((await migrator.migrateTo('202611221400_search_documents')).error).toBeUndefined();
    const db = handle.db;
    await sql`insert into items (id, kind, title, confidentiality) values (${uuid(1)}, 'document', 'Xocalı', 'public')`.execute(db);
    await sql`insert into search_documents (item_id, tier, for_admin, kind, confidentiality, state, extraction_state, created_at, vector, search_key)
      values (${uuid(1)}, 'public', true, 'document', 'public', 'draft', 'none', now(), to_tsvector('simple', 'report'), 'xocalı khojali 1992 ab')`.execute(db);

    expect((await migrator.migrateTo('202611221410_search_terms')).error).toBeUndefined();
    const terms = (await sql<{ term: string }>`select term from search_terms order by term`.execute(db)).rows.map((r) => r.term);
    // Words of three characters or more with a letter: numbers and short fragments stay out.
    expect(terms).toEqual(['khojali', 'xocalı']);
    const similar = (await sql<{ term: string }>`select term from search_terms where term % 'khojaly' and similarity(term, 'khojaly') >= 0.5`.execute(db)).rows;
    expect(similar.map((r) => r.term)).toEqual(['khojali']);
    const hit = (await sql<{ n: number }>`select count(*)::int as n from search_documents where vector @@ plainto_tsquery('simple', 'khojali') and vector @@ plainto_tsquery('simple', 'report')`.execute(db)).rows[0].n;
    expect(hit).toBe(1);
    await expect(sql`insert into search_terms (term) values ('ab')`.execute(db)).rejects.toThrow();
    await expect(sql`insert into search_terms (term) values ('khojali')`.execute(db)).rejects.toThrow();

    expect((await migrator.migrateTo('202611221400_search_documents')).error).toBeUndefined();
    expect(await relationExists(db, 'search_terms')).toBe(false);
    expect(await relationExists(db, 'search_documents_key')).toBe(true);
  });
});
