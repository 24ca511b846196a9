import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/connect.ts';
import { openTestDatabase, testEngine } from '../db/testing.ts';
import { insertItem } from './repository.ts';
import { refreshItemSearch, withDictionaryAfterCommit } from './search-index.ts';

describe(`the spelling dictionary of an upload is written after its commit (${testEngine()})`, () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase();
  });
  afterAll(async () => handle.close());

  const item = (title: string) => ({
    id: randomUUID(),
    kind: 'document' as const,
    title,
    description: '',
    languages: [],
    confidentiality: 'restricted' as const,
  });
  // Words are stored in their comparable form (search-spellings.ts): Qaragöl as garagol, meadow as meadov.
  const known = async (db: typeof handle.db, term: string) =>
    (await sql<{ n: number }>`select count(*)::int as n from search_terms where term = ${term}`.execute(db)).rows[0].n;

  it('adds no word inside the transaction, every word once it commits, and none for a transaction rolled back', async () => {
    const inside: number[] = [];
    await withDictionaryAfterCommit(handle.db, (defer) =>
      handle.db.transaction().execute(async (tx) => {
        defer(tx);
        for (const title of ['Qaragöl meadow report', 'Qaragöl spring']) {
          const row = item(title);
          await insertItem(tx, row);
          await refreshItemSearch(tx, row.id);
        }
        // The item's own search document is written in the transaction, the shared dictionary is not.
        inside.push(await known(tx, 'garagol'), await known(tx, 'meadov'));
        expect((await sql<{ n: number }>`select count(*)::int as n from search_documents`.execute(tx)).rows[0].n).toBeGreaterThanOrEqual(2);
      }),
    );
    expect(inside).toEqual([0, 0]);
    for (const term of ['garagol', 'meadov', 'sprink', 'report']) expect(await known(handle.db, term)).toBe(1);

    await expect(
      withDictionaryAfterCommit(handle.db, (defer) =>
        handle.db.transaction().execute(async (tx) => {
          defer(tx);
          const row = item('Zangilanwords vanish');
          await insertItem(tx, row);
          await refreshItemSearch(tx, row.id);
          throw new Error('interrupted');
        }),
      ),
    ).rejects.toThrow('interrupted');
    expect(await known(handle.db, 'zangilanvords')).toBe(0);
  });

  it('refreshes outside such a transaction write their words at once, as before', async () => {
    const row = item('Lachinvale archive');
    await handle.db.transaction().execute(async (tx) => {
      await insertItem(tx, row);
      await refreshItemSearch(tx, row.id);
      expect(await known(tx, 'lachinvale')).toBe(1);
    });
  });
});
