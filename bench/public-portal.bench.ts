/**
 * Server time of the public portal's pages (p50/p95 of app.inject, so no network), on published items and memorial
 * persons, on PGlite or the PostgreSQL server (--database-url, else TEST_DATABASE_URL).
 *
 *   node --import tsx bench/public-portal.bench.ts [--items 100000] [--persons 100000] [--rounds 40]
 *     [--database-url postgres://...] [--import] [--reseed] [--explain]
 *
 * Each page's p50/p95 and CPU per request are printed beside a reference measured in the same rounds (the neutrality
 * page: the same HTML path without a query), with the load average before and after, and the SQL statements a request
 * sends (counted at the PostgreSQL driver; on PGlite not counted).
 *
 * Seeding (issue 19 asks for 100,000 published items and 100,000 persons): one item is created and made public
 * through the services (so its search document is the archive's own), then the others are written in bulk with SQL
 * (multi-row INSERT … SELECT from generate_series, 20,000 rows a statement), each a copy of it with its own id, title,
 * place and year, its search document the template's plus the new title's words. The memorial's persons come from two
 * synthetic lists (invented names, Latin and Cyrillic): written straight into the tables in multi-row inserts, each
 * person holding the same person's record from both lists (two of three) as a linkage run would link them, with a
 * finished run; the lists and the run are then made public through the publication service. With --import (small
 * sizes only) the lists are imported through the API and linked by a real run instead.
 *
 * On the server the data lives in a schema of its own named by the sizes (bench_portal_<items>_<persons>) and is kept:
 * a marker table written when seeding finished lets the next run reuse it (after migrating it to the latest schema);
 * --reseed drops it first. --explain prints EXPLAIN ANALYZE of the memorial's name search and page queries.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sql, type Kysely } from 'kysely';
import { systemActor } from '../src/server/accounts/actor.ts';
import { buildApp } from '../src/server/app.ts';
import { searchNames } from '../src/server/casualties/service.ts';
import { loadConfig } from '../src/server/config.ts';
import { createContext } from '../src/server/context.ts';
import { openDatabase } from '../src/server/db/connect.ts';
import { migrateToLatest } from '../src/server/db/migrate.ts';
import type { Database } from '../src/server/db/schema.ts';
import { PublicationService } from '../src/server/publication/service.ts';
import { countStatements } from './pg-statements.ts';

// Statements sent to the server, counted at the driver (bench/pg-statements.ts).
const counter = await countStatements();

const { values } = parseArgs({
  options: {
    items: { type: 'string', default: '2000' },
    persons: { type: 'string', default: '3000' },
    rounds: { type: 'string', default: '40' },
    'database-url': { type: 'string' },
    import: { type: 'boolean', default: false },
    reseed: { type: 'boolean', default: false },
    explain: { type: 'boolean', default: false },
    // Accepted for older command lines: the direct writing of persons is now the default.
    direct: { type: 'boolean', default: false },
  },
});
const items = Number(values.items);
const persons = Number(values.persons);
const rounds = Number(values.rounds);
const url = values['database-url'] ?? process.env.TEST_DATABASE_URL;
const schema = url ? `bench_portal_${items}_${persons}${values.import ? '_imported' : ''}` : undefined;
if (url && values.reseed) {
  const dropping = await openDatabase({ url, poolSize: 1 });
  await sql`drop schema if exists ${sql.id(schema!)} cascade`.execute(dropping.db);
  await dropping.close();
}
const handle = await openDatabase({ url, schema, poolSize: 4 });
const db = handle.db as Kysely<Database>;
await migrateToLatest(db);
const dataDir = join(tmpdir(), `reckon-bench-${schema ?? `pglite-${process.pid}`}`);
mkdirSync(dataDir, { recursive: true });
// Every request of the bench comes from one address; the public limit (120 a minute) is raised so the rounds measure
// visitors far from their limit, who are counted in batches (src/server/http/rate-store.ts), not a refused client.
const config = loadConfig({ dataDir, logLevel: 'silent' }, { RECKON_PUBLIC_API_PER_MINUTE: '1000000' });
const ctx = createContext(config, db, handle.engine, 'test');
const app = await buildApp(ctx);
await app.ready();
const actor = systemActor('bench');
const publication = new PublicationService(db, { statsMinCell: 3 });
const started = Date.now();

type Marker = { items: number; persons: number; first_item: string; run_id: string };
const marker = async (): Promise<Marker | undefined> => {
  const exists = (await sql<{ t: string | null }>`select to_regclass('bench_portal_marker')::text as t`.execute(db)).rows[0]?.t;
  return exists ? (await sql<Marker>`select items, persons, first_item::text, run_id::text from bench_portal_marker`.execute(db)).rows[0] : undefined;
};

const GIVEN = ['Azer', 'Leyla', 'Elnur', 'Nigar', 'Tural', 'Samira', 'Rauf', 'Aytan'];
const FAMILY = ['Quliyev', 'Mammadova', 'Hasanov', 'Aliyeva', 'Karimov', 'Huseynova', 'Rzayev', 'Ismayilova'];
const CYR: Record<string, string> = {
  Azer: 'Азер',
  Leyla: 'Лейла',
  Elnur: 'Эльнур',
  Nigar: 'Нигяр',
  Tural: 'Турал',
  Samira: 'Самира',
  Rauf: 'Рауф',
  Aytan: 'Айтан',
  Quliyev: 'Гулиев',
  Mammadova: 'Мамедова',
  Hasanov: 'Гасанов',
  Aliyeva: 'Алиева',
  Karimov: 'Керимов',
  Huseynova: 'Гусейнова',
  Rzayev: 'Рзаев',
  Ismayilova: 'Исмаилова',
};
const rowOf = (p: number, script: 'latin' | 'cyrillic') => {
  const g = GIVEN[p % 8];
  const f = FAMILY[Math.floor(p / 8) % 8];
  return {
    name: script === 'latin' ? `${g} ${f} ${p}` : `${CYR[g]} ${CYR[f]} ${p}`,
    sex: p % 2 ? 'f' : 'm',
    born: `19${40 + (p % 50)}-01-0${1 + (p % 9)}`,
    died: `1992-02-2${5 + (p % 3)}`,
    place: `Village ${p % 97}`,
  };
};

/** One item through the services, the rest copies of it written in bulk (see the header). */
async function seedItems(): Promise<string> {
  const template = await ctx.archive.items.createItem(actor, {
    kind: 'document',
    title: 'Report 0 on the events in village 0',
    description: 'Synthetic description 0',
    languages: ['en'],
    confidentiality: 'public',
    eventDate: '1988',
    place: { name: 'Village 0', country: 'AZ' },
  });
  await publication.makePublic(actor, 'item', template.id, {});
  const batch = 20_000;
  for (let from = 1; from < items; from += batch) {
    const to = Math.min(items - 1, from + batch - 1);
    await sql`
      insert into items (id, kind, title, description, languages, event_date, event_start, event_end, place_name, country, latitude, longitude,
        provided_by, confidentiality, state, consent_scopes, extraction_state, created_by, created_at, updated_at, published_at)
      select ('00000000-0000-4000-9000-' || lpad(to_hex(g), 12, '0'))::uuid, t.kind,
        'Report ' || g || ' on the events in village ' || (g % 97), 'Synthetic description ' || g, array[(array['en','az','hy','ru'])[1 + g % 4]],
        (1988 + g % 6)::text, (1988 + g % 6)::text || '-01-01', (1988 + g % 6)::text || '-12-31', 'Village ' || (g % 97), t.country, t.latitude, t.longitude,
        t.provided_by, t.confidentiality, t.state, t.consent_scopes, t.extraction_state, t.created_by, now() - (g || ' seconds')::interval, now(), now() - (g || ' seconds')::interval
      from generate_series(${from}::int, ${to}::int) g cross join items t where t.id = ${template.id}`.execute(db);
    await sql`
      insert into search_documents (item_id, tier, for_public, for_member, for_documenter, for_admin, kind, languages, country, confidentiality, state,
        extraction_state, event_start, event_end, tag_ids, created_at, vector, search_key)
      select i.id, d.tier, d.for_public, d.for_member, d.for_documenter, d.for_admin, d.kind, i.languages, d.country, d.confidentiality, d.state,
        d.extraction_state, i.event_start, i.event_end, d.tag_ids, i.created_at, d.vector || setweight(to_tsvector('simple', lower(i.title)), 'A'), lower(i.title)
      from generate_series(${from}::int, ${to}::int) g
      join items i on i.id = ('00000000-0000-4000-9000-' || lpad(to_hex(g), 12, '0'))::uuid
      cross join search_documents d where d.item_id = ${template.id}`.execute(db);
  }
  return template.id;
}

