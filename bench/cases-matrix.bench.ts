/**
 * Issue 21's goals for the evidence matrix and the case file, on PGlite or (with TEST_DATABASE_URL) PostgreSQL:
 *
 *  - the matrix API (GET /api/cases/allegations/:id/matrix over HTTP on loopback, an editor's session) at 50 elements
 *    × 10,000 links: p95 ≤ 100 ms on PostgreSQL; also one element's evidence list (GET …/evidence?element=, 200 links);
 *  - the matrix page in Chromium on the same data: from navigation to the 50 rows shown, ≤ 1 s;
 *  - a case file of 1,000 exhibits (one file each, --kib KiB of random bytes) exported to a folder, against
 *    `sha256sum` over the same files in the same run: ratio reference ÷ export ≥ 0.8.
 *
 * The 10,000 matrix links are written straight into the table in batches (the matrix reads only the table); the
 * case file's 1,000 links are made through the service, so each has its ledger event and the package verifies.
 *
 *   node --import tsx bench/cases-matrix.bench.ts [--elements 50] [--links 10000] [--exhibits 1000] [--kib 256] [--rounds 40] [--runs 3] [--no-browser] [--no-export]
 *     [--profile-print out.cpuprofile]
 *     [--profile-matrix out.cpuprofile]
 *     [--profile-export out.cpuprofile]
 */
import { execFileSync } from 'node:child_process';
import { randomFillSync, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Session } from 'node:inspector/promises';
import { sql } from 'kysely';
import { folderBagReader } from '../src/cli/commands/bag-readers.ts';
import { verifyBag } from '../src/core/bagit/verify-bag.ts';
import { computeMatrix } from '../src/core/cases/matrix-compute.ts';
import { canonicalize } from '../src/core/ledger/canonical-json.ts';
import { bytesStream } from '../src/server/blobs/service.ts';
import { exportCaseFile } from '../src/server/cases/case-file-export.ts';
import { CaseEvidenceService } from '../src/server/cases/evidence-service.ts';
import { CasesService } from '../src/server/cases/service.ts';
import { systemActor, type Actor } from '../src/server/accounts/actor.ts';
import { startTestServer } from '../src/server/testing.ts';

const { values } = parseArgs({
  options: {
    elements: { type: 'string', default: '50' },
    links: { type: 'string', default: '10000' },
    exhibits: { type: 'string', default: '1000' },
    kib: { type: 'string', default: '256' },
    rounds: { type: 'string', default: '40' },
    runs: { type: 'string', default: '3' },
    'no-browser': { type: 'boolean', default: false },
    'no-export': { type: 'boolean', default: false },
    // A CPU profile (.cpuprofile, for Chromium's DevTools or speedscope) of the case-file exports only
    'profile-export': { type: 'string' },
    // A CPU profile of the print view's last load in Chromium
    'profile-print': { type: 'string' },
    // A CPU profile of this process over the in-process matrix rounds (the service's way only)
    'profile-matrix': { type: 'string' },
  },
});
const ELEMENTS = Number(values.elements);
const LINKS = Number(values.links);
const EXHIBITS = Number(values.exhibits);
const KIB = Number(values.kib);
const ROUNDS = Number(values.rounds);
const RUNS = Math.max(1, Number(values.runs));
const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];
const median = (xs: number[]) => pct(xs, 50);
const engine = process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite';

