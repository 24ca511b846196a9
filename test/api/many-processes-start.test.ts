import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/server/config.ts';
import { serve, type RunningServer } from '../../src/server/serve.ts';
import { runCli } from '../cli.ts';

/**
 * Several Reckon processes on one PostgreSQL database (issue 17): they start together without crashing on the
 * first administrator, share a data directory (no embedded-database lock), and a process with other keys refuses
 * to start, saying which file to copy, until the keys match or an operator adopts the new ones.
 */
describe.skipIf(!process.env.TEST_DATABASE_URL)('many processes on one database: start-up and keys', () => {
  const work = mkdtempSync(join(tmpdir(), 'reckon-many-'));
  const name = `reckon_many_${randomBytes(4).toString('hex')}`;
  const admin = () => new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  const servers: RunningServer[] = [];
  let databaseUrl = '';
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
    rmSync(work, { recursive: true, force: true });
    const client = admin();
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).finally(() => client.end());
  });
  const start = async (dataDir: string, extra: Record<string, string> = {}) => {
    let printed = '';
    const out = new PassThrough();
    out.on('data', (chunk) => (printed += String(chunk)));
    const server = await serve(loadConfig({ dataDir, port: 0, logLevel: 'silent', databaseUrl, ...extra }, {}), out);
    servers.push(server);
    return { server, printed: () => printed };
  };

  it('starts three processes at once on an empty database and one data directory: one administrator, one set of keys', { timeout: 300_000 }, async () => {
    const client = admin();
    await client.connect();
    await client.query(`CREATE DATABASE ${name}`).finally(() => client.end());
    const url = new URL(process.env.TEST_DATABASE_URL!);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();

    const shared = join(work, 'shared');
    const started = await Promise.all([start(shared), start(shared), start(shared)]);
    // Exactly one of them printed a first-start password, and it is the administrator's.
    const told = started.filter((s) => /password: \S+/.test(s.printed()));
    expect(told).toHaveLength(1);
    const password = /password: (\S+)/.exec(told[0].printed())![1];
    for (const { server } of started) {
      const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password }) });
      expect(login.status).toBe(200);
    }
    // A CLI command runs beside the servers on the same data directory.
    const users = await runCli(['user', 'list', '--data-dir', shared, '--database-url', databaseUrl]);
    expect(users.err).toBe('');
    expect(users.out).toMatch(/admin/);
  });

  it('refuses a process whose keys differ, naming the file to copy, and starts it once the keys are copied', { timeout: 300_000 }, async () => {
    const other = join(work, 'other');
    await expect(start(other)).rejects.toThrow(/master key .* is not the one this database is used with: .*master\.key has fingerprint [0-9a-f]{16}, the database expects [0-9a-f]{16}\. .*RECKON_MASTER_KEY_FILE/);

    // The master key copied, the signing key still its own: refused for that one, with its own setting named.
    const copied = join(work, 'copied');
    cpSync(join(work, 'shared', 'keys', 'master.key'), join(copied, 'keys', 'master.key'));
    await expect(start(copied)).rejects.toThrow(/ledger signing key .*RECKON_SIGNING_KEY_FILE/);

    // Both keys given by their settings: it starts.
    const third = await start(join(work, 'third'), {
      masterKeyFile: join(work, 'shared', 'keys', 'master.key'),
      signingKeyFile: join(work, 'shared', 'keys', 'ledger-signing.key'),
    });
    expect((await fetch(`${third.server.url}/api/system`)).status).toBeLessThan(500);
  });

  it('lets an operator adopt new keys on purpose, after which the old ones are refused', { timeout: 300_000 }, async () => {
    const fresh = join(work, 'fresh');
    const adopted = await runCli(['keys', 'adopt', '--data-dir', fresh, '--database-url', databaseUrl]);
    expect(adopted.err).toBe('');
    expect(adopted.out).toMatch(/now expects master key [0-9a-f]{16} and signing key reckon\.ledger\//);
    const started = await start(fresh);
    expect(started.server.url).toMatch(/^http/);
    await expect(start(join(work, 'shared'))).rejects.toThrow(/keys_differ|is not the one this database is used with/);
  });
});
