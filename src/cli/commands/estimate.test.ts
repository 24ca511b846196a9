import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { hasShared, sharedPath } from '../../../test/shared-data.ts';
import { runCli } from '../../../test/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'reckon-estimate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const result = await runCli(['estimate', ...args]);
  return { code: result.code, stdout: result.out, stderr: result.err };
}

afterEach(() => {
  process.exitCode = undefined;
});

const quick = ['--burnin', '300', '--thinning', '2', '--samples', '200', '--chains', '2', '--workers', '1'];
const threeLists = file('three.csv', 'A,B,C,count\n1,0,0,120\n0,1,0,100\n1,1,0,40\n0,0,1,90\n1,0,1,35\n0,1,1,30\n1,1,1,12\n');

describe('reckon estimate', () => {
  it('prints every applicable method as JSON with estimate, interval, diagnostics and warnings', async () => {
    const { code, stdout } = await run(threeLists, '--json', ...quick);
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.documented).toBe(427);
    expect(result.total.map((t: { method: string }) => t.method)).toEqual(['lcmcr', 'dga', 'loglinear']);
    for (const t of result.total) {
      expect(t.estimate).toBeGreaterThan(427);
      expect(t.interval.lower).toBeLessThanOrEqual(t.estimate);
      expect(t.interval.upper).toBeGreaterThanOrEqual(t.estimate);
      expect(Array.isArray(t.warnings)).toBe(true);
      expect(t.draws).toBeUndefined();
    }
    expect(result.total[0].diagnostics.rhat).toBeTypeOf('number');
    expect(result.total[0].diagnostics.ess).toBeTypeOf('number');
    expect(result.total[1].models[0].scoreKind).toBe('posterior probability');
    expect(result.total[2].models[0].scoreKind).toBe('AIC');
  });

  it('prints a readable report by default, with the assumptions spelled out', async () => {
    const { code, stdout } = await run(threeLists, '--method', 'loglinear');
    expect(code).toBe(0);
    expect(stdout).toMatch(/3 lists \(A, B, C\), 427 documented/);
    expect(stdout).toMatch(/loglinear\s+[\d,]+\s+95% [\d,]+ – [\d,]+/);
    expect(stdout).toMatch(/closed population/);
  });

  it('gives the same figures for the same seed, and on worker threads as in one thread', async () => {
    const a = JSON.parse((await run(threeLists, '--json', '--method', 'lcmcr', '--seed', '9', ...quick)).stdout);
    const b = JSON.parse((await run(threeLists, '--json', '--method', 'lcmcr', '--seed', '9', ...quick.slice(0, -2), '--workers', '2')).stdout);
    expect(b.total[0].estimate).toBe(a.total[0].estimate);
    expect(b.total[0].interval).toEqual(a.total[0].interval);
  }, 30_000);

  it('estimates strata and their sum, and names a stratum it cannot estimate', async () => {
    const path = file(
      'strata.csv',
      'A,B,C,region,count\n1,0,0,n,120\n0,1,0,n,100\n1,1,0,n,40\n0,0,1,n,90\n1,0,1,n,35\n0,1,1,n,30\n1,1,1,n,12\n1,0,0,s,9\n0,1,0,s,4\n0,0,1,s,3\n',
    );
    const { code, stdout } = await run(path, '--strata', 'region', '--method', 'loglinear', '--json');
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.strata.map((s: { label: string }) => s.label)).toEqual(['region=n', 'region=s']);
    expect(result.strata[1].estimable).toBe(false);
    expect(result.total[0].estimate).toBeNull();
    expect(result.total[0].warnings[0]).toMatch(/region=s/);
  });

  it('uses Chapman for two lists', async () => {
    const path = file('two.csv', 'A,B,count\n1,0,300\n0,1,200\n1,1,100\n');
    const { code, stdout } = await run(path, '--json');
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.total.map((t: { method: string }) => t.method)).toEqual(['loglinear', 'chapman']);
    expect(result.total[1].estimate).toBeCloseTo((401 * 301) / 101 - 1, 6);
  });

  it.each([
    ['a negative count', 'A,B,C,count\n1,0,0,5\n0,1,0,-3\n', /bad\.csv: line 3, column "count": count must not be negative/],
    ['a repeated pattern', 'A,B,C,count\n1,0,0,5\n1,0,0,3\n', /line 3: pattern A is repeated/],
    ['one list', 'A,count\n1,5\n', /at least two lists/],
    ['a count for the all-zero pattern', 'A,B,count\n0,0,5\n1,1,2\n', /line 2: the all-zero pattern/],
    ['all zeros', 'A,B,count\n1,0,0\n0,1,0\n', /every count is zero/],
  ])('rejects %s with exit 1 and the line at fault, no stack trace', async (_, content, message) => {
    const { code, stderr, stdout } = await run(file('bad.csv', content), '--json');
    expect(code).toBe(1);
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(stdout).toBe('');
  });

  it('rejects non-UTF-8, missing and directory inputs', async () => {
    expect((await run(file('utf16.csv', Buffer.from([0xff, 0xfe, 0x41, 0x00, 0xd8, 0x00])))).stderr).toMatch(/not UTF-8/);
    const missing = await run(join(dir, 'nope.csv'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/cannot read .*nope\.csv: no such file/);
    expect((await run(dir)).stderr).toMatch(/is not a file/);
  });

  it('says when a chosen method cannot run on the table', async () => {
    const { code, stderr } = await run(threeLists, '--method', 'chapman');
    expect(code).toBe(1);
    expect(stderr).toMatch(/exactly two lists/);
  });

  it.each([
    [['--method', 'magic'], /unknown --method "magic"/],
    [['--chains', '0'], /--chains must be a whole number from 1/],
    [['--seed', '-4'], /--seed must be a whole number/],
    [['--thinning', '2.5'], /--thinning must be a whole number/],
    [['--prior', 'flat'], /--prior must be/],
    [['--criterion', 'r2'], /--criterion must be aic or bic/],
    [['--delta', '-1'], /--delta must be a positive number/],
    [['--strata', ','], /--strata needs at least one column/],
  ])('refuses bad options %j with exit 2', async (args, message) => {
    const { code, stderr } = await run(threeLists, ...args);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });

  it('asks for a table when none is given', async () => {
    const { code, stderr } = await run();
    expect(code).toBe(2);
    expect(stderr).toMatch(/no table given/);
  });

  it('refuses --from-casualties with a table, a bad run id, or no finished linkage run', async () => {
    expect((await run('--from-casualties', threeLists)).code).toBe(2);
    expect((await run('--from-casualties', '--run', "1' or 1=1")).code).toBe(2);
    expect((await run(threeLists, '--run', '00000000-0000-4000-8000-000000000000')).code).toBe(2);
    // an empty data directory: there is no run to build the table from (the full path is tested in casualties.test.ts)
    const { code, stderr } = await run('--from-casualties', '--data-dir', join(dir, 'empty-data'));
    expect(code).toBe(1);
    expect(stderr).toMatch(/linkage run not found/i);
  });

  it.skipIf(!hasShared('data', 'mse', 'kosovo-4lists.csv'))('reads the Kosovo reference table', async () => {
    const { code, stdout } = await run(sharedPath('data', 'mse', 'kosovo-4lists.csv'), '--method', 'dga', '--json');
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.documented).toBe(4400);
    expect(result.total[0].interval.lower).toBeGreaterThan(4400);
  });
});

