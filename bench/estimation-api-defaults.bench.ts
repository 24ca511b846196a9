/**
 * The done-when of issue 15 item 2: the web app's estimate of Kosovo 1999 with default settings converges. Goes
 * through the API exactly as the web form does (POST /api/estimates with a title and the table only, so every option
 * is the server's default), lets the job queue run it (LCMCR chains on worker threads), and reads the stored report.
 * Prints R-hat, ESS, the figures, the process CPU time (all threads) and wall time, and the load average.
 * With --verify it then downloads the estimate's receipt and capture table as a visitor would and recomputes every
 * figure from them (`reckon receipt verify`'s check, in this process, chains on worker threads): the web figure at
 * the defaults reproduced bit for bit, or the figures that differ.
 * Run: node --import tsx bench/estimation-api-defaults.bench.ts [--verify]
 */
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { hasShared, sharedPath } from '../test/shared-data.ts';
import { createTestApp } from '../src/server/testing.ts';
import { parseVerifierKey } from '../src/core/ledger/signed-note.ts';
import { estimateMethod, verifyReceipt, type Receipt } from '../src/core/receipts/index.ts';
import { workerChainRunner } from '../src/core/estimation/chain-pool.ts';
import { codeVersion } from '../src/server/receipts/code-version.ts';

if (!hasShared('data', 'mse', 'kosovo-4lists.csv')) {
  console.log('skipped: ../shared/data/mse/kosovo-4lists.csv is absent (set RECKON_SHARED_DIR)');
  process.exit(0);
}
const csv = readFileSync(sharedPath('data', 'mse', 'kosovo-4lists.csv'), 'utf8');
const load = (): string => loadavg().map((x) => x.toFixed(2)).join(' ');
console.log(`machine: ${cpus().length} cores, ${cpus()[0]?.model}, node ${process.version}, ${new Date().toISOString()}, load ${load()}`);

const t = await createTestApp();
try {
  const admin = await t.login(t.admin.username, t.admin.password);
  const created = await t.app.inject({ method: 'POST', url: '/api/estimates', headers: admin.headers, payload: { title: 'Kosovo 1999, defaults', csv } });
  if (created.statusCode !== 202) throw new Error(`POST /api/estimates: ${created.statusCode} ${created.body}`);
  const id = created.json().estimate.id as string;
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  await t.ctx.jobs.drain();
  const cpu = process.cpuUsage(cpu0);
  const wall = (performance.now() - wall0) / 1000;
  const detail = (await t.app.inject({ method: 'GET', url: `/api/estimates/${id}`, headers: admin.headers })).json();
  if (detail.state !== 'done') throw new Error(`estimate ${detail.state}: ${detail.error}`);
  console.log(`options (server defaults): ${JSON.stringify(detail.options)}`);
  console.log(`converged (whole report): ${detail.converged}`);
  interface Served {
    method: string;
    estimate: number;
    lower: number;
    upper: number | null;
    pointEstimate: string;
    diagnostics: Record<string, number | string | null>;
    convergence?: { converged: boolean };
    perChain?: { median: number; rhat: number | null; ess: number | null }[];
  }
  for (const m of detail.result.total as Served[]) {
    const d = m.diagnostics ?? {};
    const extra =
      m.method === 'lcmcr'
        ? `R-hat ${Number(d.rhat).toFixed(3)}, ESS ${Math.round(Number(d.ess))}, K* ${d.maxClasses}, occupied ${Number(d.occupiedClassesMean).toFixed(1)} (${d.occupiedClassesMin}–${d.occupiedClassesMax}), 20n hits ${d.truncationRedraws}, converged ${m.convergence?.converged}; per chain ${JSON.stringify(m.perChain?.map((c) => [Math.round(c.median), Number(c.rhat).toFixed(3), Math.round(Number(c.ess))]))}`
        : m.method === 'dga'
          ? `median ${d.median}, δ ${d.delta}, prior ${d.prior}, top graph ${d.topModel}`
          : `model ${d.model}`;
    console.log(`${m.method.padEnd(10)} ${Math.round(m.estimate)} (${Math.round(m.lower)} – ${m.upper === null ? '∞' : Math.round(m.upper)}) ${m.pointEstimate}; ${extra}`);
  }
  console.log(`job: ${wall.toFixed(1)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s CPU (process, all threads); load after ${load()}`);
  if (process.argv.includes('--verify')) {
    const receipt = (await t.app.inject({ method: 'GET', url: `/api/estimates/${id}/receipt`, headers: admin.headers })).json() as Receipt;
    const input = (await t.app.inject({ method: 'GET', url: `/api/estimates/${id}/receipt/input.csv`, headers: admin.headers })).body;
    const key = parseVerifierKey((await t.app.inject({ method: 'GET', url: '/api/ledger/public-key' })).json().verifierKey);
    const vcpu0 = process.cpuUsage();
    const vwall0 = performance.now();
    const report = await verifyReceipt(receipt, [{ name: 'input.csv', bytes: new TextEncoder().encode(input) }], {
      methods: [estimateMethod(workerChainRunner(Math.min(2, cpus().length)))],
      verifiers: [key],
      code: codeVersion(),
    });
    const vcpu = process.cpuUsage(vcpu0);
    console.log(`receipt: ${report.reproduced ? 'REPRODUCED' : 'NOT REPRODUCED'}; ${report.checks.map((c) => `${c.part} ${c.status}: ${c.message}`).join(' | ')}`);
    console.log(`verify: ${((performance.now() - vwall0) / 1000).toFixed(1)} s wall, ${((vcpu.user + vcpu.system) / 1e6).toFixed(1)} s CPU; load after ${load()}`);
    if (!report.reproduced) process.exitCode = 1;
  }
} finally {
  await t.close();
}
