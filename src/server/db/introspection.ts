import { sql, type DatabaseIntrospector, type Dialect, type Kysely, type SchemaMetadata, type TableMetadata } from 'kysely';

/**
 * Kysely's PostgreSQL introspector lists every table and column of every schema on the server. When another
 * connection drops a schema during that query (parallel test runs on one server each drop theirs when done), the
 * query fails with "schema … does not exist", and its cost grows with every schema the server holds. Reckon's
 * migrator only asks whether its schema and its two bookkeeping tables exist, and it always works in the current
 * schema (see migratorFor), so this introspector looks at the current schema only.
 */
class CurrentSchemaIntrospector implements DatabaseIntrospector {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the introspector sees the database untyped
  constructor(private readonly db: Kysely<any>) {}

  async getSchemas(): Promise<SchemaMetadata[]> {
    const result = await sql<{ name: string }>`select nspname as name from pg_catalog.pg_namespace where nspname = current_schema()`.execute(this.db);
    return result.rows;
  }

  async getTables(): Promise<TableMetadata[]> {
    const result = await sql<{ name: string; schema: string; type: string }>`
      select table_name as name, table_schema as schema, table_type as type
      from information_schema.tables where table_schema = current_schema()`.execute(this.db);
    return result.rows.map((row) => ({ name: row.name, schema: row.schema, isView: row.type === 'VIEW', isForeign: row.type === 'FOREIGN', columns: [] }));
  }

  async getMetadata(): Promise<{ tables: TableMetadata[] }> {
    return { tables: await this.getTables() };
  }
}

/** The dialect as it is, except that introspection sees only the current schema. */
export function withCurrentSchemaIntrospection(dialect: Dialect): Dialect {
  return {
    createDriver: () => dialect.createDriver(),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createAdapter: () => dialect.createAdapter(),
    createIntrospector: (db) => new CurrentSchemaIntrospector(db),
  };
}
