/**
 * Exporting a court package against `sha256sum` over the same files (issue 13: goal ≥ 0.8).
 *
 * One instance is filled through `reckon ingest` with FILES random files of MB MiB each (1 GiB by default), clear.
 * Each run, alternating in the same process:
 *  - reference: `sha256sum` over the blob files as they lie in the store (reading every byte once);
 *  - export: `buildEvidencePackage` + `writePackage` to a new folder — the export is audited, a checkpoint is signed,
 *    proofs, metadata, custody, index.html, verify.html (bundled once per process) and VERIFY.txt are made, and every
 *    original is copied out of the blob store into data/;
 *  - export + verify: the same package then checked with the offline verifier (`verifyBag`, every file hashed with
 *    SHA-256 and SHA-512 and bound to the ledger), for the whole round trip a recipient sees.
 * Ratios are reference time ÷ measured time (≥ 1: faster than sha256sum). Medians; the first run is discarded.
 *
 *   node --import tsx bench/package-export.bench.ts [--files 8] [--mb 128] [--runs 3]
 */
import { execFileSync } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import { closeSync, mkdirSync, mkdtempSync, openSync, readdirSync, rmSync, statSync, writeSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { folderBagReader } from '../src/cli/commands/bag-readers.ts';
import { verifyBag } from '../src/core/bagit/verify-bag.ts';
import { systemActor } from '../src/server/accounts/actor.ts';
import { loadConfig } from '../src/server/config.ts';
import { openInstance } from '../src/server/instance.ts';
import { buildEvidencePackage } from '../src/server/packages/export.ts';
import { writePackage } from '../src/server/packages/write.ts';

const { values } = parseArgs({ options: { files: { type: 'string', default: '8' }, mb: { type: 'string', default: '128' }, runs: { type: 'string', default: '3' } } });
const FILES = Number(values.files);
const MB = Number(values.mb);
const RUNS = Math.max(1, Number(values.runs));
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const reckon = join(root, 'bin', 'reckon.js');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const seconds = (start: number) => (performance.now() - start) / 1000;
const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');

function writeRandomFile(path: string, bytes: number): void {
  const chunk = Buffer.alloc(4 << 20);
  const fd = openSync(path, 'w');
  try {
    for (let written = 0; written < bytes; written += chunk.length) {
      randomFillSync(chunk);
      writeSync(fd, chunk, 0, Math.min(chunk.length, bytes - written));
    }
  } finally {
    closeSync(fd);
  }
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : e.isFile() ? [join(dir, e.name)] : []));
}

const work = mkdtempSync(join(tmpdir(), 'reckon-export-bench-'));
console.log(`package export vs sha256sum: ${FILES} files × ${MB} MiB, ${RUNS} runs after a discarded warm-up`);
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, node ${process.version}; load average before: ${load()}\n`);
try {
  const source = join(work, 'source');
  const dataDir = join(work, 'data');
  mkdirSync(source);
  for (let f = 0; f < FILES; f++) writeRandomFile(join(source, `file-${f}.bin`), MB << 20);
  execFileSync(process.execPath, [reckon, 'ingest', source, '--confidentiality', 'public', '--data-dir', dataDir], { stdio: 'ignore' });
  const blobFiles = filesUnder(join(dataDir, 'blobs')).filter((p) => statSync(p).size >= MB << 19);
  if (blobFiles.length !== FILES) throw new Error(`expected ${FILES} stored blobs, found ${blobFiles.length}`);
  const mib = blobFiles.reduce((n, p) => n + statSync(p).size, 0) / 2 ** 20;

  const instance = await openInstance(loadConfig({ dataDir, logLevel: 'silent' }, {}));
  const actor = systemActor('bench');
  const reference: number[] = [];
  const exported: number[] = [];
  const verified: number[] = [];
  try {
    const ids = (await instance.ctx.db.selectFrom('items').select('id').execute()).map((r) => r.id);
    for (let run = 0; run <= RUNS; run++) {
      let t = performance.now();
      execFileSync('sha256sum', blobFiles, { stdio: 'ignore' });
      const ref = seconds(t);
      const target = join(work, `package-${run}`);
      t = performance.now();
      await writePackage(await buildEvidencePackage(instance.ctx, actor, ids), target);
      const own = seconds(t);
      t = performance.now();
      const check = await verifyBag(folderBagReader(target));
      const verify = seconds(t);
      if (!check.ok) throw new Error(`the exported package does not verify: ${JSON.stringify(check.evidence.problems.concat(check.report.problems as never))}`);
      rmSync(target, { recursive: true, force: true });
      if (run > 0) {
        reference.push(ref);
        exported.push(own);
        verified.push(own + verify);
      }
      console.log(`  run ${run}: sha256sum ${ref.toFixed(2)} s, export ${own.toFixed(2)} s, offline verify ${verify.toFixed(2)} s${run === 0 ? ' (warm-up, discarded)' : ''}`);
    }
  } finally {
    await instance.close();
  }
  const ref = median(reference);
  console.log('\n| payload MiB | sha256sum s (reference) | export s | ratio | export + offline verify s | ratio |');
  console.log('|---|---|---|---|---|---|');
  console.log(`| ${mib.toFixed(0)} | ${ref.toFixed(2)} (${(mib / ref).toFixed(0)} MiB/s) | ${median(exported).toFixed(2)} (${(mib / median(exported)).toFixed(0)} MiB/s) | ${(ref / median(exported)).toFixed(2)} | ${median(verified).toFixed(2)} | ${(ref / median(verified)).toFixed(2)} |`);
  console.log(`\ngoal (issue 13): export ratio ≥ 0.8; load average after: ${load()}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
