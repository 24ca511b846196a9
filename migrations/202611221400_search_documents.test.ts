import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, relationExists } from '../src/server/db/testing.ts';
import { migratorFor } from '../src/server/db/migrate.ts';
import type { DatabaseHandle } from '../src/server/db/connect.ts';

const uuid = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

describe('migration 202611221400_search_documents', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase({ migrate: false });
  });
  afterAll(async () => handle.close());

  it('moves the search vectors into per-audience documents without widening what anyone finds, and undoes cleanly', async () => {
    const migrator = await migratorFor(handle.db);
    expect((await migrator.migrateTo('202611221340_dialogue')).error).toBeUndefined();
    const db = handle.db;
    const insert = (n: number, confidentiality: string, state: string, consent: string | null, full: string, pub: string) =>
      sql`insert into items (id, kind, title, confidentiality, state, consent_scopes, search_vector, public_search_vector, search_key, languages, country)
          values (${uuid(n)}, 'document', ${`item ${n}`}, ${confidentiality}, ${state}, ${consent === null ? null : sql`${`{${consent}}`}::text[]`},
                  to_tsvector('simple', ${full}), to_tsvector('simple', ${pub}), ${`item ${n}`}, '{en}', 'AZ')`.execute(db);
    await insert(1, 'public', 'published', null, 'open secretword', 'open');
    await insert(2, 'restricted', 'published', null, 'internal hiddenword', 'internal');
    await insert(3, 'confidential', 'draft', null, 'sealed', 'sealed');
    await insert(4, 'public', 'published', 'court_use', 'testimony transcriptword', 'testimony');

    expect((await migrator.migrateTo('202611221400_search_documents')).error).toBeUndefined();
    const rows = (
      await sql<{ item_id: string; tier: string; for_public: boolean; for_member: boolean; for_documenter: boolean; for_admin: boolean; vector: string }>`
        select item_id, tier, for_public, for_member, for_documenter, for_admin, vector::text as vector from search_documents order by item_id, tier desc`.execute(db)
    ).rows;
    const flags = (n: number, tier: string) => {
      const row = rows.find((r) => r.item_id === uuid(n) && r.tier === tier)!;
      return [row.for_public, row.for_member, row.for_documenter, row.for_admin];
    };
    expect(rows).toHaveLength(8);
    expect(flags(1, 'public')).toEqual([true, true, false, false]);
    expect(flags(1, 'full')).toEqual([false, false, true, true]);
    expect(flags(2, 'public')).toEqual([false, true, false, false]);
    expect(flags(3, 'public')).toEqual([false, false, false, false]);
    expect(flags(3, 'full')).toEqual([false, false, true, true]);
    // A testimony with only court-use consent: hidden from the public and members, documenters keep it.
    expect(flags(4, 'public')).toEqual([false, false, false, false]);
    expect(flags(4, 'full')).toEqual([false, false, true, true]);
    // Members search the public vector until a reindex: never a word only in the full one.
    expect(rows.find((r) => r.item_id === uuid(2) && r.tier === 'public')!.vector).not.toContain('hiddenword');
    const find = async (flag: string, word: string) =>
      (await sql<{ n: number }>`select count(*)::int as n from search_documents where ${sql.ref(flag)} and vector @@ to_tsquery('simple', ${word})`.execute(db)).rows[0].n;
    expect(await find('for_member', 'secretword')).toBe(0);
    expect(await find('for_member', 'hiddenword')).toBe(0);
    expect(await find('for_documenter', 'hiddenword')).toBe(1);
    expect(await find('for_public', 'transcriptword')).toBe(0);
    // The old columns are gone; the per-audience partial indexes exist; rows go with their item.
    const columns = (await sql<{ column_name: string }>`select column_name from information_schema.columns where table_schema = current_schema() and table_name = 'items'`.execute(db)).rows.map((r) => r.column_name);
    expect(columns).not.toContain('search_vector');
    const indexes = (await sql<{ indexname: string }>`select indexname from pg_indexes where tablename = 'search_documents'`.execute(db)).rows.map((r) => r.indexname);
    expect(indexes).toEqual(expect.arrayContaining(['search_documents_text_public', 'search_documents_text_member', 'search_documents_text_documenter', 'search_documents_text_admin', 'search_documents_key']));
    await expect(sql`insert into search_documents (item_id, tier, kind, confidentiality, state, extraction_state, created_at, vector) values (${uuid(1)}, 'secret', 'document', 'public', 'draft', 'none', now(), ''::tsvector)`.execute(db)).rejects.toThrow();
    await expect(sql`insert into search_documents (item_id, tier, kind, confidentiality, state, extraction_state, created_at, vector) values (${uuid(1)}, 'public', 'document', 'public', 'draft', 'none', now(), ''::tsvector)`.execute(db)).rejects.toThrow();
    await sql`delete from items where id = ${uuid(3)}`.execute(db);
    expect((await sql<{ n: number }>`select count(*)::int as n from search_documents where item_id = ${uuid(3)}`.execute(db)).rows[0].n).toBe(0);

    expect((await migrator.migrateTo('202611221340_dialogue')).error).toBeUndefined();
    const back = (await sql<{ id: string; full: string; pub: string }>`select id, search_vector::text as full, public_search_vector::text as pub from items order by id`.execute(db)).rows;
    expect(back.find((r) => r.id === uuid(2))).toMatchObject({ full: expect.stringContaining('hiddenword'), pub: expect.not.stringContaining('hiddenword') });
    expect(await relationExists(db, 'search_documents')).toBe(false);
  });
});
