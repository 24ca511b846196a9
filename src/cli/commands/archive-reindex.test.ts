import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/cli.ts';
import { systemActor } from '../../server/accounts/actor.ts';
import { searchItems } from '../../server/archive/search.ts';
import { loadConfig } from '../../server/config.ts';
import { openInstance } from '../../server/instance.ts';

describe('reckon archive reindex', () => {
  const work = mkdtempSync(join(tmpdir(), 'reckon-reindex-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('rebuilds the search documents of every item', async () => {
    const dataDir = join(work, 'data');
    const folder = join(work, 'in');
    mkdirSync(folder);
    writeFileSync(join(folder, 'one.txt'), 'first statement\n');
    writeFileSync(join(folder, 'two.txt'), 'second statement\n');
    expect((await runCli(['ingest', folder, '--data-dir', dataDir])).code).toBe(0);
    const config = loadConfig({ dataDir });
    const wipe = await openInstance(config);
    await wipe.ctx.db.deleteFrom('search_documents').execute();
    await wipe.close();

    const run = await runCli(['archive', 'reindex', '--data-dir', dataDir]);
    expect(run.code, run.err).toBe(0);
    expect(run.out).toBe('reindexed 2 items\n');
    const check = await openInstance(config);
    try {
      const all = await searchItems(check.ctx.db, systemActor('test'), {});
      expect(all.total).toBe(2);
      const found = await searchItems(check.ctx.db, systemActor('test'), { q: all.items[0].title });
      expect(found.items.map((i) => i.id)).toContain(all.items[0].id);
      expect((await searchItems(check.ctx.db, { kind: 'public' }, {})).total).toBe(0);
    } finally {
      await check.close();
    }
  });
});
