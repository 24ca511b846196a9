import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { registrySearchNames } from '../../core/registry/search-names.ts';
import type { Actor, Claim, Figure, RecognitionAct, RegistryDataset, RegistryEvent, Source, Translation } from '../../core/registry/index.ts';

type Db = Kysely<Database>;

/** The whole registry as records. Registries hold hundreds to a few thousand records, so views filter in memory. */
export async function loadDataset(db: Db): Promise<RegistryDataset> {
  const [sources, actors, events, claims, claimSources, contests, acts, actSources] = await Promise.all([
    db.selectFrom('registry_sources').selectAll().orderBy('id').execute(),
    db.selectFrom('registry_actors').selectAll().orderBy('id').execute(),
    db.selectFrom('registry_events').selectAll().orderBy('id').execute(),
    db.selectFrom('registry_claims').selectAll().orderBy('id').execute(),
    db.selectFrom('registry_claim_sources').selectAll().orderBy('claim_id').orderBy('position').execute(),
    db.selectFrom('registry_claim_contests').selectAll().orderBy('claim_id').orderBy('contested_id').execute(),
    db.selectFrom('registry_recognition_acts').selectAll().orderBy('id').execute(),
    db.selectFrom('registry_act_sources').selectAll().orderBy('act_id').orderBy('position').execute(),
  ]);
  const group = <T>(rows: T[], key: (r: T) => string, value: (r: T) => string) => {
    const map = new Map<string, string[]>();
    for (const row of rows) {
      const list = map.get(key(row)) ?? [];
      list.push(value(row));
      map.set(key(row), list);
    }
    return map;
  };
  const sourcesOfClaim = group(claimSources, (r) => r.claim_id, (r) => r.source_id);
  const contestsOfClaim = group(contests, (r) => r.claim_id, (r) => r.contested_id);
  const sourcesOfAct = group(actSources, (r) => r.act_id, (r) => r.source_id);
  return {
    sources: sources.map(
      (r): Source => ({
        id: r.id,
        publisher: r.publisher,
        title: r.title,
        date: r.date,
        address: r.address,
        kind: r.kind as Source['kind'],
        language: r.language,
        archiveItemId: r.archive_item_id,
      }),
    ),
    actors: actors.map(
      (r): Actor => ({
        id: r.id,
        name: r.name,
        type: r.type as Actor['type'],
        classification: r.classification as Actor['classification'],
        country: r.country,
        subdivision: r.subdivision,
        wikidata: r.wikidata,
        parentId: r.parent_id,
        description: r.description,
      }),
    ),
    events: events.map(
      (r): RegistryEvent => ({ id: r.id, name: r.name, startDate: r.start_date, endDate: r.end_date, place: r.place, description: r.description }),
    ),
    claims: claims.map(
      (r): Claim => ({
        id: r.id,
        kind: r.kind as Claim['kind'],
        assertedBy: r.asserted_by,
        attributionNote: r.attribution_note,
        eventId: r.event_id,
        statement: r.statement,
        language: r.language,
        translations: r.translations as Translation[],
        valueText: r.value_text,
        figures: r.figures as Figure[],
        date: r.date,
        sources: sourcesOfClaim.get(r.id) ?? [],
        verification: r.verification as Claim['verification'],
        contests: contestsOfClaim.get(r.id) ?? [],
        notes: r.notes,
        published: r.published,
      }),
    ),
    recognitionActs: acts.map(
      (r): RecognitionAct => ({
        id: r.id,
        kind: r.kind as RecognitionAct['kind'],
        bodyId: r.body_id,
        eventId: r.event_id,
        jurisdiction: r.jurisdiction,
        level: r.level as RecognitionAct['level'],
        date: r.date,
        term: r.term,
        terms: r.terms as RecognitionAct['terms'],
        instrument: r.instrument,
        documentSourceId: r.document_source_id,
        courtId: r.court_id,
        roles: r.roles as RecognitionAct['roles'],
        sources: sourcesOfAct.get(r.id) ?? [],
        verification: r.verification as RecognitionAct['verification'],
        notes: r.notes,
        published: r.published,
      }),
    ),
  };
}

export async function existingIds(db: Db): Promise<Record<'sources' | 'actors' | 'events' | 'claims' | 'recognitionActs', Set<string>>> {
  const ids = async (table: 'registry_sources' | 'registry_actors' | 'registry_events' | 'registry_claims' | 'registry_recognition_acts') =>
    new Set((await db.selectFrom(table).select('id').execute()).map((r) => r.id));
  return {
    sources: await ids('registry_sources'),
    actors: await ids('registry_actors'),
    events: await ids('registry_events'),
    claims: await ids('registry_claims'),
    recognitionActs: await ids('registry_recognition_acts'),
  };
}

