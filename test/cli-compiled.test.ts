import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildCompiled } from '../bin/build.js';
import { PGDATA_SEED_VARIABLE } from '../src/server/db/connect.ts';
import { currentBuild, failedRecently, failurePath, fingerprint, manifestPath } from '../bin/compiled.js';

/**
 * The compiled build (bin/build.js) that `reckon` runs instead of the TypeScript sources: when it counts as current,
 * and that the commands, the migrations and the worker threads work from it as they do from the sources.
 */
const root = resolve('.');
const BIN = join(root, 'bin', 'reckon.js');
const dir = mkdtempSync(join(tmpdir(), 'reckon-compiled-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('currentBuild', () => {
  const fake = join(dir, 'fake');
  mkdirSync(join(fake, 'src'), { recursive: true });
  writeFileSync(join(fake, 'src', 'a.ts'), 'export const a = 1;\n');
  const write = (changes: Record<string, unknown> = {}) => {
    mkdirSync(join(fake, 'dist', 'node'), { recursive: true });
    const manifest = { format: 1, id: 'b1', root: fake, node: process.versions.node, commands: [], inputs: [fingerprint(fake, 'src/a.ts')], ...changes };
    writeFileSync(manifestPath(fake), JSON.stringify(manifest));
  };

  it('is none without a manifest, or with a damaged one', () => {
    expect(currentBuild(join(dir, 'nowhere'))).toBeNull();
    mkdirSync(join(fake, 'dist', 'node'), { recursive: true });
    writeFileSync(manifestPath(fake), '{"format":1,');
    expect(currentBuild(fake)).toBeNull();
  });

  it('is the build while every source it was made from is unchanged', () => {
    write();
    expect(currentBuild(fake)?.dir).toBe(join(fake, 'dist', 'node', 'b1'));
  });

  it('is stale once a source changes, even to the same size, or disappears', () => {
    write();
    const later = new Date(Date.now() + 5_000);
    utimesSync(join(fake, 'src', 'a.ts'), later, later);
    expect(currentBuild(fake)).toBeNull();
    write();
    writeFileSync(join(fake, 'src', 'a.ts'), 'export const a = 22;\n');
    expect(currentBuild(fake)).toBeNull();
    write({ inputs: [['src/gone.ts', 1, 1]] });
    expect(currentBuild(fake)).toBeNull();
  });

  it('holds back background builds for a minute after one failed', () => {
    expect(failedRecently(fake)).toBe(false);
    mkdirSync(join(fake, 'dist', 'node'), { recursive: true });
    writeFileSync(failurePath(fake), 'src/a.ts: Unexpected "}"\n');
    expect(failedRecently(fake)).toBe(true);
    const earlier = new Date(Date.now() - 61_000);
    utimesSync(failurePath(fake), earlier, earlier);
    expect(failedRecently(fake)).toBe(false);
  });

  it('is stale when made for another checkout or another Node.js', () => {
    write({ root: join(dir, 'elsewhere') });
    expect(currentBuild(fake)).toBeNull();
    write({ node: '0.0.1' });
    expect(currentBuild(fake)).toBeNull();
  });
});

/** A current build, made here unless another process is making one (then waited for). */
async function ensureBuild() {
  for (let wait = 0; !currentBuild(root) && wait < 60; wait++) {
    const outcome = await buildCompiled({ quiet: true });
    if (!outcome.built && outcome.reason !== 'current') await new Promise((r) => setTimeout(r, 2_000));
  }
  const build = currentBuild(root);
  if (!build) throw new Error('no current compiled build after two minutes of trying');
  return build;
}

/**
 * Runs `reckon` from the compiled build (RECKON_COMPILED=1 refuses to fall back to the sources). Others may edit the
 * sources meanwhile, which makes the build stale: it is then made again and the command repeated.
 */
async function compiled(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  for (let attempt = 1; ; attempt++) {
    await ensureBuild();
    const child = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd: options.cwd ?? root, env: { ...(options.env ?? process.env), RECKON_COMPILED: '1' } });
    if (!/RECKON_COMPILED=1 but the compiled build/.test(child.stderr) || attempt === 5) return child;
  }
}

