/**
 * Start-up of the `reckon` command and of the server, compiled (dist/node, made by bin/build.js) against the
 * TypeScript sources run through tsx (RECKON_COMPILED=0) and against `node -e 0`, all in the same run.
 *
 *   node --import tsx bench/cli-startup.bench.ts [--runs 15] [--tsx-runs 5] [--command-runs 5] [--server-runs 5]
 *     [--database-url postgres://…/startup]   (also the server's start on a PostgreSQL server, in a database of its own)
 *     [--compare <another checkout>]          (the same server starts from that checkout's compiled build, alternating:
 *                                              before and after a change in one run)
 *     [--steps]                               (the server's own account of each start-up step, src/server/startup-clock.ts)
 *
 * Each figure is the median of its runs, in wall seconds and in CPU seconds of the process (user + system, every
 * thread; reported by the child itself through a preloaded module, so no timing tool is needed). Commands alternate
 * within each round, so load changes hit all alike. The server's start-up is the time from the process start until
 * /healthz answers, on a data directory made by an earlier start (a restart; the first start also creates the
 * database), and its CPU is counted up to the end of a clean stop right after. With --steps the server runs at
 * `--log-level debug` and each step's CPU (median) is printed from the line it logs once listening (builds older than
 * that line print none).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { buildCompiled } from '../bin/build.js';
import { currentBuild } from '../bin/compiled.js';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '15' },
    // `reckon <command> --help` of the commands that open the database (0 leaves them out)
    'command-runs': { type: 'string', default: '5' },
    // also `reckon serve` on this PostgreSQL server (a database of its own: the bench's first start writes to it)
    'database-url': { type: 'string' },
    'tsx-runs': { type: 'string', default: '5' },
    'server-runs': { type: 'string', default: '5' },
    // on a loaded machine: only `reckon serve`, compiled (the sources through tsx are measured unless --no-tsx-server)
    'serve-only': { type: 'boolean', default: false },
    'no-tsx-server': { type: 'boolean', default: false },
    compare: { type: 'string' },
    steps: { type: 'boolean', default: false },
  },
});
const root = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');
const reckon = join(root, 'bin', 'reckon.js');
// Reports the process's own CPU time on descriptor 3 as it exits.
const CPU_PROBE = `data:text/javascript,${encodeURIComponent(
  "import { writeSync } from 'node:fs'; process.on('exit', () => { const u = process.cpuUsage(); try { writeSync(3, String((u.user + u.system) / 1e6)); } catch {} });",
)}`;

interface Sample {
  wall: number;
  cpu: number;
  stdout: string;
}

function run(args: string[], env: Record<string, string>, ready?: (child: ReturnType<typeof spawn>) => Promise<void>, cwd = root): Promise<Sample> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', CPU_PROBE, ...args], {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    });
    let cpu = '';
    let stdout = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    let stderr = '';
    let wall = 0;
    child.stdio[3]!.on('data', (d: Buffer) => (cpu += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    if (ready) {
      ready(child).then(() => {
        wall = (performance.now() - started) / 1000;
        child.kill('SIGTERM');
      }, reject);
    }
    child.on('error', reject);
    child.on('close', (code) => {
      if (!ready) wall = (performance.now() - started) / 1000;
      if (code !== 0) reject(new Error(`${args.join(' ')} exited ${code}: ${stderr.slice(0, 500)}`));
      else resolve({ wall, cpu: Number(cpu), stdout });
    });
  });
}

async function healthy(port: number, child: ReturnType<typeof spawn>): Promise<void> {
  for (;;) {
    if (child.exitCode !== null) throw new Error('the server exited before answering');
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** With --steps: after /healthz answers, waits (outside the wall time) for the line that lists the start-up steps. */
async function stepsLogged(child: ReturnType<typeof spawn>): Promise<void> {
  let seen = '';
  const listen = (d: Buffer) => (seen += d.toString());
  child.stdout!.on('data', listen);
  for (let i = 0; i < 500 && !seen.includes('start-up steps') && child.exitCode === null; i++) await new Promise((r) => setTimeout(r, 10));
  child.stdout!.off('data', listen);
}

type Step = { step: string; cpuMs: number };
const stepsOf = (stdout: string): Step[] => {
  for (const line of stdout.split('\n')) {
    if (!line.includes('"start-up steps"')) continue;
    try {
      return (JSON.parse(line) as { startup: Step[] }).startup;
    } catch {
      // not a JSON log line
    }
  }
  return [];
};

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/**
 * A compiled run (RECKON_COMPILED=1) fails rather than fall back to the sources when they changed since the build
 * (other people edit this checkout); the build is then made again, outside the timing, and the run repeated.
 */
async function measured(args: string[], env: Record<string, string>, ready?: Parameters<typeof run>[2], cwd = root): Promise<Sample> {
  for (let attempt = 1; ; attempt++) {
    // another checkout (--compare) is built by whoever gives it; only this one is rebuilt here
    if (env.RECKON_COMPILED === '1' && cwd === root && !currentBuild(root)) await buildCompiled({ quiet: true });
    try {
      return await run(args, env, ready, cwd);
    } catch (error) {
      if (env.RECKON_COMPILED !== '1' || cwd !== root || currentBuild(root) || attempt === 5) throw error;
    }
  }
}

