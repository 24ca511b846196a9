import { sql, type Kysely } from 'kysely';

// The stored memorial was rebuilt by the first reader after a change, inside that reader's request: 84 s at 100,000
// persons on PostgreSQL (load 35), paid by a visitor. It is now rebuilt by a job, and readers read the last built
// state without waiting:
// - every stored row carries the generation it was built in (memorial_persons, memorial_index); the job writes a new
//   generation in short statements of a few thousand persons, and one small transaction at the end makes it the one
//   shown (memorial_state) and takes the change markers it covered; older generations are then deleted. So a read
//   during a rebuild, on PostgreSQL or on PGlite's single connection, is served from the previous generation;
// - memorial_state also keeps what the shown generation was built from: the run, the published lists and a digest of
//   the exclusions. A reader shows it only while that run is still public, every one of those lists is still
//   published and the exclusions are unchanged, so a withdrawal or a family's exclusion hides at once what it hides,
//   without waiting for the job (the memorial shows nobody until the job has rebuilt it);
// - the marker trigger also queues the job (one at a time) once any linkage run's statistics have had a publication
//   state, so a change is rebuilt after it without any reader's help.
// What was stored before is deleted: a job queued here builds the first generation.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`delete from memorial_persons`.execute(db);
  await sql`delete from memorial_index`.execute(db);
  await sql`alter table memorial_persons add column generation bigint not null`.execute(db);
  await sql`alter table memorial_persons drop constraint memorial_persons_pkey`.execute(db);
  await sql`alter table memorial_persons add primary key (generation, run_id, person_id)`.execute(db);
  await sql`drop index memorial_persons_key`.execute(db);
  await sql`create unique index memorial_persons_key on memorial_persons (generation, key)`.execute(db);
  await sql`drop index memorial_persons_ordinal`.execute(db);
  await sql`create index memorial_persons_ordinal on memorial_persons (generation, ordinal)`.execute(db);
  await sql`alter table memorial_index add column generation bigint not null`.execute(db);
  await sql`alter table memorial_index drop constraint memorial_index_pkey`.execute(db);
  await sql`alter table memorial_index add primary key (generation, by, value, source_count)`.execute(db);
  await sql`create sequence memorial_generation`.execute(db);
  await sql`
    create table memorial_state (
      id boolean primary key default true check (id),
      generation bigint not null default 0,
      run_id uuid references linkage_runs(id) on delete set null,
      sources uuid[] not null default '{}',
      exclusions text not null default '',
      built_at timestamptz
    )`.execute(db);
  await sql`insert into memorial_state (id) values (true)`.execute(db);
  await sql`
    create or replace function reckon_memorial_changed() returns trigger language plpgsql as $$
    begin
      insert into memorial_changes default values;
      if exists (select 1 from publications where subject_kind = 'casualty_stats')
        and not exists (select 1 from jobs where kind = 'memorial.rebuild' and state = 'queued') then
        insert into jobs (kind, max_attempts) values ('memorial.rebuild', 5);
      end if;
      return null;
    end $$`.execute(db);
  await sql`insert into memorial_changes default values`.execute(db);
  await sql`insert into jobs (kind, max_attempts) select 'memorial.rebuild', 5 where exists (select 1 from publications where subject_kind = 'casualty_stats')`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    create or replace function reckon_memorial_changed() returns trigger language plpgsql as $$
    begin
      insert into memorial_changes default values;
      return null;
    end $$`.execute(db);
  await sql`delete from jobs where kind = 'memorial.rebuild' and state = 'queued'`.execute(db);
  await sql`drop table memorial_state`.execute(db);
  await sql`drop sequence memorial_generation`.execute(db);
  await sql`delete from memorial_persons`.execute(db);
  await sql`delete from memorial_index`.execute(db);
  await sql`alter table memorial_index drop constraint memorial_index_pkey`.execute(db);
  await sql`alter table memorial_index drop column generation`.execute(db);
  await sql`alter table memorial_index add primary key (by, value, source_count)`.execute(db);
  await sql`drop index memorial_persons_ordinal`.execute(db);
  await sql`drop index memorial_persons_key`.execute(db);
  await sql`alter table memorial_persons drop constraint memorial_persons_pkey`.execute(db);
  await sql`alter table memorial_persons drop column generation`.execute(db);
  await sql`alter table memorial_persons add primary key (run_id, person_id)`.execute(db);
  await sql`create unique index memorial_persons_key on memorial_persons (key)`.execute(db);
  await sql`create index memorial_persons_ordinal on memorial_persons (run_id, ordinal)`.execute(db);
  // The older code rebuilds on the first read after a marker.
  await sql`insert into memorial_changes default values`.execute(db);
}