console.log(`cases matrix and case file: ${ELEMENTS} elements × ${LINKS} links; case file of ${EXHIBITS} exhibits × ${KIB} KiB; ${engine}`);
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, node ${process.version}; load average before: ${load()}\n`);

const work = mkdtempSync(join(tmpdir(), 'reckon-cases-bench-'));
let webRoot: string | undefined;
if (!values['no-browser']) {
  const { buildWeb } = await import('../test/browser/harness.ts');
  webRoot = await buildWeb(join(work, 'web'));
}
const server = await startTestServer(webRoot ? { webDist: webRoot } : {});
const ctx = server.ctx;
try {
  const password = `bench-${randomUUID()}`;
  const user = await ctx.accounts.createUser(systemActor('bench'), { username: 'analyst', displayName: 'Analyst', role: 'editor', password, mustChangePassword: false });
  const editor: Actor = { kind: 'user', userId: user.id, username: 'analyst', role: 'editor', via: 'session' };

  // Exhibits: random files on disk (the sha256sum reference reads these), ingested as restricted items.
  const source = join(work, 'source');
  mkdirSync(source);
  const files: string[] = [];
  const items: Array<{ id: string; fileId: string }> = [];
  let t = performance.now();
  const bytes = Buffer.alloc(KIB * 1024);
  for (let i = 0; i < EXHIBITS; i++) {
    randomFillSync(bytes);
    const path = join(source, `exhibit-${i}.bin`);
    writeFileSync(path, bytes);
    files.push(path);
    const { item, file } = await ctx.archive.items.ingest(editor, bytesStream(readFileSync(path)), { filename: `exhibit-${i}.bin`, metadata: { confidentiality: 'restricted', title: `Synthetic exhibit ${i}`, providedBy: `Synthetic source ${i % 300}` } });
    await sql`insert into extractions (blob_sha256, extractor, state, metadata) values (${file.sha256}, 'synthetic-extent', 'done', '{"pages": 10}'::jsonb) on conflict do nothing`.execute(ctx.db);
    items.push({ id: item.id, fileId: file.id });
  }
  console.log(`ingested ${EXHIBITS} exhibits in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  const db = ctx.db;
  await sql`insert into registry_actors (id, name, type, classification) values ('bench-proponent', 'Synthetic Proponent', 'organization', 'ngo')`.execute(db);
  await sql`insert into cases_frameworks (id, name, instrument) values ('bench-fw', 'Synthetic framework', 'Synthetic instrument')`.execute(db);
  await sql`insert into cases_crimes (id, framework_id, category, article, title, summary, position) values ('bench-crime', 'bench-fw', 'war-crime', '8', 'Synthetic crime', 'S', 1)`.execute(db);
  await sql`insert into cases_incidents (id, title, date_kind) values ('bench-incident', 'Synthetic incident', 'unknown')`.execute(db);
  for (const a of ['bench-matrix', 'bench-case-file']) {
    await sql`insert into cases_allegations (id, incident_id, proponent_id, characterisation, crime_id, statement, verification) values (${a}, 'bench-incident', 'bench-proponent', 'war-crime', 'bench-crime', 'Synthetic statement', 'reported')`.execute(db);
  }
  for (let e = 0; e < ELEMENTS; e++) {
    await sql`insert into cases_elements (id, crime_id, number, kind, summary, citation) values (${`bench-el-${e}`}, 'bench-crime', ${e + 1}, 'conduct', ${`Synthetic element ${e + 1}`}, ${`8-${e + 1}`})`.execute(db);
    await sql`insert into cases_allegation_elements (allegation_id, element_id, position) values ('bench-matrix', ${`bench-el-${e}`}, ${e + 1})`.execute(db);
  }
  await sql`insert into cases_allegation_elements (allegation_id, element_id, position) values ('bench-case-file', 'bench-el-0', 1)`.execute(db);

  // The matrix's links, straight into the table: element i mod 50, item ⌊i / 50⌋ mod exhibits, page by round.
  t = performance.now();
  const grades = ['A', 'B', 'C', 'D', 'E', 'F'] as const;
  for (let from = 0; from < LINKS; from += 1000) {
    const batch = [];
    for (let i = from; i < Math.min(LINKS, from + 1000); i++) {
      const it = items[Math.floor(i / ELEMENTS) % items.length];
      const pinpoint = { type: 'page', fileId: it.fileId, page: 1 + (Math.floor(i / (ELEMENTS * items.length)) % 10) };
      batch.push({ id: randomUUID(), allegation_id: 'bench-matrix', element_id: `bench-el-${i % ELEMENTS}`, item_id: it.id, pinpoint, pinpoint_key: canonicalize(pinpoint), direction: i % 4 === 0 ? 'undermining' : 'supporting', reliability: grades[i % 6], note: `Synthetic note ${i}`, version: 1, created_by: user.id, updated_by: user.id });
    }
    await sql`insert into cases_evidence_links ${sql.raw('(id, allegation_id, element_id, item_id, pinpoint, pinpoint_key, direction, reliability, note, version, created_by, updated_by)')} select * from jsonb_to_recordset(${JSON.stringify(batch)}::jsonb) as x(id uuid, allegation_id text, element_id text, item_id uuid, pinpoint jsonb, pinpoint_key text, direction text, reliability text, note text, version int, created_by uuid, updated_by uuid)`.execute(db);
  }
  await sql`analyze cases_evidence_links`.execute(db);
  console.log(`wrote ${LINKS} matrix links in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  // The case file's links, through the service (each a ledger event).
  const evidence = new CaseEvidenceService(ctx, new CasesService(ctx.db));
  t = performance.now();
  for (const it of items) await evidence.link(editor, 'bench-case-file', { elementId: 'bench-el-0', itemId: it.id, pinpoint: { type: 'page', fileId: it.fileId, page: 1 }, direction: 'supporting', reliability: 'B', note: 'Synthetic' });
  const linkSeconds = (performance.now() - t) / 1000;
  console.log(`made ${items.length} case-file links through the service in ${linkSeconds.toFixed(1)} s (${((linkSeconds * 1000) / items.length).toFixed(1)} ms each)\n`);

  // API over loopback.
  const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'analyst', password }) });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
  const time = async (url: string) => {
    const times: number[] = [];
    for (let r = 0; r <= ROUNDS; r++) {
      const start = performance.now();
      const response = await fetch(`${server.url}${url}`, { headers: { cookie } });
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`${url}: ${response.status}`);
      if (r > 0) times.push(performance.now() - start);
    }
    return times;
  };
  // A reference in the same run: the cheapest authenticated JSON route (the session), so the load shows.
  const sessionTimes = await time('/api/auth/session');
  const matrixTimes = await time('/api/cases/allegations/bench-matrix/matrix');
  const check = (await (await fetch(`${server.url}/api/cases/allegations/bench-matrix/matrix`, { headers: { cookie } })).json()) as { totals: { links: number } };
  if (check.totals.links !== LINKS) throw new Error(`the matrix counts ${check.totals.links} links, ${LINKS} were written`);
  const listTimes = await time('/api/cases/allegations/bench-matrix/evidence?element=bench-el-7&limit=1000');
  console.log('| request | rounds | p50 ms | p95 ms | goal |');
  console.log('|---|---|---|---|---|');
  console.log(`| matrix, ${ELEMENTS} × ${LINKS} | ${ROUNDS} | ${median(matrixTimes).toFixed(1)} | ${pct(matrixTimes, 95).toFixed(1)} | p95 ≤ 100 ms on PostgreSQL |`);
  console.log(`| one element's evidence (${LINKS / ELEMENTS} links) | ${ROUNDS} | ${median(listTimes).toFixed(1)} | ${pct(listTimes, 95).toFixed(1)} | — |`);
  console.log(`| reference: GET /api/auth/session | ${ROUNDS} | ${median(sessionTimes).toFixed(1)} | ${pct(sessionTimes, 95).toFixed(1)} | — |`);
  console.log(`load average: ${load()}\n`);

  // In process, without HTTP: the database's count (what the route now does) against the former way (every visible
  // link read and counted in JS by the pure engine), alternating, same data, same run.
  const inProcess = { sql: [] as number[], js: [] as number[] };
  for (let r = 0; r <= ROUNDS; r++) {
    let start = performance.now();
    const counted = await evidence.matrix(editor, 'bench-matrix');
    const sqlMs = performance.now() - start;
    start = performance.now();
    const elements = await sql<{ id: string; number: number; summary: string; citation: string }>`select e.id, e.number, e.summary, e.citation from cases_allegation_elements ae join cases_elements e on e.id = ae.element_id where ae.allegation_id = 'bench-matrix' order by ae.position, e.number`.execute(db);
    const rows = await sql<{ id: string; element_id: string; item_id: string; direction: 'supporting' | 'undermining'; reliability: (typeof grades)[number]; provided_by: string | null }>`select l.id, l.element_id, l.item_id, l.direction, l.reliability, i.provided_by from cases_evidence_links l join items i on i.id = l.item_id where l.allegation_id = 'bench-matrix'`.execute(db);
    const former = computeMatrix(
      elements.rows.map((e) => ({ id: e.id, code: `${e.citation} (${e.number})`, label: e.summary })),
      rows.rows.map((l) => ({ id: l.id, elementId: l.element_id, itemId: l.item_id, direction: l.direction, reliability: l.reliability, providedBy: l.provided_by })),
    );
    const jsMs = performance.now() - start;
    if (JSON.stringify(former.totals) !== JSON.stringify(counted.totals)) throw new Error('the two ways of counting disagree');
    if (r > 0) {
      inProcess.sql.push(sqlMs);
      inProcess.js.push(jsMs);
    }
  }
  console.log('| matrix in process (no HTTP) | rounds | p50 ms | p95 ms |');
  console.log('|---|---|---|---|');
  console.log(`| counted by the database (now) | ${ROUNDS} | ${median(inProcess.sql).toFixed(1)} | ${pct(inProcess.sql, 95).toFixed(1)} |`);
  console.log(`| every link read, counted in JS (before) | ${ROUNDS} | ${median(inProcess.js).toFixed(1)} | ${pct(inProcess.js, 95).toFixed(1)} |`);
  console.log(`load average: ${load()}\n`);
  if (values['profile-matrix']) {
    // The service's matrix alone, ROUNDS times in a row, under the profiler; with the process's CPU beside the wall.
    const session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
    const cpu0 = process.cpuUsage();
    const start = performance.now();
    for (let r = 0; r < ROUNDS; r++) await evidence.matrix(editor, 'bench-matrix');
    const cpu = process.cpuUsage(cpu0);
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(values['profile-matrix'], JSON.stringify(profile));
    console.log(`matrix profiled: ${ROUNDS} calls, ${((performance.now() - start) / ROUNDS).toFixed(1)} ms wall and ${((cpu.user + cpu.system) / 1000 / ROUNDS).toFixed(2)} CPU-ms of this process a call\n`);
  }

  if (webRoot) {
    const { launchBrowser } = await import('../test/browser/harness.ts');
    const browser = await launchBrowser();
    try {
      const page = browser.page;
      await page.goto(`${server.url}/login`);
      await page.getByLabel('Username').fill('analyst');
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.locator('header .user-menu-button').waitFor();
      // In the page: the time from the navigation's start to the last row in the table (checked every 5 ms), the requests it made, and Chromium's main-thread CPU for the navigation (CDP's
      // TaskDuration, which a loaded machine inflates far less than the wall clock).
      await browser.context.addInitScript((rows: number) => {
        const w = window as unknown as { __rowsShown?: number };
        const timer = setInterval(() => {
          if (document.querySelectorAll('.matrix-table tbody tr').length < rows) return;
          w.__rowsShown = performance.now();
          clearInterval(timer);
        }, 5);
      }, ELEMENTS);
      const cdp = await browser.context.newCDPSession(page);
      await cdp.send('Performance.enable');
      const taskSeconds = async () => ((await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0);
      const renders: number[] = [];
      const inPage: number[] = [];
      const cpuMs: number[] = [];
      let breakdown = '';
      for (let r = 0; r <= 5; r++) {
        await page.goto(`${server.url}/cases`);
        const start = performance.now();
        const task0 = await taskSeconds();
        await page.goto(`${server.url}/cases/allegations/bench-matrix/matrix`);
        await page.locator('.matrix-table tbody tr').nth(ELEMENTS - 1).waitFor();
        const wall = performance.now() - start;
        const task = (await taskSeconds()) - task0;
        const shown = await page.evaluate(() => {
          const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
          const requests = performance.getEntriesByType('resource').map((e) => {
            const t = e as PerformanceResourceTiming;
            return `${t.name.replace(location.origin, '')} ${t.startTime.toFixed(0)}–${t.responseEnd.toFixed(0)} ms (${t.encodedBodySize} B)`;
          });
          return { rows: (window as unknown as { __rowsShown: number }).__rowsShown, html: nav.responseEnd, dcl: nav.domContentLoadedEventEnd, requests };
        });
        if (r > 0) {
          renders.push(wall);
          inPage.push(shown.rows);
          cpuMs.push(task * 1000);
        }
        if (r === 5) breakdown = [`html ${shown.html.toFixed(0)} ms, DOMContentLoaded ${shown.dcl.toFixed(0)} ms, rows ${shown.rows.toFixed(0)} ms`, ...shown.requests].join('\n  ');
      }
      console.log(`| matrix page in Chromium (navigation to ${ELEMENTS} rows shown) | median ${median(renders).toFixed(0)} ms | max ${Math.max(...renders).toFixed(0)} ms | goal ≤ 1,000 ms |`);
      console.log(`| the same, in the page (navigation start to the last row) | median ${median(inPage).toFixed(0)} ms | max ${Math.max(...inPage).toFixed(0)} ms | |`);
      console.log(`| Chromium main-thread CPU a navigation (CDP TaskDuration) | median ${median(cpuMs).toFixed(0)} ms | max ${Math.max(...cpuMs).toFixed(0)} ms | |`);
      console.log(`last round:\n  ${breakdown}`);
      // The print view: every element with every link (LINKS rows in all), from navigation to the last row. The page
      // renders every section in one commit once its requests are answered, so the first section means all are there.
      const prints: number[] = [];
      const printCpu: number[] = [];
      let printBreakdown = '';
      for (let r = 0; r <= 2; r++) {
        await page.goto(`${server.url}/cases`);
        const start = performance.now();
        const task0 = await taskSeconds();
        if (r === 2 && values['profile-print']) await cdp.send('Profiler.enable').then(() => cdp.send('Profiler.start'));
        await page.goto(`${server.url}/cases/allegations/bench-matrix/matrix/print`);
        await page.waitForFunction(() => document.querySelector('.matrix-print-element') !== null, undefined, { timeout: 300_000, polling: 100 });
        const shown = await page.evaluate(() => {
          const rows = document.querySelectorAll('.matrix-print-element .evidence-table tbody tr').length;
          const api = performance.getEntriesByType('resource').filter((e) => e.name.includes('/api/cases/')) as PerformanceResourceTiming[];
          return { rows, at: performance.now(), requests: api.length, firstStart: Math.min(...api.map((e) => e.startTime)), lastEnd: Math.max(...api.map((e) => e.responseEnd)) };
        });
        if (shown.rows !== LINKS) throw new Error(`the print view shows ${shown.rows} links, ${LINKS} were written`);
        if (r === 2 && values['profile-print']) {
          const { profile } = await cdp.send('Profiler.stop');
          writeFileSync(values['profile-print'], JSON.stringify(profile));
        }
        if (r > 0) {
          prints.push(performance.now() - start);
          printCpu.push(((await taskSeconds()) - task0) * 1000);
        }
        printBreakdown = `${shown.requests} API requests ${shown.firstStart.toFixed(0)}–${shown.lastEnd.toFixed(0)} ms, sections shown at ${shown.at.toFixed(0)} ms`;
      }
      console.log(`| print view in Chromium (navigation to all ${LINKS} links shown), 2 rounds | median ${median(prints).toFixed(0)} ms | max ${Math.max(...prints).toFixed(0)} ms | main-thread CPU median ${median(printCpu).toFixed(0)} ms |`);
      console.log(`last round: ${printBreakdown}`);
      console.log(`load average: ${load()}\n`);
    } finally {
      await browser.close();
    }
  }

  // Case file against sha256sum over the same files.
  // Wall-clock and CPU-seconds: on a shared machine the wall clock mostly measures the queue for the CPU, so the
  // CPU-seconds ratio (sha256sum's user + system, as bash's `times` reports its children, against this process's)
  // says how much work each does. The export runs in this process, database (PGlite) included.
  const reference: number[] = [];
  const exported: number[] = [];
  const referenceCpu: number[] = [];
  const exportedCpu: number[] = [];
  const childCpu = (timesOutput: string) => {
    const line = timesOutput.trim().split('\n').at(-1) ?? '';
    return [...line.matchAll(/(\d+)m([\d.]+)s/g)].reduce((n, m) => n + Number(m[1]) * 60 + Number(m[2]), 0);
  };
  // Ingesting queued extraction and search jobs that the running server works through; the export is timed after
  // they are done, so their CPU is not counted as the export's.
  for (let waited = 0; waited < 600; waited++) {
    const queued = await sql<{ n: number }>`select count(*)::int as n from jobs where state in ('queued', 'running')`.execute(db);
    if (queued.rows[0].n === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  const profiler = values['profile-export'] ? new Session() : undefined;
  if (profiler) {
    profiler.connect();
    await profiler.post('Profiler.enable');
  }
  for (let run = 0; run <= (values['no-export'] ? -1 : RUNS); run++) {
    let start = performance.now();
    const refCpu = childCpu(execFileSync('bash', ['-c', 'sha256sum "$@" > /dev/null; times', 'sha256sum', ...files], { encoding: 'utf8' }));
    const ref = (performance.now() - start) / 1000;
    const target = join(work, `case-file-${run}`);
    start = performance.now();
    if (profiler && run > 0) await profiler.post('Profiler.start');
    const cpuStart = process.cpuUsage();
    await exportCaseFile(ctx, evidence, editor, 'bench-case-file', target);
    const cpu = process.cpuUsage(cpuStart);
    if (profiler && run > 0) {
      const { profile } = await profiler.post('Profiler.stop');
      writeFileSync(`${values['profile-export']}`.replace(/(\.cpuprofile)?$/, `-${run}.cpuprofile`), JSON.stringify(profile));
    }
    const ownCpu = (cpu.user + cpu.system) / 1e6;
    const own = (performance.now() - start) / 1000;
    let note = '';
    if (run === RUNS) {
      start = performance.now();
      const verified = await verifyBag(folderBagReader(target));
      if (!verified.ok) throw new Error(`the case file does not verify: ${JSON.stringify(verified.evidence.problems.slice(0, 3))}`);
      note = `, offline verify ${((performance.now() - start) / 1000).toFixed(2)} s (ok)`;
    }
    rmSync(target, { recursive: true, force: true });
    if (run > 0) {
      reference.push(ref);
      exported.push(own);
      referenceCpu.push(refCpu);
      exportedCpu.push(ownCpu);
    }
    console.log(`  run ${run}: sha256sum ${ref.toFixed(2)} s (${refCpu.toFixed(2)} CPU-s), case-file export ${own.toFixed(2)} s (${ownCpu.toFixed(2)} CPU-s)${note}${run === 0 ? ' (warm-up, discarded)' : ''}`);
  }
  if (reference.length) {
    const mib = (EXHIBITS * KIB) / 1024;
    const ref = median(reference);
    const own = median(exported);
    const refCpu = median(referenceCpu);
    const ownCpu = median(exportedCpu);
    console.log(`\n| exhibits | payload MiB | sha256sum s / CPU-s (reference) | case-file export s / CPU-s | ratio (wall) | ratio (CPU) | goal |`);
    console.log('|---|---|---|---|---|---|---|');
    console.log(`| ${EXHIBITS} | ${mib.toFixed(0)} | ${ref.toFixed(2)} / ${refCpu.toFixed(2)} | ${own.toFixed(2)} / ${ownCpu.toFixed(2)} | ${(ref / own).toFixed(2)} | ${(refCpu / ownCpu).toFixed(2)} | ≥ 0.8 |`);
    console.log(`export CPU an exhibit: ${((ownCpu * 1000) / EXHIBITS).toFixed(2)} ms (sha256sum: ${((refCpu * 1000) / EXHIBITS).toFixed(2)} ms)`);
  }
  console.log(`load average after: ${load()}`);
} finally {
  await server.close();
  rmSync(work, { recursive: true, force: true });
}
