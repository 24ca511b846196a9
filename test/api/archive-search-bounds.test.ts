import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor, type Actor } from '../../src/server/accounts/actor.ts';
import { EXACT_LIMIT, MAX_OFFSET, SAMPLE_LIMIT, searchItems } from '../../src/server/archive/search.ts';
import type { DatabaseHandle } from '../../src/server/db/connect.ts';
import { openTestDatabase } from '../../src/server/db/testing.ts';

const viewer: Actor = { kind: 'user', userId: '00000000-0000-4000-8000-000000000000', username: 'v', role: 'viewer', via: 'token' };

/** Broad searches: bounded totals and sampled facets, said so in the answer; narrow ones stay exact. */
describe('archive search bounds', () => {
  let handle: DatabaseHandle;
  const many = Math.max(2 * SAMPLE_LIMIT, 4000) + 50;
  const middle = Math.floor((SAMPLE_LIMIT * 3) / 4);
  beforeAll(async () => {
    handle = await openTestDatabase();
    const db = handle.db;
    // Rows g ≤ 3/4 of the sample carry "middling", g ≤ 100 "rare"; all carry "everywhere"; viewers see only even rows.
    await sql`insert into items (id, kind, title, confidentiality, state, created_at)
      select ('00000000-0000-4000-8000-' || lpad(to_hex(g), 12, '0'))::uuid, 'document', 'item ' || g, 'restricted', 'published', now() - (g || ' seconds')::interval
      from generate_series(1, ${many}) g`.execute(db);
    await sql`insert into search_documents (item_id, tier, for_member, for_documenter, for_admin, kind, confidentiality, state, extraction_state, created_at, vector)
      select i.id, 'public', g % 2 = 0, true, true, 'document', 'restricted', 'published', 'none', i.created_at,
        to_tsvector('simple', 'everywhere' || case when g <= ${middle} then ' middling' else '' end || case when g <= 100 then ' rare' else '' end)
      from generate_series(1, ${many}) g join items i on i.id = ('00000000-0000-4000-8000-' || lpad(to_hex(g), 12, '0'))::uuid`.execute(db);
  });
  afterAll(async () => handle?.close());

  it('is exact below the sample size, counts exactly up to the limit, and says "at least" above it', async () => {
    const admin = systemActor('t');
    const rare = await searchItems(handle.db, admin, { q: 'rare' });
    expect(rare).toMatchObject({ total: 100, totalExact: true, facetsExact: true });
    expect(rare.facets.kind).toEqual([{ value: 'document', count: 100 }]);

    const middling = await searchItems(handle.db, admin, { q: 'middling' });
    expect(middling).toMatchObject({ total: middle, totalExact: true, facetsExact: true });
    expect(middling.facets.kind[0].count).toBe(middle);

    const everywhere = await searchItems(handle.db, admin, { q: 'everywhere', sort: 'added', limit: 5 });
    expect(EXACT_LIMIT).toBe(SAMPLE_LIMIT);
    expect(everywhere).toMatchObject({ total: EXACT_LIMIT, totalExact: false, facetsExact: false });
    expect(everywhere.facets.kind[0].count).toBe(SAMPLE_LIMIT);
    // Order asked for is kept beyond the sample: newest first from the index, and deeper than the bound on the total.
    expect(everywhere.items.map((i) => i.title)).toEqual(['item 1', 'item 2', 'item 3', 'item 4', 'item 5']);
    const far = await searchItems(handle.db, admin, { q: 'everywhere', sort: 'added', limit: 2, offset: 3000 });
    expect(far.items.map((i) => i.title)).toEqual(['item 3001', 'item 3002']);
    expect(MAX_OFFSET).toBeGreaterThan(3000);
    const deep = await searchItems(handle.db, admin, { q: 'everywhere', limit: 3, offset: SAMPLE_LIMIT + 10 });
    expect(deep.items).toHaveLength(3);
  });

  it('applies the audience inside the bound: a viewer never counts rows it may not see', async () => {
    const middling = await searchItems(handle.db, viewer, { q: 'middling' });
    expect(middling).toMatchObject({ total: Math.floor(middle / 2), totalExact: true, facetsExact: true });
    const rare = await searchItems(handle.db, viewer, { q: 'rare', limit: 100 });
    expect(rare.total).toBe(50);
    expect(rare.items.every((i) => Number(i.title.split(' ')[1]) % 2 === 0)).toBe(true);
    expect((await searchItems(handle.db, { kind: 'public' }, { q: 'everywhere' })).total).toBe(0);
  });

  it('pages in event-date order through year windows exactly as a full sort would', async () => {
    const db = handle.db;
    // A second family of items over 1988–2003, with lexemes as refreshItemSearch writes them: some undated, and the
    // earliest spanning a century (so it carries only the "wide" lexeme). Small offsets are served by the year
    // windows, the deepest by the full sort; both must agree with a plain ORDER BY.
    const base = 100_000;
    await sql`insert into items (id, kind, title, confidentiality, state, created_at)
      select ('00000000-0000-4000-8000-' || lpad(to_hex(${base} + g), 12, '0'))::uuid, 'document', 'dated ' || g, 'restricted', 'published', now()
      from generate_series(1, 600) g`.execute(db);
    await sql`insert into search_documents (item_id, tier, for_member, for_documenter, for_admin, kind, confidentiality, state, extraction_state,
        event_start, event_end, created_at, vector)
      select i.id, 'public', g % 3 <> 0, true, true, 'document', 'restricted', 'published', 'none', e.s, e.e, now(),
        to_tsvector('simple', 'dated' || case when g % 2 = 0 then ' even' else '' end)
          || array_to_tsvector(search_facet_lexemes('document', '{}', null, 'restricted', 'published', 'none', e.s, e.e, '{}'))
      from generate_series(1, 600) g
      join items i on i.id = ('00000000-0000-4000-8000-' || lpad(to_hex(${base} + g), 12, '0'))::uuid
      cross join lateral (select case when g % 50 = 0 then null
                                      when g = 7 then '1988-01-01'
                                      else to_char(date '1988-01-01' + ((g * 37) % 5800), 'YYYY-MM-DD') end as s,
                                 case when g % 50 = 0 then null
                                      when g = 7 then '2090-12-31'
                                      else to_char(date '1988-01-01' + ((g * 37) % 5800) + 30, 'YYYY-MM-DD') end as e) e`.execute(db);
    const admin = systemActor('t');
    for (const [actor, flag] of [[admin, 'for_admin'], [viewer, 'for_member']] as const) {
      for (const word of ['dated', 'even']) {
        const expected = (await sql<{ title: string }>`select i.title from search_documents d join items i on i.id = d.item_id
            where ${sql.ref(`d.${flag}`)} and d.vector @@ to_tsquery('simple', ${word})
            order by d.event_start asc nulls last, d.item_id`.execute(db)).rows.map((r) => r.title);
        for (const offset of [0, 20, 150, 390]) {
          const page = await searchItems(db, actor, { q: word, sort: 'event_date', limit: 20, offset });
          expect(page.items.map((i) => i.title), `${flag} ${word} ${offset}`).toEqual(expected.slice(offset, offset + 20));
        }
        const dated = await searchItems(db, actor, { q: word, sort: 'event_date', limit: 5, dateFrom: '1990', dateTo: '1991' });
        const inRange = (await sql<{ title: string }>`select i.title from search_documents d join items i on i.id = d.item_id
            where ${sql.ref(`d.${flag}`)} and d.vector @@ to_tsquery('simple', ${word}) and d.event_end >= '1990-01-01' and d.event_start <= '1991-12-31'
            order by d.event_start asc nulls last, d.item_id limit 5`.execute(db)).rows.map((r) => r.title);
        expect(dated.items.map((i) => i.title)).toEqual(inRange);
      }
    }
  });

  it('quotes filter values into the index query: a hostile value matches nothing and breaks nothing', async () => {
    const admin = systemActor('t');
    for (const value of ["en' | 'k=document", 'a\\', "'", 'x:*', '!']) {
      const result = await searchItems(handle.db, admin, { q: 'rare', language: [value], country: [value], kind: ['document'] });
      expect(result.total, value).toBe(0);
    }
  });
});
