import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const webRoot = fileURLToPath(new URL('./src/web', import.meta.url));
const apiServer = 'http://127.0.0.1:8080';

/**
 * The web app lives in src/web and builds into dist/web, which the server serves with an SPA fallback. The
 * production server sends a strict Content-Security-Policy, so the build must not depend on inline scripts or
 * styles: Vite emits external module scripts and extracted CSS, and `modulePreload.polyfill` is off because the
 * polyfill is the one piece Vite may inline.
 */
export default defineConfig({
  root: webRoot,
  base: '/',
  plugins: [react()],
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
    target: 'es2022',
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
