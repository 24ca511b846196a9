import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { quoteIdent } from './connect.ts';
import { migrateToLatest } from './migrate.ts';
import { openTestDatabase } from './testing.ts';

describe('introspection confined to the current schema', () => {
  it('lists the migrated tables of this database and nothing else', async () => {
    const handle = await openTestDatabase();
    try {
      const tables = await handle.db.introspection.getTables();
      const names = tables.map((t) => t.name);
      expect(names).toEqual(expect.arrayContaining(['reckon_migrations', 'reckon_migrations_lock', 'users', 'ledger_entries']));
      expect(new Set(tables.map((t) => t.schema)).size).toBe(1);
      expect(await handle.db.introspection.getSchemas()).toEqual([{ name: tables[0].schema }]);
    } finally {
      await handle.close();
    }
  });

  // Parallel test files on one server each drop their schema when done; a migration listing every schema's tables
  // at that moment failed with "schema … does not exist" (seen in CI). Migrating while others churn must not.
  describe.skipIf(!process.env.TEST_DATABASE_URL)('on a shared PostgreSQL server', () => {
    const url = process.env.TEST_DATABASE_URL!;
    const churned: string[] = [];
    afterAll(async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        for (const schema of churned) await client.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
      } finally {
        await client.end();
      }
    });

    it('migrates while other schemas are created and dropped', { timeout: 300_000 }, async () => {
      let stop = false;
      const churner = async () => {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        try {
          while (!stop) {
            const schema = `churn_${randomBytes(5).toString('hex')}`;
            churned.push(schema);
            await client.query(`CREATE SCHEMA ${quoteIdent(schema)}`);
            for (let i = 0; i < 10; i++) await client.query(`CREATE TABLE ${quoteIdent(schema)}.t${i} (id serial primary key, v text)`);
            await client.query(`DROP SCHEMA ${quoteIdent(schema)} CASCADE`);
          }
        } finally {
          await client.end();
        }
      };
      const churn = Promise.all([churner(), churner(), churner()]);
      const handle = await openTestDatabase({ migrate: false });
      try {
        expect((await migrateToLatest(handle.db)).length).toBeGreaterThan(0);
        // Each call lists the bookkeeping tables again: many chances to meet a schema being dropped.
        for (let round = 0; round < 60; round++) expect(await migrateToLatest(handle.db)).toEqual([]);
      } finally {
        stop = true;
        await handle.close();
        await churn;
      }
    });
  });
});
