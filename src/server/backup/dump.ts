import { sql, type Kysely } from 'kysely';

/** Tables the migrator owns: recreated by migrating, never dumped. */
const SKIP = new Set([
  'reckon_migrations',
  'reckon_migrations_lock',
  'kysely_migration',
  'kysely_migration_lock',
  // The stored memorial is derived from the tables a backup holds; restoring them fires its triggers, which mark it
  // for a rebuild on the first read. A fresh instance holds one such marker, which must not make it look non-empty.
  'memorial_changes',
  'memorial_persons',
  'memorial_index',
  // which generation of the stored memorial is shown: a restored instance starts with none and the job builds one
  'memorial_state',
  // The public statistics' cache and its generation (one row in a fresh instance) are derived the same way.
  'public_stats_cache',
  'public_cache_generation',
]);
const BATCH = 5_000;

export interface TableShape {
  name: string;
  /** Columns written and restored (generated columns are left for the database to compute). */
  columns: string[];
  identity: string[];
  json: string[];
  keys: string[];
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the dump works on whatever tables the migrations made
type AnyDb = Kysely<any>;

/** Every table of the current schema, parents before children (foreign keys), so a restore inserts in order. */
export async function tableShapes(db: AnyDb): Promise<TableShape[]> {
  const tables = (
    await sql<{ table_name: string }>`select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(db)
  ).rows.map((r) => r.table_name).filter((name) => !SKIP.has(name));
  const columns = (
    await sql<{ table_name: string; column_name: string; is_identity: string; is_generated: string; data_type: string }>`
      select table_name, column_name, is_identity, is_generated, data_type from information_schema.columns
      where table_schema = current_schema() order by table_name, ordinal_position`.execute(db)
  ).rows;
  const fks = (
    await sql<{ child: string; parent: string }>`
      select c.conrelid::regclass::text as child, c.confrelid::regclass::text as parent from pg_constraint c
      join pg_namespace n on n.oid = c.connamespace where c.contype = 'f' and n.nspname = current_schema()`.execute(db)
  ).rows;
  const pks = (
    await sql<{ table_name: string; column_name: string }>`
      select tc.table_name, kcu.column_name from information_schema.table_constraints tc
      join information_schema.key_column_usage kcu on kcu.constraint_name = tc.constraint_name and kcu.table_schema = tc.table_schema
      where tc.table_schema = current_schema() and tc.constraint_type = 'PRIMARY KEY' order by kcu.ordinal_position`.execute(db)
  ).rows;
  const unquote = (name: string) => name.replace(/^"|"$/g, '');
  const parents = new Map<string, Set<string>>(tables.map((t) => [t, new Set()]));
  for (const fk of fks) if (unquote(fk.child) !== unquote(fk.parent)) parents.get(unquote(fk.child))?.add(unquote(fk.parent));
  const ordered: string[] = [];
  const done = new Set<string>();
  const visit = (table: string, path: Set<string>) => {
    if (done.has(table) || path.has(table)) return;
    path.add(table);
    for (const parent of parents.get(table) ?? []) if (parents.has(parent)) visit(parent, path);
    done.add(table);
    ordered.push(table);
  };
  for (const table of tables) visit(table, new Set());
  return ordered.map((name) => {
    const cols = columns.filter((c) => c.table_name === name);
    const written = cols.filter((c) => c.is_generated !== 'ALWAYS');
    return {
      name,
      columns: written.map((c) => c.column_name),
      identity: written.filter((c) => c.is_identity === 'YES').map((c) => c.column_name),
      json: written.filter((c) => c.data_type === 'json' || c.data_type === 'jsonb').map((c) => c.column_name),
      keys: pks.filter((p) => p.table_name === name).map((p) => p.column_name),
    };
  });
}

/** A value as JSON that restores to the same value: bytes and times are tagged, the rest is plain JSON. */
export function encodeValue(value: unknown): unknown {
  if (value instanceof Uint8Array) return { $bytes: Buffer.from(value).toString('base64') };
  if (value instanceof Date) return { $date: value.toISOString() };
  if (typeof value === 'bigint') return { $bigint: value.toString() };
  return value;
}

export function decodeValue(value: unknown, isJson: boolean): unknown {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const tagged = value as Record<string, unknown>;
    const keys = Object.keys(tagged);
    if (keys.length === 1 && typeof tagged.$bytes === 'string') return Buffer.from(tagged.$bytes, 'base64');
    if (keys.length === 1 && typeof tagged.$date === 'string') return new Date(tagged.$date);
    if (keys.length === 1 && typeof tagged.$bigint === 'string') return tagged.$bigint;
  }
  if (isJson && value !== null) return JSON.stringify(value);
  return value;
}

/** Yields one table's rows as JSON lines, in primary-key order, a batch at a time. */
export async function* tableLines(db: AnyDb, shape: TableShape): AsyncGenerator<string> {
  const order = shape.keys.length ? shape.keys : shape.columns.slice(0, 1);
  for (let offset = 0; ; offset += BATCH) {
    const rows = (
      await sql<Record<string, unknown>>`select ${sql.join(shape.columns.map((c) => sql.ref(c)))} from ${sql.table(shape.name)}
        order by ${sql.join(order.map((c) => sql.ref(c)))} limit ${BATCH} offset ${offset}`.execute(db)
    ).rows;
    for (const row of rows) yield `${JSON.stringify(shape.columns.map((c) => encodeValue(row[c])))}\n`;
    if (rows.length < BATCH) return;
  }
}

/** Inserts rows as they were (identity values kept), then moves each identity sequence past the largest value. */
export async function insertRows(db: AnyDb, shape: TableShape, rows: unknown[][]): Promise<void> {
  if (rows.length === 0) return;
  const jsonIndex = new Set(shape.json.map((c) => shape.columns.indexOf(c)));
  const values = rows.map((row, r) => {
    if (!Array.isArray(row) || row.length !== shape.columns.length) throw new Error(`${shape.name} row ${r + 1}: expected ${shape.columns.length} values`);
    return sql`(${sql.join(row.map((v, i) => decodeValue(v, jsonIndex.has(i))))})`;
  });
  const overriding = shape.identity.length ? sql` overriding system value` : sql``;
  await sql`insert into ${sql.table(shape.name)} (${sql.join(shape.columns.map((c) => sql.ref(c)))})${overriding} values ${sql.join(values)}`.execute(db);
}

export async function resetIdentities(db: AnyDb, shape: TableShape): Promise<void> {
  for (const column of shape.identity) {
    await sql`select setval(pg_get_serial_sequence(${shape.name}, ${column}), coalesce((select max(${sql.ref(column)}) from ${sql.table(shape.name)}), 0) + 1, false)`.execute(db);
  }
}
