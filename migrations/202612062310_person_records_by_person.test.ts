import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, relationExists } from '../src/server/db/testing.ts';
import { migratorFor } from '../src/server/db/migrate.ts';
import type { DatabaseHandle } from '../src/server/db/connect.ts';

describe('migration 202612062310_person_records_by_person', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase({ migrate: false });
  });
  afterAll(async () => handle.close());

  it('adds the (run, person) index and removes it again', async () => {
    const migrator = await migratorFor(handle.db);
    const exists = () => relationExists(handle.db, 'person_records_person');
    expect((await migrator.migrateTo('202612062310_person_records_by_person')).error).toBeUndefined();
    expect(await exists()).toBe(true);
    expect((await migrator.migrateTo('202612062300_publication_state')).error).toBeUndefined();
    expect(await exists()).toBe(false);
  });
});
