import { sql, type Kysely } from 'kysely';

// The cases forms' pickers find registry actors and events by name as written only, so "Aliyev" did not find
// "Əliyev" or "Алиев", nor "Khojaly" "Xocalı" or "Ходжалы". Casualty records solve this with search_names, their
// names romanised to one comparable form by the names engine (normaliseName); actors and events get the same column,
// written with every insert and update by the registry's repository.
// The rows already stored are filled by a job (registry.search_names, src/server/registry/search-names-job.ts),
// queued here when there are any: a migration must do the same thing on every later checkout, so it does not import
// the names engine, which will change. (Databases that ran the first version of this migration had their rows filled
// by it; they have no job queued and need none.)
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table registry_actors add column search_names text not null default ''`.execute(db);
  await sql`alter table registry_events add column search_names text not null default ''`.execute(db);
  await sql`insert into jobs (kind, max_attempts) select 'registry.search_names', 5 where exists (select 1 from registry_actors) or exists (select 1 from registry_events)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`delete from jobs where kind = 'registry.search_names' and state = 'queued'`.execute(db);
  await sql`alter table registry_events drop column search_names`.execute(db);
  await sql`alter table registry_actors drop column search_names`.execute(db);
}
