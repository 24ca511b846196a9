import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { systemActor } from './accounts/actor.ts';
import { buildApp } from './app.ts';
import { loadConfig, type ConfigFlags } from './config.ts';
import { createContext, type AppContext } from './context.ts';
import { openTestDatabase } from './db/testing.ts';
import type { App } from './http/types.ts';

export interface TestApp {
  app: App;
  ctx: AppContext;
  dataDir: string;
  /** The PostgreSQL address of this app's own test database (a copy per file), for listeners; undefined on PGlite. */
  databaseUrl?: string;
  admin: { username: string; password: string };
  /** Logs in through the API and returns headers (cookie + CSRF) for further injected requests. */
  login(username: string, password: string): Promise<{ cookie: string; csrf: string; headers: Record<string, string> }>;
  close(): Promise<void>;
}

/**
 * A complete Reckon app on a throwaway database and data directory, driven with `app.inject` (no port). It has an
 * administrator `admin` whose password is returned, with the forced first change already done.
 */
export async function createTestApp(flags: ConfigFlags = {}): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'reckon-test-'));
  const config = loadConfig({ dataDir, logLevel: 'silent', ...flags }, {});
  const handle = await openTestDatabase();
  const ctx = createContext(config, handle.db, handle.engine, 'test');
  const password = `test-${randomBytes(9).toString('base64url')}`;
  const created = await ctx.accounts.createUser(systemActor('test'), {
    username: 'admin',
    displayName: 'Test Administrator',
    role: 'admin',
    password,
    mustChangePassword: false,
  });
  void created;
  const app = await buildApp(ctx);
  await app.ready();
  return {
    app,
    ctx,
    dataDir,
    databaseUrl: handle.url,
    admin: { username: 'admin', password },
    async login(username, pw) {
      const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: pw } });
      if (response.statusCode !== 200) throw new Error(`login failed: ${response.statusCode} ${response.body}`);
      const setCookie = response.cookies.find((c) => c.name === 'reckon_session');
      if (!setCookie) throw new Error('login set no session cookie');
      const cookie = `reckon_session=${setCookie.value}`;
      const csrf = (response.json() as { csrfToken: string }).csrfToken;
      return { cookie, csrf, headers: { cookie, 'x-csrf-token': csrf } };
    },
    async close() {
      await app.close();
      await handle.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The same app listening on a random loopback port, for browser tests. Serves the built web app from dist/web. */
export async function startTestServer(flags: ConfigFlags = {}): Promise<{
  url: string;
  admin: { username: string; password: string };
  ctx: AppContext;
  close(): Promise<void>;
}> {
  const test = await createTestApp(flags);
  await test.app.listen({ host: '127.0.0.1', port: 0 });
  const address = test.app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}`, admin: test.admin, ctx: test.ctx, close: () => test.close() };
}
