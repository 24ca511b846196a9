#!/usr/bin/env node
// Entry point for the `reckon` command. Runs the compiled build in dist/node (bin/build.js) when it matches the
// sources; otherwise runs the TypeScript sources through tsx, as a checkout with no build step always can, and
// starts a build in the background for the next call. Worker threads find their code either way.
// RECKON_COMPILED=0 always runs the sources; RECKON_COMPILED=1 refuses to run without a current build (benchmarks).
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { currentBuild, failedRecently, holdBuild } from './compiled.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const build = process.env.RECKON_COMPILED === '0' ? null : currentBuild(root);
if (build) {
  holdBuild(build.dir);
  const { main } = await import(build.main);
  process.exitCode = await main(process.argv, { commands: build.commands });
} else if (process.env.RECKON_COMPILED === '1') {
  process.stderr.write('reckon: RECKON_COMPILED=1 but the compiled build is missing or stale; run `node bin/build.js`\n');
  process.exitCode = 1;
} else {
  if (process.env.RECKON_COMPILED !== '0' && !failedRecently(root)) buildInBackground();
  const { register } = await import('tsx/esm/api');
  register();
  const { main } = await import('../src/cli/main.ts');
  process.exitCode = await main(process.argv);
}

/** A detached, silent `node bin/build.js`: it takes a lock, so many calls at once start one build. */
function buildInBackground() {
  try {
    const child = spawn(process.execPath, [join(root, 'bin', 'build.js'), '--quiet', '--soft'], {
      cwd: root,
      detached: true,
      stdio: 'ignore',
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    child.on('error', () => {});
    child.unref();
  } catch {
    // no build this time; the sources run as they are
  }
}
