import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/server/config.ts';
import { serve, type RunningServer } from '../../src/server/serve.ts';
import { main } from '../../src/cli/main.ts';
import { runCli, shareInstancesInThisFile } from '../cli.ts';

/** The embedded path end to end: a real data directory, a real port, the first-start administrator, the lock. */
describe('reckon serve on an embedded data directory', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'reckon-serve-'));
  let server: RunningServer;
  let printed = '';

  beforeAll(async () => {
    const out = new PassThrough();
    out.on('data', (chunk) => (printed += String(chunk)));
    server = await serve(loadConfig({ dataDir, port: 0, logLevel: 'silent' }, {}), out);
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates an administrator on first start and prints how to log in', async () => {
    const password = /password: (\S+)/.exec(printed)?.[1];
    expect(password).toBeTruthy();
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password }),
    });
    expect(login.status).toBe(200);
    const body = (await login.json()) as { user: { mustChangePassword: boolean } };
    expect(body.user.mustChangePassword).toBe(true);
  });

  it('refuses a second process on the same data directory with a clear message', async () => {
    await expect(serve(loadConfig({ dataDir, port: 0, logLevel: 'silent' }, {}), new PassThrough())).rejects.toThrow(
      /in use by another Reckon process/,
    );
    const stderr: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => (stderr.push(String(chunk)), true)) as typeof process.stderr.write;
    try {
      const code = await main(['node', 'reckon', 'user', 'list', '--data-dir', dataDir]);
      expect(code).toBe(3);
    } finally {
      process.stderr.write = write;
    }
    expect(stderr.join('')).toMatch(/in use by another Reckon process/);
  });
});

describe('reckon user and token commands', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'reckon-cli-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  shareInstancesInThisFile();

  const run = (...args: string[]) => runCli([...args, '--data-dir', dataDir]);

  it('adds users with a one-time password, lists them, resets passwords and makes tokens', async () => {
    const added = await run('user', 'add', 'documenter', '--role', 'editor');
    expect(added.code).toBe(0);
    expect(added.out).toMatch(/One-time password: \S+/);
    const listed = await run('user', 'list', '--json');
    expect(JSON.parse(listed.out).map((u: { username: string }) => u.username)).toEqual(['documenter']);
    expect((await run('user', 'passwd', 'documenter')).out).toMatch(/One-time password/);
    const token = await run('token', 'create', 'documenter', 'laptop');
    expect(token.code).toBe(0);
    expect(token.out).toMatch(/rk_/);
  });

  it('answers mistakes with a message and the right exit code', async () => {
    expect((await run('user', 'add', 'documenter')).code).toBe(1);
    expect((await run('user', 'add', 'x y z')).err).toMatch(/username/);
    expect((await run('user', 'add', 'someone', '--role', 'emperor')).code).toBe(2);
    expect((await run('user', 'passwd', 'nobody')).err).toMatch(/no user named nobody/);
    expect((await run('token', 'revoke', 'not-an-id')).code).toBe(2);
    expect((await run('user', 'add', 'weak', '--password', 'short')).err).toMatch(/at least/);
  });
});
