/**
 * Where the time goes with one and with two `reckon serve` processes on one PostgreSQL database (issue 17, item 7).
 *
 * For 1 and then 2 processes (fresh database each time): N participants join, then C keep-alive connections post
 * votes for D seconds, spread round-robin over the processes by this load generator (no proxy, so the proxy's own CPU
 * is not counted); then C connections upload small text files for D seconds. For each phase it reads the CPU time
 * (user + system, from /proc) of the Reckon processes and of the PostgreSQL backends serving this database
 * (pg_stat_activity; PostgreSQL's shared background processes — WAL writer, checkpointer — are not counted), and
 * reports per request: CPU in Node, CPU in PostgreSQL, and the rest of the latency (waiting: queues, locks, fsync,
 * the other core's work). The goal: a second process costs nothing (ratio 2/1 ≥ 0.95) on this 2-core machine.
 * Reference in the same run: `node -e 0` wall time, for the machine's state.
 *
 * Run: node --import tsx bench/multiprocess-throughput.bench.ts [--seconds 20] [--participants 400]
 *      [--statements 50] [--connections 32] [--pg postgres://postgres@127.0.0.1:5432/test] [--profile <dir>]
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const SECONDS = Number(arg('seconds', '20'));
const PARTICIPANTS = Number(arg('participants', '400'));
const STATEMENTS = Number(arg('statements', '50'));
const CONNECTIONS = Number(arg('connections', '32'));
/** With `--profile <dir>`, each server writes a V8 CPU profile there when it stops (the uploads phase vs the votes phase shows in its timeline). */
const PROFILE = arg('profile', '');
const PG = arg('pg', process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
const root = resolve(import.meta.dirname, '..');
const reckon = join(root, 'bin', 'reckon.js');
const TICKS = 100; // USER_HZ on Linux

/** CPU seconds (user + system) of a process, from /proc; 0 once it is gone. */
function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS;
  } catch {
    return 0;
  }
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

function cli(args: string[], env: NodeJS.ProcessEnv): string {
  const run = spawnSync(process.execPath, [reckon, ...args], { env, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`reckon ${args.join(' ')}: ${run.stderr}`);
  return run.stdout;
}

function startServer(port: number, env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  return new Promise((done, fail) => {
    const profile = PROFILE ? ['--cpu-prof', '--cpu-prof-dir', PROFILE] : [];
    const child = spawn(process.execPath, [...profile, reckon, 'serve', '--port', String(port), '--log-level', 'warn'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      if (/is running at/.test(out)) done(child);
    });
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.on('exit', (code) => fail(new Error(`reckon serve exited with ${code}: ${out}`)));
  });
}

interface Answer {
  status: number;
  body: string;
  cookie?: string;
}

function call(agent: Agent, port: number, method: string, path: string, headers: Record<string, string>, body?: string | Buffer): Promise<Answer> {
  return new Promise((done, fail) => {
    const req = request({ host: '127.0.0.1', port, method, path, agent, headers: { ...headers, ...(body ? { 'content-length': Buffer.byteLength(body) } : {}) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), cookie: res.headers['set-cookie']?.[0]?.split(';')[0] }));
      res.on('error', fail);
    });
    req.on('error', fail);
    if (body) req.write(body);
    req.end();
  });
}

/** Runs `loops` request loops for `seconds`; counts successes and their latencies. */
async function load(seconds: number, loops: number, one: (loop: number) => Promise<boolean>) {
  const end = performance.now() + seconds * 1000;
  const latencies: number[] = [];
  let failed = 0;
  await Promise.all(
    Array.from({ length: loops }, async (_, loop) => {
      while (performance.now() < end) {
        const t0 = performance.now();
        if (await one(loop)) latencies.push(performance.now() - t0);
        else failed += 1;
      }
    }),
  );
  return { done: latencies.length, failed, meanLatencyMs: latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length) };
}

