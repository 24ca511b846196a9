#!/usr/bin/env node
// Compiles the CLI and the server (src/, migrations/) to JavaScript in dist/node/<build>/ with esbuild, so that
// `reckon` does not compile TypeScript on every call. Run by `npm install` (prepare), `npm start`, and in the
// background by bin/reckon.js when it finds the build missing or stale (it then runs the sources through tsx).
//
//   node bin/build.js            build unless the current build matches the sources
//   node bin/build.js --force    build anyway
//   --quiet                      print nothing unless the build fails
//   --soft                       a failed build warns and exits 0 (npm install must not fail over it)
//
// The modules are bundled (npm packages stay external, but for the few in BUNDLED_PACKAGES) with code splitting, so a command loads its own code and
// shares the rest. Three things the sources do at run time would break in a bundle, and the build keeps them
// working: `import.meta.url` becomes the URL of the original source file (files found beside the source, such as
// migrations/, examples/ and package.json, are still found); a worker started from `new URL('./x.ts',
// import.meta.url)` gets the compiled x.js (each such file is a separate entry); and migrations, which the
// migrator imports by path, are compiled entries too, their source URLs mapped to the compiled files.
import { build } from 'esbuild';
import { existsSync, mkdirSync, openSync, closeSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildHeld, buildsDir, currentBuild, failurePath, fingerprint, manifestPath } from './compiled.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const MIGRATION_FILE = /^\d{12}_[a-z0-9_]+\.ts$/;
const WORKER_URL = /new URL\(\s*(['"])(\.{1,2}\/[^'"]+\.tsx?)\1\s*,\s*import\.meta\.url\s*\)/g;
const COMPUTED_IMPORT = /(?<![\w$.])import\((?!\s*['"`])/g;
/** Files outside the bundle's import graph that still change what the build produces or how it is used. */
const BUILD_INPUTS = ['bin/build.js', 'bin/compiled.js', 'tsconfig.json', 'package.json', 'package-lock.json', 'migrations'];
/** An earlier build is kept at least this long after it was made. */
const OLD_BUILD_MS = 10 * 60_000;
/** A lock older than this is left over from a build that died. */
const STALE_LOCK_MS = 5 * 60_000;

const toPosix = (path) => path.split(sep).join('/');

/**
 * npm packages compiled into the build instead of loaded from node_modules at run time. Each is a package of many small
 * files that Node resolves, reads and links one by one at every start: imported whole, kysely costs 0.28 CPU-s and
 * kysely, zod and the zod type provider together 0.42; bundled, 0.03 and 0.11 (issue 15). Fastify, its plugins and the
 * packages the server imports at start (with everything they require, below) were about 450 of the 670 files a
 * server opened before it answered. Only packages that no external package imports (a second copy would break zod's
 * and kysely's identity checks) and that find no files beside their own code. The rest stay external.
 */
const BUNDLED_PACKAGES = new Set([
  'kysely',
  'zod',
  'fastify-type-provider-zod',
  'fastify',
  '@fastify/cookie',
  '@fastify/multipart',
  '@fastify/rate-limit',
  '@fastify/swagger',
  'commander',
  'csv-parse',
  'csv-stringify',
  'tar-stream',
  'yazl',
]);
/**
 * Packages left in node_modules even when a bundled package requires them. Some read files beside their code (the
 * WebAssembly and data of PGlite, the pages of Swagger UI, which brings its own @fastify/static and yaml). The others
 * are required only when used (the PostgreSQL driver; Fastify's JSON-schema compilers, which Reckon replaces with
 * zod's, and its inject): in a bundle their source would still be parsed at every start, about 0.6 MB of it.
 */
const EXTERNAL_PACKAGES = new Set([
  '@electric-sql/pglite',
  'pg',
  '@fastify/swagger-ui',
  '@fastify/static',
  'yaml',
  'ajv',
  '@fastify/ajv-compiler',
  'fast-json-stringify',
  '@fastify/fast-json-stringify-compiler',
  'light-my-request',
]);
/**
 * The bundled CommonJS packages call `require` for Node's built-ins (and, inside try blocks, for optional packages
 * that may be absent); an ES module has no `require`, so each output file gets one made for its own location.
 */
const REQUIRE_SHIM = "import { createRequire as __reckonCreateRequire } from 'node:module'; const require = __reckonCreateRequire(import.meta.url);";

const packageName = (specifier) => (specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]);

function sourceFiles(folder) {
  const out = [];
  for (const entry of readdirSync(join(root, folder), { withFileTypes: true })) {
    const path = `${folder}/${entry.name}`;
    if (entry.isDirectory()) out.push(...sourceFiles(path));
    else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) out.push(path);
  }
  return out;
}

/** Entry points: the CLI, every migration, and every file a worker thread is started from. */
function entryPoints(files) {
  const entries = new Set(['src/cli/main.ts']);
  for (const name of readdirSync(join(root, 'migrations'))) if (MIGRATION_FILE.test(name)) entries.add(`migrations/${name}`);
  for (const file of files) {
    for (const match of readFileSync(join(root, file), 'utf8').matchAll(WORKER_URL)) {
      entries.add(toPosix(relative(root, resolve(root, dirname(file), match[2]))));
    }
  }
  return [...entries].filter((file) => existsSync(join(root, file)));
}

/** An even number of backticks before `index` (escaped ones aside) means `index` is not inside a template string. */
function outsideTemplate(code, index) {
  let ticks = 0;
  for (let i = 0; i < index; i++) if (code[i] === '`' && code[i - 1] !== '\\') ticks++;
  return ticks % 2 === 0;
}

/**
 * The server's own bundle: one CommonJS file holding the `serve` command's work (src/cli/commands/serve-run.ts) and
 * everything it imports, loaded through bin/code-cache.js with a V8 code cache (Node 20 caches no compiled ES
 * modules). It holds the configuration reader too, so that `reckon serve` loads zod, kysely and the rest once, not
 * once for the CLI and again for the server; and the CLI's error class, whose copy in the bundle is not the CLI's.
 */
const SERVER_BUNDLE_ENTRY = `export { runServe } from './src/cli/commands/serve-run.ts';
export { CliError } from './src/cli/exit-codes.ts';`;
const SERVER_BUNDLE = 'server.cjs';

/**
 * What the compiled `serve` command imports in place of serve-run.ts: a `runServe` that loads the server's bundle and
 * turns the bundle's CliError into this build's.
 */
const serverBundleProxy = (bundle) => `import { loadCommonJs } from ${JSON.stringify(join(root, 'bin', 'code-cache.js'))};
import { CliError } from ${JSON.stringify(join(root, 'src', 'cli', 'exit-codes.ts'))};
export async function runServe(...args) {
  const { exports } = loadCommonJs(${JSON.stringify(bundle)});
  try {
    return await exports.runServe(...args);
  } catch (error) {
    throw error instanceof exports.CliError ? new CliError(error.message, error.exitCode) : error;
  }
}`;

function reckonPlugin(entries, outdir, { serverBundle, esmImport = 'import' } = {}) {
  const compiledUrl = (file) => pathToFileURL(join(outdir, file.replace(/\.tsx?$/, '.js'))).href;
  const migrationUrls = Object.fromEntries(
    entries.filter((file) => file.startsWith('migrations/')).map((file) => [pathToFileURL(join(root, file)).href, compiledUrl(file)]),
  );
  return {
    name: 'reckon-compiled',
    setup(b) {
      // every npm package stays external (loaded from node_modules) except the bundled ones and what they require
      b.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.path.startsWith('node:') || args.path.startsWith('reckon:')) return undefined;
        const name = packageName(args.path);
        if (EXTERNAL_PACKAGES.has(name)) return { path: args.path, external: true };
        const fromBundledPackage = args.importer.includes(`${sep}node_modules${sep}`);
        return fromBundledPackage || BUNDLED_PACKAGES.has(name) ? undefined : { path: args.path, external: true };
      });
      // zod re-exports every one of its 40-odd locales as one namespace (about 370 KB, parsed at every start); Reckon
      // uses none but the default, English, so `z.locales` holds only `en` in the build
      b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
        args.importer.includes(`${sep}node_modules${sep}zod${sep}`) ? { path: resolve(dirname(args.importer), args.path), namespace: 'reckon-zod-locales' } : undefined,
      );
      b.onLoad({ filter: /.*/, namespace: 'reckon-zod-locales' }, (args) => ({
        loader: 'js',
        contents: `export { default as en } from ${JSON.stringify(join(dirname(args.path), 'en.js'))};`,
        resolveDir: dirname(args.path),
      }));
      b.onResolve({ filter: /^reckon:server-entry$/ }, () => ({ path: 'server-entry', namespace: 'reckon-server-entry' }));
      b.onLoad({ filter: /.*/, namespace: 'reckon-server-entry' }, () => ({ loader: 'ts', contents: SERVER_BUNDLE_ENTRY, resolveDir: root }));
      if (serverBundle) {
        b.onResolve({ filter: /^\.\/serve-run\.ts$/ }, (args) =>
          toPosix(relative(root, args.importer)) === 'src/cli/commands/serve.ts' ? { path: 'server-bundle', namespace: 'reckon-server-bundle' } : undefined,
        );
        b.onLoad({ filter: /.*/, namespace: 'reckon-server-bundle' }, () => ({ loader: 'js', contents: serverBundleProxy(serverBundle), resolveDir: root }));
      }
      b.onResolve({ filter: /^reckon:compiled-import$/ }, () => ({ path: 'compiled-import', namespace: 'reckon' }));
      b.onLoad({ filter: /.*/, namespace: 'reckon' }, () => ({
        loader: 'js',
        contents: `const compiled = new Map(Object.entries(${JSON.stringify(migrationUrls)}));
export function compiledImport(specifier) { return ${esmImport}(compiled.get(String(specifier)) ?? specifier); }`,
      }));
      b.onLoad({ filter: /\.tsx?$/ }, (args) => {
        if (args.path.includes(`${sep}node_modules${sep}`)) return undefined;
        const file = toPosix(relative(root, args.path));
        let code = readFileSync(args.path, 'utf8');
        code = code.replace(WORKER_URL, (whole, _quote, target) => {
          const entry = toPosix(relative(root, resolve(dirname(args.path), target)));
          return entries.includes(entry) ? `new URL(${JSON.stringify(compiledUrl(entry))})` : whole;
        });
        code = code.replace(/\bimport\.meta\.url\b/g, JSON.stringify(pathToFileURL(args.path).href));
        let computed = false;
        code = code.replace(COMPUTED_IMPORT, (whole, offset, all) => {
          if (!outsideTemplate(all, offset)) return whole;
          computed = true;
          return '__reckonImport(';
        });
        if (computed) code = `import { compiledImport as __reckonImport } from 'reckon:compiled-import';\n${code}`;
        return { contents: code, loader: file.endsWith('.tsx') ? 'tsx' : 'ts', resolveDir: dirname(args.path) };
      });
    },
  };
}

