/**
 * Ledger and bag verification speed.
 *  1. appends/s into the in-memory node store, beside the bare SHA-256 work an append must do (the floor);
 *  2. the cost model of a database store: node writes per append and node reads per proof, counted;
 *  3. inclusion and consistency proof generation and verification at 10 million entries (goal < 1 ms each);
 *  4. SHA-256 over a set of files: our streaming hash and `reckon bag verify`'s engine vs `sha256sum` on the same
 *     files in the same run (goal ratio ≥ 0.8).
 * Medians of several runs; the machine is shared and noisy.
 * Run: node --import tsx bench/ledger.bench.ts   (LEDGER_BENCH_SIZE=1000000 for a quicker run)
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildTagFiles } from '../src/core/bagit/build.ts';
import { validateBag } from '../src/core/bagit/validate.ts';
import { folderBagReader } from '../src/cli/commands/bag-readers.ts';
import { hashChildren, hashLeaf } from '../src/core/ledger/hashing.ts';
import { MerkleTree, consistencyPlan, inclusionPlan } from '../src/core/ledger/merkle.ts';
import { MemoryNodeStore } from '../src/core/ledger/node-store.ts';
import { verifyConsistency, verifyInclusion } from '../src/core/ledger/verify-proof.ts';

const SIZE = Number(process.env.LEDGER_BENCH_SIZE ?? 10_000_000);
// LEDGER_BENCH_SECTIONS=3,4 runs only those sections.
const SECTIONS = new Set((process.env.LEDGER_BENCH_SECTIONS ?? '1,2,3,4').split(','));
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];
const now = (): number => performance.now();
const table = (rows: (string | number)[][]): void => {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)));
  for (const [i, r] of rows.entries()) {
    console.log(`| ${r.map((v, c) => String(v).padEnd(widths[c])).join(' | ')} |`);
    if (i === 0) console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  }
  console.log();
};
// A deterministic generator so every run proves the same leaves.
let seed = 0x2545f491;
const random = (n: number): number => {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) % n;
};

console.log(`machine: ${cpus().length} cores, ${cpus()[0]?.model}, node ${process.version}, ${new Date().toISOString()}\n`);

// ---- 1. Appends
if (SECTIONS.has('1')) {
  const N = Number(process.env.LEDGER_BENCH_APPENDS ?? 1_000_000);
  const entries = Array.from({ length: 1000 }, (_, i) => Buffer.from(JSON.stringify({ seq: i, time: '2026-11-22T10:00:00Z', actor: 'bench', action: 'item.view', subject: { type: 'item', id: `item-${i}` }, details: {}, hashes: {} })));
  const rows: (string | number)[][] = [[`what (${N.toLocaleString('en-US')} appends, median of 5)`, 'per second', 'µs each', 'ratio to floor']];
  const floor: number[] = [];
  const appendHash: number[] = [];
  const appendEntry: number[] = [];
  for (let run = 0; run < 5; run++) {
    // The floor: one leaf hash plus on average one node hash, the least any RFC 9162 append can cost.
    let t = now();
    let h = hashLeaf(entries[0]);
    for (let i = 0; i < N; i++) {
      const leaf = hashLeaf(entries[i % 1000]);
      h = hashChildren(h, leaf);
    }
    floor.push(now() - t);
    const leaves = entries.map((e) => hashLeaf(e));
    let tree = new MerkleTree(new MemoryNodeStore());
    t = now();
    for (let i = 0; i < N; i++) tree.appendLeafHash(leaves[i % 1000]);
    appendHash.push(now() - t);
    tree = new MerkleTree(new MemoryNodeStore());
    t = now();
    for (let i = 0; i < N; i++) tree.append(entries[i % 1000]);
    appendEntry.push(now() - t);
  }
  const f = median(floor);
  rows.push(['reference: SHA-256 floor (1 leaf + 1 node hash)', Math.round(N / (f / 1000)).toLocaleString('en-US'), ((f * 1000) / N).toFixed(2), '1.00']);
  rows.push(['append(entry bytes): hash leaf + update tree', Math.round(N / (median(appendEntry) / 1000)).toLocaleString('en-US'), ((median(appendEntry) * 1000) / N).toFixed(2), (f / median(appendEntry)).toFixed(2)]);
  rows.push(['appendLeafHash (leaf hashed already)', Math.round(N / (median(appendHash) / 1000)).toLocaleString('en-US'), ((median(appendHash) * 1000) / N).toFixed(2), '—']);
  console.log('## Appends into the in-memory store (goal ≥ 10,000/s)\n');
  table(rows);
}

// ---- 2. Database cost model
if (SECTIONS.has('2')) {
  const store = new MemoryNodeStore();
  const tree = new MerkleTree(store);
  const N = 1 << 16; // counted, not timed: the average converges long before this
  for (let i = 0; i < N; i++) tree.appendLeafHash(hashLeaf(Buffer.from(String(i))));
  const reads = (plan: { level: number; index: number }[][]): number => new Set(plan.flat().map((c) => `${c.level}:${c.index}`)).size;
  const inc: number[] = [];
  const con: number[] = [];
  for (let i = 0; i < 2000; i++) {
    const size = 1 + random(SIZE);
    inc.push(reads(inclusionPlan(random(size), size)));
    con.push(reads(consistencyPlan(1 + random(size), size)));
  }
  console.log(`## Cost model of a database node store (counted, not timed)\n`);
  table([
    ['quantity', 'value'],
    [`node writes per append (${N.toLocaleString('en-US')} appends)`, (store.writeCount / N).toFixed(3)],
    ['node reads per append (frontier kept in memory)', 0],
    [`node reads per inclusion proof at ≤ ${SIZE.toLocaleString('en-US')} (median / max)`, `${median(inc)} / ${Math.max(...inc)}`],
    [`node reads per consistency proof at ≤ ${SIZE.toLocaleString('en-US')} (median / max)`, `${median(con)} / ${Math.max(...con)}`],
    ['database round trips per proof (resolvePlanAsync)', 1],
  ]);
}

// ---- 3. Proofs at SIZE entries
if (SECTIONS.has('3')) {
  const store = new MemoryNodeStore();
  const tree = new MerkleTree(store);
  const t0 = now();
  const leaf = Buffer.alloc(8);
  for (let i = 0; i < SIZE; i++) {
    leaf.writeUInt32BE(i, 0);
    tree.appendLeafHash(hashLeaf(leaf));
  }
  const buildSeconds = (now() - t0) / 1000;
  const root = tree.root();
  const BATCH = 1000;
  const batches = 11;
  const gen: number[] = [];
  const ver: number[] = [];
  const cgen: number[] = [];
  const cver: number[] = [];
  const single: number[] = [];
  for (let b = 0; b < batches; b++) {
    const indices = Array.from({ length: BATCH }, () => random(SIZE));
    let t = now();
    const proofs = indices.map((i) => tree.inclusionProof(i));
    gen.push((now() - t) / BATCH);
    const leaves = indices.map((i) => tree.leafHash(i));
    t = now();
    for (let k = 0; k < BATCH; k++) verifyInclusion(leaves[k], indices[k], SIZE, proofs[k], root);
    ver.push((now() - t) / BATCH);
    const firsts = Array.from({ length: BATCH }, () => 1 + random(SIZE - 1));
    t = now();
    const cproofs = firsts.map((m) => tree.consistencyProof(m));
    cgen.push((now() - t) / BATCH);
    const firstRoots = firsts.map((m) => tree.root(m));
    t = now();
    for (let k = 0; k < BATCH; k++) verifyConsistency(firsts[k], SIZE, firstRoots[k], root, cproofs[k]);
    cver.push((now() - t) / BATCH);
    for (let k = 0; k < 100; k++) {
      const i = random(SIZE);
      const s = now();
      verifyInclusion(tree.leafHash(i), i, SIZE, tree.inclusionProof(i), root);
      single.push(now() - s);
    }
  }
  const ms = (x: number): string => x.toFixed(4);
  console.log(`## Proofs at ${SIZE.toLocaleString('en-US')} entries (tree built in ${buildSeconds.toFixed(1)} s; ${batches} batches of ${BATCH} random proofs; goal < 1 ms)\n`);
  table([
    ['operation', 'median ms', 'slowest batch ms', 'ratio to 1 ms goal'],
    ['inclusion proof: generate', ms(median(gen)), ms(Math.max(...gen)), (median(gen) / 1).toFixed(3)],
    ['inclusion proof: verify', ms(median(ver)), ms(Math.max(...ver)), (median(ver) / 1).toFixed(3)],
    ['consistency proof: generate', ms(median(cgen)), ms(Math.max(...cgen)), (median(cgen) / 1).toFixed(3)],
    ['consistency proof: verify', ms(median(cver)), ms(Math.max(...cver)), (median(cver) / 1).toFixed(3)],
    [`generate + verify one inclusion proof, timed singly (p50 / p99 of ${single.length})`, `${ms(pct(single, 0.5))} / ${ms(pct(single, 0.99))}`, '—', '—'],
  ]);
}

// ---- 4. SHA-256 over files vs sha256sum
if (SECTIONS.has('4')) {
  const dir = await mkdtemp(join(tmpdir(), 'reckon-ledger-bench-'));
  try {
    const FILES = 8;
    const BYTES = 64 * 1024 * 1024;
    const payload = [];
    await mkdir(join(dir, 'data'));
    for (let f = 0; f < FILES; f++) {
      const bytes = Buffer.alloc(BYTES);
      for (let i = 0; i < BYTES; i += 4) bytes.writeUInt32LE((i * 2654435761 + f) >>> 0, i);
      await writeFile(join(dir, 'data', `blob-${f}.bin`), bytes);
      payload.push({ path: `blob-${f}.bin`, size: BYTES, sha256: createHash('sha256').update(bytes).digest('hex'), sha512: createHash('sha512').update(bytes).digest('hex') });
    }
    const paths = payload.map((p) => join(dir, 'data', p.path));
    const tags = buildTagFiles(payload, { sourceOrganization: 'bench', externalIdentifier: 'bench', baggingDate: '2026-11-22' });
    const bag256 = join(dir, 'bag256');
    const bagBoth = join(dir, 'bagBoth');
    for (const [bag, keep] of [
      [bag256, (p: string) => p === 'bagit.txt' || p === 'manifest-sha256.txt'],
      [bagBoth, (p: string) => p !== 'tagmanifest-sha512.txt' && p !== 'bag-info.txt'],
    ] as const) {
      await mkdir(join(bag, 'data'), { recursive: true });
      for (const t of tags) if (keep(t.path)) await writeFile(join(bag, t.path), t.bytes);
      for (const p of payload) spawnSync('ln', [join(dir, 'data', p.path), join(bag, 'data', p.path)]);
    }
    const streamHash = async (): Promise<void> => {
      for (const p of paths) {
        const h = createHash('sha256');
        for await (const chunk of createReadStream(p, { highWaterMark: 1024 * 1024 })) h.update(chunk as Buffer);
        h.digest();
      }
    };
    const timeIt = async (f: () => unknown): Promise<number> => {
      const t = now();
      await f();
      return (now() - t) / 1000;
    };
    const results: Record<string, number[]> = { sha256sum: [], sha512sum: [], stream: [], bag256: [], bagBoth: [], sumBoth: [] };
    for (const p of paths) spawnSync('cat', [p], { stdio: ['ignore', 'ignore', 'ignore'] });
    for (let run = 0; run < 5; run++) {
      results.sha256sum.push(await timeIt(() => spawnSync('sha256sum', paths, { stdio: ['ignore', 'ignore', 'inherit'] })));
      results.stream.push(await timeIt(streamHash));
      results.bag256.push(await timeIt(async () => {
        const r = await validateBag(folderBagReader(bag256));
        if (!r.valid) throw new Error(JSON.stringify(r.problems));
      }));
      results.sha512sum.push(await timeIt(() => spawnSync('sha512sum', paths, { stdio: ['ignore', 'ignore', 'inherit'] })));
      results.bagBoth.push(await timeIt(async () => {
        const r = await validateBag(folderBagReader(bagBoth));
        if (!r.valid) throw new Error(JSON.stringify(r.problems));
      }));
    }
    const total = (FILES * BYTES) / 1e6;
    const row = (label: string, key: string, ref: number): (string | number)[] => [label, median(results[key]).toFixed(3), (total / median(results[key])).toFixed(0), (ref / median(results[key])).toFixed(2)];
    const s256 = median(results.sha256sum);
    const both = s256 + median(results.sha512sum);
    console.log(`## Hashing ${FILES} files × ${BYTES / 1024 / 1024} MiB (page cache warm), median of 5 alternating runs (goal ratio ≥ 0.8)\n`);
    table([
      ['what', 'seconds', 'MB/s', 'ratio (reference time / this)'],
      row('reference: sha256sum', 'sha256sum', s256),
      row('node streaming SHA-256 (1 MiB reads)', 'stream', s256),
      row('bag verify, manifest-sha256 only', 'bag256', s256),
      ['reference: sha256sum + sha512sum', both.toFixed(3), (total / both).toFixed(0), '1.00'],
      row('bag verify, sha256 + sha512 manifests (both digests in one read)', 'bagBoth', both),
    ]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