const multipart = (n: number) => {
  const boundary = `----reckon${randomBytes(8).toString('hex')}`;
  const body = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="metadata"\r\n\r\n${JSON.stringify({ title: `Bench upload ${n}`, confidentiality: 'restricted' })}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="note-${n}.txt"\r\nContent-Type: text/plain\r\n\r\n${`note ${n} ${randomBytes(24).toString('hex')}\n`.repeat(40)}\r\n--${boundary}--\r\n`,
  );
  return { body, type: `multipart/form-data; boundary=${boundary}` };
};

async function run(processes: number) {
  const work = mkdtempSync(join(tmpdir(), 'reckon-mp-bench-'));
  const name = `reckon_mpbench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(PG);
  url.pathname = `/${name}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: url.toString(),
    RECKON_DATA_DIR: join(work, 'data'),
    RECKON_DIALOGUE_JOINS_PER_MINUTE: '1000000',
    RECKON_DIALOGUE_VOTES_PER_MINUTE: '1000000',
    RECKON_DIALOGUE_VOTES_PER_MINUTE_PER_ADDRESS: '10000000',
    RECKON_CHECKPOINT_INTERVAL_MINUTES: '0',
    RECKON_VERIFY_INTERVAL_HOURS: '0',
  };
  const servers: ChildProcess[] = [];
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  try {
    cli(['user', 'add', 'bench-facilitator', '--role', 'facilitator', '--password', `b-${randomBytes(12).toString('hex')}`, '--service'], env);
    cli(['user', 'add', 'bench-editor', '--role', 'editor', '--password', `b-${randomBytes(12).toString('hex')}`, '--service'], env);
    const tokenOf = (user: string) => /\n(\S+)\nUse it as/.exec(cli(['token', 'create', user, 'bench'], env))![1];
    const facilitator = { authorization: `Bearer ${tokenOf('bench-facilitator')}`, 'content-type': 'application/json' };
    const editor = { authorization: `Bearer ${tokenOf('bench-editor')}` };
    const ports = await Promise.all(Array.from({ length: processes }, () => freePort()));
    servers.push(...(await Promise.all(ports.map((p) => startServer(p, env)))));
    const portOf = (i: number) => ports[i % ports.length];

    const created = await call(
      agent,
      ports[0],
      'POST',
      '/api/dialogue/conversations',
      facilitator,
      JSON.stringify({
        topic: { en: 'Throughput' },
        moderation: 'strict',
        minGroupSize: 5,
        communities: [{ name: { en: 'A' } }, { name: { en: 'B' } }],
        seedStatements: Array.from({ length: STATEMENTS }, (_, i) => ({ text: `Bench statement ${i}.`, language: 'en' })),
      }),
    );
    const { conversation, invitations } = JSON.parse(created.body) as { conversation: { id: string }; invitations: Array<{ token: string }> };
    const cookies: string[] = [];
    for (let i = 0; i < PARTICIPANTS; i++) {
      const joined = await call(agent, portOf(i), 'POST', '/api/dialogue/join', { 'content-type': 'application/json' }, JSON.stringify({ token: invitations[i % 2].token }));
      if (joined.status !== 201 || !joined.cookie) throw new Error(`join: ${joined.status} ${joined.body}`);
      cookies.push(joined.cookie);
    }
    const backends = async () => (await admin.query<{ pid: number }>('select pid from pg_stat_activity where datname = $1', [name])).rows.map((r) => r.pid);
    const measure = async <T>(phase: () => Promise<T>) => {
      const pgPids = await backends();
      const nodeBefore = servers.reduce((a, s) => a + cpuSeconds(s.pid!), 0);
      const pgBefore = pgPids.reduce((a, p) => a + cpuSeconds(p), 0);
      const t0 = performance.now();
      const result = await phase();
      const wall = (performance.now() - t0) / 1000;
      // Backends opened during the phase count from zero.
      const pgAfter = (await backends()).reduce((a, p) => a + cpuSeconds(p), 0);
      return { result, wall, node: servers.reduce((a, s) => a + cpuSeconds(s.pid!), 0) - nodeBefore, pg: pgAfter - pgBefore };
    };

    const position = new Int32Array(PARTICIPANTS);
    const owner = new Int32Array(CONNECTIONS).map((_, i) => i);
    const votes = await measure(() =>
      load(SECONDS, CONNECTIONS, async (loop) => {
        const p = owner[loop];
        owner[loop] = p + CONNECTIONS < PARTICIPANTS ? p + CONNECTIONS : loop;
        const tid = position[p]++ % STATEMENTS;
        const answer = await call(agent, portOf(p), 'POST', `/api/dialogue/conversations/${conversation.id}/participant/votes`, { cookie: cookies[p], 'content-type': 'application/json' }, JSON.stringify({ tid, vote: ['agree', 'disagree', 'pass'][(p + tid) % 3] }));
        return answer.status === 200;
      }),
    );
    let n = 0;
    const uploads = await measure(() =>
      load(SECONDS, CONNECTIONS, async () => {
        const i = n++;
        const { body, type } = multipart(i);
        const answer = await call(agent, portOf(i), 'POST', '/api/archive/upload', { ...editor, 'content-type': type }, body);
        return answer.status === 201;
      }),
    );
    return { processes, votes, uploads };
  } finally {
    agent.destroy();
    // Waits for each server to exit (a profile is written on the way out), or 10 s.
    await Promise.all(
      servers.map((s) => new Promise((r) => (s.exitCode !== null ? r(null) : (s.once('exit', r), s.kill('SIGTERM'), setTimeout(r, 10_000))))),
    );
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
    rmSync(work, { recursive: true, force: true });
  }
}

const nodeStart = () => {
  const t0 = performance.now();
  spawnSync(process.execPath, ['-e', '0']);
  return (performance.now() - t0) / 1000;
};
console.log(`multi-process throughput: ${PARTICIPANTS} participants × ${STATEMENTS} statements, ${CONNECTIONS} connections, ${SECONDS} s a phase`);
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}; load before ${loadavg().map((l) => l.toFixed(2)).join(' ')}; node -e 0: ${nodeStart().toFixed(3)} s\n`);
const results = [await run(1), await run(2)];
const row = (label: string, r: (typeof results)[number], phase: 'votes' | 'uploads') => {
  const m = r[phase];
  const per = (x: number) => ((x * 1000) / Math.max(1, m.result.done)).toFixed(3);
  const cpuMs = ((m.node + m.pg) * 1000) / Math.max(1, m.result.done);
  return `| ${label} | ${r.processes} | ${(m.result.done / m.wall).toFixed(0)}/s | ${m.result.failed} | ${per(m.node)} | ${per(m.pg)} | ${Math.max(0, m.result.meanLatencyMs - cpuMs).toFixed(2)} | ${m.result.meanLatencyMs.toFixed(2)} |`;
};
console.log('| phase | processes | throughput | failed | Node CPU ms / request | PostgreSQL CPU ms / request | rest of the latency ms | mean latency ms |');
console.log('|---|---|---|---|---|---|---|---|');
for (const phase of ['votes', 'uploads'] as const) for (const r of results) console.log(row(phase, r, phase));
for (const phase of ['votes', 'uploads'] as const) {
  const [one, two] = results.map((r) => r[phase].result.done / r[phase].wall);
  console.log(`${phase}: 2 processes / 1 = ${(two / one).toFixed(2)} (goal ≥ 0.95)`);
}
console.log(`load after ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
