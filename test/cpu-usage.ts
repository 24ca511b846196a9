/**
 * Per-file CPU cost, for ranking test files (docs/TESTING.md, "Where CI's time goes"). Loaded as a setup file only
 * when RECKON_TEST_CPU_LOG names a file (vitest.config.ts); it then appends one JSON line per test file: the worker
 * process's CPU-seconds so far (an isolated file has its own process, so this includes starting the worker and
 * importing) and those of the child processes it has waited for (`reckon` runs, servers, Chromium), from /proc.
 * Wall time under a loaded machine mostly measures the load; CPU-seconds move far less with it.
 *
 * A worker that runs several files without isolation (the `fast` project, vitest.config.ts) keeps its process, so
 * each line counts only what the process used since the previous file's line: `first` marks the file that paid for
 * starting the worker and importing the app. The lines of one run still sum to the run's CPU.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { afterAll, expect } from 'vitest';

const log = process.env.RECKON_TEST_CPU_LOG;

/** Waited-for children's user + system CPU-seconds (fields 16 and 17 of /proc/self/stat, in clock ticks). */
function childrenSeconds(): number {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return 0;
  }
}

/** The previous file's reading in this process; kept on globalThis, which a non-isolated worker keeps too. */
const LAST = Symbol.for('reckon.test-cpu-usage');
type Reading = { cpu: number; children: number };

if (log) {
  afterAll(() => {
    const own = process.cpuUsage();
    const file = relative(process.cwd(), expect.getState().testPath ?? 'unknown');
    const store = globalThis as typeof globalThis & { [LAST]?: Reading };
    const now: Reading = { cpu: (own.user + own.system) / 1e6, children: childrenSeconds() };
    const before = store[LAST];
    store[LAST] = now;
    const round = (n: number) => Math.round(n * 100) / 100;
    const line = {
      file,
      engine: process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite',
      cpu: round(now.cpu - (before?.cpu ?? 0)),
      children: round(now.children - (before?.children ?? 0)),
      first: before === undefined,
      uptime: round(process.uptime()),
    };
    appendFileSync(log, `${JSON.stringify(line)}\n`);
  });
}
