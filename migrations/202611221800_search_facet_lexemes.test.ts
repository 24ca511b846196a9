import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../src/server/db/testing.ts';
import { migratorFor } from '../src/server/db/migrate.ts';
import type { DatabaseHandle } from '../src/server/db/connect.ts';

const uuid = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

describe('migration 202611221800_search_facet_lexemes', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase({ migrate: false });
  });
  afterAll(async () => handle.close());

  it('adds one lexeme per facet value to existing vectors, out of reach of typed queries, and undoes cleanly', async () => {
    const migrator = await migratorFor(handle.db);
    expect((await migrator.migrateTo('202611221700_dialogue_report_public')).error).toBeUndefined();
    const db = handle.db;
    for (const n of [1, 2, 3]) await sql`insert into items (id, kind, title, confidentiality) values (${uuid(n)}, 'document', 'x', 'public')`.execute(db);
    const insert = (n: number, start: string | null, end: string | null, country: string | null) =>
      sql`insert into search_documents (item_id, tier, for_admin, kind, languages, country, confidentiality, state, extraction_state,
          event_start, event_end, tag_ids, created_at, vector)
        values (${uuid(n)}, 'public', true, 'video', array['hy', 'ru'], ${country}, 'restricted', 'published', 'done', ${start}, ${end},
          array[${uuid(99)}]::uuid[], now(), to_tsvector('simple', 'shelling'))`.execute(db);
    await insert(1, '1991-03-01', '1992-02-01', 'AZ');
    await insert(2, '1500-01-01', '1992-12-31', null);
    await insert(3, null, null, null);
    const before = (await sql<{ v: string }>`select vector::text as v from search_documents order by item_id`.execute(db)).rows;

    expect((await migrator.migrateTo('202611221800_search_facet_lexemes')).error).toBeUndefined();
    const lexemes = async (n: number) =>
      (await sql<{ w: string[] }>`select tsvector_to_array(vector) as w from search_documents where item_id = ${uuid(n)}`.execute(db)).rows[0].w.sort();
    expect(await lexemes(1)).toEqual(
      ['c=restricted', 'k=video', 'l=hy', 'l=ru', 'n=az', 's=published', `t=${uuid(99)}`, 'x=done', 'y=1991', 'y=1992', 'shelling'].sort(),
    );
    // Five centuries: one "wide" lexeme, not five hundred years; no date, no year lexeme.
    expect((await lexemes(2)).filter((w) => w.startsWith('y='))).toEqual(['y=wide']);
    expect((await lexemes(3)).filter((w) => w.startsWith('y=') || w.startsWith('n='))).toEqual([]);
    const match = async (query: string) =>
      (await sql<{ id: string }>`select item_id as id from search_documents where vector @@ ${query}::tsquery order by item_id`.execute(db)).rows.map((r) => r.id);
    expect(await match(`'shelling' & 'n=az' & ('y=1992' | 'y=wide')`)).toEqual([uuid(1)]);
    expect(await match(`'y=1992' | 'y=wide'`)).toEqual([uuid(1), uuid(2)]);
    // The text parser never produces these lexemes from typed words.
    const typed = (await sql<{ n: number }>`select count(*)::int as n from search_documents
      where vector @@ websearch_to_tsquery('simple', 'n=az') and not vector @@ 'shelling'::tsquery`.execute(db)).rows[0].n;
    expect(typed).toBe(0);
    expect((await sql<{ q: string }>`select websearch_to_tsquery('simple', 'k=video')::text as q`.execute(db)).rows[0].q).not.toContain('k=video');

    expect((await migrator.migrateTo('202611221700_dialogue_report_public')).error).toBeUndefined();
    expect((await sql<{ v: string }>`select vector::text as v from search_documents order by item_id`.execute(db)).rows).toEqual(before);
    expect((await sql<{ f: string | null }>`select to_regproc(format('%I.%I', current_schema(), 'search_facet_lexemes'))::text as f`.execute(db)).rows[0].f).toBeNull();
  });
});
