// Loads one CommonJS file of the compiled build (the server's bundle, bin/build.js) with a V8 code cache beside it,
// so that a start after the first does not parse and compile the server's ~4 MB of JavaScript again (issue 15,
// item 4). Node 20 keeps no compile cache for ES modules (`module.enableCompileCache` is Node 22), but a script
// compiled through `vm.Script` accepts V8's cached data, as Node's own CommonJS loader would if it were asked to.
//
// The cache is V8's own (`script.createCachedData()`): V8 checks it against the source, its version and its flags
// and rejects it on any difference, and the file is then compiled from source as if there were no cache. It is
// written right after the file has run, by the first start (and by any start whose cache V8 rejected): it then holds
// the top level and what the modules' own top levels compiled. Written after the server had started instead, it
// helped nothing (load 0.44 CPU-s against 0.42 without a cache, 0.30 with the one written after loading, medians of
// 5 at load ~30): by then V8 has flushed the top level's bytecode, run once, and compiles it again from source.
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Script } from 'node:vm';

const esmImport = (specifier) => import(specifier);

/** Where the cache of `file` is kept: beside it, in the build's own folder, removed with the build. */
export const cachePath = (file) => `${file}.v8-cache`;

/**
 * Runs `file` (an absolute path) as a CommonJS module and returns its exports, and whether V8 accepted the cache.
 *
 * The file may not use `import()` itself: in Node 20 a script compiled from V8's cache loses its dynamic-import
 * callback ("A dynamic import callback was not specified"), and the callback that makes `import()` work is marked
 * experimental and warns. The build writes its dynamic imports as calls of `__reckonEsmImport`, given here: an
 * `import()` made from this ES module, by Node's own loader (the file's specifiers are packages and absolute URLs).
 */
export function loadCommonJs(file) {
  const source = readFileSync(file, 'utf8');
  let cachedData;
  try {
    cachedData = readFileSync(cachePath(file));
  } catch {
    // none yet: the first start writes it
  }
  // The wrapper Node's loader puts around a CommonJS file, on the file's first line, so line numbers stay as they are.
  const script = new Script(`(function (exports, require, module, __filename, __dirname, __reckonEsmImport) {${source}\n})`, { filename: file, cachedData });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file), esmImport);
  const accepted = cachedData !== undefined && !script.cachedDataRejected;
  if (!accepted) {
    const temporary = `${cachePath(file)}.${process.pid}`;
    try {
      writeFileSync(temporary, script.createCachedData());
      renameSync(temporary, cachePath(file)); // whole or not at all, should two servers start at once
    } catch {
      // a read-only checkout: every start compiles from source, as without a cache
      rmSync(temporary, { force: true });
    }
  }
  return { exports: module.exports, cacheAccepted: accepted };
}
