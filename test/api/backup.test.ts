import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/server/config.ts';
import { openInstance } from '../../src/server/instance.ts';
import { systemActor } from '../../src/server/accounts/actor.ts';
import { runCliJoined as run } from '../cli.ts';

async function ledgerState(dataDir: string) {
  const instance = await openInstance(loadConfig({ dataDir, logLevel: 'silent' }, {}));
  try {
    const size = await instance.ctx.ledger.size();
    const root = Buffer.from(await instance.ctx.ledger.root(size)).toString('hex');
    const run = await instance.ctx.ledger.verify(systemActor('test'), 'test', instance.ctx.integrityChecks);
    return { size, root, problems: run.report.problems };
  } finally {
    await instance.close();
  }
}

describe('reckon backup and restore (PGlite to PGlite)', () => {
  const work = mkdtempSync(join(tmpdir(), 'reckon-backup-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('restores the same ledger root, the files (sealed ones too) and a clean verify; refuses a non-empty target', { timeout: 600_000 }, async () => {
    const source = join(work, 'source');
    writeFileSync(join(work, 'a.txt'), 'public bytes\n'.repeat(100));
    writeFileSync(join(work, 'b.txt'), 'sealed bytes\n'.repeat(100));
    expect((await run('ingest', join(work, 'a.txt'), '--confidentiality', 'public', '--data-dir', source)).code).toBe(0);
    expect((await run('ingest', join(work, 'b.txt'), '--confidentiality', 'confidential', '--data-dir', source)).code).toBe(0);
    expect((await run('ledger', 'checkpoint', '--data-dir', source)).code).toBe(0);
    const before = await ledgerState(source);
    expect(before.problems).toEqual([]);

    const file = join(work, 'backup.tar');
    const made = await run('backup', file, '--include-keys', '--data-dir', source);
    expect(made.out).toMatch(/Wrote/);
    expect(made.code).toBe(0);
    const target = join(work, 'restored');
    const restored = await run('restore', file, '--data-dir', target);
    expect(restored.out).toMatch(/Restored/);
    expect(restored.code).toBe(0);
    const after = await ledgerState(target);
    expect(after.problems).toEqual([]);
    expect(after.root).toBe(before.root);
    expect(after.size).toBeGreaterThanOrEqual(before.size);
    expect((await run('verify', '--data-dir', target)).code).toBe(0);

    const again = await run('restore', file, '--data-dir', target);
    expect(again.code).toBe(1);
    expect(again.out).toMatch(/not empty/);
    writeFileSync(join(work, 'junk.tar'), 'not a tar at all');
    expect((await run('restore', join(work, 'junk.tar'), '--data-dir', join(work, 'junk-target'))).code).not.toBe(0);
  });
});
