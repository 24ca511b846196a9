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
 * Reference in the same run: `node -e 0` wall time, for the machine's state. With `--pg` pointing at a server that
 * preloads pg_stat_statements (`shared_preload_libraries`; a cluster of one's own made with initdb, since the shared
 * one cannot be restarted) and the extension created in the database `--pg` names, each phase also lists the
 * statements that took the database's time, with their calls a request: batch sizes and lock waits show there.
 *
 * `--phases public` measures a public page (`/public/archive`, limited to RECKON_PUBLIC_API_PER_MINUTE an address)
 * with its p50/p95: with `--public-addresses N` (default 2000) each request comes from one of N visitors (an
 * X-Forwarded-For address, the servers trusting the proxy), so each visitor's first requests take leases from the
 * shared count (reckon_rate_lease) as a real visitor's do; `--public-addresses 1 --public-per-minute 1000000` leaves
 * one visitor far from a huge limit, whose leases (5 % of the limit) make the limiter's statements vanish: the page
 * without the limiter's database work.
 *
 * With `--before <checkout>` (a worktree of an earlier commit, built with `node bin/build.js`), every round runs that
 * checkout's `reckon serve` and then this one's, so before and after are measured in one run, in the same order.
 *
 * Run: node --import tsx bench/multiprocess-throughput.bench.ts [--seconds 20] [--participants 400]
 *      [--statements 50] [--connections 32] [--rounds 1] [--warmup 5] [--pg postgres://postgres@127.0.0.1:5432/test] [--profile <dir>]
 *      [--before <checkout>]
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
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
const WARMUP = Number(arg('warmup', '5'));
const PARTICIPANTS = Number(arg('participants', '400'));
const STATEMENTS = Number(arg('statements', '50'));
const CONNECTIONS = Number(arg('connections', '32'));
/** With `--profile <dir>`, each server writes a V8 CPU profile there when it stops (the uploads phase vs the votes phase shows in its timeline). */
const PROFILE = arg('profile', '');
/** `--phases votes` measures the votes alone (shorter runs while profiling one of them). */
const PHASES = arg('phases', 'votes,uploads')
  .split(',')
  .filter((p): p is Phase => p === 'votes' || p === 'uploads' || p === 'public');
const PUBLIC_ADDRESSES = Number(arg('public-addresses', '2000'));
const PUBLIC_PER_MINUTE = arg('public-per-minute', '120');
const PG = arg('pg', process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
const root = resolve(import.meta.dirname, '..');
/** The checkouts measured: an earlier one first when `--before` names it, then this one. */
const BEFORE = arg('before', '');
const builds = [
  ...(BEFORE ? [{ name: 'before', reckon: join(resolve(BEFORE), 'bin', 'reckon.js') }] : []),
  { name: BEFORE ? 'after' : 'this', reckon: join(root, 'bin', 'reckon.js') },
];
type Build = (typeof builds)[number];
const TICKS = 100; // USER_HZ on Linux
type Phase = 'votes' | 'uploads' | 'public';

/** CPU seconds (user + system) of a process, from /proc; 0 once it is gone. */
function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS;
  } catch {
    return 0;
  }
}

/** System (kernel) CPU seconds of a process: socket writes and wake-ups; 0 once it is gone. */
function systemSeconds(pid: number): number {
  try {
    return Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[12]) / TICKS;
  } catch {
    return 0;
  }
}

