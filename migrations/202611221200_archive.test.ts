import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../src/server/db/testing.ts';
import { migratorFor } from '../src/server/db/migrate.ts';
import type { DatabaseHandle } from '../src/server/db/connect.ts';

const hex = (c: string, n: number) => c.repeat(n);

describe('migration 202611221200_archive', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase({ migrate: false });
  });
  afterAll(async () => handle.close());

  it('creates the archive tables with their constraints, and undoes cleanly', async () => {
    const migrator = await migratorFor(handle.db);
    expect((await migrator.migrateTo('202611221200_archive')).error).toBeUndefined();
    const db = handle.db;
    const run = (q: ReturnType<typeof sql>) => q.execute(db);

    await run(sql`insert into blobs (sha256, sha512, size, encrypted, wrapped_key) values (${hex('a', 64)}, ${hex('b', 128)}, 3, false, null)`);
    // Not a hash, negative size, an encrypted blob without key, a duplicate.
    await expect(run(sql`insert into blobs (sha256, sha512, size, encrypted) values ('../x', ${hex('b', 128)}, 3, false)`)).rejects.toThrow();
    await expect(run(sql`insert into blobs (sha256, sha512, size, encrypted) values (${hex('c', 64)}, ${hex('b', 128)}, -1, false)`)).rejects.toThrow();
    await expect(run(sql`insert into blobs (sha256, sha512, size, encrypted) values (${hex('d', 64)}, ${hex('b', 128)}, 1, true)`)).rejects.toThrow();
    await expect(run(sql`insert into blobs (sha256, sha512, size, encrypted) values (${hex('a', 64)}, ${hex('b', 128)}, 3, false)`)).rejects.toThrow();

    const item = '00000000-0000-4000-8000-000000000001';
    await run(sql`insert into items (id, kind, title, confidentiality, event_start, event_end) values (${item}, 'document', 't', 'public', '1992-01-01', '1992-12-31')`);
    await expect(run(sql`insert into items (id, kind, title, confidentiality) values ('00000000-0000-4000-8000-000000000002', 'weapon', 't', 'public')`)).rejects.toThrow();
    await expect(run(sql`insert into items (id, kind, title, confidentiality) values ('00000000-0000-4000-8000-000000000003', 'document', 't', 'secret')`)).rejects.toThrow();
    await expect(run(sql`insert into items (id, kind, title, confidentiality, event_start, event_end) values ('00000000-0000-4000-8000-000000000004', 'document', 't', 'public', '1993-01-01', '1992-01-01')`)).rejects.toThrow();
    await expect(run(sql`insert into items (id, kind, title, confidentiality, latitude) values ('00000000-0000-4000-8000-000000000005', 'document', 't', 'public', 10)`)).rejects.toThrow();
    await expect(run(sql`insert into items (id, kind, title, confidentiality, country) values ('00000000-0000-4000-8000-000000000006', 'document', 't', 'public', 'aze')`)).rejects.toThrow();

    const file = '00000000-0000-4000-8000-0000000000f1';
    await run(sql`insert into item_files (id, item_id, blob_sha256, filename, original_filename, role, confidentiality) values (${file}, ${item}, ${hex('a', 64)}, 'a.txt', 'a.txt', 'original', 'public')`);
    // A derivative must name its original; an original must not; the blob must exist and cannot be deleted while used.
    await expect(run(sql`insert into item_files (id, item_id, blob_sha256, filename, original_filename, role, confidentiality) values ('00000000-0000-4000-8000-0000000000f2', ${item}, ${hex('a', 64)}, 'b', 'b', 'derivative', 'public')`)).rejects.toThrow();
    await expect(run(sql`insert into item_files (id, item_id, blob_sha256, filename, original_filename, role, confidentiality) values ('00000000-0000-4000-8000-0000000000f3', ${item}, ${hex('e', 64)}, 'b', 'b', 'original', 'public')`)).rejects.toThrow();
    await expect(run(sql`delete from blobs where sha256 = ${hex('a', 64)}`)).rejects.toThrow();
    await expect(run(sql`insert into item_relations (item_id, related_id) values (${item}, ${item})`)).rejects.toThrow();

    await run(sql`insert into testimonies (item_id, pseudonym) values (${item}, 'W')`);
    await run(sql`insert into testimony_consents (item_id, scope, given_on) values (${item}, 'publication', '2024-01-01')`);
    await expect(run(sql`insert into testimony_consents (item_id, scope, given_on) values (${item}, 'marketing', '2024-01-01')`)).rejects.toThrow();
    await expect(run(sql`update testimony_consents set withdrawn_on = '2023-01-01'`)).rejects.toThrow();
    await run(sql`insert into vocabularies (id, name) values ('places', 'Places')`);
    await run(sql`insert into vocabulary_terms (id, vocabulary_id, term) values ('00000000-0000-4000-8000-0000000000a1', 'places', 'Shusha')`);
    await expect(run(sql`insert into vocabulary_terms (id, vocabulary_id, term) values ('00000000-0000-4000-8000-0000000000a2', 'places', 'SHUSHA')`)).rejects.toThrow();

    expect((await migrator.migrateDown()).error).toBeUndefined();
    const left = await sql<{ n: number }>`select count(*)::int as n from information_schema.tables where table_schema = current_schema() and table_name in ('blobs','items','item_files','testimonies','vocabularies','vocabulary_terms','item_tags','item_relations','testimony_consents','testimony_texts')`.execute(db);
    expect(left.rows[0].n).toBe(0);
  });
});
