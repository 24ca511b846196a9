import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

// Layers (docs/ARCHITECTURE.md, "Layers the tools enforce"). The patterns match the import string as written, so
// they catch relative imports that climb out of a layer ('../../server/...') as well as the packages named.
// Each block repeats the whole rule because a later block replaces an earlier rule's options rather than merging.
const reachesOut = (...layers) => ({
  regex: `^(\\.\\./)+(${layers.join('|')})(/|$)`,
  message: `this layer may not import src/${layers.join(', src/')} (see docs/ARCHITECTURE.md, "Layers")`,
});
// Core engines do no I/O: no file system, network, processes or database. node:crypto is allowed everywhere in
// core because hashing and signatures (ledger, BagIt) are pure computation on bytes given to them.
const coreNodeBuiltins = (allowed) => ({
  regex: `^node:(?!(${allowed.join('|')})(/|$))`,
  message: `core engines do no I/O; of the Node built-ins only ${allowed.join(', ')} may be imported here`,
});
const bareIo = {
  regex:
    '^(fs|fs/promises|net|http|https|http2|tls|dgram|dns|child_process|cluster|os|path|readline|pg|kysely|fastify|@electric-sql/pglite|react|react-dom)(/|$)',
  message: 'core engines do no I/O and render nothing: no file system, network, database or UI modules',
};
const restrict = (...patterns) => ['error', { patterns }];
// Another server module's repository or routes, written as a path that climbs out of this module's folder.
const otherModulesInternals = {
  regex: '^(\\.\\./)+[a-z][a-z0-9-]*/([a-z-]+-)?(repository|routes)(\\.ts|\\.js)?$',
  message: 'another module\'s SQL and routes are its own: call its service (see docs/ARCHITECTURE.md, "Layers")',
};

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'data', 'test-artifacts', 'coverage', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: { 'no-restricted-imports': restrict(reachesOut('server', 'web', 'cli'), coreNodeBuiltins(['crypto']), bareIo) },
  },
  {
    // The engines that spread work over threads start their own workers (an engine's parallelism is part of the
    // engine) through one helper, core/threads/worker.ts; starting a TypeScript worker needs tsx's loader, found with
    // node:module and node:url. The worker entries themselves talk to their parent through node:worker_threads.
    files: ['src/core/threads/worker.ts', 'src/core/linkage/compare-worker.ts', 'src/core/estimation/lcmcr-worker.ts'],
    rules: {
      'no-restricted-imports': restrict(reachesOut('server', 'web', 'cli'), coreNodeBuiltins(['crypto', 'worker_threads', 'module', 'url']), bareIo),
    },
  },
  {
    // Tests of engines read their reference fixtures from disk; they still may not reach into the other layers.
    files: ['src/core/**/*.test.ts'],
    rules: { 'no-restricted-imports': restrict(reachesOut('server', 'web', 'cli')) },
  },
  {
    // The web app talks to the server over HTTP only; shared code lives in src/core.
    files: ['src/web/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': restrict(reachesOut('server', 'cli')) },
  },
  {
    // A server module reaches another through its service (or index), never its repository or routes: the other
    // module's role checks, audit records and rules live in its service. The composition roots (src/server/*.ts:
    // modules.ts, context.ts, app.ts, serve.ts) import './<module>/routes.ts' and so are not matched.
    files: ['src/server/**/*.ts'],
    rules: { 'no-restricted-imports': restrict(reachesOut('web', 'cli'), otherModulesInternals) },
  },
  {
    // Tests set up state through other modules' repositories on purpose.
    files: ['src/server/**/*.test.ts'],
    rules: { 'no-restricted-imports': restrict(reachesOut('web', 'cli')) },
  },
  {
    // The API contract (types generated from the server's OpenAPI document) is imported by the web app and the CLI,
    // so it may import none of the layers itself.
    files: ['src/contract/**/*.ts'],
    rules: { 'no-restricted-imports': restrict(reachesOut('server', 'web', 'cli')) },
  },
  {
    // The CLI may call server modules directly (it runs them in-process), but never the web app.
    files: ['src/cli/**/*.ts'],
    rules: { 'no-restricted-imports': restrict(reachesOut('web')) },
  },
);
