import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * Bundle budgets (issue 18 item 7): the gzip size of what the build's entry and each module's route chunk bring in,
 * read from Vite's manifest (build.manifest in vite.config.ts), against the budgets stated in docs/web.md. The
 * page-weight browser suite checks them on the build it already made, so no second build runs in CI.
 */

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  css?: string[];
}
export type Manifest = Record<string, ManifestChunk>;

export interface ChunkWeight {
  /** `index.html` for the entry, else the module's page as the manifest names it (`archive/index.tsx`). */
  name: string;
  kb: number;
  files: string[];
}

const KB = 1024;

/** Every file a chunk loads before it runs: itself, its static imports (transitively) and their CSS. */
function closure(manifest: Manifest, key: string, seen = new Set<string>()): Set<string> {
  const chunk = manifest[key];
  if (!chunk || seen.has(chunk.file)) return seen;
  seen.add(chunk.file);
  for (const css of chunk.css ?? []) seen.add(css);
  for (const imported of chunk.imports ?? []) closure(manifest, imported, seen);
  return seen;
}

/**
 * The entry's weight (its chunk, static imports and CSS, gzip level 9 as the build's .gz copies) and each route
 * chunk's weight beyond the entry: what opening that module's page adds. Message catalogues load apart and are not
 * counted.
 */
export function chunkWeights(root: string, manifest: Manifest, isRoute: (key: string) => boolean): ChunkWeight[] {
  const sizes = new Map<string, number>();
  const gz = (file: string) => {
    let size = sizes.get(file);
    if (size === undefined) sizes.set(file, (size = gzipSync(readFileSync(join(root, file)), { level: 9 }).length));
    return size;
  };
  const weigh = (name: string, files: Set<string>): ChunkWeight => ({ name, files: [...files], kb: [...files].reduce((sum, f) => sum + gz(f), 0) / KB });
  const entryKey = Object.keys(manifest).find((key) => manifest[key].isEntry);
  if (!entryKey) throw new Error('the manifest names no entry chunk');
  const entry = closure(manifest, entryKey);
  const weights = [weigh(entryKey, entry)];
  for (const key of Object.keys(manifest).filter((k) => manifest[k].isDynamicEntry && isRoute(k)).sort()) {
    weights.push(weigh(key, new Set([...closure(manifest, key)].filter((f) => !entry.has(f)))));
  }
  return weights;
}

/** The budgets table of docs/web.md ("| `archive/index.tsx` | 40 |"): chunk name to KB. */
export function budgetsFrom(markdown: string): Map<string, number> {
  const section = /## Bundle budgets\n([\s\S]*?)(?:\n## |$)/.exec(markdown)?.[1] ?? '';
  const budgets = new Map<string, number>();
  for (const match of section.matchAll(/^\| `([^`]+)` \| (\d+(?:\.\d+)?) \|/gm)) budgets.set(match[1], Number(match[2]));
  return budgets;
}
