/**
 * Large-file ingest throughput against `sha256sum` reading the same files in the same run, and small-document
 * ingest end to end (service, blob store, audit, search indexing) in items per second.
 *
 *   node --import tsx bench/archive-ingest.bench.ts [--large-mb 512] [--files 2] [--runs 3] [--small 2000] [--database-url postgres://...]
 *     [--concurrency 4] [--max-seconds 900] [--skip-large] [--profile]
 *
 * Small documents are ingested by `--concurrency` workers at once (as parallel uploads would be); a run that reaches
 * `--max-seconds` stops and reports the rate over what was done. The reference for small documents is writing and
 * fsyncing the same files one by one in the same run (the least any durable store must do per document).
 * `--profile` adds each step of a large-file ingest alone (read, SHA-256, SHA-512, AES-GCM, write + fsync) to the
 * large-file table, to show where the time goes. Methods alternate within each run, so load changes hit all alike.
 */
import { execFileSync } from 'node:child_process';
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { createReadStream, mkdtempSync, rmSync, writeFileSync, openSync, writeSync, closeSync, fsyncSync } from 'node:fs';
import { open as openHandle } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { systemActor } from '../src/server/accounts/actor.ts';
import { createArchive } from '../src/server/archive/index.ts';
import { loadConfig } from '../src/server/config.ts';
import { openDatabase } from '../src/server/db/connect.ts';
import { migrateToLatest } from '../src/server/db/migrate.ts';
import { bytesStream } from '../src/server/blobs/service.ts';

