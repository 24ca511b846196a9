/**
 * Search latency (p50/p95) of the archive search (page + bounded total + all seven facets, per audience) on generated
 * multilingual items (az, hy, ru, en), on PGlite or the PostgreSQL server, against a reference measured in the same
 * run: a plain `count(*)` of the search documents and a primary-key lookup.
 *
 *   node --import tsx bench/archive-search.bench.ts [--items 100000] [--database-url postgres://...] [--rounds 5]
 *     [--keep] [--schema bench_xxxx]
 *
 * Items and their search documents are generated in bulk with SQL (multi-row INSERT … SELECT from generate_series,
 * 50,000 rows per statement; the search-document indexes are dropped during the load and rebuilt after, as a
 * restore would), so the timing is of searching only. On the server everything lives in a schema of its own, dropped
 * at the end (unless --keep; --schema then reuses that data, migrating it to the latest schema first).
 */
import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import type { Actor } from '../src/server/accounts/actor.ts';
import { EXACT_LIMIT, searchItems, type SearchQuery } from '../src/server/archive/search.ts';
import { searchKey } from '../src/server/archive/search-index.ts';
import { spellingLexemes, spellingsOf } from '../src/server/archive/search-spellings.ts';
import { openDatabase } from '../src/server/db/connect.ts';
import { migrateToLatest } from '../src/server/db/migrate.ts';

const { values } = parseArgs({
  options: { items: { type: 'string', default: '100000' }, 'database-url': { type: 'string' }, rounds: { type: 'string', default: '5' }, keep: { type: 'boolean', default: false }, schema: { type: 'string' } },
});
const count = Number(values.items);
const rounds = Math.max(2, Number(values.rounds));
const url = values['database-url'];
// --schema reuses data kept by an earlier --keep run (same --items) instead of generating it again.
const reuse = url ? values.schema : undefined;
const schema = url ? (reuse ?? `bench_${randomBytes(4).toString('hex')}`) : undefined;
const handle = await openDatabase({ url, schema, poolSize: 4 });
const db = handle.db;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
const median = (xs: number[]) => percentile([...xs].sort((a, b) => a - b), 0.5);

// Place names in each script with their romanised search keys, computed by the product's own function.
const places = ['Khojaly', 'Shusha', 'Agdam', 'Stepanakert', 'Xocalı', 'Şuşa', 'Ağdam', 'Ходжалы', 'Шуша', 'Агдам', 'Степанакерт', 'Շուշի', 'Ստեփանակերտ', 'Աղդամ'];
const placeKeys = places.map((p) => searchKey(p));
// Every phrase the generated titles are made of (kept in step with the SQL below).
const titleWords = [
  'Witness', 'Report', 'Photographs', 'Testimony', 'Map', 'Footage', 'of', 'burned houses', 'mass grave', 'shelling', 'displacement', 'missing persons', 'detention',
  'Свидетельство', 'Доклад', 'Фотографии', 'Показания', 'о', 'сожжённых домах', 'массовом захоронении', 'обстреле', 'пропавших без вести',
  'Վկայություն', 'Զեկույց', 'Լուսանկարներ', 'այրված տների', 'զանգվածային գերեզմանի', 'անհետ կորածների', 'մասին',
  'Şahid ifadəsi', 'Hesabat', 'Fotoşəkillər', 'yandırılmış evlər', 'kütləvi məzarlıq', 'itkin düşənlər',
];
const terms = Array.from({ length: 20 }, (_, n) => `00000000-0000-4000-8000-${(0xbe00 + n).toString(16).padStart(12, '0')}`);