const CHUNK = 500;
async function insertChunks<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await insert(rows.slice(i, i + CHUNK));
}

const sourceRow = (s: Source) => ({
  id: s.id,
  publisher: s.publisher,
  title: s.title,
  date: s.date,
  address: s.address,
  kind: s.kind,
  language: s.language,
  archive_item_id: s.archiveItemId,
});

const actorRow = (a: Actor) => ({
  id: a.id,
  name: a.name,
  type: a.type,
  classification: a.classification,
  country: a.country,
  subdivision: a.subdivision,
  wikidata: a.wikidata,
  parent_id: a.parentId,
  description: a.description,
  search_names: registrySearchNames(a.name),
});

const eventRow = (e: RegistryEvent) => ({
  id: e.id,
  name: e.name,
  start_date: e.startDate,
  end_date: e.endDate,
  place: e.place,
  description: e.description,
  search_names: registrySearchNames(e.name, e.place),
});

const claimRow = (c: Claim) => ({
  id: c.id,
  kind: c.kind,
  asserted_by: c.assertedBy,
  attribution_note: c.attributionNote,
  event_id: c.eventId,
  statement: c.statement,
  language: c.language,
  translations: JSON.stringify(c.translations),
  value_text: c.valueText,
  figures: JSON.stringify(c.figures),
  date: c.date,
  verification: c.verification,
  notes: c.notes,
  published: c.published,
});

const actRow = (a: RecognitionAct) => ({
  id: a.id,
  kind: a.kind,
  body_id: a.bodyId,
  event_id: a.eventId,
  jurisdiction: a.jurisdiction,
  level: a.level,
  date: a.date,
  term: a.term,
  terms: JSON.stringify(a.terms),
  instrument: a.instrument,
  document_source_id: a.documentSourceId,
  court_id: a.courtId,
  roles: JSON.stringify(a.roles),
  verification: a.verification,
  notes: a.notes,
  published: a.published,
});

const claimSourceRows = (claims: readonly Claim[]) => claims.flatMap((c) => c.sources.map((s, position) => ({ claim_id: c.id, source_id: s, position })));
const contestRows = (claims: readonly Claim[]) => claims.flatMap((c) => c.contests.map((contested) => ({ claim_id: c.id, contested_id: contested })));
const actSourceRows = (acts: readonly RecognitionAct[]) => acts.flatMap((a) => a.sources.map((s, position) => ({ act_id: a.id, source_id: s, position })));

/** Inserts a checked dataset; actors are ordered so that a parent is inserted before its children. */
export async function insertDataset(db: Db, data: RegistryDataset): Promise<void> {
  await insertChunks(data.sources, (chunk) => db.insertInto('registry_sources').values(chunk.map(sourceRow)).execute());
  await insertChunks(parentsFirst(data.actors), (chunk) => db.insertInto('registry_actors').values(chunk.map(actorRow)).execute());
  await insertChunks(data.events, (chunk) => db.insertInto('registry_events').values(chunk.map(eventRow)).execute());
  await insertChunks(data.claims, (chunk) => db.insertInto('registry_claims').values(chunk.map(claimRow)).execute());
  await insertChunks(claimSourceRows(data.claims), (chunk) => db.insertInto('registry_claim_sources').values(chunk).execute());
  await insertChunks(contestRows(data.claims), (chunk) => db.insertInto('registry_claim_contests').values(chunk).execute());
  await insertChunks(data.recognitionActs, (chunk) => db.insertInto('registry_recognition_acts').values(chunk.map(actRow)).execute());
  await insertChunks(actSourceRows(data.recognitionActs), (chunk) => db.insertInto('registry_act_sources').values(chunk).execute());
}

/** Replaces a checked record's fields (its id stays); a claim's or act's sources and contested claims are rewritten. */
export async function updateSource(db: Db, s: Source): Promise<void> {
  const { id, ...row } = sourceRow(s);
  await db.updateTable('registry_sources').set(row).where('id', '=', id).execute();
}

export async function updateActor(db: Db, a: Actor): Promise<void> {
  const { id, ...row } = actorRow(a);
  await db.updateTable('registry_actors').set(row).where('id', '=', id).execute();
}

export async function updateEvent(db: Db, e: RegistryEvent): Promise<void> {
  const { id, ...row } = eventRow(e);
  await db.updateTable('registry_events').set(row).where('id', '=', id).execute();
}