const fromSources = (args: string[]) =>
  spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd: root, env: { ...process.env, RECKON_COMPILED: '0' } });

describe('reckon from the compiled build', () => {
  it('lists the commands exactly as the sources do, and says the same about a typo', async () => {
    const listed = await compiled(['--help']);
    expect(listed.stderr).toBe('');
    expect(listed.status).toBe(0);
    expect(listed.stdout).toBe(fromSources(['--help']).stdout);
    expect(listed.stdout).toMatch(/estimate \[options\] \[table\] +Estimate/);
    const typo = await compiled(['estmate']);
    expect(typo.status).toBe(2);
    expect(typo.stderr).toBe(fromSources(['estmate']).stderr);
    const help = await compiled(['help', 'estimate']);
    expect(help.stdout).toMatch(/^Usage: reckon estimate \[options\] \[table\]/);
  }, 300_000);

  it('migrates a new data directory with the compiled migrations, and starts worker threads', async () => {
    // Without the test run's migrated seed, so that every migration runs from the build.
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== PGDATA_SEED_VARIABLE));
    const migrate = await compiled(['migrate', '--data-dir', join(dir, 'data')], { env });
    expect(migrate.stderr).toBe('');
    expect(migrate.status).toBe(0);
    expect(migrate.stdout).toMatch(/\d{12}_/);

    const input = join(dir, 'lists.csv');
    const rows = ['id,given_name,family_name,birth_year'];
    for (let i = 0; i < 200; i++) rows.push(`${i},Aygün${i % 40},Qasımova${i % 23},${1950 + (i % 30)}`);
    writeFileSync(input, `${rows.join('\n')}\n`);
    const link = await compiled(['link', input, '--out', join(dir, 'out.csv'), '--json', '--threads', '2'], { cwd: tmpdir() });
    expect(link.stderr, link.stderr).not.toMatch(/could not be started/);
    expect(link.status).toBe(0);
    expect(JSON.parse(link.stdout)).toMatchObject({ records: 200, threads: 2 });

    const table = join(dir, 'table.csv');
    writeFileSync(table, 'A,B,C,count\n1,0,0,120\n0,1,0,95\n0,0,1,80\n1,1,0,30\n1,0,1,25\n0,1,1,20\n1,1,1,9\n');
    const args = ['estimate', table, '--method', 'lcmcr', '--chains', '2', '--workers', '2', '--burnin', '100', '--thinning', '2', '--samples', '40', '--json'];
    const estimate = await compiled(args);
    expect(estimate.status, estimate.stderr).toBe(0);
    const sources = fromSources(args);
    // Seeded chains on worker threads: the compiled build gives the figures the sources give.
    expect(JSON.parse(estimate.stdout).total).toEqual(JSON.parse(sources.stdout).total);
  }, 600_000);

  it('records what it was built from, and compiles each worker thread entry', async () => {
    const build = await ensureBuild();
    const manifest = JSON.parse(readFileSync(manifestPath(root), 'utf8')) as { inputs: [string][] };
    const inputs = manifest.inputs.map(([path]) => path);
    expect(inputs).toContain('src/cli/main.ts');
    expect(inputs).toContain('migrations');
    expect(inputs.some((path) => path.startsWith('node_modules'))).toBe(false);
    for (const worker of ['core/linkage/compare-worker', 'core/estimation/lcmcr-worker', 'server/dialogue/analysis-worker', 'server/extraction/worker']) {
      expect(readFileSync(join(build.dir, 'src', `${worker}.js`), 'utf8')).toMatch(/^import /m);
    }
  });
});

/** `reckon serve` from the compiled build on a port of its own; rejects with what it printed if it stops first. */
function compiledServer(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--data-dir', dataDir, '--log-level', 'warn'], {
      cwd: root,
      env: { ...process.env, RECKON_COMPILED: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout!.on('data', (chunk) => {
      out += String(chunk);
      const running = /is running at (http:\/\/\S+)/.exec(out);
      if (running) done({ child, url: running[1] });
    });
    child.stderr!.on('data', (chunk) => (out += String(chunk)));
    child.on('exit', (code) => fail(new Error(`reckon serve exited with ${code} before it was ready:\n${out}`)));
  });
}