function takeLock(dir) {
  const lock = join(dir, '.lock');
  try {
    if (Date.now() - statSync(lock).mtimeMs > STALE_LOCK_MS) rmSync(lock, { force: true });
  } catch {
    // no lock
  }
  try {
    closeSync(openSync(lock, 'wx'));
    return () => rmSync(lock, { force: true });
  } catch {
    return null;
  }
}

/**
 * Removes earlier builds that no running process holds (see holdBuild), once they are a few minutes old: a process
 * that has just read the previous manifest may not have marked its build yet.
 */
function removeOldBuilds(dir, keep) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name === keep) continue;
    const build = join(dir, entry.name);
    const markers = readdirSync(build).filter((name) => name.startsWith('.pid-'));
    if (Date.now() - statSync(build).mtimeMs > OLD_BUILD_MS && !buildHeld(markers)) rmSync(build, { recursive: true, force: true });
  }
}

/** Sources are edited while esbuild reads them (a shared checkout, an editor saving): try again this many times. */
const ATTEMPTS = 3;

export async function buildCompiled({ force = false, quiet = false } = {}) {
  if (!force && currentBuild(root)) return { built: false, reason: 'current' };
  const dir = buildsDir(root);
  mkdirSync(dir, { recursive: true });
  const release = takeLock(dir);
  if (!release) return { built: false, reason: 'another build is running' };
  try {
    for (let attempt = 1; ; attempt++) {
      const outcome = await compileOnce(dir);
      if (outcome.id) {
        removeOldBuilds(dir, outcome.id);
        rmSync(failurePath(root), { force: true });
        if (!quiet) console.log(`compiled ${outcome.entries} entry points from ${outcome.sources} files into dist/node/${outcome.id} in ${outcome.ms} ms`);
        return { built: true, id: outcome.id };
      }
      if (attempt === ATTEMPTS) throw new Error(`${outcome.changed} changed during the build ${ATTEMPTS} times; run it again`);
    }
  } finally {
    release();
  }
}

