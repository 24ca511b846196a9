/**
 * The long fuzzing run (issue 14; goal: ≥ 100,000 generated requests across all routes and callers with 0 server
 * errors, 0 hangs, 0 leaks, every 4xx in the error shape, and `reckon verify` clean afterwards).
 *
 * The same generators and checks as test/fuzz/api-fuzz.test.ts: requests built from /api/openapi.json for every
 * (route, caller) pair in rotating rounds, sent in-process with `app.inject`, a few at a time. Prints the seed;
 * `--seed` replays a run.
 *
 *   node --import tsx bench/fuzz.bench.ts [--requests 100000] [--concurrency 4] [--seed N]
 */
import { loadavg, cpus } from 'node:os';
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { systemActor } from '../src/server/accounts/actor.ts';
import { check, createFuzzWorld, describeFinding, fuzzSeed, pairs, requestsFor, type Finding } from '../test/fuzz/api-fuzz.ts';

const { values } = parseArgs({
  options: { requests: { type: 'string', default: '100000' }, concurrency: { type: 'string', default: '4' }, seed: { type: 'string' } },
});
const TARGET = Number(values.requests);
const CONCURRENCY = Math.max(1, Number(values.concurrency));
const seed = values.seed ? Number(values.seed) : fuzzSeed();

const loadBefore = loadavg()[0];
console.log(`fuzz bench: seed ${seed}, target ${TARGET} requests, concurrency ${CONCURRENCY}, ${cpus().length} cores, load ${loadBefore.toFixed(1)}`);
const world = await createFuzzWorld();
const all = pairs(world);
const fuzzStarted = performance.now();
console.log(`${world.operations.length} operations × 7 callers = ${all.length} pairs`);

const tally = { requests: 0, server_error: 0, error_shape: 0, leak: 0, hang: 0 };
const findings: Finding[] = [];
let next = 0;

/** The k-th request of the run: pair k mod pairs, the generator seeded by the run's seed and k (replayable). */
function requestAt(k: number) {
  const { op, who } = all[k % all.length];
  return fc.sample(requestsFor(world, op, who), { seed: seed + k, numRuns: 1 })[0];
}

async function worker(): Promise<void> {
  for (let k = next++; k < TARGET; k = next++) {
    const request = requestAt(k);
    const finding = await check(world, request);
    tally.requests += 1;
    if (finding) {
      tally[finding.kind] += 1;
      // Printed at once, so a long run that is cut short still shows what it found (and the request index to replay).
      console.log(`\n[request ${k}] ${describeFinding(finding)}`);
      if (findings.length < 50) findings.push(finding);
    }
    if (tally.requests % 5000 === 0) {
      const rate = tally.requests / ((performance.now() - fuzzStarted) / 1000);
      console.log(`  ${tally.requests} requests, ${rate.toFixed(0)}/s, findings ${tally.server_error + tally.error_shape + tally.leak + tally.hang}, load ${loadavg()[0].toFixed(1)}`);
    }
  }
}
await Promise.all(Array.from({ length: CONCURRENCY }, worker));
const fuzzSeconds = (performance.now() - fuzzStarted) / 1000;

const verification = await world.t.ctx.ledger.verify(systemActor('command line'), 'command line', world.t.ctx.integrityChecks);
const failures = verification.report.problems.filter((p) => !p.housekeeping);
await world.t.close();

console.log(`\n${findings.length} findings printed above.`);
console.log(`
| figure | value |
|---|---|
| seed | ${seed} |
| requests | ${tally.requests} |
| (route, caller) pairs | ${all.length} |
| server errors (5xx) | ${tally.server_error} |
| 4xx not in the error shape | ${tally.error_shape} |
| canary leaks | ${tally.leak} |
| hangs (> 30 s) | ${tally.hang} |
| reckon verify afterwards | ${verification.report.ok ? 'clean' : `${failures.length} problems`} (${verification.report.entries} ledger entries) |
| wall time | ${fuzzSeconds.toFixed(0)} s (${(tally.requests / fuzzSeconds).toFixed(0)} requests/s) |
| load average (1 min) before / after | ${loadBefore.toFixed(1)} / ${loadavg()[0].toFixed(1)} on ${cpus().length} cores |
| engine | ${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'} |
`);
process.exitCode = tally.server_error + tally.error_shape + tally.leak + tally.hang === 0 && verification.report.ok ? 0 : 1;
