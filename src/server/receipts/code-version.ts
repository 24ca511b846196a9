import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * This Reckon's package version and, in a git checkout, its commit (null in an installed copy without .git), marked
 * "+modified" when tracked files have uncommitted changes.
 */

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

function gitCommit(): string | null {
  try {
    const head = readFileSync(join(repoRoot, '.git', 'HEAD'), 'utf8').trim();
    if (/^[0-9a-f]{40}$/.test(head)) return head;
    const ref = /^ref: (refs\/[\w./-]+)$/.exec(head)?.[1];
    if (!ref) return null;
    const loose = join(repoRoot, '.git', ref);
    if (existsSync(loose)) return readFileSync(loose, 'utf8').trim();
    const packed = readFileSync(join(repoRoot, '.git', 'packed-refs'), 'utf8').split('\n').find((l) => l.endsWith(` ${ref}`));
    return packed?.slice(0, 40) ?? null;
  } catch {
    return null;
  }
}

/** Whether tracked files differ from the commit: then the commit alone does not describe the code that ran. */
function modified(): boolean {
  const status = spawnSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: repoRoot, encoding: 'utf8', timeout: 10_000 });
  return status.status === 0 && status.stdout.trim() !== '';
}

let cached: { name: string; version: string; commit: string | null } | undefined;

export function codeVersion(): { name: string; version: string; commit: string | null } {
  if (!cached) {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { name: string; version: string };
    const commit = gitCommit();
    // "<sha>+modified": a checkout with uncommitted changes to tracked files, which a verifier cannot reproduce
    cached = { name: pkg.name, version: pkg.version, commit: commit && modified() ? `${commit}+modified` : commit };
  }
  return cached;
}