/** Two lists, a finished run and its persons, written directly (multi-row inserts); the lists and run made public. */
async function seedPersonsDirect(): Promise<string> {
  const lists: string[] = [];
  const recordIds: Record<'latin' | 'cyrillic', string[]> = { latin: [], cyrillic: [] };
  for (const [name, script] of [
    ['Bench list Latin', 'latin'],
    ['Bench list Cyrillic', 'cyrillic'],
  ] as const) {
    const id = randomUUID();
    await db.insertInto('casualty_sources').values({ id, name }).execute();
    for (let from = 0; from < persons; from += 5000) {
      const batch = [];
      for (let p = from; p < Math.min(persons, from + 5000); p++) {
        if (script === 'cyrillic' && p % 3 === 0) continue; // the lists overlap, not coincide
        const r = rowOf(p, script);
        const rid = randomUUID();
        recordIds[script][p] = rid;
        batch.push({
          id: rid,
          source_id: id,
          source_record_id: String(p),
          version: 1,
          names: JSON.stringify([r.name]),
          sex: r.sex === 'f' ? 'female' : 'male',
          birth_date: r.born,
          death_date: r.died,
          place: r.place,
          status: 'unknown',
          search_names: searchNames([r.name]),
          line: p + 2,
        });
      }
      if (batch.length) await db.insertInto('casualty_records').values(batch).execute();
    }
    lists.push(id);
    await publication.makePublic(actor, 'casualty_source', id, {});
  }
  const runId = randomUUID();
  await db
    .insertInto('linkage_runs')
    .values({ id: runId, source_ids: JSON.stringify(lists), settings: JSON.stringify({ bench: 'direct' }), state: 'done', finished_at: new Date() })
    .execute();
  for (let from = 0; from < persons; from += 5000) {
    const people = [];
    const links = [];
    for (let p = from; p < Math.min(persons, from + 5000); p++) {
      const both = p % 3 !== 0;
      people.push({
        run_id: runId,
        person_id: p + 1,
        capture_history: both ? '11' : '10',
        record_count: both ? 2 : 1,
        sex: p % 2 ? 'female' : 'male',
        age_band: 'unknown',
        status: 'unknown',
        death_date: rowOf(p, 'latin').died,
        place: rowOf(p, 'latin').place,
      });
      links.push({ run_id: runId, person_id: p + 1, record_id: recordIds.latin[p], probability: both ? 0.99 : null });
      if (both) links.push({ run_id: runId, person_id: p + 1, record_id: recordIds.cyrillic[p], probability: 0.99 });
    }
    await db.insertInto('persons').values(people).execute();
    await db.insertInto('person_records').values(links).execute();
  }
  return runId;
}

