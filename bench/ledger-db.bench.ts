/**
 * Ledger appends through the server path (src/server/ledger/append.ts) on PGlite and on PostgreSQL:
 *  - single: one entry per transaction (what one audited action costs: lock, frontier read, entry + node inserts);
 *  - batched: `appendEntries` with many entries in one transaction (one lock, one frontier read, multi-row inserts);
 *  - reference, same run: bare INSERTs of the same entry rows (canonical text and a precomputed hash) into a table
 *    of the same shape, with no hashing, no tree, no lock — single rows per transaction, and batches.
 * Goal (issue 4): ≥ 10,000 entries/s on PGlite with batching. Medians of several alternating runs.
 * Run: npm run bench -- ledger-db   (LEDGER_DB_SINGLE=500 LEDGER_DB_BATCHED=20000 LEDGER_DB_BATCH=1000 LEDGER_DB_RUNS=5;
 * LEDGER_DB_POSTGRES=postgres://postgres@127.0.0.1:5432/test, or "off").
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { openDatabase, quoteIdent, type DatabaseHandle } from '../src/server/db/connect.ts';
import { migrateToLatest } from '../src/server/db/migrate.ts';
import type { Database } from '../src/server/db/schema.ts';
import { appendEntries, type PendingEntry } from '../src/server/ledger/append.ts';
import { canonicalize } from '../src/core/ledger/canonical-json.ts';
import { parseEntry } from '../src/core/ledger/entry.ts';

const SINGLE = Number(process.env.LEDGER_DB_SINGLE ?? 500);
const BATCHED = Number(process.env.LEDGER_DB_BATCHED ?? 20_000);
const BATCH = Number(process.env.LEDGER_DB_BATCH ?? 1000);
const RUNS = Number(process.env.LEDGER_DB_RUNS ?? 5);
const POSTGRES = process.env.LEDGER_DB_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/test';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
const table = (rows: (string | number)[][]): void => {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)));
  for (const [i, r] of rows.entries()) {
    console.log(`| ${r.map((v, c) => String(v).padEnd(widths[c])).join(' | ')} |`);
    if (i === 0) console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  }
  console.log();
};

let counter = 0;
/** A realistic entry: what recordAudit chains for an item.created with a dozen metadata fields and hashes. */
function pending(): PendingEntry {
  counter++;
  return {
    auditEventId: null,
    entry: {
      time: new Date(1_790_000_000_000 + counter * 1000).toISOString(),
      actor: '6f1c2b9e-8d7a-4c3b-9e1f-0a2b3c4d5e6f',
      action: 'item.created',
      subject: { type: 'item', id: `0000${counter}`.padStart(36, '0') },
      details: { title: `Bench item ${counter}`, kind: 'document', confidentiality: 'public', languages: ['az', 'en'], event_date: '1992-02-26', place_name: 'Synthetic place', country: 'ZZ', tags: [], related: [] },
      hashes: { sha256: randomBytes(32).toString('hex') },
    },
  };
}

async function timed(work: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await work();
  return (performance.now() - start) / 1000;
}

