import { sql, type Kysely } from 'kysely';

// The background job queue: persisted so that work survives a restart, leased so that a dead runner's job is
// taken again once its lease runs out.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('jobs')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`length(kind) between 1 and 100`))
    .addColumn('payload', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('subject_type', 'text')
    .addColumn('subject_id', 'text')
    .addColumn('state', 'text', (c) =>
      c.notNull().defaultTo('queued').check(sql`state in ('queued', 'running', 'done', 'failed', 'cancelled')`),
    )
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0).check(sql`attempts >= 0`))
    .addColumn('max_attempts', 'integer', (c) => c.notNull().defaultTo(3).check(sql`max_attempts between 1 and 100`))
    .addColumn('run_after', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('locked_by', 'text')
    .addColumn('locked_until', 'timestamptz')
    .addColumn('error', 'text')
    .addColumn('result', 'jsonb')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // A running job always has a lease; the runner that resumes work looks for expired ones.
  await sql`alter table jobs add constraint jobs_running_has_lease
    check (state <> 'running' or (locked_by is not null and locked_until is not null))`.execute(db);
  // The claim query scans only work that can be taken: queued jobs by run_after, running ones by lease expiry.
  await sql`create index jobs_claimable on jobs (run_after) where state = 'queued'`.execute(db);
  await sql`create index jobs_leased on jobs (locked_until) where state = 'running'`.execute(db);
  await db.schema.createIndex('jobs_subject').on('jobs').columns(['subject_type', 'subject_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('jobs').execute();
}
