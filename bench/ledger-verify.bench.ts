/**
 * `reckon verify` throughput against `sha256sum` over the same stored blobs (issue 4: goal ≥ 0.8).
 *
 * Two instances are filled through `reckon ingest`: one with clear files, one with the same amount sealed
 * (confidential, AES-256-GCM at rest, decrypted while verifying so the hash is of the original bytes). For each:
 *  - reference: `sha256sum` over the files as they lie in the blob store (what a person checking the store by hand
 *    would run), same run, alternating with the measured runs;
 *  - blob check: the blob pass of `reckon verify` in this process (`verifyStoredBlobs`, every blob read back through
 *    the blob service and re-hashed);
 *  - command: the whole `reckon verify` command in a fresh process (start-up, migrations check, ledger recomputation,
 *    checkpoint signatures, blob pass).
 * Ratios are reference time ÷ measured time (≥ 1 is faster than sha256sum). Medians of several runs; the files are
 * read from the page cache in every run alike (the first, cold run of each is discarded).
 *
 *   node --import tsx bench/ledger-verify.bench.ts [--files 4] [--mb 128] [--runs 5]
 */
import { execFileSync } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import { closeSync, mkdirSync, mkdtempSync, openSync, readdirSync, rmSync, statSync, writeSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/server/config.ts';
import { openInstance } from '../src/server/instance.ts';
import { verifyStoredBlobs } from '../src/server/ledger/blob-check.ts';

const { values } = parseArgs({
  options: { files: { type: 'string', default: '4' }, mb: { type: 'string', default: '128' }, runs: { type: 'string', default: '5' } },
});
const FILES = Number(values.files);
const MB = Number(values.mb);
const RUNS = Math.max(2, Number(values.runs));
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const reckon = join(root, 'bin', 'reckon.js');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const seconds = (start: number) => (performance.now() - start) / 1000;

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

function storedFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...storedFiles(path));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

const work = mkdtempSync(join(tmpdir(), 'reckon-verify-bench-'));
console.log(`reckon verify vs sha256sum: ${FILES} files × ${MB} MiB per instance, ${RUNS} runs (first discarded)`);
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, node ${process.version}; load average before: ${loadavg().map((x) => x.toFixed(2)).join(' ')}\n`);

const rows: string[] = [];
try {
  for (const confidentiality of ['public', 'confidential'] as const) {
    const source = join(work, `source-${confidentiality}`);
    const dataDir = join(work, `data-${confidentiality}`);
    mkdirSync(source);
    for (let f = 0; f < FILES; f++) writeRandomFile(join(source, `file-${f}.bin`), MB << 20);
    execFileSync(process.execPath, [reckon, 'ingest', source, '--confidentiality', confidentiality, '--data-dir', dataDir], { stdio: 'ignore' });
    const blobFiles = storedFiles(join(dataDir, 'blobs')).filter((p) => statSync(p).size >= MB << 19);
    if (blobFiles.length !== FILES) throw new Error(`expected ${FILES} stored blobs, found ${blobFiles.length}`);
    const storedMiB = blobFiles.reduce((sum, p) => sum + statSync(p).size, 0) / 2 ** 20;

    const reference: number[] = [];
    const check: number[] = [];
    const command: number[] = [];
    const instance = await openInstance(loadConfig({ dataDir, logLevel: 'silent' }, {}));
    try {
      for (let run = 0; run <= RUNS; run++) {
        let t = performance.now();
        execFileSync('sha256sum', blobFiles, { stdio: 'ignore' });
        const ref = seconds(t);
        t = performance.now();
        const problems = await verifyStoredBlobs(instance.ctx.db, instance.ctx.archive.blobs);
        const own = seconds(t);
        if (problems.length > 0) throw new Error(`verify found problems: ${JSON.stringify(problems)}`);
        if (run > 0) {
          reference.push(ref);
          check.push(own);
        }
        process.stdout.write(`  ${confidentiality} run ${run}: sha256sum ${ref.toFixed(2)} s, blob check ${own.toFixed(2)} s${run === 0 ? ' (warm-up, discarded)' : ''}\n`);
      }
    } finally {
      await instance.close();
    }
    for (let run = 0; run < RUNS; run++) {
      const t = performance.now();
      const out = execFileSync(process.execPath, [reckon, 'verify', '--data-dir', dataDir], { encoding: 'utf8' });
      command.push(seconds(t));
      if (!/no discrepancies/.test(out)) throw new Error(`reckon verify did not come back clean:\n${out}`);
    }
    const ref = median(reference);
    rows.push(`| ${confidentiality === 'public' ? 'clear' : 'sealed (AES-256-GCM)'} | ${storedMiB.toFixed(0)} | ${ref.toFixed(2)} (${(storedMiB / ref).toFixed(0)} MiB/s) | ${median(check).toFixed(2)} (${(storedMiB / median(check)).toFixed(0)} MiB/s) | ${(ref / median(check)).toFixed(2)} | ${median(command).toFixed(2)} | ${(ref / median(command)).toFixed(2)} |`);
  }
  console.log('\n| blobs | stored MiB | sha256sum s (reference) | blob check s | ratio | `reckon verify` command s | ratio |');
  console.log('|---|---|---|---|---|---|---|');
  for (const row of rows) console.log(row);
  console.log(`\ngoal (issue 4): ratio ≥ 0.8; load average after: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
