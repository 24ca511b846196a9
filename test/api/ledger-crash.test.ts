import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/server/config.ts';
import { openInstance } from '../../src/server/instance.ts';
import { runCli } from '../cli.ts';

/**
 * Fault test of issue 4: `reckon serve` is killed with SIGKILL while clients append (each created item is an audited
 * action chained into the ledger), at a random moment, several times. After each kill the instance must open, every
 * acknowledged append must be there, the tree must hold exactly the committed entries, `reckon verify` must be
 * clean, and appends must go on.
 */

const BIN = resolve('bin/reckon.js');
const ROUNDS = 3;
const CLIENTS = 6;

function startServer(args: string[], env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--log-level', 'silent', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => fail(new Error(`reckon serve did not start in time:\n${out}\n${err}`)), 120_000);
    child.stdout!.on('data', (c) => {
      out += String(c);
      const m = /is running at (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        done({ child, url: m[1] });
      }
    });
    child.stderr!.on('data', (c) => (err += String(c)));
    child.on('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`reckon serve exited with ${code} before it was ready:\n${out}\n${err}`));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Clients create items until the server dies; `acknowledged` fills with the ids answered HTTP 201. */
function drive(url: string, token: string, until: Promise<void>): { acknowledged: string[]; flowing: Promise<void>; done: Promise<void> } {
  const acknowledged: string[] = [];
  let flowing!: () => void;
  const first = new Promise<void>((r) => (flowing = r));
  let dead = false;
  void until.then(() => (dead = true));
  const client = async (n: number) => {
    for (let i = 0; !dead; i++) {
      try {
        const response = await fetch(`${url}/api/archive/items`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ kind: 'document', title: `crash test ${n}.${i}`, confidentiality: 'public' }),
        });
        if (response.status === 201) {
          acknowledged.push(((await response.json()) as { item: { id: string } }).item.id);
          flowing();
        }
        else if (!dead) throw new Error(`unexpected HTTP ${response.status}: ${await response.text()}`);
      } catch (error) {
        if (dead) return;
        if ((error as Error).message.startsWith('unexpected')) throw error;
        await sleep(10);
      }
    }
  };
  return { acknowledged, flowing: first, done: Promise.all(Array.from({ length: CLIENTS }, (_, n) => client(n))).then(() => {}) };
}

async function crashRounds(dataDir: string, extraArgs: string[], env: NodeJS.ProcessEnv): Promise<void> {
  const cli = (...args: string[]) => runCli([...args, '--data-dir', dataDir, ...extraArgs]);
  expect((await cli('user', 'add', 'crasher', '--role', 'editor', '--service')).code).toBe(0);
  const made = await cli('token', 'create', 'crasher', 'crash-test');
  const token = /(rk_\S+)/.exec(made.out)![1];
  const acknowledged = new Set<string>();

  for (let round = 0; round < ROUNDS; round++) {
    const { child, url } = await startServer(['--data-dir', dataDir, ...extraArgs], env);
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    const driving = drive(url, token, exited);
    // A random kill point once appends are flowing.
    await driving.flowing;
    await sleep(200 + Math.floor(Math.random() * 1500));
    child.kill('SIGKILL');
    await exited;
    await driving.done;
    const acked = driving.acknowledged;
    expect(acked.length, `round ${round}: some appends were acknowledged before the kill`).toBeGreaterThan(0);
    for (const id of acked) acknowledged.add(id);

    const instance = await openInstance(loadConfig({ dataDir, logLevel: 'silent', ...(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : {}) }, {}));
    try {
      const db = instance.ctx.db;
      const items = new Set((await db.selectFrom('items').select('id').execute()).map((r) => r.id));
      const missing = [...acknowledged].filter((id) => !items.has(id));
      expect(missing, `round ${round}: acknowledged items lost`).toEqual([]);
      const entries = Number((await db.selectFrom('ledger_entries').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      const audits = Number((await db.selectFrom('audit_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      const leaves = Number((await db.selectFrom('ledger_nodes').where('level', '=', 0).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      expect(await instance.ctx.ledger.size()).toBe(entries);
      expect(leaves).toBe(entries);
      expect(entries).toBe(audits);
      // Every item created has its item.created event in the ledger, acknowledged or not (all or nothing).
      const created = Number((await db.selectFrom('audit_events').where('action', '=', 'item.created').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      expect(created).toBe(items.size);
    } finally {
      await instance.close();
    }
    const verified = await cli('verify');
    expect(verified.out, `round ${round}: reckon verify after the kill`).toMatch(/Verified: no discrepancies/);
    expect(verified.code).toBe(0);
  }

  // Appends go on after the last kill, and the ledger still verifies with a new checkpoint over them.
  const { child, url } = await startServer(['--data-dir', dataDir, ...extraArgs], env);
  try {
    const response = await fetch(`${url}/api/archive/items`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'document', title: 'after the crashes', confidentiality: 'public' }),
    });
    expect(response.status).toBe(201);
  } finally {
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGTERM');
    await exited;
  }
  expect((await cli('ledger', 'checkpoint')).code).toBe(0);
  const final = await cli('verify');
  expect(final.code).toBe(0);
}

// Each engine's suite kills its own engine: the PostgreSQL run of the suite leaves the embedded case to the PGlite
// run, which already covers it (the test takes minutes, and CI runs the suite once per engine).
describe.skipIf(!!process.env.TEST_DATABASE_URL)('SIGKILL during appends (embedded PGlite data directory)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'reckon-crash-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it(`keeps every acknowledged entry and verifies clean after ${ROUNDS} kills at random points`, { timeout: 900_000 }, async () => {
    await crashRounds(dataDir, [], {});
  });
});

describe.skipIf(!process.env.TEST_DATABASE_URL)('SIGKILL during appends (PostgreSQL)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'reckon-crash-pg-'));
  const name = `reckon_crash_${randomBytes(4).toString('hex')}`;
  const admin = () => new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  afterAll(async () => {
    rmSync(dataDir, { recursive: true, force: true });
    const client = admin();
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).finally(() => client.end());
  });

  it(`keeps every acknowledged entry and verifies clean after ${ROUNDS} kills at random points`, { timeout: 900_000 }, async () => {
    const client = admin();
    await client.connect();
    await client.query(`CREATE DATABASE ${name}`).finally(() => client.end());
    const url = new URL(process.env.TEST_DATABASE_URL!);
    url.pathname = `/${name}`;
    await crashRounds(dataDir, ['--database-url', url.toString()], { DATABASE_URL: url.toString() });
  });
});
