/**
 * What isolation and persistence cost. Three comparisons, each against its reference in the same run:
 *
 * 1. Extraction in a worker thread (warm, as in a job that handles one file after another) against calling the
 *    same extractor directly in this thread: the price of being able to kill a stuck extractor.
 * 2. A cold worker (first file after 30 s idle) against the warm one.
 * 3. The job queue on PGlite — enqueue, claim with FOR UPDATE SKIP LOCKED, finish — against the bare INSERT +
 *    UPDATE the queue has to make at the least.
 *
 *   node --import tsx bench/extraction.bench.ts [runs] [jobs]
 */
import { cpus } from 'node:os';
import { sql } from 'kysely';
import { docxText, pdfText } from '../src/server/extraction/extractors/document.ts';
import { imageMetadata } from '../src/server/extraction/extractors/image.ts';
import { runInWorker, stopIdleWorker } from '../src/server/extraction/isolate.ts';
import type { InProcessExtractor } from '../src/server/extraction/worker.ts';
import { openDatabase } from '../src/server/db/connect.ts';
import { migrateToLatest } from '../src/server/db/migrate.ts';
import { JobQueue } from '../src/server/jobs/queue.ts';

const RUNS = Number(process.argv[2] ?? 7);
const JOBS = Number(process.argv[3] ?? 300);
const never = new AbortController().signal;
const fixture = (name: string) => new URL(`../test/fixtures/evidence/${name}`, import.meta.url).pathname;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function time(work: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await work();
  return performance.now() - t;
}

async function medianOf(work: () => Promise<unknown>, runs = RUNS): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await time(work));
  return median(times);
}

const rows: string[][] = [];
const row = (...cells: string[]) => rows.push(cells);
const ms = (x: number) => x.toFixed(1);

const cases: Array<[InProcessExtractor, string, () => Promise<unknown>]> = [
  ['pdf-text', 'statement.pdf', () => pdfText(fixture('statement.pdf'))],
  ['docx-text', 'statement.docx', () => docxText(fixture('statement.docx'), never)],
  ['image-metadata', 'photo-gps.jpg', () => imageMetadata(fixture('photo-gps.jpg'))],
];

console.log(`machine: ${cpus().length} cores, ${cpus()[0]?.model ?? 'unknown CPU'}, node ${process.version}; ${RUNS} runs, medians`);

// 1 and 2: isolation.
for (const [extractor, file, direct] of cases) {
  await direct(); // load the libraries in this thread before timing
  const inThread = await medianOf(direct);
  await runInWorker({ extractor, path: fixture(file) }, never);
  const warm = await medianOf(() => runInWorker({ extractor, path: fixture(file) }, never));
  const cold = await medianOf(async () => {
    await stopIdleWorker();
    await runInWorker({ extractor, path: fixture(file) }, never);
  }, Math.min(RUNS, 3));
  row(`${extractor} (${file})`, ms(inThread), ms(warm), (warm / inThread).toFixed(2), ms(cold), (cold / warm).toFixed(1));
}
await stopIdleWorker();
console.log('\nextraction, ms per file');
console.table(rows.map(([name, direct, warm, ratio, cold, coldRatio]) => ({
  extractor: name,
  'in this thread (reference)': direct,
  'warm worker': warm,
  'warm / reference': ratio,
  'cold worker': cold,
  'cold / warm': coldRatio,
})));

// 3: the queue.
const handle = await openDatabase({});
await migrateToLatest(handle.db);
const queue = new JobQueue(handle.db, { concurrency: 1, timeLimitMs: 60_000, pollIntervalMs: 1000 });
queue.register('noop', async () => ({}));
const queueTimes: number[] = [];
const bareTimes: number[] = [];
for (let r = 0; r < Math.min(RUNS, 5); r++) {
  await sql`delete from jobs`.execute(handle.db);
  queueTimes.push(
    await time(async () => {
      for (let i = 0; i < JOBS; i++) await queue.enqueue(handle.db, 'noop', { i });
      await queue.drain(JOBS + 1);
    }),
  );
  await sql`delete from jobs`.execute(handle.db);
  bareTimes.push(
    await time(async () => {
      for (let i = 0; i < JOBS; i++) {
        await sql`insert into jobs (id, kind, payload) values (gen_random_uuid(), 'noop', ${JSON.stringify({ i })})`.execute(handle.db);
      }
      for (let i = 0; i < JOBS; i++) {
        await sql`update jobs set state = 'done' where id = (select id from jobs where state = 'queued' limit 1)`.execute(handle.db);
      }
    }),
  );
}
await handle.close();
const queueMs = median(queueTimes);
const bareMs = median(bareTimes);
console.log(`\njob queue on PGlite, ${JOBS} no-op jobs`);
console.table([
  { what: 'bare insert + update (reference)', 'jobs/s': (JOBS / (bareMs / 1000)).toFixed(0), 'ms/job': (bareMs / JOBS).toFixed(2) },
  { what: 'enqueue + claim + finish', 'jobs/s': (JOBS / (queueMs / 1000)).toFixed(0), 'ms/job': (queueMs / JOBS).toFixed(2), 'time / reference': (queueMs / bareMs).toFixed(2) },
]);