/**
 * Writes the server's bundle, its `import()` of packages left in node_modules made calls of `__reckonEsmImport`
 * (bin/code-cache.js gives it: a script compiled from V8's cache cannot use `import()` in Node 20).
 */
function writeServerBundle(result) {
  for (const file of result.outputFiles) {
    let text = file.text;
    if (file.path.endsWith('.cjs')) {
      const [output] = Object.values(result.metafile.outputs).filter((o) => o.entryPoint !== undefined);
      for (const { path, kind, external } of output.imports) {
        if (kind === 'dynamic-import' && external) text = text.split(`import(${JSON.stringify(path)})`).join(`__reckonEsmImport(${JSON.stringify(path)})`);
      }
      // esbuild prints string literals in double quotes (comments it keeps may show import('…') types)
      const left = /(?<![\w$.])import\("/.exec(text);
      if (left) throw new Error(`the server's bundle still has an import() at ${left.index}: ${text.slice(left.index, left.index + 80)}`);
    }
    writeFileSync(file.path, text);
  }
}

/** One build into a new folder; `changed` names a source edited meanwhile (the folder is then removed). */
async function compileOnce(dir) {
  const started = Date.now();
  const files = [...sourceFiles('src'), ...sourceFiles('migrations')];
  const before = new Map(files.map((file) => [file, fingerprint(root, file)]));
  const entries = entryPoints(files);
  const id = `${String(started).padStart(15, '0')}-${process.pid}`;
  const outdir = join(dir, id);
  try {
    const result = await build({
      absWorkingDir: root,
      entryPoints: entries,
      outbase: '.',
      outdir,
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      sourcemap: 'linked',
      metafile: true,
      logLevel: 'warning',
      banner: { js: REQUIRE_SHIM },
      plugins: [reckonPlugin(entries, outdir, { serverBundle: join(outdir, SERVER_BUNDLE) })],
    });
    // The server in one CommonJS file, for bin/code-cache.js; its workers and migrations are the entries above.
    const server = await build({
      absWorkingDir: root,
      entryPoints: { server: 'reckon:server-entry' },
      outdir,
      outExtension: { '.js': '.cjs' },
      bundle: true,
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      sourcemap: 'linked',
      metafile: true,
      logLevel: 'warning',
      write: false,
      plugins: [reckonPlugin(entries, outdir, { esmImport: '__reckonEsmImport' })],
    });
    writeServerBundle(server);
    const sources = [...new Set([...Object.keys(result.metafile.inputs), ...Object.keys(server.metafile.inputs)])].filter((path) => !path.includes('node_modules') && !path.includes(':'));
    const inputs = [...sources, ...BUILD_INPUTS].map((path) => fingerprint(root, toPosix(path)));
    // A source edited while esbuild read it: the build may hold either version, so it is not recorded as current.
    const changed = inputs.find(([path, size, mtime]) => before.has(path) && (before.get(path)[1] !== size || before.get(path)[2] !== mtime));
    if (changed) {
      rmSync(outdir, { recursive: true, force: true });
      return { changed: changed[0] };
    }
    const { commandSummaries } = await import(pathToFileURL(join(outdir, 'src', 'cli', 'main.js')).href);
    const manifest = { format: 1, id, root, node: process.versions.node, commands: await commandSummaries(), inputs };
    writeFileSync(`${manifestPath(root)}.${process.pid}`, JSON.stringify(manifest));
    renameSync(`${manifestPath(root)}.${process.pid}`, manifestPath(root));
    return { id, entries: entries.length, sources: sources.length, ms: Date.now() - started };
  } catch (error) {
    rmSync(outdir, { recursive: true, force: true });
    throw error;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const flags = new Set(process.argv.slice(2));
  try {
    const outcome = await buildCompiled({ force: flags.has('--force'), quiet: flags.has('--quiet') });
    if (!outcome.built && !flags.has('--quiet')) console.log(`compiled build not made: ${outcome.reason}`);
  } catch (error) {
    console.error(`reckon: the compiled build failed (the TypeScript sources will be run instead): ${error.message}`);
    if (!flags.has('--soft')) process.exitCode = 1;
    try {
      writeFileSync(failurePath(root), `${new Date().toISOString()} ${error.message}\n`);
    } catch {
      // nowhere to record it; the next stale call tries again
    }
  }
}
