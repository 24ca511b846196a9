import { sql, type Kysely } from 'kysely';

// Population estimates (multiple systems estimation) run in the background: the input table is kept verbatim with
// its hash so a figure can always be traced to the exact counts it came from.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('estimates')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('title', 'text', (c) => c.notNull().check(sql`length(title) between 1 and 200`))
    .addColumn('created_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('input_kind', 'text', (c) => c.notNull().check(sql`input_kind in ('table', 'casualties')`))
    .addColumn('input_csv', 'text', (c) => c.notNull())
    .addColumn('input_sha256', 'text', (c) => c.notNull().check(sql`input_sha256 ~ '^[0-9a-f]{64}$'`))
    .addColumn('options', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('queued').check(sql`state in ('queued', 'running', 'done', 'failed')`))
    .addColumn('progress', 'double precision', (c) => c.notNull().defaultTo(0).check(sql`progress >= 0 and progress <= 1`))
    .addColumn('progress_label', 'text')
    .addColumn('result', 'jsonb')
    .addColumn('error', 'text')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // A finished estimate has its result, a failed one its reason.
  await sql`alter table estimates add constraint estimates_done_has_result check (state <> 'done' or result is not null)`.execute(db);
  await sql`alter table estimates add constraint estimates_failed_has_error check (state <> 'failed' or error is not null)`.execute(db);
  await db.schema.createIndex('estimates_created').on('estimates').columns(['created_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('estimates').execute();
}
