import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../db/schema.ts';
import { publicActor } from '../accounts/actor.ts';
import type { ItemKind } from '../archive/tables.ts';
import { visibleSql } from '../archive/visibility.ts';

type Db = Kysely<Database>;

// Every query here answers the anonymous public: items by the archive's own rule for the public, everything else by
// its publication state. Nothing here reads a protected identity, a contact, or a record of an unpublished list.

/**
 * A public item with its public files (name, role, hash, size, type) and, for a testimony, its pseudonym, in one
 * statement: the item by the archive's rule for the public, each file by its own confidentiality.
 */
export async function publicItem(db: Db, id: string) {
  const row = await sql<{
    id: string;
    kind: ItemKind;
    title: string;
    description: string;
    languages: string[];
    event_date: string | null;
    place_name: string | null;
    country: string | null;
    latitude: number | null;
    longitude: number | null;
    provided_by: string | null;
    published_at: Date | null;
    pseudonym: string | null;
    files: Array<{ id: string; filename: string; role: string; blob_sha256: string; size: number; mime: string }>;
  }>`
    select i.id, i.kind, i.title, i.description, i.languages, i.event_date, i.place_name, i.country, i.latitude, i.longitude, i.provided_by, i.published_at,
      case when i.kind = 'testimony' then (select t.pseudonym from testimonies t where t.item_id = i.id) end as pseudonym,
      (select coalesce(json_agg(json_build_object('id', f.id, 'filename', f.filename, 'role', f.role, 'blob_sha256', f.blob_sha256, 'size', b.size, 'mime', b.mime)
         order by f.created_at, f.id), '[]'::json)
       from item_files f join blobs b on b.sha256 = f.blob_sha256 where f.item_id = i.id and f.confidentiality = 'public') as files
    from items i where i.id = ${id} and ${visibleSql(publicActor)}`.execute(db);
  return row.rows[0];
}

/**
 * The home page's counts in one statement: published items by the archive's rule for the public (counted up to `cap`),
 * public dialogue reports, published estimates (the rules of publicReports and publicEstimates), and `persons`.
 */
export async function publicCounts(db: Db, cap: number, persons: RawBuilder<number>) {
  const row = await sql<{ items: number; reports: number; estimates: number; persons: number }>`
    select
      (select count(*)::int from (select 1 from items i where ${visibleSql(publicActor)} limit ${cap}) i) as items,
      (select count(*)::int from dialogue_conversations where report_public = true) as reports,
      (select count(*)::int from estimates e join publications p on p.subject_kind = 'estimate' and p.subject_id = e.id::text
        where p.state = 'public' and e.state = 'done') as estimates,
      ${persons} as persons`.execute(db);
  return row.rows[0];
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
    .select(['e.id', 'e.title', 'e.input_kind', 'e.input_sha256', 'e.result', 'e.created_at', 'e.converged', 'p.changed_at as published_at'])
    // whether a person allowed an unconverged run's publication (the reason itself stays with the estimate)
    .select(sql<boolean>`e.convergence_override is not null`.as('overridden'))
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
