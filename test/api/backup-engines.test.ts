import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/server/config.ts';
import { openInstance } from '../../src/server/instance.ts';
import { systemActor } from '../../src/server/accounts/actor.ts';
import { runCli } from '../cli.ts';

/** Backups are engine-independent JSON lines: PGlite → PostgreSQL → PGlite keeps the ledger root and verifies. */
describe.skipIf(!process.env.TEST_DATABASE_URL)('reckon backup and restore across engines', () => {
  const work = mkdtempSync(join(tmpdir(), 'reckon-backup-engines-'));
  const name = `reckon_restore_${randomBytes(4).toString('hex')}`;
  const admin = () => new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  afterAll(async () => {
    rmSync(work, { recursive: true, force: true });
    const client = admin();
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).finally(() => client.end());
  });

  async function state(dataDir: string, databaseUrl?: string) {
    const instance = await openInstance(loadConfig({ dataDir, logLevel: 'silent', ...(databaseUrl ? { databaseUrl } : {}) }, {}));
    try {
      const size = await instance.ctx.ledger.size();
      const root = Buffer.from(await instance.ctx.ledger.root(size)).toString('hex');
      const checkpoints = (await instance.ctx.ledger.listCheckpoints(100)).map((c) => c.note);
      return { size, root, checkpoints, engine: instance.ctx.engine };
    } finally {
      await instance.close();
    }
  }

  it('PGlite → PostgreSQL → PGlite: same root, same checkpoints, reckon verify clean on each', { timeout: 900_000 }, async () => {
    const client = admin();
    await client.connect();
    await client.query(`CREATE DATABASE ${name}`).finally(() => client.end());
    const url = new URL(process.env.TEST_DATABASE_URL!);
    url.pathname = `/${name}`;
    const pgUrl = url.toString();

    const embedded = join(work, 'embedded');
    writeFileSync(join(work, 'a.txt'), 'public bytes\n'.repeat(100));
    writeFileSync(join(work, 'b.txt'), 'sealed bytes\n'.repeat(100));
    expect((await runCli(['ingest', join(work, 'a.txt'), '--confidentiality', 'public', '--data-dir', embedded])).code).toBe(0);
    expect((await runCli(['ingest', join(work, 'b.txt'), '--confidentiality', 'confidential', '--data-dir', embedded])).code).toBe(0);
    expect((await runCli(['ledger', 'checkpoint', '--data-dir', embedded])).code).toBe(0);
    const original = await state(embedded);
    expect(original.engine).toBe('pglite');

    const first = join(work, 'from-pglite.tar');
    expect((await runCli(['backup', first, '--include-keys', '--data-dir', embedded])).code).toBe(0);
    const onPostgres = join(work, 'on-postgres');
    const restored = await runCli(['restore', first, '--data-dir', onPostgres, '--database-url', pgUrl]);
    expect(restored.err).toBe('');
    expect(restored.code).toBe(0);
    const verified = await runCli(['verify', '--data-dir', onPostgres, '--database-url', pgUrl]);
    expect(verified.out).toMatch(/Verified: no discrepancies/);
    expect(verified.code).toBe(0);
    const middle = await state(onPostgres, pgUrl);
    expect(middle.engine).toBe('postgres');
    expect(middle.root).toBe(original.root);
    expect(middle.checkpoints).toEqual(original.checkpoints);

    // Something happens on PostgreSQL, then everything goes back to an embedded instance.
    const instance = await openInstance(loadConfig({ dataDir: onPostgres, databaseUrl: pgUrl, logLevel: 'silent' }, {}));
    try {
      await instance.ctx.ledger.checkpoint(systemActor('test'), { force: true });
    } finally {
      await instance.close();
    }
    const second = join(work, 'from-postgres.tar');
    expect((await runCli(['backup', second, '--include-keys', '--data-dir', onPostgres, '--database-url', pgUrl])).code).toBe(0);
    const backHome = join(work, 'back-embedded');
    expect((await runCli(['restore', second, '--data-dir', backHome])).code).toBe(0);
    const final = await state(backHome);
    expect(final.engine).toBe('pglite');
    expect(final.root).toBe(original.root);
    expect(final.checkpoints).toHaveLength(original.checkpoints.length + 1);
    const again = await runCli(['verify', '--data-dir', backHome]);
    expect(again.out).toMatch(/Verified: no discrepancies/);
    expect(again.code).toBe(0);
  });
});
