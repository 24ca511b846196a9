import { sql, type Insertable, type Updateable } from 'kysely';
import type { Actor } from '../accounts/actor.ts';
import { visibleSql, type VisibilityFacts } from '../archive/visibility.ts';
import type { CasesEvidenceLinksTable, EvidenceDb, EvidenceLinkRow } from './evidence-tables.ts';

/** An allegation with what the matrix page heads with; undefined when there is none. */
export async function findAllegation(db: EvidenceDb, id: string) {
  return db
    .selectFrom('cases_allegations as a')
    .innerJoin('registry_actors as p', 'p.id', 'a.proponent_id')
    .select(['a.id', 'a.incident_id', 'a.characterisation', 'a.statement', 'p.name as proponent'])
    .where('a.id', '=', id)
    .executeTakeFirst();
}

/** The elements an allegation names, in its order. */
export async function elementsOfAllegation(db: EvidenceDb, allegationId: string) {
  return db
    .selectFrom('cases_allegation_elements as ae')
    .innerJoin('cases_elements as e', 'e.id', 'ae.element_id')
    .select(['e.id', 'e.number', 'e.kind', 'e.summary', 'e.citation'])
    .where('ae.allegation_id', '=', allegationId)
    .orderBy('ae.position')
    .orderBy('e.number')
    .execute();
}

