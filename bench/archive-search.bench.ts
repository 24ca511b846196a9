/**
 * Search latency (p50/p95) of the archive's search (results + total + all facets, with the visibility rule) on
 * generated multilingual items, on PGlite and/or the PostgreSQL server.
 *
 *   node --import tsx bench/archive-search.bench.ts [--items 100000] [--database-url postgres://...] [--queries 40]
 *
 * Rows are generated with SQL (generate_series), including their tsvectors, so the timing is of searching only.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import type { Actor } from '../src/server/accounts/actor.ts';
import { searchItems, type SearchQuery } from '../src/server/archive/search.ts';
import { searchKey } from '../src/server/archive/search-index.ts';
import { openDatabase } from '../src/server/db/connect.ts';
import { migrateToLatest } from '../src/server/db/migrate.ts';

const { values } = parseArgs({
  options: { items: { type: 'string', default: '100000' }, 'database-url': { type: 'string' }, queries: { type: 'string', default: '40' } },
});
const count = Number(values.items);
const url = values['database-url'];
const schema = url ? `bench_${randomBytes(4).toString('hex')}` : undefined;
const handle = await openDatabase({ url, schema, poolSize: 4 });
const db = handle.db;

try {
  await migrateToLatest(db);
  const started = performance.now();
  const batch = 50_000;
  for (let from = 1; from <= count; from += batch) {
    const to = Math.min(count, from + batch - 1);
    await sql`
      insert into items (id, kind, title, description, languages, confidentiality, state, event_start, event_end, country, consent_scopes, search_vector, public_search_vector, search_key, created_at)
      select gen_random_uuid(),
        (array['document','image','video','audio','testimony','web_capture','forensic_report','dataset','other'])[1 + g % 9],
        t.title, t.title || ' ' || t.extra, array[t.lang], 
        (array['public','public','restricted','confidential'])[1 + (g / 7) % 4],
        case when g % 3 = 0 then 'draft' else 'published' end,
        to_char(date '1988-01-01' + (g % 3000), 'YYYY-MM-DD'), to_char(date '1988-01-01' + (g % 3000), 'YYYY-MM-DD'),
        (array['AZ','AM','GE','RU','TR'])[1 + g % 5],
        case when g % 9 = 4 then array['internal_use','publication'] else null end,
        setweight(to_tsvector('simple', t.title), 'A') || setweight(to_tsvector(t.cfg::regconfig, t.title || ' ' || t.extra), 'B'),
        setweight(to_tsvector('simple', t.title), 'A') || setweight(to_tsvector(t.cfg::regconfig, t.title), 'B'),
        lower(t.title),
        now() - (g || ' seconds')::interval
      from generate_series(${from}::int, ${to}::int) g
      cross join lateral (
        select
          (array['english','russian','armenian','simple'])[1 + g % 4] as cfg,
          (array['en','ru','hy','az'])[1 + g % 4] as lang,
          case g % 4
            when 0 then (array['Witness','Report','Photographs','Testimony','Map','Footage'])[1 + g % 6] || ' of ' || (array['burned houses','mass grave','shelling','displacement','missing persons','detention'])[1 + (g / 6) % 6] || ' in ' || (array['Khojaly','Shusha','Agdam','Stepanakert','Lachin','Kalbajar','Fizuli'])[1 + (g / 36) % 7]
            when 1 then (array['Свидетельство','Доклад','Фотографии','Показания'])[1 + g % 4] || ' о ' || (array['сожжённых домах','массовом захоронении','обстреле','пропавших без вести'])[1 + (g / 4) % 4] || ' ' || (array['Ходжалы','Шуша','Агдам','Степанакерт'])[1 + (g / 16) % 4]
            when 2 then (array['Վկայություն','Զեկույց','Լուսանկարներ'])[1 + g % 3] || ' ' || (array['այրված տների','զանգվածային գերեզմանի','անհետ կորածների'])[1 + (g / 3) % 3] || ' մասին ' || (array['Շուշի','Ստեփանակերտ','Աղդամ'])[1 + (g / 9) % 3]
            else (array['Şahid ifadəsi','Hesabat','Fotoşəkillər'])[1 + g % 3] || ' ' || (array['yandırılmış evlər','kütləvi məzarlıq','itkin düşənlər'])[1 + (g / 3) % 3] || ' ' || (array['Xocalı','Şuşa','Ağdam'])[1 + (g / 9) % 3]
          end || ' ' || g as title,
          md5(g::text) as extra
      ) t`.execute(db);
  }
  // The romanised key for rows with non-Latin titles is computed in TypeScript in the product; here a sample of
  // romanised place names is enough for the trigram path to have matches.
  await sql`update items set search_key = search_key || ' ' || ${searchKey('Ходжалы Шуша Агдам Степанакерт')} where title like '%Ходжалы%' or title like '%Шуша%'`.execute(db);
  await sql`analyze items`.execute(db);
  const loadSeconds = (performance.now() - started) / 1000;

  const actors: Array<[string, Actor]> = [
    ['public', { kind: 'public' }],
    ['viewer', { kind: 'user', userId: '00000000-0000-4000-8000-000000000000', username: 'v', role: 'viewer', via: 'token' }],
    ['editor', { kind: 'user', userId: '00000000-0000-4000-8000-000000000000', username: 'e', role: 'editor', via: 'token' }],
  ];
  const queries: SearchQuery[] = [
    { q: 'burned houses' },
    { q: 'mass grave Khojaly' },
    { q: 'сожжённые дома' },
    { q: 'Ходжалы' },
    { q: 'զանգվածային գերեզմանի' },
    { q: 'Xocalı' },
    { q: 'Khodzhaly' },
    { q: 'missing persons', kind: ['document', 'testimony'] },
    { q: 'shelling', country: ['AZ'], dateFrom: '1990', dateTo: '1992' },
    { kind: ['video'], sort: 'event_date' },
    {},
  ];
  const perQuery = Math.max(1, Math.ceil(Number(values.queries) / queries.length));
  console.log(`\n${handle.engine}: ${count} items generated and indexed in ${loadSeconds.toFixed(0)} s`);
  console.log('| audience | searches | p50 ms | p95 ms | max ms |');
  console.log('|---|---|---|---|---|');
  for (const [name, actor] of actors) {
    const times: number[] = [];
    for (let round = 0; round < perQuery; round++) {
      for (const query of queries) {
        const t = performance.now();
        await searchItems(db, actor, { ...query, limit: 20 });
        times.push(performance.now() - t);
      }
    }
    times.sort((a, b) => a - b);
    const at = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
    console.log(`| ${name} | ${times.length} | ${at(0.5).toFixed(0)} | ${at(0.95).toFixed(0)} | ${times[times.length - 1].toFixed(0)} |`);
  }
} finally {
  if (url && schema) await sql`drop schema ${sql.id(schema)} cascade`.execute(db).catch(() => {});
  await handle.close();
}
