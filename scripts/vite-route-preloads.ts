import { resolve } from 'node:path';
import type { Plugin, Rollup } from 'vite';

type OutputBundle = Rollup.OutputBundle;
type OutputChunk = Rollup.OutputChunk;
import { MODULE_TABLE } from '../src/web/module-table.ts';

/**
 * What a page at each module's address needs beyond the entry script, written by the build as
 * `route-preloads.json` beside index.html. The server names these files in the page it sends
 * (src/server/http/web-app.ts), so the browser fetches the module's chunk, its styles and its catalogues beside the
 * entry script instead of after it has run: on a 3G connection that is one round trip and one chunk's transfer less
 * before a participant sees the first statement (issue 16).
 */
export interface RoutePreloads {
  routes: {
    path: string;
    /** Module scripts: the page's chunk and the chunks it imports that the entry does not. */
    scripts: string[];
    /** Style sheets the page's chunks bring. */
    styles: string[];
    /** Per language, the scripts of the page's catalogues (English is always loaded beside the language shown). */
    catalogues: Record<string, string[]>;
  }[];
  /** Per language, the shell's own strings where they are not in the entry (English is). */
  shell: Record<string, string[]>;
}

export function routePreloads(webRoot: string): Plugin {
  return {
    name: 'reckon-route-preloads',
    apply: 'build',
    generateBundle(_options, bundle) {
      const preloads = collect(bundle, webRoot, (message) => this.error(message));
      this.emitFile({ type: 'asset', fileName: 'route-preloads.json', source: JSON.stringify(preloads) });
    },
  };
}

function collect(bundle: OutputBundle, webRoot: string, fail: (message: string) => never): RoutePreloads {
  const chunks = Object.values(bundle).filter((output): output is OutputChunk => output.type === 'chunk');
  const byFile = new Map(chunks.map((chunk) => [chunk.fileName, chunk]));
  const byModule = new Map(chunks.filter((chunk) => chunk.facadeModuleId).map((chunk) => [chunk.facadeModuleId as string, chunk]));
  const entry = chunks.find((chunk) => chunk.isEntry) ?? fail('route preloads: the build has no entry chunk');

  /** A chunk and every chunk it imports statically, in import order. */
  const closure = (chunk: OutputChunk, into = new Set<string>()): Set<string> => {
    if (into.has(chunk.fileName)) return into;
    into.add(chunk.fileName);
    for (const file of chunk.imports) {
      const imported = byFile.get(file);
      if (imported) closure(imported, into);
    }
    return into;
  };
  const inEntry = closure(entry);
  const url = (file: string) => `/${file}`;
  const scriptsOf = (chunk: OutputChunk) => [...closure(chunk)].filter((file) => !inEntry.has(file));
  const stylesOf = (chunk: OutputChunk) => [...new Set(scriptsOf(chunk).flatMap((file) => [...(byFile.get(file)?.viteMetadata?.importedCss ?? [])]))];

  /** Chunks made from `<folder>/i18n/<language>.ts`, by language. */
  const cataloguesIn = (folder: string): Map<string, OutputChunk> => {
    const found = new Map<string, OutputChunk>();
    const prefix = resolve(webRoot, folder, 'i18n');
    for (const [id, chunk] of byModule) {
      const match = id.startsWith(prefix) ? /[\\/]i18n[\\/]([a-z]{2})\.ts$/.exec(id) : null;
      if (match && id.slice(0, match.index) === resolve(webRoot, folder)) found.set(match[1], chunk);
    }
    return found;
  };

  const routes = MODULE_TABLE.map((route) => {
    const page = byModule.get(resolve(webRoot, route.page));
    if (!page) fail(`route preloads: no chunk was made from src/web/${route.page}, the page MODULE_TABLE names for ${route.path}; does modules.tsx import it?`);
    const catalogues: Record<string, string[]> = {};
    for (const name of route.catalogues) {
      for (const [language, chunk] of cataloguesIn(name)) (catalogues[language] ??= []).push(...scriptsOf(chunk).map(url));
    }
    return { path: route.path, scripts: scriptsOf(page).map(url), styles: stylesOf(page).map(url), catalogues };
  });
  const shell: Record<string, string[]> = {};
  for (const [language, chunk] of cataloguesIn('.')) {
    const scripts = scriptsOf(chunk);
    if (scripts.length > 0) shell[language] = scripts.map(url);
  }
  return { routes, shell };
}
