import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor, type Actor } from '../../src/server/accounts/actor.ts';
import { EXACT_LIMIT, SAMPLE_LIMIT, searchItems } from '../../src/server/archive/search.ts';
import type { DatabaseHandle } from '../../src/server/db/connect.ts';
import { openTestDatabase } from '../../src/server/db/testing.ts';

const viewer: Actor = { kind: 'user', userId: '00000000-0000-4000-8000-000000000000', username: 'v', role: 'viewer', via: 'token' };

/** Broad searches: bounded totals and sampled facets, said so in the answer; narrow ones stay exact. */
describe('archive search bounds', () => {
  let handle: DatabaseHandle;
  const many = EXACT_LIMIT + 50;
  beforeAll(async () => {
    handle = await openTestDatabase();
    const db = handle.db;
    // Rows g ≤ 2,500 carry "common" and "middling"; all carry "everywhere"; viewers see only even rows.
    await sql`insert into items (id, kind, title, confidentiality, state, created_at)
      select ('00000000-0000-4000-8000-' || lpad(to_hex(g), 12, '0'))::uuid, 'document', 'item ' || g, 'restricted', 'published', now() - (g || ' seconds')::interval
      from generate_series(1, ${many}) g`.execute(db);
    await sql`insert into search_documents (item_id, tier, for_member, for_documenter, for_admin, kind, confidentiality, state, extraction_state, created_at, vector)
      select i.id, 'public', g % 2 = 0, true, true, 'document', 'restricted', 'published', 'none', i.created_at,
        to_tsvector('simple', 'everywhere' || case when g <= 2500 then ' middling' else '' end || case when g <= 100 then ' rare' else '' end)
      from generate_series(1, ${many}) g join items i on i.id = ('00000000-0000-4000-8000-' || lpad(to_hex(g), 12, '0'))::uuid`.execute(db);
  });
  afterAll(async () => handle?.close());

  it('is exact below the sample size, counts exactly up to the limit, and says "at least" above it', async () => {
    const admin = systemActor('t');
    const rare = await searchItems(handle.db, admin, { q: 'rare' });
    expect(rare).toMatchObject({ total: 100, totalExact: true, facetsExact: true });
    expect(rare.facets.kind).toEqual([{ value: 'document', count: 100 }]);

    const middling = await searchItems(handle.db, admin, { q: 'middling' });
    expect(middling).toMatchObject({ total: 2500, totalExact: true, facetsExact: false });
    expect(middling.facets.kind[0].count).toBe(SAMPLE_LIMIT);

    const everywhere = await searchItems(handle.db, admin, { q: 'everywhere', sort: 'added', limit: 5 });
    expect(everywhere).toMatchObject({ total: EXACT_LIMIT, totalExact: false, facetsExact: false });
    // Order asked for is kept beyond the sample: newest first from the index.
    expect(everywhere.items.map((i) => i.title)).toEqual(['item 1', 'item 2', 'item 3', 'item 4', 'item 5']);
    const deep = await searchItems(handle.db, admin, { q: 'everywhere', limit: 3, offset: SAMPLE_LIMIT + 10 });
    expect(deep.items).toHaveLength(3);
  });

  it('applies the audience inside the bound: a viewer never counts rows it may not see', async () => {
    const middling = await searchItems(handle.db, viewer, { q: 'middling' });
    expect(middling).toMatchObject({ total: 1250, totalExact: true, facetsExact: true });
    const rare = await searchItems(handle.db, viewer, { q: 'rare', limit: 100 });
    expect(rare.total).toBe(50);
    expect(rare.items.every((i) => Number(i.title.split(' ')[1]) % 2 === 0)).toBe(true);
    expect((await searchItems(handle.db, { kind: 'public' }, { q: 'everywhere' })).total).toBe(0);
  });

  it('quotes filter values into the index query: a hostile value matches nothing and breaks nothing', async () => {
    const admin = systemActor('t');
    for (const value of ["en' | 'k=document", 'a\\', "'", 'x:*', '!']) {
      const result = await searchItems(handle.db, admin, { q: 'rare', language: [value], country: [value], kind: ['document'] });
      expect(result.total, value).toBe(0);
    }
  });
});
