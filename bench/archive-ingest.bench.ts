/**
 * Large-file ingest throughput against `sha256sum` reading the same files in the same run, and small-document
 * ingest end to end (service, blob store, audit, search indexing) in items per second.
 *
 *   node --import tsx bench/archive-ingest.bench.ts [--large-mb 512] [--files 2] [--runs 3] [--small 2000] [--database-url postgres://...]
 *     [--concurrency 4] [--max-seconds 900] [--skip-large]
 *
 * Small documents are ingested by `--concurrency` workers at once (as parallel uploads would be); a run that reaches
 * `--max-seconds` stops and reports the rate over what was done. The reference for small documents is writing and
 * fsyncing the same files one by one in the same run (the least any durable store must do per document).
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream, mkdtempSync, rmSync, writeFileSync, openSync, writeSync, closeSync, fsyncSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
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

  const rows: Array<[string, number[]]> = [];
  const sha256sum: number[] = [];
  const clear: number[] = [];
  const sealed: number[] = [];
  for (let run = 0; run < (values['skip-large'] ? 0 : runs); run++) {
    let t = performance.now();
    execFileSync('sha256sum', files, { stdio: 'ignore' });
    sha256sum.push((performance.now() - t) / 1000);

    for (const [encrypt, bucket] of [[false, clear], [true, sealed]] as const) {
      const dataDir = mkdtempSync(join(work, 'data-'));
      const config = loadConfig({ dataDir }, {});
      const archive = createArchive(config, handle.db);
      t = performance.now();
      for (const file of files) await archive.blobs.stage(createReadStream(file, { highWaterMark: 1024 * 1024 }), { encrypt });
      bucket.push((performance.now() - t) / 1000);
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  rows.push(['sha256sum (reference)', sha256sum], ['blob store, clear', clear], ['blob store, AES-256-GCM sealed', sealed]);
  if (!values['skip-large']) {
    console.log(`\nLarge files: ${fileCount} × ${largeMb} MiB, median of ${runs} runs`);
    console.log('| method | median s | MiB/s | ratio to sha256sum |');
    console.log('|---|---|---|---|');
    for (const [name, times] of rows) {
      const m = median(times);
      console.log(`| ${name} | ${m.toFixed(2)} | ${(totalMb / m).toFixed(0)} | ${(median(sha256sum) / m).toFixed(2)} |`);
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
