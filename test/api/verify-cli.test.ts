import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { openDatabase } from '../../src/server/db/connect.ts';

async function run(...args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const [o, e] = [process.stdout.write.bind(process.stdout), process.stderr.write.bind(process.stderr)];
  process.stdout.write = ((c: string) => ((out += String(c)), true)) as typeof process.stdout.write;
  process.stderr.write = ((c: string) => ((out += String(c)), true)) as typeof process.stderr.write;
  try {
    return { code: await main(['node', 'reckon', ...args]), out };
  } finally {
    process.stdout.write = o;
    process.stderr.write = e;
  }
}

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