export async function replaceClaim(db: Db, c: Claim): Promise<void> {
  const { id, ...row } = claimRow(c);
  await db.updateTable('registry_claims').set({ ...row, updated_at: new Date() }).where('id', '=', id).execute();
  await db.deleteFrom('registry_claim_sources').where('claim_id', '=', id).execute();
  await db.deleteFrom('registry_claim_contests').where('claim_id', '=', id).execute();
  const sources = claimSourceRows([c]);
  if (sources.length) await db.insertInto('registry_claim_sources').values(sources).execute();
  const contests = contestRows([c]);
  if (contests.length) await db.insertInto('registry_claim_contests').values(contests).execute();
}

export async function replaceAct(db: Db, a: RecognitionAct): Promise<void> {
  const { id, ...row } = actRow(a);
  await db.updateTable('registry_recognition_acts').set({ ...row, updated_at: new Date() }).where('id', '=', id).execute();
  await db.deleteFrom('registry_act_sources').where('act_id', '=', id).execute();
  const sources = actSourceRows([a]);
  if (sources.length) await db.insertInto('registry_act_sources').values(sources).execute();
}

function parentsFirst(actors: Actor[]): Actor[] {
  const byId = new Map(actors.map((a) => [a.id, a]));
  const done = new Set<string>();
  const out: Actor[] = [];
  const visit = (a: Actor, depth: number) => {
    if (done.has(a.id) || depth > actors.length) return;
    const parent = a.parentId ? byId.get(a.parentId) : undefined;
    if (parent) visit(parent, depth + 1);
    done.add(a.id);
    out.push(a);
  };
  for (const a of actors) visit(a, 0);
  return out;
}

export async function findClaimRow(db: Db, id: string) {
  return db.selectFrom('registry_claims').select(['id', 'verification', 'published']).where('id', '=', id).executeTakeFirst();
}

export async function findActRow(db: Db, id: string) {
  return db.selectFrom('registry_recognition_acts').select(['id', 'verification', 'published']).where('id', '=', id).executeTakeFirst();
}

export async function updateClaim(db: Db, id: string, patch: { verification?: string; published?: boolean }): Promise<void> {
  await db.updateTable('registry_claims').set({ ...patch, updated_at: new Date() }).where('id', '=', id).execute();
}

export async function updateAct(db: Db, id: string, patch: { verification?: string; published?: boolean }): Promise<void> {
  await db.updateTable('registry_recognition_acts').set({ ...patch, updated_at: new Date() }).where('id', '=', id).execute();
}

export async function findImportByLabel(db: Db, label: string) {
  return db.selectFrom('registry_imports').selectAll().where('label', '=', label).orderBy('imported_at').executeTakeFirst();
}

export async function insertImport(db: Db, row: { id: string; label: string; sha256: string; counts: Record<string, number>; importedBy: string }): Promise<void> {
  await db
    .insertInto('registry_imports')
    .values({ id: row.id, label: row.label, sha256: row.sha256, counts: JSON.stringify(row.counts), imported_by: row.importedBy })
    .execute();
}

export async function countRecords(db: Db): Promise<number> {
  const row = await db
    .selectFrom('registry_claims')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const acts = await db
    .selectFrom('registry_recognition_acts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n) + Number(acts.n);
}

/** A page of registry actors or events, by id after `after`: what the search-names job recomputes from. */
export async function searchNamesPage(
  db: Db,
  table: 'registry_actors' | 'registry_events',
  after: string,
  limit: number,
): Promise<Array<{ id: string; name: string; place: string | null; search_names: string }>> {
  if (table === 'registry_actors') {
    const rows = await db.selectFrom('registry_actors').select(['id', 'name', 'search_names']).where('id', '>', after).orderBy('id').limit(limit).execute();
    return rows.map((r) => ({ ...r, place: null }));
  }
  return db.selectFrom('registry_events').select(['id', 'name', 'place', 'search_names']).where('id', '>', after).orderBy('id').limit(limit).execute();
}

/** Writes `search_names` of many actors or events in one statement. */
export async function writeSearchNames(db: Db, table: 'registry_actors' | 'registry_events', rows: ReadonlyArray<{ id: string; names: string }>): Promise<void> {
  if (rows.length === 0) return;
  await sql`update ${sql.table(table)} t set search_names = v.names from unnest(${rows.map((r) => r.id)}::text[], ${rows.map((r) => r.names)}::text[]) as v(id, names) where t.id = v.id`.execute(
    db,
  );
}
