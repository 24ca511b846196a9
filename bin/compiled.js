// Finds the compiled build of the CLI and server (made by bin/build.js) and says whether it is current, cheaply
// enough to run on every `reckon` call: one small JSON read and a stat of each source file the build was made
// from. A build is current only when every one of those files, and the migrations/ folder (a new migration is
// found by listing it, not by an import), still has the size and modification time it had when it was made.
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Where builds live, each in its own folder, with `current.json` naming the newest. */
export const buildsDir = (root) => join(root, 'dist', 'node');
export const manifestPath = (root) => join(buildsDir(root), 'current.json');
/** The last failed build's time and reason (a source mid-edit that does not compile, say). */
export const failurePath = (root) => join(buildsDir(root), 'last-failure.txt');

/** After a failed build, calls on stale sources wait this long before starting another in the background. */
const RETRY_AFTER_FAILURE_MS = 60_000;

/** Whether a build failed so recently that starting another now would most likely fail the same way. */
export function failedRecently(root) {
  try {
    return Date.now() - statSync(failurePath(root)).mtimeMs < RETRY_AFTER_FAILURE_MS;
  } catch {
    return false;
  }
}

/** The state of one file or folder as recorded in a manifest: [path from the root, size, mtime in ms]. */
export function fingerprint(root, path) {
  const stat = statSync(join(root, path));
  return [path, stat.isDirectory() ? 0 : stat.size, Math.trunc(stat.mtimeMs)];
}

/**
 * The current build, or null when there is none or it no longer matches the sources (then the caller runs the
 * TypeScript sources instead). Never throws: a damaged manifest is the same as no build.
 */
export function currentBuild(root) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath(root), 'utf8'));
  } catch {
    return null;
  }
  if (manifest?.format !== 1 || manifest.root !== root || manifest.node !== process.versions.node) return null;
  try {
    for (const [path, size, mtime] of manifest.inputs) {
      const [, nowSize, nowMtime] = fingerprint(root, path);
      if (nowSize !== size || nowMtime !== mtime) return null;
    }
  } catch {
    return null;
  }
  const dir = join(buildsDir(root), manifest.id);
  return { dir, main: pathToFileURL(join(dir, 'src', 'cli', 'main.js')).href, commands: manifest.commands };
}

/**
 * Marks a build as used by this process until it exits, so a newer build does not delete it while this process may
 * still load code from it (a server starts worker threads long after it started).
 */
export function holdBuild(dir) {
  const marker = join(dir, `.pid-${process.pid}`);
  try {
    writeFileSync(marker, '');
    process.once('exit', () => rmSync(marker, { force: true }));
  } catch {
    // a read-only checkout: the build is then never removed by another build either
  }
}

/** Whether a process still holds a build, given its `.pid-<pid>` markers (one left by a process that was killed does not count). */
export function buildHeld(markers) {
  return markers.some((name) => {
    const pid = Number(name.slice('.pid-'.length));
    try {
      process.kill(pid, 0);
      return true;
    } catch (error) {
      return error.code === 'EPERM';
    }
  });
}