describe('reckon estimate: choices and diagnostics (issue 15)', () => {
  it('writes every draw with --draws, marks a run that did not converge, and states K*, δ, the prior and the graph by list names', async () => {
    const draws = join(dir, 'draws.csv');
    const short = ['--burnin', '0', '--thinning', '1', '--samples', '30', '--chains', '2', '--workers', '1'];
    const { code, stdout } = await run(threeLists, '--method', 'lcmcr,dga', '--draws', draws, '--classes', '4', '--delta', '0.5', '--prior', 'uniform', ...short);
    expect(code).toBe(0);
    expect(stdout).toMatch(/lcmcr .*NOT CONVERGED/);
    expect(stdout).toMatch(/K\* 4, occupied classes [\d.]+ \(\d–\d\), 20n bound hit \d+ time/);
    expect(stdout).toMatch(/dga .*Bayes estimate \(relative squared-error loss\); median [\d,]+, δ 0\.500, prior on N uniform, top graph (independence|[ABC]–[ABC])/);
    expect(stdout).toMatch(/Convergence rule: split R-hat < 1\.05 and ESS ≥ 400/);
    const lines = readFileSync(draws, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('stratum,method,chain,draw,N,occupied_classes');
    expect(lines.filter((l) => /^all,lcmcr,[12],\d+,\d+,[1-4]$/.test(l))).toHaveLength(60);

    const json = JSON.parse((await run(threeLists, '--method', 'lcmcr', '--json', ...short)).stdout);
    expect(json.total[0].converged).toBe(false);
    expect(json.total[0].convergence.reasons.length).toBeGreaterThan(0);
    expect(json.total[0].perChain).toHaveLength(2);
    expect(json.total[0].diagnostics.maxClasses).toBe(7); // K* = min(2^3 − 1, 15) by default
  });

  it('fits a hand-chosen log-linear model and names a bad one by its term', async () => {
    const ok = JSON.parse((await run(threeLists, '--method', 'loglinear', '--model', 'A×B, A×C', '--json')).stdout);
    expect(ok.total[0].diagnostics.model).toBe('[A×B, A×C]');
    const bad = await run(threeLists, '--method', 'loglinear', '--model', 'A×Q');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/"Q" is not one of the lists \(A, B, C\)/);
    const unwritable = await run(threeLists, '--method', 'dga', '--draws', join(dir, 'no-such-dir', 'd.csv'));
    expect(unwritable.code).not.toBe(0);
    expect(unwritable.stderr).toMatch(/cannot write the draws/);
  });
});
