import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { publicActor } from '../accounts/actor.ts';
import { visibleSql } from '../archive/visibility.ts';

type Db = Kysely<Database>;

// Every query here answers the anonymous public: items by the archive's own rule for the public, everything else by
// its publication state. Nothing here reads a protected identity, a contact, or a record of an unpublished list.

export async function publicItem(db: Db, id: string) {
  return db
    .selectFrom('items as i')
    .select(['i.id', 'i.kind', 'i.title', 'i.description', 'i.languages', 'i.event_date', 'i.place_name', 'i.country', 'i.latitude', 'i.longitude', 'i.provided_by', 'i.published_at'])
    .where('i.id', '=', id)
    .where(visibleSql(publicActor))
    .executeTakeFirst();
}

export async function publicFiles(db: Db, itemId: string) {
  return db
    .selectFrom('item_files as f')
    .innerJoin('blobs as b', 'b.sha256', 'f.blob_sha256')
    .select(['f.id', 'f.filename', 'f.role', 'f.blob_sha256', 'b.size', 'b.mime'])
    .where('f.item_id', '=', itemId)
    .where('f.confidentiality', '=', 'public')
    .orderBy('f.created_at')
    .orderBy('f.id')
    .execute();
}

export async function publicTestimonyPseudonym(db: Db, itemId: string) {
  return (await db.selectFrom('testimonies').select('pseudonym').where('item_id', '=', itemId).executeTakeFirst())?.pseudonym ?? null;
}

export async function publicItemIds(db: Db, limit: number) {
  return db
    .selectFrom('items as i')
    .select(['i.id', 'i.updated_at'])
    .where(visibleSql(publicActor))
    .orderBy('i.published_at', 'desc')
    .orderBy('i.id')
    .limit(limit)
    .execute();
}

export async function publicReports(db: Db) {
  return db
    .selectFrom('dialogue_conversations')
    .select(['id', 'topic', 'description', 'state', 'updated_at'])
    .where('report_public', '=', true)
    .orderBy('updated_at', 'desc')
    .orderBy('id')
    .execute();
}

export async function publicEstimates(db: Db) {
  return db
    .selectFrom('estimates as e')
    .innerJoin('publications as p', (j) => j.on('p.subject_kind', '=', 'estimate').on(sql`p.subject_id`, '=', sql`e.id::text`))
    .select(['e.id', 'e.title', 'e.input_kind', 'e.input_sha256', 'e.result', 'e.created_at', 'p.changed_at as published_at'])
    .where('p.state', '=', 'public')
    .where('e.state', '=', 'done')
    .orderBy('p.changed_at', 'desc')
    .orderBy('e.id')
    .execute();
}

export async function publicRuns(db: Db) {
  return db
    .selectFrom('linkage_runs as r')
    .innerJoin('publications as p', (j) => j.on('p.subject_kind', '=', 'casualty_stats').on(sql`p.subject_id`, '=', sql`r.id::text`))
    .select(['r.id', 'r.finished_at', 'p.changed_at as published_at'])
    .where('p.state', '=', 'public')
    .where('r.state', '=', 'done')
    .orderBy('p.changed_at', 'desc')
    .orderBy('r.id')
    .execute();
}

export async function publishedSources(db: Db) {
  return db
    .selectFrom('casualty_sources as s')
    .innerJoin('publications as p', (j) => j.on('p.subject_kind', '=', 'casualty_source').on(sql`p.subject_id`, '=', sql`s.id::text`))
    .select(['s.id', 's.name', 's.compiled_by', 's.compiled_at'])
    .where('p.state', '=', 'public')
    .orderBy('s.name')
    .orderBy('s.id')
    .execute();
}

// ---- the memorial ----

export async function recordsOfPersons(db: Db, runId: string, personIds: number[], sourceIds: string[]) {
  if (!personIds.length || !sourceIds.length) return [];
  return db
    .selectFrom('person_records as m')
    .innerJoin('casualty_records as r', 'r.id', 'm.record_id')
    .select(['m.person_id', 'r.id', 'r.source_id', 'r.names', 'r.given_name', 'r.family_name', 'r.patronymic', 'r.birth_date', 'r.death_date', 'r.age', 'r.place', 'r.status'])
    .where('m.run_id', '=', runId)
    .where('m.person_id', 'in', personIds)
    .where('r.source_id', 'in', sourceIds)
    .where('r.current', '=', true)
    .orderBy('r.source_id')
    .orderBy('r.id')
    .execute();
}
