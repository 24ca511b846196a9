import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { catalogueOfKey } from './i18n/catalogues.ts';
import { MODULE_TABLE } from './module-table.ts';

/**
 * A module's route names the catalogues its pages use, and they load with the page. A key of a catalogue the route
 * does not name is fetched only when first rendered, and shows as nothing until it arrives: a dialogue report's
 * "download the receipt" link was an empty link when axe read the page (CI, session 13). Every component a route's
 * page reaches through its imports counts, shared ones included.
 */
const web = dirname(fileURLToPath(import.meta.url));

/**
 * The files a page reaches, each with the catalogues loaded by the time it renders: the route's, and those a lazy
 * page loads with itself (`withCatalogues([...], () => import('./Page.tsx'))`) for everything under that page.
 */
function reachable(start: string, catalogues: readonly string[]): Map<string, Set<string>> {
  const seen = new Map<string, Set<string>>();
  const stack: Array<[string, Set<string>]> = [[start, new Set(catalogues)]];
  while (stack.length) {
    const [file, loaded] = stack.pop()!;
    const key = `${file}|${[...loaded].sort().join(',')}`;
    if (seen.has(key)) continue;
    seen.set(key, loaded);
    const text = readFileSync(file, 'utf8');
    const withOwn = new Map<string, string[]>();
    for (const match of text.matchAll(/withCatalogues\(\[([^\]]*)\],\s*\(\)\s*=>\s*import\('([^']+)'\)/g)) {
      withOwn.set(match[2], [...match[1].matchAll(/'([a-z]+)'/g)].map((m) => m[1]));
    }
    for (const match of text.matchAll(/(?:from |import\()'(\.{1,2}\/[^']+)'/g)) {
      const target = resolve(dirname(file), match[1]);
      // the catalogues themselves, and the table that lists every module's loaders, use no keys
      if (!/\.tsx?$/.test(target) || !existsSync(target) || /\/i18n\//.test(target)) continue;
      if (!target.startsWith(web)) continue;
      stack.push([target, new Set([...loaded, ...(withOwn.get(match[1]) ?? [])])]);
    }
  }
  return seen;
}

/** Keys whose catalogue is not loaded where they are used, one example a catalogue. */
function unloaded(files: Map<string, Set<string>>): string[] {
  const found = new Map<string, string>();
  for (const [key, loaded] of files) {
    const file = key.split('|')[0];
    for (const match of readFileSync(file, 'utf8').matchAll(/\bt\(\s*'([a-zA-Z]+\.[^']+)'/g)) {
      const name = catalogueOfKey(match[1]);
      if (name && !loaded.has(name) && !found.has(name)) found.set(name, `${name} (${file.slice(web.length + 1)}: ${match[1]})`);
    }
  }
  return [...found.values()];
}

describe("each module's route names every catalogue its pages use", () => {
  for (const route of MODULE_TABLE) {
    it(route.path, () => {
      expect(unloaded(reachable(join(web, route.page), route.catalogues))).toEqual([]);
    });
  }
});
