import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { routePreloads } from './scripts/vite-route-preloads.ts';
import { countryBorders } from './scripts/vite-country-borders.ts';

const webRoot = fileURLToPath(new URL('./src/web', import.meta.url));
const apiServer = 'http://127.0.0.1:8080';

/**
 * The web app lives in src/web and builds into dist/web, which the server serves with an SPA fallback. The
 * production server sends a strict Content-Security-Policy, so the build must not depend on inline scripts or
 * styles: Vite emits external module scripts and extracted CSS, and `modulePreload.polyfill` is off because the
 * polyfill is the one piece Vite may inline.
 */
/** Text files worth compressing; fonts (woff2) and images are compressed already. */
const COMPRESSIBLE = /\.(js|css|html|svg|json|txt|map)$/;

/**
 * Writes a Brotli (.br) and a gzip (.gz) copy beside every text file of the build, once, at the highest levels: the
 * server sends them to browsers that accept them (@fastify/static's `preCompressed`), so a phone on a slow connection
 * gets a fraction of the bytes and the server spends no CPU compressing per request.
 */
function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'reckon-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    writeBundle() {
      const walk = (dir: string): string[] =>
        readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? walk(join(dir, name)) : [join(dir, name)]));
      for (const file of walk(outDir)) {
        if (!COMPRESSIBLE.test(file) || statSync(file).size < 1024) continue;
        const bytes = readFileSync(file);
        writeFileSync(
          `${file}.br`,
          brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }),
        );
        writeFileSync(`${file}.gz`, gzipSync(bytes, { level: 9 }));
      }
    },
  };
}

export default defineConfig({
  root: webRoot,
  base: '/',
  plugins: [react(), countryBorders(), routePreloads(webRoot), precompress()],
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
    target: 'es2022',
    // .vite/manifest.json: which files each chunk loads, read by the bundle budget check (test/browser/bundle-budgets.ts).
    manifest: true,
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: {
      '/api': apiServer,
      '/healthz': apiServer,
      '/readyz': apiServer,
    },
  },
  preview: { port: 4173 },
});