const compiled = { RECKON_COMPILED: '1' };
const sources = { RECKON_COMPILED: '0' };
const cases: Array<{ name: string; args: string[]; env: Record<string, string>; runs: number }> = [
  { name: 'node -e 0', args: ['-e', '0'], env: {}, runs: Number(values.runs) },
  { name: 'reckon --help (compiled)', args: [reckon, '--help'], env: compiled, runs: Number(values.runs) },
  { name: 'reckon estimate --help (compiled)', args: [reckon, 'estimate', '--help'], env: compiled, runs: Number(values.runs) },
  // commands whose work opens the database: their --help declares options only and loads none of the server
  ...['casualties', 'verify', 'import', 'export', 'receipt verify'].map((command) => ({
    name: `reckon ${command} --help (compiled)`,
    args: [reckon, ...command.split(' '), '--help'],
    env: compiled,
    runs: Number(values['command-runs']),
  })),
  { name: 'reckon --help (tsx)', args: [reckon, '--help'], env: sources, runs: Number(values['tsx-runs']) },
  { name: 'reckon estimate --help (tsx)', args: [reckon, 'estimate', '--help'], env: sources, runs: Number(values['tsx-runs']) },
];
if (values['serve-only']) for (const c of cases) if (c.name !== 'node -e 0') c.runs = 0;
const samples = new Map<string, Sample[]>(cases.filter((c) => c.runs > 0).map((c) => [c.name, []]));
const rounds = Math.max(...cases.map((c) => c.runs));
for (let round = 0; round < rounds; round++) {
  for (const c of cases) if (round < c.runs) samples.get(c.name)!.push(await measured(c.args, c.env));
  console.error(`round ${round + 1} of ${rounds}, load ${loadavg()[0].toFixed(1)}`);
}

const dataDir = mkdtempSync(join(tmpdir(), 'reckon-startup-'));
const port = 18_000 + (process.pid % 1000);
const other = values.compare ? resolve(values.compare) : undefined;
const serve = (env: Record<string, string>, checkout = root) =>
  measured(
    [join(checkout, 'bin', 'reckon.js'), 'serve', '--port', String(port), '--data-dir', dataDir, '--log-level', values.steps ? 'debug' : 'warn'],
    env,
    async (child) => {
      await healthy(port, child);
      if (values.steps) await stepsLogged(child);
    },
    checkout,
  );
const steps = new Map<string, Step[][]>();
try {
  await serve(compiled); // first start: creates the database and the administrator
  const servers: Record<string, { env: Record<string, string>; checkout: string }> = {
    'reckon serve to /healthz (compiled)': { env: compiled, checkout: root },
  };
  if (other) servers[`reckon serve to /healthz (compiled, ${values.compare})`] = { env: compiled, checkout: other };
  if (!values['no-tsx-server']) servers['reckon serve to /healthz (tsx)'] = { env: sources, checkout: root };
  if (values['database-url']) {
    const onServer = { ...compiled, DATABASE_URL: values['database-url'] };
    await serve(onServer); // first start on that database
    servers['reckon serve to /healthz (compiled, PostgreSQL server)'] = { env: onServer, checkout: root };
    if (other) servers[`reckon serve to /healthz (compiled, PostgreSQL server, ${values.compare})`] = { env: onServer, checkout: other };
  }
  for (const name of Object.keys(servers)) samples.set(name, []);
  for (let round = 0; round < Number(values['server-runs']); round++) {
    for (const [name, { env, checkout }] of Object.entries(servers)) {
      const sample = await serve(env, checkout);
      samples.get(name)!.push(sample);
      const logged = stepsOf(sample.stdout);
      if (logged.length) steps.set(name, [...(steps.get(name) ?? []), logged]);
    }
    console.error(`server round ${round + 1}, load ${loadavg()[0].toFixed(1)}`);
  }
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}

const base = median(samples.get('node -e 0')!.map((s) => s.wall));
console.log(
  `load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')} on ${cpus().length} cores\n`,
);
console.log('| command | runs | wall (median s) | × node -e 0 | CPU (median s) |');
console.log('|---|---:|---:|---:|---:|');
for (const [name, list] of samples) {
  if (list.length === 0) continue;
  const wall = median(list.map((s) => s.wall));
  console.log(`| ${name} | ${list.length} | ${wall.toFixed(3)} | ${(wall / base).toFixed(1)} | ${median(list.map((s) => s.cpu)).toFixed(3)} |`);
}

// each step's CPU, median over the runs, as the server itself counted it (--steps)
for (const [name, runs] of steps) {
  console.log(`\n${name}: CPU milliseconds a step, median of ${runs.length}\n`);
  console.log('| step | CPU (median ms) |');
  console.log('|---|---:|');
  for (const { step } of runs[0]) console.log(`| ${step} | ${median(runs.map((r) => r.find((s) => s.step === step)?.cpuMs ?? 0)).toFixed(0)} |`);
  console.log(`| **sum** | ${median(runs.map((r) => r.reduce((a, s) => a + s.cpuMs, 0))).toFixed(0)} |`);
}