/** Context switches (voluntary and forced) of all of a process's threads: each is a sleep and a wake-up. */
function contextSwitches(pid: number): number {
  try {
    let n = 0;
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      for (const m of readFileSync(`/proc/${pid}/task/${task}/status`, 'utf8').matchAll(/ctxt_switches:\s+(\d+)/g)) n += Number(m[1]);
    }
    return n;
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

function cli(reckon: string, args: string[], env: NodeJS.ProcessEnv): string {
  const run = spawnSync(process.execPath, [reckon, ...args], { env, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`reckon ${args.join(' ')}: ${run.stderr}`);
  return run.stdout;
}

function startServer(reckon: string, port: number, env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  return new Promise((done, fail) => {
    const profile = PROFILE ? ['--cpu-prof', '--cpu-prof-dir', PROFILE] : [];
    const child = spawn(process.execPath, [...profile, reckon, 'serve', '--port', String(port), '--log-level', 'warn'], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      if (/is running at/.test(out)) done(child);
    });
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.on('exit', (code) => fail(new Error(`reckon serve exited with ${code}: ${out}`)));
  });
}

interface Statement {
  calls: number;
  ms: number;
  /** Planning time, counted when pg_stat_statements.track_planning is on (0 otherwise). */
  plan: number;
  query: string;
}

interface Answer {
  status: number;
  body: string;
  cookie?: string;
}

function call(agent: Agent, port: number, method: string, path: string, headers: Record<string, string>, body?: string | Buffer): Promise<Answer> {
  return new Promise((done, fail) => {
    const req = request(
      { host: '127.0.0.1', port, method, path, agent, headers: { ...headers, ...(body ? { 'content-length': Buffer.byteLength(body) } : {}) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          done({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), cookie: res.headers['set-cookie']?.[0]?.split(';')[0] }),
        );
        res.on('error', fail);
      },
    );
    req.on('error', fail);
    if (body) req.write(body);
    req.end();
  });
}

/** The value below which a share `q` of the sorted values lie (nearest rank). */
const quantile = (sorted: number[], q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] : 0);

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
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    done: latencies.length,
    failed,
    meanLatencyMs: latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length),
    p50: quantile(sorted, 0.5),
    p95: quantile(sorted, 0.95),
  };
}