/** The lists imported through the API and linked by a real run (small sizes: at 100,000 this takes most of an hour). */
async function seedPersonsImported(): Promise<string> {
  const password = `bench-${randomUUID()}`;
  await ctx.accounts.createUser(actor, { username: 'bench-admin', displayName: 'Bench', role: 'admin', password, mustChangePassword: false });
  const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'bench-admin', password } });
  const cookie = `reckon_session=${login.cookies.find((c) => c.name === 'reckon_session')?.value}`;
  const headers = { cookie, 'x-csrf-token': (login.json() as { csrfToken: string }).csrfToken };
  const lists: string[] = [];
  for (const [name, script] of [
    ['Bench list Latin', 'latin'],
    ['Bench list Cyrillic', 'cyrillic'],
  ] as const) {
    const rows = ['id,name,sex,born,died,place'];
    for (let p = 0; p < persons; p++) {
      if (script === 'cyrillic' && p % 3 === 0) continue;
      const r = rowOf(p, script);
      rows.push(`${p},${r.name},${r.sex},${r.born},${r.died},${r.place}`);
    }
    const created = await app.inject({ method: 'POST', url: '/api/casualties/sources', headers, payload: { name } });
    const id = (created.json().source?.id ?? created.json().id) as string;
    await app.inject({
      method: 'POST',
      url: `/api/casualties/sources/${id}/import`,
      headers,
      payload: {
        csvBase64: Buffer.from(rows.join('\n')).toString('base64'),
        mapping: { source_record_id: 'id', name: 'name', sex: 'sex', birth_date: 'born', death_date: 'died', place: 'place' },
      },
    });
    lists.push(id);
    await publication.makePublic(actor, 'casualty_source', id, {});
  }
  const run = await app.inject({ method: 'POST', url: '/api/casualties/runs', headers, payload: { sourceIds: lists } });
  const runId = (run.json().run?.id ?? run.json().id) as string;
  await ctx.jobs.drain();
  return runId;
}