const { values } = parseArgs({
  options: {
    'large-mb': { type: 'string', default: '512' },
    files: { type: 'string', default: '2' },
    runs: { type: 'string', default: '3' },
    small: { type: 'string', default: '2000' },
    'database-url': { type: 'string' },
    concurrency: { type: 'string', default: '4' },
    'max-seconds': { type: 'string', default: '900' },
    'skip-large': { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
  },
});
const largeMb = Number(values['large-mb']);
const fileCount = Number(values.files);
const runs = Number(values.runs);
const smallCount = Number(values.small);
const concurrency = Math.max(1, Number(values.concurrency));
const maxSeconds = Number(values['max-seconds']);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const work = mkdtempSync(join(tmpdir(), 'reckon-bench-'));
try {
  const files: string[] = [];
  for (let f = 0; f < (values['skip-large'] ? 0 : fileCount); f++) {
    const path = join(work, `large-${f}.bin`);
    const fd = openSync(path, 'w');
    const block = randomBytes(4 * 1024 * 1024);
    for (let i = 0; i < largeMb / 4; i++) {
      block.writeUInt32BE(i, 0);
      block.writeUInt32BE(f, 4);
      writeSync(fd, block);
    }
    closeSync(fd);
    files.push(path);
  }
  const totalMb = largeMb * fileCount;

  const schema = values['database-url'] ? `bench_${randomBytes(4).toString('hex')}` : undefined;
  const handle = await openDatabase({ url: values['database-url'], schema, poolSize: 4 });
  await migrateToLatest(handle.db);
  const actor = systemActor('bench');

  // Each method records wall seconds and process CPU seconds (all threads: the hashing worker and libuv's).
  type Sample = { s: number; cpu: number };
  // A method times its whole body unless it marks the part to time with `timing`.
  let marked: Sample | null = null;
  const measure = async (fn: () => Promise<unknown> | unknown): Promise<Sample> => {
    const c = process.cpuUsage();
    const t = performance.now();
    await fn();
    const used = process.cpuUsage(c);
    return { s: (performance.now() - t) / 1000, cpu: (used.user + used.system) / 1e6 };
  };
  const timing = async (fn: () => Promise<unknown>) => {
    marked = await measure(fn);
  };
  const timed = async (fn: () => Promise<unknown> | unknown): Promise<Sample> => {
    marked = null;
    const whole = await measure(fn);
    return marked ?? whole;
  };
  const readFiles = async (each: (chunk: Buffer) => void) => {
    for (const file of files) for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 })) each(chunk as Buffer);
  };
  const methods: Array<[string, () => Promise<unknown> | unknown]> = [
    ['sha256sum (reference)', () => execFileSync('sha256sum', files, { stdio: 'ignore' })],
    // From a file stream as `reckon ingest` passes it (read in place), and from a generic stream as an HTTP upload
    // arrives (every chunk a fresh buffer, copied into the ingest loop's slots).
    ...([
      ['blob store, clear (file)', false, false],
      ['blob store, AES-256-GCM sealed (file)', true, false],
      ['blob store, clear (stream)', false, true],
      ['blob store, AES-256-GCM sealed (stream)', true, true],
    ] as const).map(([name, encrypt, asStream]): [string, () => Promise<unknown>] => [
      name,
      async () => {
        const dataDir = mkdtempSync(join(work, 'data-'));
        try {
          // Only the ingest is timed: opening the store (master key, sweep) and removing its files after are not.
          const archive = createArchive(loadConfig({ dataDir }, {}), handle.db);
          await new Promise((resolve) => setTimeout(resolve, 50));
          await timing(async () => {
            for (const file of files) {
              const source = createReadStream(file, { highWaterMark: 1024 * 1024 });
              await archive.blobs.stage(asStream ? Readable.from(source) : source, { encrypt });
            }
          });
        } finally {
          rmSync(dataDir, { recursive: true, force: true });
        }
      },
    ]),
  ];
  if (values.profile) {
    // Where the bytes go: each step of an ingest alone, on the main thread, over the same files.
    const key = randomBytes(32);
    methods.push(
      ['  profile: read (Node, 1 MiB chunks)', () => readFiles(() => {})],
      ['  profile: read + SHA-256', () => { const h = createHash('sha256'); return readFiles((c) => h.update(c)).then(() => h.digest()); }],
      ['  profile: read + SHA-512', () => { const h = createHash('sha512'); return readFiles((c) => h.update(c)).then(() => h.digest()); }],
      ['  profile: read + AES-256-GCM (64 KiB chunks)', () => readFiles((c) => {
        for (let o = 0; o < c.length; o += 65536) {
          const cipher = createCipheriv('aes-256-gcm', key, randomBytes(12));
          cipher.update(c.subarray(o, o + 65536));
          cipher.final();
        }
      })],
      ['  profile: read + write + fsync', async () => {
        const out = await openHandle(join(work, 'copy'), 'w');
        let position = 0;
        await readFiles((c) => { writeSync(out.fd, c, 0, c.length, position); position += c.length; });
        await out.sync();
        await out.close();
        rmSync(join(work, 'copy'));
      }],
    );
  }
  const samples = new Map<string, Sample[]>(methods.map(([name]) => [name, []]));
  const loads: string[] = [];
  for (let run = 0; run < (values['skip-large'] ? 0 : runs); run++) {
    for (const [name, fn] of methods) samples.get(name)!.push(await timed(fn));
    loads.push(loadavg()[0].toFixed(1));
  }
  if (!values['skip-large']) {
    const reference = median(samples.get('sha256sum (reference)')!.map((x) => x.s));
    console.log(`\nLarge files: ${fileCount} × ${largeMb} MiB on ${handle.engine}, median of ${runs} runs; 1-minute load average after each run: ${loads.join(', ')}`);
    console.log('| method | median s | MiB/s | ratio to sha256sum | CPU s (median) | ratio per run |');
    console.log('|---|---|---|---|---|---|');
    const refRuns = samples.get('sha256sum (reference)')!;
    for (const [name, list] of samples) {
      const m = median(list.map((x) => x.s));
      const perRun = list.map((x, i) => (refRuns[i].s / x.s).toFixed(2)).join(' ');
      const cpu = name.startsWith('sha256sum') ? '(child)' : median(list.map((x) => x.cpu)).toFixed(2);
      console.log(`| ${name} | ${m.toFixed(2)} | ${(totalMb / m).toFixed(0)} | ${(reference / m).toFixed(2)} | ${cpu} | ${perRun} |`);
    }
  }

  // Small documents end to end: item + blob + audit + search index, through the same service as the API.
  const dataDir = mkdtempSync(join(work, 'small-'));
  const archive = createArchive(loadConfig({ dataDir }, {}), handle.db);
  const words = ['свидетель показал что дома сожгли', 'Վկան ասաց, որ տները այրվել են', 'Şahid evlərin yandırıldığını dedi', 'The witness said the houses were burned'];
  const languages = [['ru'], ['hy'], ['az'], ['en']];
  const deadline = performance.now() + maxSeconds * 1000;
  let next = 0;
  let done = 0;
  const t = performance.now();
  const worker = async () => {
    while (next < smallCount && performance.now() < deadline) {
      const i = next++;
      const text = `${words[i % 4]} #${i}\n`;
      await archive.items.ingest(actor, bytesStream(Buffer.from(text)), { filename: `doc-${i}.txt`, metadata: { title: `${words[i % 4].slice(0, 20)} ${i}`, languages: languages[i % 4], confidentiality: i % 10 === 0 ? 'confidential' : 'restricted' } });
      done++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - t) / 1000;
  // Reference: the same number of small files written and fsynced one by one.
  const refDir = mkdtempSync(join(work, 'ref-'));
  const r = performance.now();
  for (let i = 0; i < done; i++) {
    const fd = openSync(join(refDir, `doc-${i}`), 'w', 0o600);
    writeSync(fd, `${words[i % 4]} #${i}\n`);
    fsyncSync(fd);
    closeSync(fd);
  }
  const refSeconds = (performance.now() - r) / 1000;
  const load = loadavg().map((l) => l.toFixed(1)).join(' ');
  console.log(`\nSmall documents end to end (${handle.engine}, ${concurrency} at once): ${done} of ${smallCount} in ${seconds.toFixed(1)} s = ${(done / seconds).toFixed(1)} items/s${done < smallCount ? ` (stopped at --max-seconds ${maxSeconds})` : ''}`);
  console.log(`reference, write + fsync of the same ${done} files: ${(done / refSeconds).toFixed(0)} files/s; ratio ${(done / seconds / (done / refSeconds)).toFixed(3)}; load average ${load}`);
  writeFileSync(join(work, 'done'), '');
  // The server run lives in a schema of its own; leave the server as it was.
  if (schema) await sql`drop schema ${sql.id(schema)} cascade`.execute(handle.db).catch(() => {});
  await handle.close();
} finally {
  rmSync(work, { recursive: true, force: true });
}
