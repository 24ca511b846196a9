/**
 * Lists the fast test files whose outcome can depend on the database engine: those that reach the test database
 * (src/server/db/testing.ts, which reads TEST_DATABASE_URL) through their imports, or read TEST_DATABASE_URL
 * themselves. CI runs the whole fast project on PGlite and only these again on the PostgreSQL server: the rest (pure
 * engines, web helpers, CLI runs on an embedded data directory) would repeat the same work on the same engine.
 *
 *   node --import tsx scripts/engine-tests.ts        one path a line
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const TARGET = resolve(root, 'src/server/db/testing.ts');
// The slow project's files (vitest.config.ts) are chosen by .ci/run itself.
const SLOW = /^test\/(browser|fuzz|multiprocess)\/|^test\/api\/(crash-acknowledged|ledger-crash|bag-tamper|many-processes-start)\.test\.ts$/;
const IMPORT = /(?:from\s+|import\s*\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g;

const reaches = new Map<string, boolean>();

/** Whether a file reaches the test database through its relative imports (memoised; cycles count as no). */
function reachesDatabase(file: string): boolean {
  const known = reaches.get(file);
  if (known !== undefined) return known;
  reaches.set(file, false);
  if (file === TARGET) return reaches.set(file, true), true;
  const text = readFileSync(file, 'utf8');
  let found = text.includes('TEST_DATABASE_URL');
  for (const match of text.matchAll(IMPORT)) {
    if (found) break;
    const target = resolve(dirname(file), match[1]);
    const candidates = [target, target.replace(/\.js$/, '.ts'), `${target}.ts`, `${target}.tsx`, resolve(target, 'index.ts')];
    const next = candidates.find((c) => existsSync(c) && !c.endsWith('/'));
    if (next && /\.(ts|tsx)$/.test(next) && reachesDatabase(next)) found = true;
  }
  reaches.set(file, found);
  return found;
}

const tests = execFileSync('git', ['ls-files', '*.test.ts', '*.test.tsx'], { cwd: root, encoding: 'utf8' })
  .split('\n')
  .filter((f) => f && !SLOW.test(f));
for (const test of tests) if (reachesDatabase(resolve(root, test))) console.log(relative(root, resolve(root, test)));
