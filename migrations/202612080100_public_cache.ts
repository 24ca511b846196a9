import { sql, type Kysely } from 'kysely';

// The public statistics page recomputed every published run's statistics on each view (18.6 s p95 at 100,000
// persons on PostgreSQL), and the memorial list counted every stored person on each page (391 ms p95). Both are now
// kept with the stored memorial: the rebuild that follows a change (migration 202612071500's markers) also counts the
// memorial's persons per number of lists (memorial_index rows with by = 'all') and moves a generation number on, and a
// run's public statistics are cached under the generation they were computed at, so a cache from before a change is
// never read. The statistics also depend on the run's persons and the lists' names, so those tables now mark changes.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table memorial_index drop constraint memorial_index_by_check`.execute(db);
  await sql`alter table memorial_index add constraint memorial_index_by_check check (by in ('place', 'year', 'all'))`.execute(db);
  await sql`
    create table public_cache_generation (
      id boolean primary key default true check (id),
      n bigint not null default 0
    )`.execute(db);
  await sql`insert into public_cache_generation (id, n) values (true, 0)`.execute(db);
  await sql`
    create table public_stats_cache (
      run_id uuid not null references linkage_runs(id) on delete cascade,
      min_cell integer not null,
      generation bigint not null,
      view jsonb not null,
      primary key (run_id, min_cell)
    )`.execute(db);
  await sql`create trigger persons_memorial_changed after insert or update or delete on persons for each statement execute function reckon_memorial_changed()`.execute(db);
  await sql`create trigger casualty_sources_memorial_changed after update or delete on casualty_sources for each statement execute function reckon_memorial_changed()`.execute(db);
  // The stored memorial has no totals yet: the next read rebuilds it.
  await sql`insert into memorial_changes default values`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger casualty_sources_memorial_changed on casualty_sources`.execute(db);
  await sql`drop trigger persons_memorial_changed on persons`.execute(db);
  await sql`drop table public_stats_cache`.execute(db);
  await sql`drop table public_cache_generation`.execute(db);
  await sql`delete from memorial_index where by = 'all'`.execute(db);
  await sql`alter table memorial_index drop constraint memorial_index_by_check`.execute(db);
  await sql`alter table memorial_index add constraint memorial_index_by_check check (by in ('place', 'year'))`.execute(db);
}