let seeded = await marker();
if (seeded && (seeded.items !== items || seeded.persons !== persons))
  throw new Error(`schema ${schema} holds ${seeded.items} items and ${seeded.persons} persons`);
if (!seeded) {
  const firstItem = await seedItems();
  const runId = values.import ? await seedPersonsImported() : await seedPersonsDirect();
  await publication.makePublic(actor, 'casualty_stats', runId, {});
  await sql`vacuum analyze`.execute(db).catch(() => sql`analyze`.execute(db));
  await sql`create table bench_portal_marker (items integer, persons integer, first_item uuid, run_id uuid)`.execute(db);
  await sql`insert into bench_portal_marker values (${items}, ${persons}, ${firstItem}, ${runId})`.execute(db);
  seeded = (await marker())!;
  console.log(
    `seeded ${items} items and ${persons} persons in ${((Date.now() - started) / 1000).toFixed(0)} s${schema ? ` (schema ${schema}, kept for the next run)` : ''}`,
  );
} else {
  console.log(`reusing schema ${schema}: ${items} items, ${persons} persons`);
}
const firstItem = seeded.first_item;
// Since migration 202612110800 a change is rebuilt by a job (queued by the change trigger), never by a reader: a read
// with a rebuild pending answers from the last built state at once; the job's own time is printed apart.
const pendingRead = performance.now();
await app.inject({ method: 'GET', url: '/public/memorial' });
console.log(`memorial read with a rebuild pending (served from the last built state): ${(performance.now() - pendingRead).toFixed(0)} ms`);
const built = performance.now();
const cpuBuilt = process.cpuUsage();
const jobs = await ctx.jobs.drain();
const cpuBuild = process.cpuUsage(cpuBuilt);
console.log(
  `rebuild by the job (${jobs} job${jobs === 1 ? '' : 's'}): ${(performance.now() - built).toFixed(0)} ms, Node CPU ${((cpuBuild.user + cpuBuild.system) / 1000).toFixed(0)} ms (the rest is PostgreSQL's), load ${loadavg()[0].toFixed(1)}`,
);
const memorial = await app.inject({ method: 'GET', url: '/api/public/persons' });
const personKey = (memorial.json().rows[0]?.key ?? '') as string;

