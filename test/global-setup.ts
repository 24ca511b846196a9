/** Global test setup: a place for artifacts, and the migrated PGlite clusters that database tests start from. */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { TEST_SCRYPT_VARIABLE } from '../src/server/accounts/password.ts';
import { PGDATA_SEED_VARIABLE } from '../src/server/db/connect.ts';
import {
  dropPgRunDatabases,
  pgliteTemplatePath,
  testArtifactsDir,
  writePgdataSeed,
  writePgliteEmptyTemplate,
  writePgliteTemplate,
  writePgTemplateDatabase,
} from '../src/server/db/testing.ts';

export default async function setup(): Promise<() => void> {
  mkdirSync(testArtifactsDir, { recursive: true });
  // A run is named by RECKON_TEST_RUN (the test workers and the processes they spawn inherit it). A caller that runs
  // several Vitest commands over the same sources, as .ci/run does, names one run for them all: the commands then
  // share the seed, the template and the web build the first one made (each costs a migration or a Vite build), and
  // the caller removes them. Unnamed, a run is this process, makes its own, and removes them at the end.
  const named = process.env.RECKON_TEST_RUN;
  const run = named ?? String(process.pid);
  process.env.RECKON_TEST_RUN = run;
  // CLI and `reckon serve` tests start embedded data directories from a migrated copy rather than initdb. Embedded
  // directories are used on both engines' runs (some CLI tests always run embedded), so the seed is made either way.
  // It is built beside its place and renamed into it, so one that exists is complete.
  const seed = resolve(testArtifactsDir, `pgdata-seed-${run}`);
  if (!named || !existsSync(seed)) await writePgdataSeed(seed);
  process.env[PGDATA_SEED_VARIABLE] = seed;
  // The template the in-memory test databases load (src/server/db/testing.ts), dumped from the seed; an unnamed run
  // rebuilds it, so a new migration is never missing from it.
  const template = pgliteTemplatePath(run)!;
  if (!process.env.TEST_DATABASE_URL && (!named || !existsSync(template))) await writePgliteTemplate(template, seed);
  // The empty cluster the migration tests start from: a dump loads in about 2 CPU-seconds where initdb takes 4.5
  // (docs/TESTING.md), and there are some 45 migration tests.
  const empty = pgliteTemplatePath(run, 'empty')!;
  if (!process.env.TEST_DATABASE_URL && (!named || !existsSync(empty))) await writePgliteEmptyTemplate(empty);
  // On the PostgreSQL server, a migrated template database that each test file's database is copied from: one
  // migration for the run instead of one per file. Made by every command (a run's PostgreSQL step is one command) and
  // dropped when it ends, with any test database a crashed worker left.
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) await writePgTemplateDatabase(serverUrl, run);
  // Passwords hash at scrypt N=2^10 instead of production's 2^15 in the test processes and the servers they start
  // (src/server/accounts/password.ts): about 0.19 CPU-seconds less per hash or login, a few per API test file.
  process.env[TEST_SCRYPT_VARIABLE] ??= '10';
  // Browser suites share one web build per run (test/browser/harness.ts), kept under the run's name.
  const web = resolve(testArtifactsDir, `web-${run}`);
  return async () => {
    if (serverUrl) await dropPgRunDatabases(serverUrl, run);
    if (named) return;
    rmSync(seed, { recursive: true, force: true });
    rmSync(template, { force: true });
    rmSync(empty, { force: true });
    rmSync(web, { recursive: true, force: true });
  };
}
