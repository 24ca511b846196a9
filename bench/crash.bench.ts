/**
 * The longer SIGKILL series (issue 14; goal: 0 acknowledged writes lost over ≥ 20 trials): runs the crash tests of
 * test/api/crash-acknowledged.test.ts with CRASH_TRIALS kills each (the server under vote load, and `reckon ingest`
 * mid-run), on the engine the environment selects (TEST_DATABASE_URL for PostgreSQL, else PGlite). The test prints
 * what was acknowledged and what was stored; it fails on any loss.
 *
 *   node --import tsx bench/crash.bench.ts [--trials 10]
 */
import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { trials: { type: 'string', default: '10' } } });
const trials = Number(values.trials);
console.log(`crash bench: ${trials} kills of the server under vote load and ${trials} of reckon ingest, ${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'}, ${cpus().length} cores, load ${loadavg()[0].toFixed(1)}`);
const started = performance.now();
const run = spawnSync('npx', ['vitest', 'run', 'test/api/crash-acknowledged.test.ts'], { stdio: 'inherit', env: { ...process.env, CRASH_TRIALS: String(trials) } });
console.log(`\n${2 * trials} SIGKILL trials in ${((performance.now() - started) / 1000).toFixed(0)} s, load ${loadavg()[0].toFixed(1)}: ${run.status === 0 ? 'nothing acknowledged was lost, verify clean' : 'FAILED (see above)'}`);
process.exitCode = run.status ?? 1;
