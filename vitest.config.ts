import { defineConfig } from 'vitest/config';

/**
 * Two projects by speed (docs/TESTING.md has the timings). `npm test` runs `fast`: unit, service and API tests.
 * `npm run test:slow` runs `slow`: the suites that drive Chromium, the fuzzer, the SIGKILL trials and the tamper
 * sweep, which take as long again. CI runs both. `npx vitest run <file>` finds a file in either project.
 *
 * The fast project runs without isolation: a worker process runs file after file and imports the app, its drivers
 * and PGlite's WebAssembly once, where an isolated file paid about 3 CPU-seconds for them again (docs/TESTING.md,
 * "Files share a worker"). Each file still gets its own database, data directory and app from the test helpers; a
 * file that changes process-wide state (environment, globals, timers, spies) restores it in a `finally` or
 * `afterEach`. A file that cannot goes in `isolated` below, which runs each file in a fresh process as before.
 */
const slow = [
  'test/browser/**/*.test.ts',
  'test/fuzz/**/*.test.ts',
  'test/api/crash-acknowledged.test.ts',
  'test/api/ledger-crash.test.ts',
  // The tamper sweep checks every forged package with verify.html in Chromium as well.
  'test/api/bag-tamper.test.ts',
  // Several `reckon serve` processes on one database (behind nginx; SIGKILL mid-upload).
  'test/multiprocess/**/*.test.ts',
  'test/api/many-processes-start.test.ts',
  // Builds the whole product with esbuild, then migrates, links, estimates and serves from the build in child
  // processes: 98 s of a quiet `npm test`'s 347 s (7 December 2026), on one worker while the other waited.
  'test/cli-compiled.test.ts',
];
const all = ['src/**/*.test.ts', 'src/**/*.test.tsx', 'migrations/**/*.test.ts', 'test/**/*.test.ts'];
// Fast files that need a process of their own; they run in the project `fast-isolated`, which `npm test` selects
// with `fast` (`--project 'fast*'`). Say in a comment why each one is here.
const isolated: string[] = [
  // Tests the web app's first page: no module catalogue loaded yet. Any earlier web test in the worker loads some.
  'src/web/i18n/catalogue-loading.test.ts',
  // Failed once (hasMonthNames with a stand-in Intl) after other files in a shared worker, passed alone; the state
  // that leaked was not found in the time (docs/TESTING.md).
  'src/web/i18n/dates.test.ts',
];

// What both projects share. They do not `extends` the root: a project that does inherits the root's global setup
// and runs it again, and the migrated database it makes takes a while; the root's runs once for any selection.
const common = {
  testTimeout: 60_000,
  hookTimeout: 120_000,
  pool: 'forks' as const,
  // Lets the skip reporter show the line that skipped a test (test/skip-reasons-reporter.ts).
  includeTaskLocation: true,
  // Ranking files by CPU-seconds: RECKON_TEST_CPU_LOG=<file> appends one line per test file (test/cpu-usage.ts).
  setupFiles: process.env.RECKON_TEST_CPU_LOG ? ['test/cpu-usage.ts'] : [],
};

export default defineConfig({
  test: {
    // Vitest's default is one worker fewer than the cores: one worker on the 2-core CI machine, which left a core
    // idle while tests wait on child processes, Chromium and the database server (a full run took 638 s; the
    // files' own durations summed to 291 s).
    maxWorkers: 2,
    globalSetup: ['test/global-setup.ts'],
    reporters: ['default', './test/skip-reasons-reporter.ts'],
    projects: [
      { test: { ...common, name: 'fast', include: all, exclude: [...slow, ...isolated], isolate: false } },
      ...(isolated.length > 0 ? [{ test: { ...common, name: 'fast-isolated', include: isolated } }] : []),
      { test: { ...common, name: 'slow', include: slow } },
    ],
  },
});
