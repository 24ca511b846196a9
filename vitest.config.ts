import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'migrations/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Vitest's default is one worker fewer than the cores: one worker on the 2-core CI machine, which left a core
    // idle while tests wait on child processes, Chromium and the database server (a full run took 638 s; the
    // files' own durations summed to 291 s).
    maxWorkers: 2,
    globalSetup: ['test/global-setup.ts'],
  },
});
