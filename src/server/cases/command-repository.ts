import { sql, type Kysely } from 'kysely';
import type { CommandDataset, CommandEntityRecord, CommandRelationRecord } from '../../core/cases/command-import.ts';
import type { Database } from '../db/schema.ts';

type Db = Kysely<Database>;

/** Every entity and relation (with its sources in order): chains are computed in memory by the pure engine. */
export async function loadCommand(db: Db): Promise<CommandDataset> {
  const [entities, relations, sources] = await Promise.all([
    db.selectFrom('cases_command_entities').selectAll().orderBy('id').execute(),
    db.selectFrom('cases_command_relations').selectAll().orderBy('id').execute(),
    db.selectFrom('cases_command_relation_sources').selectAll().orderBy('relation_id').orderBy('position').execute(),
  ]);
  const sourcesOf = new Map<string, string[]>();
  for (const s of sources) sourcesOf.set(s.relation_id, [...(sourcesOf.get(s.relation_id) ?? []), s.source_id]);
  return {
    entities: entities.map((e): CommandEntityRecord => ({ id: e.id, kind: e.kind as CommandEntityRecord['kind'], name: e.name, actorId: e.actor_id, description: e.description })),
    relations: relations.map(
      (r): CommandRelationRecord => ({
        id: r.id,
        kind: r.kind as CommandRelationRecord['kind'],
        from: r.from_id,
        to: r.to_id,
        start: r.start_date,
        end: r.end_date,
        sources: sourcesOf.get(r.id) ?? [],
        notes: r.notes,
      }),
    ),
  };
}

export async function insertCommand(db: Db, data: CommandDataset): Promise<void> {
  if (data.entities.length) {
    await db
      .insertInto('cases_command_entities')
      .values(data.entities.map((e) => ({ id: e.id, kind: e.kind, name: e.name, actor_id: e.actorId, description: e.description })))
      .execute();
  }
  if (data.relations.length) {
    await db
      .insertInto('cases_command_relations')
      .values(data.relations.map((r) => ({ id: r.id, kind: r.kind, from_id: r.from, to_id: r.to, start_date: r.start, end_date: r.end, notes: r.notes })))
      .execute();
    const sources = data.relations.flatMap((r) => r.sources.map((source_id, position) => ({ relation_id: r.id, source_id, position })));
    if (sources.length) await db.insertInto('cases_command_relation_sources').values(sources).execute();
  }
}

export async function knownIds(db: Db, sources: string[], actors: string[]): Promise<{ sources: Set<string>; actors: Set<string> }> {
  const [s, a] = await Promise.all([
    sources.length ? db.selectFrom('registry_sources').select('id').where('id', 'in', sources).execute() : [],
    actors.length ? db.selectFrom('registry_actors').select('id').where('id', 'in', actors).execute() : [],
  ]);
  return { sources: new Set(s.map((x) => x.id)), actors: new Set(a.map((x) => x.id)) };
}

export async function sourceNames(db: Db, ids: string[]) {
  if (!ids.length) return [];
  return db.selectFrom('registry_sources').select(['id', 'publisher', 'title', 'date', 'address']).where('id', 'in', ids).execute();
}

/** Serialises command imports for the rest of the caller's transaction: each checks what is stored, then writes. */
export async function lockCommandImports(tx: Db): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext('cases_command'))`.execute(tx);
}
