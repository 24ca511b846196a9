import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli.ts';
import { openDatabase } from '../../src/server/db/connect.ts';

const run = async (...args: string[]) => {
  const result = await runCli(args);
  return { code: result.code, out: result.out + result.err };
};

describe('reckon verify', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'reckon-verify-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('passes on an untouched instance and names a row edited behind Reckon\'s back, exiting 1', { timeout: 600_000 }, async () => {
    expect((await run('user', 'add', 'witness-desk', '--role', 'editor', '--data-dir', dataDir)).code).toBe(0);
    const clean = await run('verify', '--data-dir', dataDir);
    expect(clean.out).toMatch(/no discrepancies/);
    expect(clean.code).toBe(0);

    const handle = await openDatabase({ pgliteDir: join(dataDir, 'pgdata') });
    try {
      await sql`alter table audit_events disable trigger user`.execute(handle.db);
      await sql`update audit_events set actor_label = 'someone else'`.execute(handle.db);
    } finally {
      await handle.close();
    }
    const tampered = await run('verify', '--data-dir', dataDir, '--json');
    expect(tampered.code).toBe(1);
    const report = JSON.parse(tampered.out);
    expect(report.ok).toBe(false);
    expect(report.problems.map((p: { kind: string }) => p.kind)).toContain('audit-edited');
  });
});