async function generate(): Promise<number> {
  const started = performance.now();
  await migrateToLatest(db);
  if (reuse) {
    const present = Number((await sql<{ n: number }>`select count(*) as n from items`.execute(db)).rows[0].n);
    if (present !== count) throw new Error(`schema ${reuse} holds ${present} items, not ${count}`);
    await sql`vacuum analyze search_documents`.execute(db);
    return (performance.now() - started) / 1000;
  }
  await sql`insert into vocabularies (id, name) values ('bench', 'Bench')`.execute(db);
  for (const [n, id] of terms.entries()) await sql`insert into vocabulary_terms (id, vocabulary_id, term) values (${id}, 'bench', ${`term ${n}`})`.execute(db);
  const indexes = (await sql<{ indexname: string; indexdef: string }>`
    select indexname, indexdef from pg_indexes where schemaname = current_schema() and tablename = 'search_documents' and indexname <> 'search_documents_pkey'`.execute(db)).rows;
  for (const index of indexes) await sql`drop index ${sql.id(index.indexname)}`.execute(db);

  // The spelling lexemes and dictionary forms (search-spellings.ts) of every word the generated titles and places
  // use, computed by the product's functions; the md5 part of a description carries none (letter runs of hex digits).
  const words = [...new Set([...titleWords, ...places].flatMap((w) => w.toLowerCase().split(/\s+/)))];
  await sql`create temporary table bench_spellings (word text, lexeme text)`.execute(db);
  const mapping = words.flatMap((word) => spellingLexemes(spellingsOf(word).values()).map((lexeme) => ({ word, lexeme })));
  if (mapping.length) await sql`insert into bench_spellings select * from jsonb_to_recordset(${JSON.stringify(mapping)}::jsonb) as m(word text, lexeme text)`.execute(db);
  const forms = [...spellingsOf(words.join(' ')).values()].map(({ form, sound }) => ({ form, sound }));
  await sql`insert into search_terms (term, sound) select * from jsonb_to_recordset(${JSON.stringify(forms)}::jsonb) as f(form text, sound text)
    on conflict (term) do update set sound = excluded.sound`.execute(db);
  const placeArray = sql`(array[${sql.join(places)}]::text[])`;
  const keyArray = sql`(array[${sql.join(placeKeys)}]::text[])`;
  const termArray = sql`(array[${sql.join(terms)}]::uuid[])`;
  const batch = 50_000;
  for (let from = 1; from <= count; from += batch) {
    const to = Math.min(count, from + batch - 1);
    await sql`
      insert into items (id, kind, title, description, languages, confidentiality, state, event_date, event_start, event_end, place_name, country, consent_scopes, extraction_state, created_at)
      select ('00000000-0000-4000-8000-' || lpad(to_hex(g), 12, '0'))::uuid,
        (array['document','image','video','audio','testimony','web_capture','forensic_report','dataset','other'])[1 + g % 9],
        t.title, t.title || ' ' || md5(g::text), array[t.lang],
        (array['public','public','restricted','confidential'])[1 + (g / 7) % 4],
        case when g % 3 = 0 then 'draft' else 'published' end,
        t.day, t.day, t.day, ${placeArray}[1 + t.place], (array['AZ','AM','GE','RU','TR'])[1 + g % 5],
        case when g % 9 = 4 then array['internal_use','publication'] else null end,
        (array['none','done','done','pending','failed'])[1 + g % 5],
        now() - (g || ' seconds')::interval
      from generate_series(${from}::int, ${to}::int) g
      cross join lateral (
        select to_char(date '1988-01-01' + (g % 3000), 'YYYY-MM-DD') as day,
          (array['en','ru','hy','az'])[1 + g % 4] as lang,
          case g % 4 when 0 then (g / 4) % 4 when 1 then 7 + (g / 4) % 4 when 2 then 11 + (g / 4) % 3 else 4 + (g / 4) % 3 end as place,
          case g % 4
            when 0 then (array['Witness','Report','Photographs','Testimony','Map','Footage'])[1 + g % 6] || ' of ' || (array['burned houses','mass grave','shelling','displacement','missing persons','detention'])[1 + (g / 6) % 6]
            when 1 then (array['Свидетельство','Доклад','Фотографии','Показания'])[1 + g % 4] || ' о ' || (array['сожжённых домах','массовом захоронении','обстреле','пропавших без вести'])[1 + (g / 4) % 4]
            when 2 then (array['Վկայություն','Զեկույց','Լուսանկարներ'])[1 + g % 3] || ' ' || (array['այրված տների','զանգվածային գերեզմանի','անհետ կորածների'])[1 + (g / 3) % 3] || ' մասին'
            else (array['Şahid ifadəsi','Hesabat','Fotoşəkillər'])[1 + g % 3] || ' ' || (array['yandırılmış evlər','kütləvi məzarlıq','itkin düşənlər'])[1 + (g / 3) % 3]
          end || ' ' || g as title
      ) t`.execute(db);
    // The same visibility rule as src/server/archive/visibility.ts; one item in ten also carries a confidential
    // file whose words only the full tier holds.
    await sql`
      insert into search_documents (item_id, tier, for_public, for_member, for_documenter, for_admin, kind, languages, country,
        confidentiality, state, extraction_state, event_start, event_end, tag_ids, created_at, vector, search_key)
      select i.id, tier.name,
        tier.name = 'public' and v.pub, tier.name = 'public' and v.member,
        (tier.name = 'full' or not v.split) and v.documenter, tier.name = 'full' or not v.split,
        i.kind, i.languages, i.country, i.confidentiality, i.state, i.extraction_state, i.event_start, i.event_end,
        array[${termArray}[1 + g % 20]], i.created_at,
        setweight(to_tsvector('simple', lower(i.title) || ' ' || ${keyArray}[array_position(${placeArray}, i.place_name)]), 'A') || setweight(to_tsvector(v.cfg::regconfig, i.title), 'A')
          || setweight(to_tsvector(v.cfg::regconfig, i.description || ' ' || i.place_name), 'B')
          || setweight(array_to_tsvector(array(select distinct b.lexeme from regexp_split_to_table(lower(i.title || ' ' || i.place_name), '\s+') w
               join bench_spellings b on b.word = w)), 'A')
          || case when tier.name = 'full' then setweight(to_tsvector('simple', 'sealedword' || (g % 100)), 'C') else ''::tsvector end
          -- The filter lexemes, by the migration's own function, as refreshItemSearch writes them.
          || array_to_tsvector(search_facet_lexemes(i.kind, i.languages, i.country, i.confidentiality, i.state, i.extraction_state,
               i.event_start, i.event_end, array[${termArray}[1 + g % 20]])),
        lower(i.title) || ' ' || ${keyArray}[array_position(${placeArray}, i.place_name)]
      from generate_series(${from}::int, ${to}::int) g
      join items i on i.id = ('00000000-0000-4000-8000-' || lpad(to_hex(g), 12, '0'))::uuid
      cross join lateral (
        select pub, pub or (i.confidentiality <> 'confidential' and internal) as member, pub or internal as documenter, g % 10 = 0 as split,
          (array['english','russian','armenian','simple'])[1 + g % 4] as cfg
        from (select i.state = 'published' and i.confidentiality = 'public' and (i.consent_scopes is null or 'publication' = any(i.consent_scopes)) as pub,
                     (i.consent_scopes is null or 'internal_use' = any(i.consent_scopes)) as internal) f
      ) v
      cross join lateral (select unnest(case when v.split then array['public','full'] else array['public'] end) as name) tier`.execute(db);
  }
  await sql`insert into search_terms (term)
    select distinct w from search_documents d cross join lateral unnest(tsvector_to_array(to_tsvector('simple', d.search_key))) w
    where length(w) between 3 and 100 and w ~ '[[:alpha:]]' on conflict do nothing`.execute(db);
  for (const index of indexes) await sql.raw(index.indexdef).execute(db);
  await sql`analyze search_terms`.execute(db);
  // What autovacuum does to a table at rest: statistics, and the visibility map that lets counts skip row reads.
  await sql`vacuum analyze items`.execute(db);
  await sql`vacuum analyze search_documents`.execute(db);
  return (performance.now() - started) / 1000;
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

try {
  const loadSeconds = await generate();
  const documents = Number((await sql<{ n: number }>`select count(*) as n from search_documents`.execute(db)).rows[0].n);
  const user = (role: 'viewer' | 'editor'): Actor => ({ kind: 'user', userId: '00000000-0000-4000-8000-000000000000', username: role, role, via: 'token' });
  const actors: Array<[string, Actor]> = [
    ['public', { kind: 'public' }],
    ['viewer', user('viewer')],
    ['editor', user('editor')],
  ];
  const queries: Array<[string, SearchQuery]> = [
    ['word, en', { q: 'burned houses' }],
    ['word, ru (stemmed)', { q: 'сожжённые дома' }],
    ['word, hy', { q: 'զանգվածային գերեզմանի' }],
    ['word, az', { q: 'yandırılmış' }],
    ['name, as written', { q: 'Xocalı' }],
    ['name, transliterated', { q: 'Khodzhaly' }],
    ['name, Cyrillic', { q: 'Ходжалы' }],
    ['name, spelling variant', { q: 'Aghdam' }],
    ['word across scripts', { q: 'Pokazaniya' }],
    ['rare word', { q: 'sealedword17 burned' }],
    ['word + kind filter', { q: 'missing persons', kind: ['document', 'testimony'] }],
    ['word + country + dates', { q: 'shelling', country: ['AZ'], dateFrom: '1990', dateTo: '1992' }],
    ['tag filter', { tag: [terms[3]] }],
    ['language facet filter', { language: ['hy'], confidentiality: ['public'] }],
    ['browse by event date', { kind: ['video'], sort: 'event_date' }],
    ['browse, newest', {}],
    ['page 3', { q: 'report', offset: 40 }],
    ['page 11, by date', { q: 'mass grave', offset: 200, sort: 'event_date' }],
  ];

  // Reference in the same run: what the database needs for the cheapest whole-table answer and a single look-up.
  const countTimes: number[] = [];
  const lookupTimes: number[] = [];
  for (let r = 0; r < rounds; r++) {
    countTimes.push(await time(() => sql`select count(*) from search_documents`.execute(db)));
    const id = `00000000-0000-4000-8000-${(1 + ((r * 7919) % count)).toString(16).padStart(12, '0')}`;
    lookupTimes.push(await time(() => sql`select item_id from search_documents where item_id = ${id}`.execute(db)));
  }

  const byAudience = new Map<string, number[]>();
  const byQuery = new Map<string, number[]>();
  const all: number[] = [];
  const inexact = new Set<string>();
  for (let round = 0; round < rounds; round++) {
    for (const [who, actor] of actors) {
      for (const [name, query] of queries) {
        let result: Awaited<ReturnType<typeof searchItems>> | undefined;
        const ms = await time(async () => (result = await searchItems(db, actor, { limit: 20, ...query })));
        if (!result!.totalExact) inexact.add(name);
        if (round === 0) continue; // the first round warms caches
        all.push(ms);
        byAudience.set(who, [...(byAudience.get(who) ?? []), ms]);
        byQuery.set(name, [...(byQuery.get(name) ?? []), ms]);
      }
    }
  }

  const line = (label: string, times: number[]) => {
    const sorted = [...times].sort((a, b) => a - b);
    return `| ${label} | ${sorted.length} | ${percentile(sorted, 0.5).toFixed(1)} | ${percentile(sorted, 0.95).toFixed(1)} | ${sorted[sorted.length - 1].toFixed(1)} |`;
  };
  console.log(`\n${handle.engine}: ${count.toLocaleString('en')} items, ${documents.toLocaleString('en')} search documents, generated and indexed in ${loadSeconds.toFixed(0)} s`);
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, Node ${process.version}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log(`reference: count(*) over search_documents median ${median(countTimes).toFixed(1)} ms; primary-key lookup median ${median(lookupTimes).toFixed(2)} ms`);
  console.log(`${rounds - 1} measured rounds of ${queries.length} queries × ${actors.length} audiences (first round discarded); total capped ("${EXACT_LIMIT.toLocaleString('en')}+") for: ${[...inexact].join(', ') || 'none'}`);
  console.log('| audience | searches | p50 ms | p95 ms | max ms |');
  console.log('|---|---|---|---|---|');
  for (const [who, times] of byAudience) console.log(line(who, times));
  console.log(line('**all**', all));
  console.log(`| p95 / count(*) reference | | | ${(percentile([...all].sort((a, b) => a - b), 0.95) / median(countTimes)).toFixed(2)} | |`);
  console.log('\n| query (all audiences) | searches | p50 ms | p95 ms | max ms |');
  console.log('|---|---|---|---|---|');
  for (const [name, times] of byQuery) console.log(line(name, times));
} finally {
  if (url && schema && (values.keep || reuse)) console.log(`kept schema ${schema}`);
  else if (url && schema) await sql`drop schema ${sql.id(schema)} cascade`.execute(db).catch(() => {});
  await handle.close();
}
