import { sql, type Kysely } from 'kysely';
import { registrySearchNames } from '../src/core/registry/search-names.ts';

// The cases forms' pickers find registry actors and events by name as written only, so "Aliyev" did not find
// "Əliyev" or "Алиев", nor "Khojaly" "Xocalı" or "Ходжалы". Casualty records solve this with search_names, their
// names romanised to one comparable form by the names engine (normaliseName); actors and events get the same column,
// written with every insert and update by the registry's repository, and filled here for the rows already stored.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table registry_actors add column search_names text not null default ''`.execute(db);
  await sql`alter table registry_events add column search_names text not null default ''`.execute(db);
  const actors = await sql<{ id: string; name: string }>`select id, name from registry_actors`.execute(db);
  const events = await sql<{ id: string; name: string; place: string | null }>`select id, name, place from registry_events`.execute(db);
  const fill = async (table: 'registry_actors' | 'registry_events', rows: Array<{ id: string; names: string }>) => {
    for (let i = 0; i < rows.length; i += 1000) {
      const part = rows.slice(i, i + 1000);
      await sql`update ${sql.table(table)} t set search_names = v.names from unnest(${part.map((r) => r.id)}::text[], ${part.map((r) => r.names)}::text[]) as v(id, names) where t.id = v.id`.execute(
        db,
      );
    }
  };
  await fill(
    'registry_actors',
    actors.rows.map((r) => ({ id: r.id, names: registrySearchNames(r.name) })),
  );
  await fill(
    'registry_events',
    events.rows.map((r) => ({ id: r.id, names: registrySearchNames(r.name, r.place) })),
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table registry_events drop column search_names`.execute(db);
  await sql`alter table registry_actors drop column search_names`.execute(db);
}