export async function findLink(db: EvidenceDb, id: string): Promise<EvidenceLinkRow | undefined> {
  return db.selectFrom('cases_evidence_links').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findLinkForUpdate(db: EvidenceDb, id: string): Promise<EvidenceLinkRow | undefined> {
  return db.selectFrom('cases_evidence_links').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function findDuplicate(db: EvidenceDb, l: { allegationId: string; elementId: string; itemId: string; pinpointKey: string; exceptId?: string }) {
  let q = db
    .selectFrom('cases_evidence_links')
    .select('id')
    .where('allegation_id', '=', l.allegationId)
    .where('element_id', '=', l.elementId)
    .where('item_id', '=', l.itemId)
    .where('pinpoint_key', '=', l.pinpointKey);
  if (l.exceptId) q = q.where('id', '<>', l.exceptId);
  return q.executeTakeFirst();
}

export interface MatrixCountRow {
  element_id: string;
  direction: 'supporting' | 'undermining';
  links: number;
  sources: number;
  reliable_sources: number;
  low: number;
}

/** The allegation's matrix version: changed by triggers with its links, its elements and its linked items' sources. */
const MATRIX_VERSION = sql<string>`coalesce((select v.version from cases_matrix_versions v where v.allegation_id = a.id), 0)::text`;

const ELEMENTS_JSON = sql<MatrixAtOnce['elements']>`coalesce((select json_agg(json_build_object('id', e.id, 'number', e.number, 'kind', e.kind, 'summary', e.summary, 'citation', e.citation) order by ae.position, e.number)
                       from cases_allegation_elements ae join cases_elements e on e.id = ae.element_id
                      where ae.allegation_id = a.id), '[]'::json)`;

export type MatrixHead = Pick<MatrixAtOnce, 'id' | 'incident_id' | 'characterisation' | 'statement' | 'proponent' | 'elements' | 'version'>;

/**
 * What the matrix shows besides its counts, and the version its counts must be of: the allegation with its proponent
 * and its elements in order. No link is read. Undefined when there is no such allegation.
 */
export async function matrixHead(db: EvidenceDb, allegationId: string): Promise<MatrixHead | undefined> {
  const result = await sql<MatrixHead>`
    select a.id, a.incident_id, a.characterisation, a.statement, p.name as proponent, ${ELEMENTS_JSON} as elements, ${MATRIX_VERSION} as version
      from cases_allegations a
      join registry_actors p on p.id = a.proponent_id
     where a.id = ${allegationId}`.execute(db);
  return result.rows[0];
}

export interface MatrixAtOnce {
  id: string;
  incident_id: string;
  characterisation: string;
  statement: string;
  proponent: string;
  elements: Array<{ id: string; number: number; kind: string; summary: string; citation: string }>;
  /** Visible items behind the counted links, and their distinct source keys. */
  items: number;
  sources: number;
  /** Raw `provided_by` values of visible items that `known` did not name: the counts are then not usable. */
  misses: string[];
  counts: MatrixCountRow[];
  /** The allegation's matrix version (migration 202612160600) in the statement's snapshot: what the counts are of. */
  version: string;
}

/**
 * The whole matrix in one statement, when the caller already knows the source key of each raw `provided_by` the
 * allegation's items carry (`known`: raw value → key, '' for a name that normalises to nothing, so the item counts
 * alone). The key rule (Unicode NFKC, case folding) is the core's, in TypeScript; the caller learns the keys from
 * the raw values this statement reports as `misses`, and asks again. Only links to the allegation's own elements, and
 * to items the actor may see, are counted (a link to any other is neither shown nor counted). Counting: links per
 * (element, direction), distinct source keys among them (all, and only those with a link graded A–C), links graded
 * low; the links are first grouped by (element, direction, source) by hashing, so no distinct count has to sort
 * every link. Undefined when there is no such allegation.
 */
export async function matrixAtOnce(db: EvidenceDb, actor: Actor, allegationId: string, known: ReadonlyArray<{ raw: string; key: string }>): Promise<MatrixAtOnce | undefined> {
  const result = await sql<MatrixAtOnce>`
    with linked as materialized (
      select distinct l.item_id from cases_evidence_links l
        join cases_allegation_elements ae on ae.allegation_id = l.allegation_id and ae.element_id = l.element_id
       where l.allegation_id = ${allegationId}),
    known as (select * from jsonb_to_recordset(${JSON.stringify(known)}::jsonb) as k(raw text, key text)),
    keyed as materialized (
      select i.id, i.provided_by, k.raw is null and i.provided_by is not null as miss,
             case when i.provided_by is null or k.key = '' then 'item:' || i.id::text else k.key end as key
        from linked join items i on i.id = linked.item_id
        left join known k on k.raw = i.provided_by
       where ${visibleSql(actor)}),
    s as (
      select l.element_id, l.direction, keyed.key, count(*) as links,
             bool_or(l.reliability not in ('D', 'E', 'F')) as reliable,
             count(*) filter (where l.reliability in ('D', 'E', 'F')) as low
        from cases_evidence_links l
        join cases_allegation_elements ae on ae.allegation_id = l.allegation_id and ae.element_id = l.element_id
        join keyed on keyed.id = l.item_id
       where l.allegation_id = ${allegationId}
       group by l.element_id, l.direction, keyed.key)
    select a.id, a.incident_id, a.characterisation, a.statement, p.name as proponent,
           ${ELEMENTS_JSON} as elements,
           (select count(*)::int from keyed) as items,
           (select count(distinct key)::int from keyed) as sources,
           coalesce((select json_agg(distinct provided_by) from keyed where miss), '[]'::json) as misses,
           ${MATRIX_VERSION} as version,
           coalesce((select json_agg(json_build_object('element_id', element_id, 'direction', direction, 'links', links, 'sources', sources,
                                                       'reliable_sources', reliable_sources, 'low', low))
                       from (select element_id, direction, sum(links)::int as links, count(*)::int as sources,
                                    (count(*) filter (where reliable))::int as reliable_sources, sum(low)::int as low
                               from s group by element_id, direction) c), '[]'::json) as counts
      from cases_allegations a
      join registry_actors p on p.id = a.proponent_id
     where a.id = ${allegationId}`.execute(db);
  return result.rows[0];
}

/** Links with their items' titles, for listing; only links to items the actor may see. */
export async function listLinks(
  db: EvidenceDb,
  actor: Actor,
  allegationId: string,
  options: { elementId?: string; linkId?: string; limit: number; offset: number },
) {
  let q = db
    .selectFrom('cases_evidence_links as l')
    .innerJoin('items as i', 'i.id', 'l.item_id')
    .leftJoin('users as u', 'u.id', 'l.created_by')
    .select([
      'l.id',
      'l.allegation_id',
      'l.element_id',
      'l.item_id',
      'l.pinpoint',
      'l.direction',
      'l.reliability',
      'l.note',
      'l.version',
      'l.created_at',
      'l.updated_at',
      'u.username as created_by_name',
      'i.title as item_title',
      'i.kind as item_kind',
      'i.provided_by',
      sql<string | null>`(select f.confidentiality from item_files f where f.id::text = l.pinpoint->>'fileId' and f.item_id = l.item_id)`.as(
        'file_confidentiality',
      ),
    ])
    .where('l.allegation_id', '=', allegationId)
    .where(visibleSql(actor));
  if (options.elementId) q = q.where('l.element_id', '=', options.elementId);
  if (options.linkId) q = q.where('l.id', '=', options.linkId);
  return q.orderBy('l.element_id').orderBy('l.created_at').orderBy('l.id').limit(options.limit).offset(options.offset).execute();
}

/** What is known of a file's extent: the metadata its extractions recorded. */
export async function fileExtent(db: EvidenceDb, itemId: string, fileId: string) {
  const file = await db
    .selectFrom('item_files')
    .select(['id', 'blob_sha256', 'confidentiality'])
    .where('id', '=', fileId)
    .where('item_id', '=', itemId)
    .executeTakeFirst();
  if (!file) return undefined;
  const extractions = await db
    .selectFrom('extractions')
    .select(['extractor', 'metadata'])
    .where('blob_sha256', '=', file.blob_sha256)
    .where('state', '=', 'done')
    .execute();
  return { file, metadata: extractions.map((e) => e.metadata).filter((m): m is Record<string, unknown> => m !== null) };
}

export async function testimonyText(db: EvidenceDb, itemId: string, language: string): Promise<string | undefined> {
  return (await db.selectFrom('testimony_texts').select('text').where('item_id', '=', itemId).where('language', '=', language).executeTakeFirst())?.text;
}

/** The files of the given items (a case file names each exhibit's file in the package's `data/`). */
export async function filesOfItems(db: EvidenceDb, itemIds: readonly string[]) {
  if (itemIds.length === 0) return [];
  return db.selectFrom('item_files').select(['id', 'item_id', 'filename']).where('item_id', 'in', itemIds).execute();
}

/**
 * The latest `created` or `changed` audit event of each of the given evidence links, whose ledger entries a case file
 * carries inclusion proofs of.
 */
export async function latestLinkAuditIds(db: EvidenceDb, linkIds: readonly string[], subjectType: string, actions: readonly [string, string]): Promise<number[]> {
  if (linkIds.length === 0) return [];
  const result = await sql<{ id: string }>`select max(id) as id from audit_events where subject_type = ${subjectType} and action in (${actions[0]}, ${actions[1]}) and subject_id = any(${linkIds}::text[]) group by subject_id`.execute(db);
  return result.rows.map((r) => Number(r.id));
}

/** What the archive's visibility rule needs to know of an item (canSeeItem); undefined when there is no such item. */
export async function itemVisibility(db: EvidenceDb, itemId: string): Promise<VisibilityFacts | undefined> {
  return db.selectFrom('items').select(['state', 'confidentiality', 'consent_scopes']).where('id', '=', itemId).executeTakeFirst();
}

export async function insertLink(db: EvidenceDb, row: Insertable<CasesEvidenceLinksTable>): Promise<void> {
  await db.insertInto('cases_evidence_links').values(row).execute();
}

export async function updateLink(db: EvidenceDb, id: string, set: Updateable<CasesEvidenceLinksTable>): Promise<void> {
  await db.updateTable('cases_evidence_links').set(set).where('id', '=', id).execute();
}

export async function deleteLink(db: EvidenceDb, id: string): Promise<void> {
  await db.deleteFrom('cases_evidence_links').where('id', '=', id).execute();
}
