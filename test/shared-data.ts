import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Reference data lives beside the checkout in `../shared` (or wherever RECKON_SHARED_DIR points). A user's fresh
 * clone does not have it, so tests that need it skip with a message instead of failing.
 */
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const sharedRoot = process.env.RECKON_SHARED_DIR ?? resolve(repoRoot, '..', 'shared');

export function sharedPath(...parts: string[]): string {
  return join(sharedRoot, ...parts);
}

export function hasShared(...parts: string[]): boolean {
  const present = existsSync(sharedPath(...parts));
  if (!present) console.warn(`skipping: reference data ${join('shared', ...parts)} is not present`);
  return present;
}
