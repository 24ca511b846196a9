import { sql, type Kysely } from 'kysely';

// The memorial grouped every record of the newest public run's published lists per person on each page view (1.4 s at
// 3,333 records). It is now stored: one row per person of that run (with how many published lists name them, their
// names' search forms, places and years of death) and an index of places and years, rebuilt on the first read after
// anything it depends on changed. Changes are noticed by statement triggers that insert a marker into
// memorial_changes (an insert takes no lock a concurrent writer waits on); the rebuild deletes the markers it saw, so a
// change committed during a rebuild leaves its marker and causes the next one.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table memorial_changes (
      id bigint generated always as identity primary key,
      at timestamptz not null default now()
    )`.execute(db);
  await sql`
    create table memorial_persons (
      run_id uuid not null references linkage_runs(id) on delete cascade,
      person_id integer not null,
      key uuid not null,
      source_count integer not null,
      search text not null,
      places text[] not null default '{}',
      years text[] not null default '{}',
      primary key (run_id, person_id)
    )`.execute(db);
  await sql`create unique index memorial_persons_key on memorial_persons (key)`.execute(db);
  await sql`create index memorial_persons_search on memorial_persons using gin (search gin_trgm_ops)`.execute(db);
  await sql`create index memorial_persons_places on memorial_persons using gin (places)`.execute(db);
  await sql`create index memorial_persons_years on memorial_persons using gin (years)`.execute(db);
  await sql`
    create table memorial_index (
      by text not null check (by in ('place', 'year')),
      value text not null,
      source_count integer not null,
      persons integer not null,
      primary key (by, value, source_count)
    )`.execute(db);
  await sql`
    create function reckon_memorial_changed() returns trigger language plpgsql as $$
    begin
      insert into memorial_changes default values;
      return null;
    end $$`.execute(db);
  for (const [table, events] of [
    ['publications', 'insert or update or delete'],
    ['memorial_exclusions', 'insert or update or delete'],
    ['casualty_records', 'update or delete'],
    ['person_records', 'insert or update or delete'],
    ['linkage_runs', 'update or delete'],
  ] as const) {
    await sql`create trigger ${sql.raw(`${table}_memorial_changed`)} after ${sql.raw(events)} on ${sql.table(table)} for each statement execute function reckon_memorial_changed()`.execute(db);
  }
  // Whatever exists now has not been stored yet.
  await sql`insert into memorial_changes default values`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['publications', 'memorial_exclusions', 'casualty_records', 'person_records', 'linkage_runs']) {
    await sql`drop trigger ${sql.raw(`${table}_memorial_changed`)} on ${sql.table(table)}`.execute(db);
  }
  await sql`drop function reckon_memorial_changed()`.execute(db);
  await sql`drop table memorial_index`.execute(db);
  await sql`drop table memorial_persons`.execute(db);
  await sql`drop table memorial_changes`.execute(db);
}
