/** Global test setup: a place for artifacts, and a migrated PGlite template every database test starts from. */
import { mkdirSync, rmSync } from 'node:fs';
import { pgliteTemplatePath, writePgliteTemplate } from '../src/server/db/testing.ts';

export default async function setup(): Promise<void> {
  mkdirSync('test-artifacts', { recursive: true });
  // Always rebuilt, so a new migration is never missing from it; removed first so a failed build leaves none.
  rmSync(pgliteTemplatePath, { force: true });
  if (!process.env.TEST_DATABASE_URL) await writePgliteTemplate();
}
