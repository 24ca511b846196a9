/**
 * Large-file ingest throughput against `sha256sum` reading the same files in the same run, and small-document
 * ingest end to end (service, blob store, audit, search indexing) in items per second.
 *
 *   node --import tsx bench/archive-ingest.bench.ts [--large-mb 512] [--files 2] [--runs 3] [--small 2000] [--database-url postgres://...]
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream, mkdtempSync, rmSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
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
  },
});
const largeMb = Number(values['large-mb']);
const fileCount = Number(values.files);
const runs = Number(values.runs);
const smallCount = Number(values.small);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const work = mkdtempSync(join(tmpdir(), 'reckon-bench-'));
try {
  const files: string[] = [];
  for (let f = 0; f < fileCount; f++) {
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
  for (let run = 0; run < runs; run++) {
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
  console.log(`\nLarge files: ${fileCount} × ${largeMb} MiB, median of ${runs} runs`);
  console.log('| method | median s | MiB/s | ratio to sha256sum |');
  console.log('|---|---|---|---|');
  for (const [name, times] of rows) {
    const m = median(times);
    console.log(`| ${name} | ${m.toFixed(2)} | ${(totalMb / m).toFixed(0)} | ${(median(sha256sum) / m).toFixed(2)} |`);
  }

  // Small documents end to end: item + blob + audit + search index, through the same service as the API.
  const dataDir = mkdtempSync(join(work, 'small-'));
  const archive = createArchive(loadConfig({ dataDir }, {}), handle.db);
  const words = ['свидетель показал что дома сожгли', 'Վկան ասաց, որ տները այրվել են', 'Şahid evlərin yandırıldığını dedi', 'The witness said the houses were burned'];
  const languages = [['ru'], ['hy'], ['az'], ['en']];
  const t = performance.now();
  for (let i = 0; i < smallCount; i++) {
    const text = `${words[i % 4]} #${i}\n`;
    await archive.items.ingest(actor, bytesStream(Buffer.from(text)), { filename: `doc-${i}.txt`, metadata: { title: `${words[i % 4].slice(0, 20)} ${i}`, languages: languages[i % 4], confidentiality: i % 10 === 0 ? 'confidential' : 'restricted' } });
  }
  const seconds = (performance.now() - t) / 1000;
  console.log(`\nSmall documents end to end (${handle.engine}): ${smallCount} in ${seconds.toFixed(1)} s = ${(smallCount / seconds).toFixed(1)} items/s`);
  writeFileSync(join(work, 'done'), '');
  await handle.close();
} finally {
  rmSync(work, { recursive: true, force: true });
}