if (values.explain) {
  // The memorial's own statements, as the portal sends them for a Cyrillic name (written and romanised forms).
  const { normaliseName } = await import('../src/core/names/normalise.ts');
  const q = 'Азер Гулиев';
  const written = `%${q.toLowerCase()}%`;
  const romanised = `%${normaliseName(q)}%`;
  const { nameKeys, shownMemorial } = await import('../src/server/public/memorial-repository.ts');
  const generation = (await shownMemorial(db))?.generation ?? -1;
  const has = (keys: string[] | null) => sql`p.name_keys @> array[${sql.join(keys ?? [])}]::text[]`;
  const byName = sql`(${has(nameKeys(q))} or ${has(nameKeys(normaliseName(q)))})`;
  for (const statement of [
    // before migration 202612100600: the substring match over the stored search text (trigram index)
    sql`explain (analyze, buffers) select count(*) from memorial_persons p where p.generation = ${generation} and p.source_count >= 1 and (p.search like ${written} or p.search like ${romanised})`,
    // since: the name keys (GIN), for the count and the first page
    sql`explain (analyze, buffers) select count(*) from memorial_persons p where p.generation = ${generation} and p.source_count >= 1 and ${byName}`,
    sql`explain (analyze, buffers) select p.person_id, p.key from memorial_persons p where p.generation = ${generation} and p.source_count >= 1 and ${byName} order by p.key limit 20`,
    // page 2500 of the whole memorial: by offset before, by the stored ordinals since
    sql`explain (analyze, buffers) select p.person_id, p.key from memorial_persons p where p.generation = ${generation} and p.source_count >= 1 order by p.key limit 20 offset 49980`,
    sql`explain (analyze, buffers) select p.person_id, p.key from memorial_persons p where p.generation = ${generation} and p.ordinal > 49980 and p.ordinal <= 50000 order by p.ordinal`,
  ]) {
    console.log((await statement.execute(db)).rows.map((r) => Object.values(r as Record<string, string>)[0]).join('\n'), '\n');
  }
}
const pages = [
  '/public',
  '/public/memorial?page=2500',
  `/public/memorial?place=${encodeURIComponent('Village 5')}`,
  '/public/memorial?year=1992',
  '/public/archive',
  '/public/archive?q=village',
  `/public/archive/${firstItem}`,
  '/public/memorial',
  `/public/memorial?q=${encodeURIComponent('Азер Гулиев')}`,
  `/public/memorial/${personKey}`,
  '/public/statistics',
  '/public/missing',
  '/api/public/items',
  '/api/public/persons',
  '/api/public/missing',
];
// The reference, in the same run and the same rounds: the neutrality page goes through the same route, language
// choice, HTML shell and headers as every other page but reads nothing from the database, so a page's excess over it
// is its queries and rendering, whatever the machine's load at the time.
const REFERENCE = '/public/neutrality';
console.log(`goal: p95 <= 100 ms server time (issue 19); reference: the neutrality page in the same rounds`);
const loadBefore = loadavg();
console.log(`load ${loadBefore.map((l) => l.toFixed(1)).join(' ')} | engine ${url ? 'postgres' : 'pglite'} | rounds ${rounds} | node ${process.version}`);
// Rounds are interleaved (every page once per round, in order) so a burst of load on the machine falls on all pages
// alike, the reference included. CPU is this process's (user + system), so on PostgreSQL it leaves out the server's.
const all = [REFERENCE, ...pages];
// The first view of a page after a change computes what later views read (the statistics under the memorial's
// generation): timed once here and reported apart, then the rounds measure the views that follow.
const cold: string[] = [];
for (const url of all) {
  const t0 = performance.now();
  await app.inject({ method: 'GET', url, headers: { accept: url.startsWith('/api/') ? 'application/json' : 'text/html' } });
  cold.push(`${url.slice(0, 40)} ${(performance.now() - t0).toFixed(0)}`);
}
console.log(`first views (ms): ${cold.join(' | ')}`);
const times = new Map(all.map((url) => [url, [] as number[]]));
const cpu = new Map(all.map((url) => [url, 0]));
const sent = new Map(all.map((url) => [url, 0]));
for (let r = 0; r < rounds; r++) {
  for (const url of all) {
    const c0 = process.cpuUsage();
    const s0 = counter.sent();
    const t0 = performance.now();
    const res = await app.inject({ method: 'GET', url, headers: { accept: url.startsWith('/api/') ? 'application/json' : 'text/html' } });
    times.get(url)!.push(performance.now() - t0);
    sent.set(url, sent.get(url)! + counter.sent() - s0);
    const used = process.cpuUsage(c0);
    cpu.set(url, cpu.get(url)! + (used.user + used.system) / 1000);
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body.slice(0, 200)}`);
  }
}
const quantile = (url: string, q: number) => {
  const sorted = [...times.get(url)!].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};
const referenceP95 = quantile(REFERENCE, 0.95);
for (const url of all) {
  const p95 = quantile(url, 0.95);
  const goal = url === REFERENCE ? 'reference' : p95 <= 100 ? 'p95 <= 100: yes' : 'p95 <= 100: no';
  console.log(
    `${url.padEnd(62)} p50 ${quantile(url, 0.5).toFixed(1).padStart(7)} ms  p95 ${p95.toFixed(1).padStart(7)} ms  ${(p95 / referenceP95).toFixed(1).padStart(6)}x ref  cpu ${(cpu.get(url)! / rounds).toFixed(1).padStart(6)} ms/req  sql ${(sent.get(url)! / rounds).toFixed(1).padStart(4)}/req  ${goal}`,
  );
}
console.log(
  `load after ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
await app.close();
await handle.close();
