/**
 * Issue 21: the server time of the justice pages at a realistic size, on PGlite or (with TEST_DATABASE_URL, in a
 * schema of its own) PostgreSQL. Seeds 3 frameworks (the shipped Genocide Convention and Rome Statute and a synthetic
 * national code), --incidents incidents with --acts acts in all, two allegations per incident, and --links evidence
 * links on the first allegation's elements (written straight into the table, over --items archive items), then times
 * the API requests each page makes (in process, `app.inject`, an admin's session: every form is shown), --rounds rounds:
 *
 *  - home: GET /api/cases, GET /api/cases/incidents
 *  - incident: GET /api/cases/incidents/{id}, …/{id}/command, and the allegation form's lists (actors, sources,
 *    every framework with its crimes, modes and elements: /api/cases/framework-details), and the same page as it was
 *    before that request existed ("incident (before)": the framework list, then one request a framework)
 *  - allegation: GET /api/cases/allegations/{id}, …/{id}/evidence?limit=1
 *  - matrix: GET /api/cases/allegations/{id}/matrix, and one element's links
 *  - the incident and the matrix request alone (incident API, matrix API)
 *
 * Goal: each page ≤ 1 s of server time. The reference printed beside them is GET /api/auth/session measured in the
 * same rounds, so figures from a loaded machine can be compared. On PostgreSQL the SQL statements a page sends are
 * counted at the driver (every pooled connection's query calls; on PGlite not counted): unlike its time, the count
 * does not depend on the machine's load.
 *
 *   node --import tsx bench/cases-pages.bench.ts [--incidents 50] [--acts 500] [--links 2000] [--items 200] [--rounds 20]
 */
import { randomUUID } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { systemActor } from '../src/server/accounts/actor.ts';
import { CasesService } from '../src/server/cases/service.ts';
import { createTestApp } from '../src/server/testing.ts';
import { countStatements } from './pg-statements.ts';

// Statements sent to the server, counted at the driver (bench/pg-statements.ts); on PGlite not counted.
const counter = process.env.TEST_DATABASE_URL ? await countStatements() : { sent: () => 0 };

const { values } = parseArgs({
  options: {
    incidents: { type: 'string', default: '50' },
    acts: { type: 'string', default: '500' },
    links: { type: 'string', default: '2000' },
    items: { type: 'string', default: '200' },
    rounds: { type: 'string', default: '20' },
  },
});
const INCIDENTS = Number(values.incidents);
const ACTS = Number(values.acts);
const LINKS = Number(values.links);
const ITEMS = Number(values.items);
const ROUNDS = Number(values.rounds);
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];
const engine = process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite';

