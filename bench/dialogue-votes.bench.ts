/**
 * Vote intake over HTTP (issue 8: goal ≥ 1,000 votes/s sustained for a minute, no vote lost).
 *
 * The real server runs in a child process (bench/dialogue-votes-server.ts) on the embedded database, and on
 * PostgreSQL when TEST_DATABASE_URL is set or --pg <url> is given. This process is the load generator: N
 * participants join through POST /api/dialogue/join, then a pool of C keep-alive connections posts votes for D
 * seconds, each participant voting through the statements in its own random order and, once through, changing
 * earlier votes (so upserts are exercised). Reported: votes/s per second of the run (median, and the slowest
 * second), latency p50/p95/p99, and then the rows in the database against what was acknowledged — the count and
 * a SHA-256 over the (pid, tid, value) state must match exactly: nothing lost, nothing counted twice, the latest
 * vote kept. Reference in the same run: the same pool against GET /api/system (no database work), the HTTP
 * ceiling of this machine.
 *
 * Run: nice -n 10 node --import tsx bench/dialogue-votes.bench.ts [--seconds 60] [--participants 2000]
 *      [--statements 100] [--connections 64] [--pg postgres://…] [--engines pglite,postgres]
 */
import { fork, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { loadavg, cpus } from 'node:os';
import { voteStateHash } from '../src/server/dialogue/checkpoint.ts';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const SECONDS = Number(arg('seconds', '60'));
const PARTICIPANTS = Number(arg('participants', '2000'));
const STATEMENTS = Number(arg('statements', '100'));
const CONNECTIONS = Number(arg('connections', '64'));
const PG = arg('pg', process.env.TEST_DATABASE_URL ?? '');
const ENGINES = arg('engines', PG ? 'pglite,postgres' : 'pglite').split(',');

const pct = (xs: number[], p: number) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] : NaN);
const median = (xs: number[]) => pct(xs, 0.5);
const table = (rows: (string | number)[][]) => {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)));
  for (const [i, r] of rows.entries()) {
    console.log(`| ${r.map((v, c) => String(v).padEnd(widths[c])).join(' | ')} |`);
    if (i === 0) console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  }
  console.log();
};

interface Answer {
  status: number;
  body: string;
  cookie?: string;
}

function call(agent: Agent, port: number, method: string, path: string, body?: unknown, cookie?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      { host: '127.0.0.1', port, method, path, agent, headers: { ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}), ...(cookie ? { cookie } : {}) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const set = res.headers['set-cookie']?.[0];
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), cookie: set ? set.split(';')[0] : undefined });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

/** Runs `loops` concurrent request loops for `seconds`; returns completions per second and latencies. */
async function load(seconds: number, loops: number, one: (loop: number) => Promise<boolean>) {
  const start = performance.now();
  const end = start + seconds * 1000;
  const perSecond = new Array<number>(Math.ceil(seconds)).fill(0);
  const latencies: number[] = [];
  let failed = 0;
  await Promise.all(
    Array.from({ length: loops }, async (_, loop) => {
      while (performance.now() < end) {
        const t0 = performance.now();
        const ok = await one(loop);
        const t1 = performance.now();
        if (!ok) failed += 1;
        else if (t1 <= end) {
          perSecond[Math.floor((t1 - start) / 1000)] += 1;
          latencies.push(t1 - t0);
        }
      }
    }),
  );
  return { perSecond, latencies, failed, total: perSecond.reduce((a, b) => a + b, 0) };
}