async function stopped(child: ChildProcess) {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

describe('the compiled server', () => {
  it('holds Fastify and its plugins in the build, leaves out what is loaded only when used, and keeps zod in English', async () => {
    const build = await ensureBuild();
    const code = readdirSync(build.dir)
      .filter((name) => name.endsWith('.js') || name.endsWith('.cjs'))
      .map((name) => readFileSync(join(build.dir, name), 'utf8'))
      .join('\n');
    // esbuild names each bundled file in a comment; an external package is an import of its bare name
    for (const bundled of ['fastify/fastify.js', '@fastify/rate-limit/', '@fastify/swagger/', 'commander/', 'zod/v4/locales/en.js']) {
      expect(code.includes(`node_modules/${bundled}`), bundled).toBe(true);
    }
    for (const external of ['ajv/', 'fast-json-stringify/', 'light-my-request/', '@electric-sql/pglite/', '@fastify/swagger-ui/', 'zod/v4/locales/ru.js']) {
      expect(code.includes(`node_modules/${external}`), external).toBe(false);
    }
    expect(/from ["']@fastify\/swagger-ui["']|require\(["']@fastify\/swagger-ui["']\)/.test(code)).toBe(true);
    expect(/from ["']fastify["']|require\(["']fastify["']\)/.test(code)).toBe(false);
  }, 300_000);

  it('answers as the sources do: health, the OpenAPI document, the API docs page and its files, a validation error', async () => {
    let server: { child: ChildProcess; url: string } | undefined;
    let cache = '';
    for (let attempt = 1; !server; attempt++) {
      // the server's bundle is loaded with a V8 code cache (bin/code-cache.js) that the first start writes
      cache = join((await ensureBuild()).dir, 'server.cjs.v8-cache');
      rmSync(cache, { force: true });
      try {
        server = await compiledServer(join(dir, 'serve-data'));
      } catch (error) {
        // others' edits made the build stale between the check and the start: build again
        if (attempt === 5 || !/RECKON_COMPILED=1 but the compiled build/.test(String(error))) throw error;
      }
    }
    const { child, url } = server;
    try {
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      const openapi = (await (await fetch(`${url}/api/openapi.json`)).json()) as { openapi: string; paths: Record<string, unknown> };
      expect(openapi.openapi).toBe('3.1.0');
      expect(Object.keys(openapi.paths)).toContain('/api/auth/login');
      // Swagger UI stays in node_modules, with its own files and policy
      const docs = await fetch(`${url}/api/docs/`);
      expect(docs.status).toBe(200);
      expect(await docs.text()).toMatch(/swagger-ui/i);
      const css = await fetch(`${url}/api/docs/static/swagger-ui.css`);
      expect(css.status).toBe(200);
      expect(css.headers.get('content-type')).toMatch(/text\/css/);
      // zod's messages (its English locale) and the error shape, through the bundled type provider
      const refused = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 7 }) });
      expect(refused.status).toBe(400);
      const body = (await refused.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('invalid_request');
      expect(body.error.message).toMatch(/expected string, received number/i);

      // A second server on the same data directory stops with the CLI's message and exit code: the error raised in
      // the bundle becomes the CLI's own
      const busy = await compiled(['serve', '--port', '0', '--data-dir', join(dir, 'serve-data'), '--log-level', 'warn']);
      expect(busy.status).toBe(3);
      expect(busy.stderr).toMatch(/^reckon: .*serve-data/);
      expect(busy.stderr).not.toMatch(/unexpected error/);
    } finally {
      await stopped(child);
    }
    // the first start wrote the code cache as it loaded the bundle; the next accepts it (one rejected is rewritten)
    for (let wait = 0; !existsSync(cache) && wait < 100; wait++) await new Promise((r) => setTimeout(r, 100));
    const written = statSync(cache);
    expect(written.size).toBeGreaterThan(100_000);
    const again = await compiledServer(join(dir, 'serve-data'));
    try {
      expect((await fetch(`${again.url}/healthz`)).status).toBe(200);
      await new Promise((r) => setTimeout(r, 1_000));
      expect(statSync(cache).mtimeMs).toBe(written.mtimeMs);
    } finally {
      await stopped(again.child);
    }
  }, 300_000);
});