async function measure(db: Kysely<Database>): Promise<Record<string, number[]>> {
  await sql`create table bench_ref (seq bigint primary key, audit_event_id bigint unique, entry text not null, leaf_hash bytea not null)`.execute(db);
  let refSeq = 0;
  const refRows = (n: number) =>
    Array.from({ length: n }, () => {
      const p = pending();
      const seq = refSeq++;
      return { seq, audit_event_id: null, entry: canonicalize(parseEntry({ seq, ...p.entry })), leaf_hash: new Uint8Array(32) };
    });
  const results: Record<string, number[]> = { single: [], batched: [], refSingle: [], refBatched: [] };
  for (let run = 0; run < RUNS; run++) {
    // Rows are made before the clock starts, for the ledger and the reference alike.
    const singles = Array.from({ length: SINGLE }, pending);
    results.single.push(SINGLE / (await timed(async () => {
      for (const p of singles) await db.transaction().execute((tx) => appendEntries(tx, [p]));
    })));
    const refSingles = refRows(SINGLE);
    results.refSingle.push(SINGLE / (await timed(async () => {
      for (const row of refSingles) await db.transaction().execute((tx) => sql`insert into bench_ref (seq, audit_event_id, entry, leaf_hash) values (${row.seq}, ${row.audit_event_id}, ${row.entry}, ${row.leaf_hash})`.execute(tx));
    })));
    const batches = Array.from({ length: BATCHED / BATCH }, () => Array.from({ length: BATCH }, pending));
    results.batched.push(BATCHED / (await timed(async () => {
      for (const batch of batches) await db.transaction().execute((tx) => appendEntries(tx, batch));
    })));
    const refBatches = Array.from({ length: BATCHED / BATCH }, () => refRows(BATCH));
    results.refBatched.push(BATCHED / (await timed(async () => {
      for (const rows of refBatches) {
        await db.transaction().execute(async (tx) => {
          for (let i = 0; i < rows.length; i += 2000) await (tx as unknown as Kysely<{ bench_ref: (typeof rows)[number] }>).insertInto('bench_ref').values(rows.slice(i, i + 2000)).execute();
        });
      }
    })));
    process.stderr.write(`  run ${run + 1}/${RUNS}: single ${fmt(results.single[run])}/s, batched ${fmt(results.batched[run])}/s, ref single ${fmt(results.refSingle[run])}/s, ref batched ${fmt(results.refBatched[run])}/s\n`);
  }
  return results;
}

function report(engine: string, r: Record<string, number[]>): void {
  console.log(`### ${engine}: ${RUNS} runs; single = ${SINGLE} entries one per transaction; batched = ${BATCHED} entries in transactions of ${BATCH}\n`);
  table([
    ['what', 'entries/s (median)', 'min', 'max', 'ratio to its reference'],
    ['reference: bare INSERT, one row per transaction', fmt(median(r.refSingle)), fmt(Math.min(...r.refSingle)), fmt(Math.max(...r.refSingle)), '1.00'],
    ['ledger append, one entry per transaction', fmt(median(r.single)), fmt(Math.min(...r.single)), fmt(Math.max(...r.single)), (median(r.single) / median(r.refSingle)).toFixed(2)],
    [`reference: bare INSERT, ${BATCH} rows per transaction`, fmt(median(r.refBatched)), fmt(Math.min(...r.refBatched)), fmt(Math.max(...r.refBatched)), '1.00'],
    [`ledger appendEntries, ${BATCH} per transaction`, fmt(median(r.batched)), fmt(Math.min(...r.batched)), fmt(Math.max(...r.batched)), (median(r.batched) / median(r.refBatched)).toFixed(2)],
  ]);
}

async function main(): Promise<void> {
  console.log(`Machine: ${cpus().length} cores, ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}; load average at start ${loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
  const dir = mkdtempSync(join(tmpdir(), 'reckon-ledger-db-bench-'));
  let handle: DatabaseHandle | undefined;
  try {
    handle = await openDatabase({ pgliteDir: join(dir, 'pgdata') });
    await migrateToLatest(handle.db);
    report('PGlite (embedded, on disk)', await measure(handle.db));
  } finally {
    await handle?.close();
    rmSync(dir, { recursive: true, force: true });
  }
  if (POSTGRES !== 'off') {
    const schema = `bench_${randomBytes(5).toString('hex')}`;
    let pgHandle: DatabaseHandle | undefined;
    try {
      pgHandle = await openDatabase({ url: POSTGRES, schema, poolSize: 2 });
      await migrateToLatest(pgHandle.db);
      report('PostgreSQL (local server, own schema)', await measure(pgHandle.db));
    } catch (error) {
      console.log(`PostgreSQL skipped: ${(error as Error).message}\n`);
    } finally {
      await pgHandle?.close();
      const client = new pg.Client({ connectionString: POSTGRES });
      await client.connect().then(() => client.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`)).catch(() => {}).finally(() => client.end());
    }
  }
  console.log(`Load average at end: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
}

await main();