console.log(`cases pages: ${INCIDENTS} incidents, ${ACTS} acts, ${INCIDENTS * 2} allegations, ${LINKS} links over ${ITEMS} items, 3 frameworks; ${engine}`);
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, node ${process.version}; load average before: ${load()}\n`);

const t = await createTestApp();
const db = t.ctx.db;
const system = systemActor('bench');
try {
  let clock = performance.now();
  const cases = new CasesService(db);
  await cases.loadStandardFrameworks(system);
  // A synthetic national code: one crime of four elements, one mode of two.
  await cases.importFrameworks(system, {
    'frameworks.csv': 'id,name,instrument,jurisdiction,summary_source,language\nNC,Synthetic national code,Synthetic Criminal Code,XX,,en\n',
    'crimes.csv': 'id,framework,parent,category,article,title,quoted_terms,summary\nNC-100,NC,,other,100,Synthetic offence,,A synthetic offence\n',
    'modes.csv': 'id,framework,article,title,quoted_terms,summary\nNC-M1,NC,20,Synthetic mode,,A synthetic mode\n',
    'elements.csv':
      'id,crime,mode,number,kind,summary,quoted_terms,citation\n' +
      [1, 2, 3, 4].map((n) => `NC-100.${n},NC-100,,${n},conduct,Element ${n},,Synthetic Code 100(${n})`).join('\n') +
      '\nNC-M1.1,,NC-M1,1,conduct,Mode element 1,,Synthetic Code 20\nNC-M1.2,,NC-M1,2,mental,Mode element 2,,Synthetic Code 20\n',
  });
  const sources = Array.from({ length: 20 }, (_, i) => `SRC${i},Publisher ${i},Report ${i},2001-0${(i % 9) + 1},,news,en,`).join('\n');
  const actors = Array.from({ length: 20 }, (_, i) => `ACT${i},Actor ${i},organization,ngo,,,,,`).join('\n');
  const events = Array.from({ length: INCIDENTS }, (_, i) => `EV${i},Event ${i},2001-03-01,,Town ${i},`).join('\n');
  await t.ctx.registry.importFiles(system, {
    'sources.csv': `id,publisher,title,date,address,kind,language,archive_item_id\n${sources}\n`,
    'actors.csv': `id,name,type,classification,country,subdivision,wikidata,parent,description\n${actors}\n`,
    'events.csv': `id,name,start_date,end_date,place,description\n${events}\n`,
  });
  const rows = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));
  await cases.importCases(system, {
    'cases.json': JSON.stringify({
      format: 'reckon-cases',
      version: 1,
      incidents: rows(INCIDENTS, (i) => ({
        id: `INC${i}`,
        title: `Incident ${i}`,
        dateKind: 'exact',
        dateStart: `2001-03-${String((i % 28) + 1).padStart(2, '0')}`,
        placeName: `Town ${i}`,
        eventIds: [`EV${i}`],
      })),
      acts: rows(ACTS, (i) => ({
        id: `A${i}`,
        incidentId: `INC${i % INCIDENTS}`,
        actType: 'killing',
        description: `Act ${i}`,
        involvement: 'direct',
        sourceId: `SRC${i % 20}`,
        verification: 'reported',
        perpetratorActorId: `ACT${i % 20}`,
      })),
      allegations: rows(INCIDENTS * 2, (i) =>
        i % 2 === 0
          ? {
              id: `AL${i}`,
              incidentId: `INC${i >> 1}`,
              proponentId: `ACT${i % 20}`,
              characterisation: 'crime-against-humanity',
              crimeId: 'RS-7-1-a',
              modeId: 'RS-25-3-a',
              statement: `Statement ${i}`,
              verification: 'reported',
              sources: [{ sourceId: `SRC${i % 20}` }],
              elementIds: ['RS-7.1', 'RS-7.2', 'RS-7-1-a.1'],
            }
          : {
              id: `AL${i}`,
              incidentId: `INC${i >> 1}`,
              proponentId: `ACT${(i + 1) % 20}`,
              characterisation: 'other-crime',
              crimeId: 'NC-100',
              modeId: 'NC-M1',
              statement: `Statement ${i}`,
              verification: 'reported',
              sources: [{ sourceId: `SRC${i % 20}` }],
              elementIds: ['NC-100.1', 'NC-100.2', 'NC-M1.1'],
            },
      ),
    }),
  });
  // Archive items and the links, straight into the tables (the pages read only the tables).
  const items = rows(ITEMS, () => randomUUID());
  for (let i = 0; i < items.length; i += 500) {
    const batch = items.slice(i, i + 500).map((id, k) => sql`(${id}::uuid, 'document', ${`Exhibit ${i + k}`}, 'restricted', ${`Provider ${(i + k) % 40}`})`);
    await sql`insert into items (id, kind, title, confidentiality, provided_by) values ${sql.join(batch)}`.execute(db);
  }
  const elements = ['RS-7.1', 'RS-7.2', 'RS-7-1-a.1'];
  for (let i = 0; i < LINKS; i += 500) {
    const batch = rows(Math.min(500, LINKS - i), (k) => {
      const n = i + k;
      const key = JSON.stringify({ type: 'page', fileId: '00000000-0000-4000-8000-000000000000', page: n + 1 });
      return sql`(${randomUUID()}::uuid, 'AL0', ${elements[n % 3]}, ${items[n % ITEMS]}::uuid, ${key}::jsonb, ${key}, ${n % 4 === 0 ? 'undermining' : 'supporting'}, ${'ABCDEF'[n % 6]})`;
    });
    await sql`insert into cases_evidence_links (id, allegation_id, element_id, item_id, pinpoint, pinpoint_key, direction, reliability) values ${sql.join(batch)}`.execute(
      db,
    );
  }
  console.log(`seeded in ${((performance.now() - clock) / 1000).toFixed(1)} s\n`);

  const session = await t.login(t.admin.username, t.admin.password);
  const get = async (url: string) => {
    const res = await t.app.inject({ method: 'GET', url, headers: session.headers });
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body.slice(0, 300)}`);
  };
  const frameworks = ['GC', 'RS', 'NC'];
  const pages: Record<string, string[]> = {
    home: ['/api/cases', '/api/cases/incidents'],
    incident: [
      '/api/cases/incidents/INC7',
      '/api/cases/incidents/INC7/command',
      '/api/registry/actors',
      '/api/registry/sources',
      '/api/cases/framework-details',
    ],
    // The same page as before the frameworks came in one request (the list, then one request a framework), same run.
    'incident (before)': [
      '/api/cases/incidents/INC7',
      '/api/cases/incidents/INC7/command',
      '/api/registry/actors',
      '/api/registry/sources',
      '/api/cases/frameworks',
      ...frameworks.map((f) => `/api/cases/frameworks/${f}`),
    ],
    allegation: ['/api/cases/allegations/AL0', '/api/cases/allegations/AL0/evidence?limit=1'],
    matrix: ['/api/cases/allegations/AL0/matrix', '/api/cases/allegations/AL0/evidence?element=RS-7.1&limit=1000'],
    // The two requests issue 21's goals are about, alone: the incident and the matrix.
    'incident API': ['/api/cases/incidents/INC7'],
    'matrix API': ['/api/cases/allegations/AL0/matrix'],
  };
  const times: Record<string, number[]> = { reference: [], ...Object.fromEntries(Object.keys(pages).map((p) => [p, [] as number[]])) };
  const cpu: Record<string, number> = Object.fromEntries(Object.keys(times).map((p) => [p, 0]));
  const sent: Record<string, number> = Object.fromEntries(Object.keys(times).map((p) => [p, 0]));
  for (let round = -2; round < ROUNDS; round++) {
    for (const [name, urls] of [['reference', ['/api/auth/session']] as const, ...Object.entries(pages)]) {
      const c0 = process.cpuUsage();
      const s0 = counter.sent();
      clock = performance.now();
      for (const url of urls) await get(url);
      const ms = performance.now() - clock;
      const c = process.cpuUsage(c0);
      if (round >= 0) {
        times[name].push(ms);
        cpu[name] += (c.user + c.system) / 1000;
        sent[name] += counter.sent() - s0;
      }
    }
  }
  console.log('page              requests   p50 ms   p95 ms   CPU ms (mean)   p50 ÷ reference p50   statements (mean)');
  const ref = pct(times.reference, 50);
  for (const [name, xs] of Object.entries(times)) {
    const n = name === 'reference' ? 1 : pages[name].length;
    console.log(
      `${name.padEnd(18)}${String(n).padStart(8)}${pct(xs, 50).toFixed(1).padStart(9)}${pct(xs, 95).toFixed(1).padStart(9)}${(cpu[name] / xs.length).toFixed(1).padStart(16)}${(pct(xs, 50) / ref).toFixed(1).padStart(22)}${(process.env.TEST_DATABASE_URL ? (sent[name] / xs.length).toFixed(1) : '—').padStart(20)}`,
    );
  }
  console.log(`\ngoal: each page ≤ 1,000 ms of server time; load average after: ${load()}`);
} finally {
  await t.close();
}