const multipart = (n: number) => {
  const boundary = `----reckon${randomBytes(8).toString('hex')}`;
  const body = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="metadata"\r\n\r\n${JSON.stringify({ title: `Bench upload ${n}`, confidentiality: 'restricted' })}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="note-${n}.txt"\r\nContent-Type: text/plain\r\n\r\n${`note ${n} ${randomBytes(24).toString('hex')}\n`.repeat(40)}\r\n--${boundary}--\r\n`,
  );
  return { body, type: `multipart/form-data; boundary=${boundary}` };
};

async function run(processes: number, build: Build) {
  const { reckon } = build;
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
    RECKON_PUBLIC_API_PER_MINUTE: PUBLIC_PER_MINUTE,
    RECKON_TRUST_PROXY: 'true',
  };
  const servers: ChildProcess[] = [];
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  try {
    cli(reckon, ['user', 'add', 'bench-facilitator', '--role', 'facilitator', '--password', `b-${randomBytes(12).toString('hex')}`, '--service'], env);
    cli(reckon, ['user', 'add', 'bench-editor', '--role', 'editor', '--password', `b-${randomBytes(12).toString('hex')}`, '--service'], env);
    const tokenOf = (user: string) => /\n(\S+)\nUse it as/.exec(cli(reckon, ['token', 'create', user, 'bench'], env))![1];
    const facilitator = { authorization: `Bearer ${tokenOf('bench-facilitator')}`, 'content-type': 'application/json' };
    const editor = { authorization: `Bearer ${tokenOf('bench-editor')}` };
    const ports = await Promise.all(Array.from({ length: processes }, () => freePort()));
    servers.push(...(await Promise.all(ports.map((p) => startServer(reckon, p, env)))));
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
      const joined = await call(
        agent,
        portOf(i),
        'POST',
        '/api/dialogue/join',
        { 'content-type': 'application/json' },
        JSON.stringify({ token: invitations[i % 2].token }),
      );
      if (joined.status !== 201 || !joined.cookie) throw new Error(`join: ${joined.status} ${joined.body}`);
      cookies.push(joined.cookie);
    }
    // Where the database's time goes, by statement, when pg_stat_statements is loaded (a server of one's own with
    // shared_preload_libraries = 'pg_stat_statements'); otherwise nothing is reported.
    const statementsLoaded = await admin.query(`select 1 from pg_extension where extname = 'pg_stat_statements'`).then(
      (r) => r.rowCount === 1,
      () => false,
    );
    const resetStatements = async () => {
      if (statementsLoaded) await admin.query('select pg_stat_statements_reset()');
    };
    const topStatements = async () =>
      statementsLoaded
        ? (
            await admin.query<Statement>(
              `select calls::int, total_exec_time::float8 as ms, total_plan_time::float8 as plan, left(regexp_replace(query, '\\s+', ' ', 'g'), 90) as query
               from pg_stat_statements where dbid = (select oid from pg_database where datname = $1) order by total_exec_time desc limit 8`,
              [name],
            )
          ).rows
        : [];
    const backends = async () => (await admin.query<{ pid: number }>('select pid from pg_stat_activity where datname = $1', [name])).rows.map((r) => r.pid);
    const measure = async <T>(phase: () => Promise<T>) => {
      await resetStatements();
      const pgPids = await backends();
      const nodeBefore = servers.reduce((a, s) => a + cpuSeconds(s.pid!), 0);
      const systemBefore = servers.reduce((a, s) => a + systemSeconds(s.pid!), 0);
      const switchesBefore = servers.reduce((a, s) => a + contextSwitches(s.pid!), 0);
      const pgBefore = new Map(pgPids.map((p) => [p, cpuSeconds(p)]));
      const t0 = performance.now();
      const result = await phase();
      const wall = (performance.now() - t0) / 1000;
      // Backends opened during the phase count from zero; one that closed during it (an idle pooled connection)
      // counts what it had used before (its last moments are lost, not subtracted).
      let pgUsed = 0;
      for (const p of new Set([...pgBefore.keys(), ...(await backends())])) pgUsed += Math.max(cpuSeconds(p), pgBefore.get(p) ?? 0) - (pgBefore.get(p) ?? 0);
      return {
        result,
        wall,
        node: servers.reduce((a, s) => a + cpuSeconds(s.pid!), 0) - nodeBefore,
        pg: pgUsed,
        nodeSystem: servers.reduce((a, s) => a + systemSeconds(s.pid!), 0) - systemBefore,
        switches: servers.reduce((a, s) => a + contextSwitches(s.pid!), 0) - switchesBefore,
        statements: await topStatements(),
      };
    };

    const position = new Int32Array(PARTICIPANTS);
    const owner = new Int32Array(CONNECTIONS).map((_, i) => i);
    const skipped = {
      result: { done: 0, failed: 0, meanLatencyMs: 0, p50: 0, p95: 0 },
      wall: 1,
      node: 0,
      pg: 0,
      nodeSystem: 0,
      switches: 0,
      statements: [] as Statement[],
    };
    const phase = <T>(which: Phase, work: () => Promise<T>) => (PHASES.includes(which) ? work() : Promise.resolve(skipped));
    const vote = async (loop: number) => {
      const p = owner[loop];
      owner[loop] = p + CONNECTIONS < PARTICIPANTS ? p + CONNECTIONS : loop;
      const tid = position[p]++ % STATEMENTS;
      const answer = await call(
        agent,
        portOf(p),
        'POST',
        `/api/dialogue/conversations/${conversation.id}/participant/votes`,
        { cookie: cookies[p], 'content-type': 'application/json' },
        JSON.stringify({ tid, vote: ['agree', 'disagree', 'pass'][(p + tid) % 3] }),
      );
      return answer.status === 200;
    };
    // Unmeasured votes first: each process compiles its hot code (V8's compiler threads count as its CPU) and loads
    // the modules it imports on first use once, a cost per process and not per vote.
    if (WARMUP > 0) await load(WARMUP, CONNECTIONS, vote);
    const votes = await phase('votes', () => measure(() => load(SECONDS, CONNECTIONS, vote)));
    let n = 0;
    const uploads = await phase('uploads', () =>
      measure(() =>
        load(SECONDS, CONNECTIONS, async () => {
          const i = n++;
          const { body, type } = multipart(i);
          const answer = await call(agent, portOf(i), 'POST', '/api/archive/upload', { ...editor, 'content-type': type }, body);
          return answer.status === 201;
        }),
      ),
    );
    let visits = 0;
    const publicPage = await phase('public', () =>
      measure(() =>
        load(SECONDS, CONNECTIONS, async () => {
          const i = visits++;
          const visitor = i % PUBLIC_ADDRESSES;
          const address = `10.${(visitor >> 16) & 255}.${(visitor >> 8) & 255}.${visitor & 255}`;
          const answer = await call(agent, portOf(i), 'GET', '/public/archive', { 'x-forwarded-for': address });
          return answer.status === 200;
        }),
      ),
    );
    return { processes, build: build.name, votes, uploads, public: publicPage };
  } finally {
    agent.destroy();
    // Waits for each server to exit (a profile is written on the way out), or 10 s.
    await Promise.all(servers.map((s) => new Promise((r) => (s.exitCode !== null ? r(null) : (s.once('exit', r), s.kill('SIGTERM'), setTimeout(r, 10_000))))));
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
console.log(
  `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}; load before ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}; node -e 0: ${nodeStart().toFixed(3)} s\n`,
);
/** Rounds of one and two processes, in the order 1 2 2 1 1 2 … so that a drift of the machine's load over the run weighs on both alike. */
const ROUNDS = Number(arg('rounds', '1'));
const order = Array.from({ length: ROUNDS * 2 }, (_, i) => (i % 4 === 0 || i % 4 === 3 ? 1 : 2));
const results: Array<Awaited<ReturnType<typeof run>> & { load: number }> = [];
for (const processes of order) for (const build of builds) results.push({ ...(await run(processes, build)), load: loadavg()[0] });
const rate = (r: (typeof results)[number], phase: Phase) => r[phase].result.done / r[phase].wall;
const perRequest = (r: (typeof results)[number], phase: Phase, x: number) => (x * 1000) / Math.max(1, r[phase].result.done);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const row = (r: (typeof results)[number], phase: Phase) => {
  const m = r[phase];
  const cpuMs = perRequest(r, phase, m.node + m.pg);
  return `| ${phase} | ${r.build} | ${r.processes} | ${r.load.toFixed(1)} | ${rate(r, phase).toFixed(0)}/s | ${m.result.failed} | ${m.result.p50.toFixed(1)} / ${m.result.p95.toFixed(1)} | ${perRequest(r, phase, m.node).toFixed(3)} (${perRequest(r, phase, m.nodeSystem).toFixed(3)}) | ${(m.switches / Math.max(1, m.result.done)).toFixed(2)} | ${perRequest(r, phase, m.pg).toFixed(3)} | ${Math.max(0, m.result.meanLatencyMs - cpuMs).toFixed(2)} | ${m.result.meanLatencyMs.toFixed(2)} |`;
};
console.log(
  '| phase | build | processes | load (1 min) after | throughput | failed | p50 / p95 ms | Node CPU ms / request (of it in the kernel) | Node context switches / request | PostgreSQL CPU ms / request | rest of the latency ms | mean latency ms |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const phase of PHASES) for (const r of results) console.log(row(r, phase));
for (const build of builds) {
  for (const phase of PHASES) {
    const of = (n: number) => results.filter((r) => r.processes === n && r.build === build.name);
    const [one, two] = [of(1), of(2)];
    const med = (rs: typeof results, f: (r: (typeof results)[number]) => number) => median(rs.map(f));
    console.log(
      `${build.name}, ${phase} (median of ${one.length}): 2 processes / 1 = ${(med(two, (r) => rate(r, phase)) / med(one, (r) => rate(r, phase))).toFixed(2)} (goal ≥ 0.95); ` +
        `Node CPU ${med(one, (r) => perRequest(r, phase, r[phase].node)).toFixed(3)} → ${med(two, (r) => perRequest(r, phase, r[phase].node)).toFixed(3)} ms a request, ` +
        `PostgreSQL ${med(one, (r) => perRequest(r, phase, r[phase].pg)).toFixed(3)} → ${med(two, (r) => perRequest(r, phase, r[phase].pg)).toFixed(3)} ms; ` +
        `${med(one, (r) => rate(r, phase)).toFixed(0)} → ${med(two, (r) => rate(r, phase)).toFixed(0)}/s`,
    );
  }
}
// The statements that took the database's time, per request (calls, and execution time: wall time in the backend,
// which includes waiting for locks and I/O, so it is an upper bound of their CPU).
for (const r of results) {
  for (const phase of PHASES) {
    if (r[phase].statements.length === 0) continue;
    console.log(`\n${phase}, ${r.build}, ${r.processes} process(es): statement | calls / request | execution ms / call | planning ms / call`);
    for (const st of r[phase].statements)
      console.log(
        `  ${(st.calls / Math.max(1, r[phase].result.done)).toFixed(3)} | ${(st.ms / Math.max(1, st.calls)).toFixed(3)} | ${(st.plan / Math.max(1, st.calls)).toFixed(3)} | ${st.query}`,
      );
  }
}
console.log(
  `load after ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
