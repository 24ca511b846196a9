/** Global test setup: a place for artifacts, and the migrated PGlite clusters that database tests start from. */
import { mkdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGDATA_SEED_VARIABLE } from '../src/server/db/connect.ts';
import { pgliteTemplatePath, writePgdataSeed, writePgliteTemplate } from '../src/server/db/testing.ts';

export default async function setup(): Promise<() => void> {
  mkdirSync('test-artifacts', { recursive: true });
  // CLI and `reckon serve` tests start embedded data directories from a migrated copy rather than initdb; the test
  // workers and the processes they spawn inherit the variable. Embedded directories are used on both engines' runs
  // (some CLI tests always run embedded), so the seed is made either way; one per run, removed at the end.
  const seed = resolve('test-artifacts', `pgdata-seed-${process.pid}`);
  await writePgdataSeed(seed);
  process.env[PGDATA_SEED_VARIABLE] = seed;
  // Always rebuilt, so a new migration is never missing from it; removed first so a failed build leaves none.
  rmSync(pgliteTemplatePath, { force: true });
  if (!process.env.TEST_DATABASE_URL) await writePgliteTemplate(seed);
  // Browser suites share one web build per run (test/browser/harness.ts), kept under this run's id.
  process.env.RECKON_TEST_RUN = String(process.pid);
  const web = resolve('test-artifacts', `web-${process.pid}`);
  return () => {
    rmSync(seed, { recursive: true, force: true });
    rmSync(web, { recursive: true, force: true });
  };
}