async function run(engine: string) {
  const child: ChildProcess = fork(new URL('./dialogue-votes-server.ts', import.meta.url), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, BENCH_PG_URL: engine === 'postgres' ? PG : '', BENCH_STATEMENTS: String(STATEMENTS) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = <T>(type: string) =>
    new Promise<T>((resolve, reject) => {
      child.on('message', (m: { type: string }) => m.type === type && resolve(m as T));
      child.on('exit', (code) => reject(new Error(`the server process exited (${code}) before '${type}'`)));
    });
  const ready = await next<{ port: number; conversationId: string; tokens: string[]; engine: string }>('ready');
  const { port, conversationId, tokens } = ready;
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });

  const joinStart = performance.now();
  const cookies: string[] = new Array(PARTICIPANTS);
  let joined = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      for (;;) {
        const i = joined++;
        if (i >= PARTICIPANTS) return;
        const answer = await call(agent, port, 'POST', '/api/dialogue/join', { token: tokens[i % tokens.length] });
        if (answer.status !== 201 || !answer.cookie) throw new Error(`join ${i}: ${answer.status} ${answer.body}`);
        cookies[i] = answer.cookie;
      }
    }),
  );
  const joinSeconds = (performance.now() - joinStart) / 1000;

  const reference = await load(Math.min(10, SECONDS), CONNECTIONS, async () => (await call(agent, port, 'GET', '/api/system')).status === 200);

  // Each participant walks its own random order of statements, then changes votes on a second pass.
  const orders = cookies.map(() => {
    const order = Array.from({ length: STATEMENTS }, (_, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    return order;
  });
  const position = new Int32Array(PARTICIPANTS);
  const acked = new Map<number, number>(); // participant * STATEMENTS + tid -> value
  let refused = 0;
  let nextParticipant = new Int32Array(CONNECTIONS).map((_, i) => i);
  const choices = ['agree', 'disagree', 'pass'] as const;
  const cpuNow = () => {
    const answer = new Promise<number>((resolve) => child.once('message', (m: { type: string; seconds: number }) => m.type === 'cpu' && resolve(m.seconds)));
    child.send({ type: 'cpu' });
    return answer;
  };
  const cpuBefore = await cpuNow();
  const votes = await load(SECONDS, CONNECTIONS, async (loop) => {
    // Each loop owns participants loop, loop + C, …: one participant's votes are never in flight twice.
    const p = nextParticipant[loop];
    nextParticipant[loop] = p + CONNECTIONS < PARTICIPANTS ? p + CONNECTIONS : loop;
    const k = position[p]++;
    const tid = orders[p][k % STATEMENTS];
    const value = Math.floor(Math.random() * 3);
    const answer = await call(agent, port, 'POST', `/api/dialogue/conversations/${conversationId}/participant/votes`, { tid, vote: choices[value] }, cookies[p]);
    if (answer.status === 200) {
      acked.set(p * STATEMENTS + tid, [1, -1, 0][value]);
      return true;
    }
    if (answer.status === 429) refused += 1;
    else throw new Error(`vote: ${answer.status} ${answer.body}`);
    return false;
  });
  nextParticipant = new Int32Array(0);
  const voteCpuSeconds = (await cpuNow()) - cpuBefore;

  const count = new Promise<{ rows: number; hash: string; analysisVersion: number; analysedVotes: number; cpuSeconds: number }>((resolve) => child.on('message', (m: { type: string }) => m.type === 'count' && resolve(m as never)));
  child.send({ type: 'count' });
  const stored = await count;
  // Participants joined in parallel, so pid is not the join index: map through the server's own numbering.
  const pids = await Promise.all(cookies.map(async (cookie) => JSON.parse((await call(agent, port, 'GET', `/api/dialogue/conversations/${conversationId}/participant`, undefined, cookie)).body).participant.pid as number));
  const expected = [...acked.entries()].map(([key, value]) => ({ pid: pids[Math.floor(key / STATEMENTS)], tid: key % STATEMENTS, value }));
  const exact = stored.rows === expected.length && stored.hash === voteStateHash(expected);
  child.send({ type: 'stop' });
  await new Promise((r) => child.on('exit', r));
  agent.destroy();

  const steady = votes.perSecond.slice(1); // the first second includes connection start-up
  return {
    engine: ready.engine,
    joinsPerSecond: PARTICIPANTS / joinSeconds,
    referencePerSecond: median(reference.perSecond.slice(1)),
    median: median(steady),
    slowest: Math.min(...steady),
    total: votes.total,
    p50: pct(votes.latencies, 0.5),
    p95: pct(votes.latencies, 0.95),
    p99: pct(votes.latencies, 0.99),
    refused,
    acked: acked.size,
    stored: stored.rows,
    exact,
    analysisUpdates: stored.analysisVersion,
    analysedVotes: stored.analysedVotes,
    serverCpu: stored.cpuSeconds,
    /** Votes per CPU-second of the server process during the vote phase (analysis worker included). */
    votesPerCpuSecond: votes.total / voteCpuSeconds,
  };
}

console.log(`dialogue vote intake: ${PARTICIPANTS} participants × ${STATEMENTS} statements, ${CONNECTIONS} keep-alive connections, ${SECONDS} s`);
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}; load average before: ${loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);
const results = [];
for (const engine of ENGINES) results.push(await run(engine));
table([
  ['engine', 'joins/s', 'reference GET/s', 'votes/s median', 'slowest second', 'votes acked', 'votes per server CPU-s', 'p50 ms', 'p95 ms', 'p99 ms', '429', 'cells acked', 'rows stored', 'exact', 'analysis updates'],
  ...results.map((r) => [r.engine, r.joinsPerSecond.toFixed(0), r.referencePerSecond, r.median, r.slowest, r.total, r.votesPerCpuSecond.toFixed(0), r.p50.toFixed(1), r.p95.toFixed(1), r.p99.toFixed(1), r.refused, r.acked, r.stored, r.exact ? 'yes' : 'NO', r.analysisUpdates]),
]);
for (const r of results) console.log(`${r.engine}: ratio votes/s ÷ reference GET/s = ${(r.median / r.referencePerSecond).toFixed(2)}; server CPU ${r.serverCpu.toFixed(0)} s; analysis saw ${r.analysedVotes} cells`);
console.log(`load average after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
if (results.some((r) => !r.exact)) process.exitCode = 1;
