import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from './connect.ts';
import { migrateToLatest, migrationNames, schemaIsCurrent } from './migrate.ts';
import { openTestDatabase } from './testing.ts';

/** The restart fast path: a current schema is recognised without planning, and any difference falls back to it. */
describe('schemaIsCurrent', () => {
  let handle: DatabaseHandle;
  const dirs: string[] = [];
  const folderWith = (names: string[]) => {
    const dir = mkdtempSync(join(tmpdir(), 'reckon-migration-names-'));
    dirs.push(dir);
    for (const name of names) writeFileSync(join(dir, `${name}.ts`), '');
    writeFileSync(join(dir, 'README.md'), 'not a migration');
    return dir;
  };
  beforeAll(async () => {
    handle = await openTestDatabase({ migrate: false });
  });
  afterAll(async () => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    await handle?.close();
  });

  it('is false before the first migration, true once every migration has run, false when the folder differs', async () => {
    const names = migrationNames();
    expect(names.length).toBeGreaterThan(10);
    expect(names).toEqual([...names].sort());
    expect(await schemaIsCurrent(handle.db)).toBe(false);
    expect(await migrateToLatest(handle.db)).toEqual(names);
    expect(await schemaIsCurrent(handle.db)).toBe(true);
    expect(await migrateToLatest(handle.db)).toEqual([]);
    // a new migration in the folder, or one that is gone: planned as before (Kysely then runs or refuses it)
    expect(await schemaIsCurrent(handle.db, folderWith([...names, '209912312359_later']))).toBe(false);
    expect(await schemaIsCurrent(handle.db, folderWith(names.slice(0, -1)))).toBe(false);
    expect(await schemaIsCurrent(handle.db, folderWith(names))).toBe(true);
  });
});
