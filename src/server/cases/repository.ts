import { sql, type Kysely, type Selectable } from 'kysely';
import type { CaseKnown, CasesDataset, CrimeInfo, FrameworkDataset, FrameworkKnown } from '../../core/cases/index.ts';
import type { CrimeCategory } from '../../core/cases/index.ts';
import type { Database } from '../db/schema.ts';

type Db = Kysely<Database>;

/** The records of the given tables' ids, for "already exists" and reference checks. */
export async function frameworkKnown(db: Db): Promise<FrameworkKnown> {
  const [frameworks, crimes, modes, elements] = await Promise.all([
    db.selectFrom('cases_frameworks').select('id').execute(),
    db.selectFrom('cases_crimes').select(['id', 'framework_id', 'parent_id']).execute(),
    db.selectFrom('cases_liability_modes').select('id').execute(),
    db.selectFrom('cases_elements').select('id').execute(),
  ]);
  return {
    frameworks: new Set(frameworks.map((r) => r.id)),
    crimes: new Map(crimes.map((r) => [r.id, { frameworkId: r.framework_id, parentId: r.parent_id }])),
    modes: new Set(modes.map((r) => r.id)),
    elements: new Set(elements.map((r) => r.id)),
  };
}

const ids = async (q: Promise<{ id: string }[]>) => new Set((await q).map((r) => r.id));

/** What case files may refer to; casualty records are looked up only for the ids the files name. */
export async function caseKnown(db: Db, recordIds: readonly string[]): Promise<CaseKnown> {
  const [incidents, acts, allegations, actors, sources, events, crimes, modes, elements, records] = await Promise.all([
    ids(db.selectFrom('cases_incidents').select('id').execute()),
    ids(db.selectFrom('cases_acts').select('id').execute()),
    ids(db.selectFrom('cases_allegations').select('id').execute()),
    ids(db.selectFrom('registry_actors').select('id').execute()),
    ids(db.selectFrom('registry_sources').select('id').execute()),
    ids(db.selectFrom('registry_events').select('id').execute()),
    db.selectFrom('cases_crimes').select(['id', 'framework_id', 'parent_id', 'category']).execute(),
    ids(db.selectFrom('cases_liability_modes').select('id').execute()),
    db.selectFrom('cases_elements').select(['id', 'crime_id', 'mode_id']).execute(),
    recordIds.length
      ? db
          .selectFrom('casualty_records')
          .select(sql<string>`id::text`.as('id'))
          .where(sql<boolean>`id::text in (${sql.join([...recordIds])})`)
          .execute()
      : Promise.resolve([]),
  ]);
  return {
    incidents,
    acts,
    allegations,
    actors,
    sources,
    events,
    records: new Set(records.map((r) => r.id)),
    units: null,
    crimes: new Map<string, CrimeInfo>(
      crimes.map((r) => [r.id, { frameworkId: r.framework_id, parentId: r.parent_id, category: r.category as CrimeCategory }]),
    ),
    modes,
    elements: new Map(elements.map((r) => [r.id, { crimeId: r.crime_id, modeId: r.mode_id }])),
  };
}

export async function insertFrameworks(tx: Db, d: FrameworkDataset): Promise<void> {
  if (d.frameworks.length) {
    await tx
      .insertInto('cases_frameworks')
      .values(
        d.frameworks.map((f) => ({
          id: f.id,
          name: f.name,
          instrument: f.instrument,
          jurisdiction: f.jurisdiction,
          summary_source: f.summarySource,
          language: f.language,
        })),
      )
      .execute();
  }
  // Parents before children: a crime's parent may come later in the file.
  const pending = [...d.crimes];
  const stored = new Set<string>();
  while (pending.length) {
    const ready = pending.filter((c) => c.parentId === null || stored.has(c.parentId) || !pending.some((p) => p.id === c.parentId));
    if (ready.length === 0) throw new Error('crime parents form a cycle (the parser should have refused it)');
    await tx
      .insertInto('cases_crimes')
      .values(
        ready.map((c) => ({
          id: c.id,
          framework_id: c.frameworkId,
          parent_id: c.parentId,
          category: c.category,
          article: c.article,
          title: c.title,
          quoted_terms: c.quotedTerms,
          summary: c.summary,
          position: c.position,
        })),
      )
      .execute();
    for (const c of ready) {
      stored.add(c.id);
      pending.splice(pending.indexOf(c), 1);
    }
  }
  if (d.modes.length) {
    await tx
      .insertInto('cases_liability_modes')
      .values(
        d.modes.map((m) => ({
          id: m.id,
          framework_id: m.frameworkId,
          article: m.article,
          title: m.title,
          quoted_terms: m.quotedTerms,
          summary: m.summary,
          position: m.position,
        })),
      )
      .execute();
  }
  for (let i = 0; i < d.elements.length; i += 500) {
    await tx
      .insertInto('cases_elements')
      .values(
        d.elements.slice(i, i + 500).map((e) => ({
          id: e.id,
          crime_id: e.crimeId,
          mode_id: e.modeId,
          number: e.number,
          kind: e.kind,
          summary: e.summary,
          quoted_terms: e.quotedTerms,
          citation: e.citation,
        })),
      )
      .execute();
  }
}

/** A row as PostgreSQL's to_json writes it: timestamps become text (the datasets read none of them). */
type JsonRow<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] };

/**
 * Every framework (or one), crimes and modes in stored order, elements by owner and number: one statement, each table
 * a JSON array (the elements those of the frameworks' crimes and modes).
 */
export async function loadFrameworks(db: Db, frameworkId?: string): Promise<FrameworkDataset> {
  const framework = (column: string) => (frameworkId === undefined ? sql`true` : sql`${sql.ref(column)} = ${frameworkId}`);
  const row = await sql<{
    frameworks: Array<JsonRow<Selectable<Database['cases_frameworks']>>>;
    crimes: Array<JsonRow<Selectable<Database['cases_crimes']>>>;
    modes: Array<JsonRow<Selectable<Database['cases_liability_modes']>>>;
    elements: Array<JsonRow<Selectable<Database['cases_elements']>>>;
  }>`
    select coalesce((select json_agg(f order by f.id) from cases_frameworks f where ${framework('f.id')}), '[]'::json) as frameworks,
           coalesce((select json_agg(c order by c.framework_id, c.position, c.id) from cases_crimes c where ${framework('c.framework_id')}), '[]'::json) as crimes,
           coalesce((select json_agg(m order by m.framework_id, m.position, m.id) from cases_liability_modes m where ${framework('m.framework_id')}), '[]'::json) as modes,
           coalesce((select json_agg(e) from cases_elements e
                      where e.crime_id in (select c.id from cases_crimes c where ${framework('c.framework_id')})
                         or e.mode_id in (select m.id from cases_liability_modes m where ${framework('m.framework_id')})), '[]'::json) as elements`.execute(db);
  const { frameworks: f, crimes: c, modes: m, elements: e } = row.rows[0];
  const owners = [...c.map((x) => x.id), ...m.map((x) => x.id)];
  const order = new Map(owners.map((id, i) => [id, i]));
  e.sort((a, b) => (order.get(a.crime_id ?? a.mode_id ?? '') ?? 0) - (order.get(b.crime_id ?? b.mode_id ?? '') ?? 0) || a.number - b.number);
  return {
    frameworks: f.map((r) => ({
      id: r.id,
      name: r.name,
      instrument: r.instrument,
      jurisdiction: r.jurisdiction,
      summarySource: r.summary_source,
      language: r.language,
    })),
    crimes: c.map((r) => ({
      id: r.id,
      frameworkId: r.framework_id,
      parentId: r.parent_id,
      category: r.category as CrimeCategory,
      article: r.article,
      title: r.title,
      quotedTerms: r.quoted_terms,
      summary: r.summary,
      position: r.position,
    })),
    modes: m.map((r) => ({
      id: r.id,
      frameworkId: r.framework_id,
      article: r.article,
      title: r.title,
      quotedTerms: r.quoted_terms,
      summary: r.summary,
      position: r.position,
    })),
    elements: e.map((r) => ({
      id: r.id,
      crimeId: r.crime_id,
      modeId: r.mode_id,
      number: r.number,
      kind: r.kind as FrameworkDataset['elements'][number]['kind'],
      summary: r.summary,
      quotedTerms: r.quoted_terms,
      citation: r.citation,
    })),
  };
}

export interface NamedCrimesAndModes {
  crimes: Array<{ id: string; frameworkId: string; article: string; title: string }>;
  modes: Array<{ id: string; frameworkId: string; article: string; title: string }>;
}

/** Only these crimes and liability modes (what an incident's allegations name), with what a card shows, in one statement. */
export async function crimesAndModes(db: Db, crimeIds: readonly string[], modeIds: readonly string[]): Promise<NamedCrimesAndModes> {
  if (crimeIds.length === 0 && modeIds.length === 0) return { crimes: [], modes: [] };
  // '' is never an id: it keeps each list non-empty without a second form of the statement.
  const rows = await sql<{ kind: 'crime' | 'mode'; id: string; framework_id: string; article: string; title: string }>`
    select 'crime' as kind, id, framework_id, article, title from cases_crimes where id in (${sql.join([...crimeIds, ''])})
    union all
    select 'mode', id, framework_id, article, title from cases_liability_modes where id in (${sql.join([...modeIds, ''])})`.execute(db);
  const ref = (r: (typeof rows.rows)[number]) => ({ id: r.id, frameworkId: r.framework_id, article: r.article, title: r.title });
  return { crimes: rows.rows.filter((r) => r.kind === 'crime').map(ref), modes: rows.rows.filter((r) => r.kind === 'mode').map(ref) };
}

type IncidentRecord = CasesDataset['incidents'][number];
type ActRecord = CasesDataset['acts'][number];
type AllegationRecord = CasesDataset['allegations'][number];

/** An incident's columns as an import writes them and a correction changes them. */
const incidentColumns = (i: IncidentRecord) => ({
  title: i.title,
  description: i.description,
  date_kind: i.date.kind,
  date_start: i.date.start,
  date_end: i.date.end,
  place_name: i.placeName,
  place_country: i.placeCountry,
  latitude: i.latitude,
  longitude: i.longitude,
});

/** An act's columns as an import writes them and a correction changes them (its incident and position stay). */
const actColumns = (a: ActRecord) => ({
  act_type: a.actType,
  description: a.description,
  date: a.date,
  victim_record_id: a.victimRecordId,
  victim_description: a.victimDescription,
  perpetrator_actor_id: a.perpetratorActorId,
  perpetrator_unit_id: a.perpetratorUnitId,
  perpetrator_description: a.perpetratorDescription,
  involvement: a.involvement,
  source_id: a.sourceId,
  pinpoint: a.pinpoint,
  verification: a.verification,
});

/** An allegation's columns as an import writes them and a correction changes them (its verification is set apart). */
const allegationColumns = (a: AllegationRecord) => ({
  proponent_id: a.proponentId,
  characterisation: a.characterisation,
  crime_id: a.crimeId,
  mode_id: a.modeId,
  perpetrator_actor_id: a.perpetratorActorId,
  perpetrator_unit_id: a.perpetratorUnitId,
  perpetrator_description: a.perpetratorDescription,
  statement: a.statement,
  language: a.language,
  date: a.date,
  notes: a.notes,
});

async function insertIncidentEvents(tx: Db, i: IncidentRecord): Promise<void> {
  if (i.eventIds.length)
    await tx
      .insertInto('cases_incident_events')
      .values(i.eventIds.map((e) => ({ incident_id: i.id, event_id: e })))
      .execute();
}

async function insertAllegationSources(tx: Db, a: AllegationRecord): Promise<void> {
  if (a.sources.length)
    await tx
      .insertInto('cases_allegation_sources')
      .values(a.sources.map((s, position) => ({ allegation_id: a.id, source_id: s.sourceId, pinpoint: s.pinpoint, position })))
      .execute();
}

export async function insertCases(tx: Db, d: CasesDataset, createdBy: string): Promise<void> {
  for (const i of d.incidents) {
    await tx
      .insertInto('cases_incidents')
      .values({
        id: i.id,
        ...incidentColumns(i),
        created_by: createdBy,
      })
      .execute();
    await insertIncidentEvents(tx, i);
  }
  const nextPosition = new Map<string, number>();
  for (const a of d.acts) {
    if (!nextPosition.has(a.incidentId)) {
      const row = await tx
        .selectFrom('cases_acts')
        .select(sql<number>`coalesce(max(position), -1)::int`.as('p'))
        .where('incident_id', '=', a.incidentId)
        .executeTakeFirst();
      nextPosition.set(a.incidentId, (row?.p ?? -1) + 1);
    }
    const position = nextPosition.get(a.incidentId)!;
    nextPosition.set(a.incidentId, position + 1);
    await tx
      .insertInto('cases_acts')
      .values({ id: a.id, incident_id: a.incidentId, ...actColumns(a), position })
      .execute();
  }
  for (const a of d.allegations) {
    await tx
      .insertInto('cases_allegations')
      .values({ id: a.id, incident_id: a.incidentId, ...allegationColumns(a), verification: a.verification, created_by: createdBy })
      .execute();
    await insertAllegationSources(tx, a);
    if (a.elementIds.length) {
      await tx
        .insertInto('cases_allegation_elements')
        .values(a.elementIds.map((element_id, position) => ({ allegation_id: a.id, element_id, position })))
        .execute();
    }
  }
}

/**
 * One incident's rows in one statement (each table a JSON array, in the order loadCases reads them), for the pages
 * that show one incident: on PostgreSQL one round trip instead of two of three statements each.
 */
async function incidentRows(db: Db, incidentId: string) {
  const row = await sql<{
    incidents: Array<JsonRow<Selectable<Database['cases_incidents']>>>;
    acts: Array<JsonRow<Selectable<Database['cases_acts']>>>;
    allegations: Array<JsonRow<Selectable<Database['cases_allegations']>>>;
    events: Array<Selectable<Database['cases_incident_events']>>;
    sources: Array<Selectable<Database['cases_allegation_sources']>>;
    elements: Array<Selectable<Database['cases_allegation_elements']>>;
  }>`
    select coalesce((select json_agg(i) from cases_incidents i where i.id = ${incidentId}), '[]'::json) as incidents,
           coalesce((select json_agg(a order by a.position) from cases_acts a where a.incident_id = ${incidentId}), '[]'::json) as acts,
           coalesce((select json_agg(a order by a.date, a.id) from cases_allegations a where a.incident_id = ${incidentId}), '[]'::json) as allegations,
           coalesce((select json_agg(e order by e.event_id) from cases_incident_events e where e.incident_id = ${incidentId}), '[]'::json) as events,
           coalesce((select json_agg(s order by s.position) from cases_allegation_sources s
                      where s.allegation_id in (select id from cases_allegations where incident_id = ${incidentId})), '[]'::json) as sources,
           coalesce((select json_agg(e order by e.position) from cases_allegation_elements e
                      where e.allegation_id in (select id from cases_allegations where incident_id = ${incidentId})), '[]'::json) as elements`.execute(db);
  const r = row.rows[0];
  return { i: r.incidents, ac: r.acts, al: r.allegations, events: r.events, sources: r.sources, elements: r.elements };
}

/** Every incident's rows, in a stable order. */
async function allRows(db: Db) {
  const [i, ac, al] = await Promise.all([
    db.selectFrom('cases_incidents').selectAll().orderBy('date_start').orderBy('id').execute(),
    db.selectFrom('cases_acts').selectAll().orderBy('incident_id').orderBy('position').execute(),
    db.selectFrom('cases_allegations').selectAll().orderBy('incident_id').orderBy('date').orderBy('id').execute(),
  ]);
  const [events, sources, elements] = await Promise.all([
    i.length ? db.selectFrom('cases_incident_events').selectAll().orderBy('event_id').execute() : [],
    al.length ? db.selectFrom('cases_allegation_sources').selectAll().orderBy('position').execute() : [],
    al.length ? db.selectFrom('cases_allegation_elements').selectAll().orderBy('position').execute() : [],
  ]);
  return { i, ac, al, events, sources, elements };
}

/** Incidents, acts and allegations (optionally of one incident), in a stable order. */
export async function loadCases(db: Db, incidentId?: string): Promise<CasesDataset> {
  const { i, ac, al, events, sources, elements } = incidentId === undefined ? await allRows(db) : await incidentRows(db, incidentId);
  return {
    incidents: i.map((r) => ({
      id: r.id,
      title: r.title,
      description: r.description,
      date: { kind: r.date_kind as CasesDataset['incidents'][number]['date']['kind'], start: r.date_start, end: r.date_end },
      placeName: r.place_name,
      placeCountry: r.place_country,
      latitude: r.latitude,
      longitude: r.longitude,
      eventIds: events.filter((e) => e.incident_id === r.id).map((e) => e.event_id),
    })),
    acts: ac.map((r) => ({
      id: r.id,
      incidentId: r.incident_id,
      actType: r.act_type as CasesDataset['acts'][number]['actType'],
      description: r.description,
      date: r.date,
      victimRecordId: r.victim_record_id,
      victimDescription: r.victim_description,
      perpetratorActorId: r.perpetrator_actor_id,
      perpetratorUnitId: r.perpetrator_unit_id,
      perpetratorDescription: r.perpetrator_description,
      involvement: r.involvement as CasesDataset['acts'][number]['involvement'],
      sourceId: r.source_id,
      pinpoint: r.pinpoint,
      verification: r.verification as CasesDataset['acts'][number]['verification'],
    })),
    allegations: al.map((r) => ({
      id: r.id,
      incidentId: r.incident_id,
      proponentId: r.proponent_id,
      characterisation: r.characterisation as CasesDataset['allegations'][number]['characterisation'],
      crimeId: r.crime_id,
      modeId: r.mode_id,
      perpetratorActorId: r.perpetrator_actor_id,
      perpetratorUnitId: r.perpetrator_unit_id,
      perpetratorDescription: r.perpetrator_description,
      statement: r.statement,
      language: r.language,
      date: r.date,
      verification: r.verification as CasesDataset['allegations'][number]['verification'],
      notes: r.notes,
      sources: sources.filter((s) => s.allegation_id === r.id).map((s) => ({ sourceId: s.source_id, pinpoint: s.pinpoint })),
      elementIds: elements.filter((e) => e.allegation_id === r.id).map((e) => e.element_id),
    })),
  };
}

export async function allegationIncident(db: Db, allegationId: string): Promise<string | undefined> {
  const row = await db.selectFrom('cases_allegations').select('incident_id').where('id', '=', allegationId).executeTakeFirst();
  return row?.incident_id;
}

/** The element ids an allegation relies on, in its order (evidence links hang on these). */
export async function allegationElementIds(db: Db, allegationId: string): Promise<string[]> {
  const rows = await db.selectFrom('cases_allegation_elements').select('element_id').where('allegation_id', '=', allegationId).orderBy('position').execute();
  return rows.map((r) => r.element_id);
}

export async function findAllegationRow(db: Db, id: string) {
  return db.selectFrom('cases_allegations').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function setAllegationVerification(db: Db, id: string, verification: string): Promise<void> {
  await db.updateTable('cases_allegations').set({ verification, updated_at: new Date() }).where('id', '=', id).execute();
}

/**
 * Names for the ids a view shows: actors, sources, events, casualty records (names only where asked), in one
 * statement (each kind a JSON array; a kind with no ids is not looked up).
 */
export async function names(db: Db, want: { actors: string[]; sources: string[]; events: string[]; records: string[] }) {
  const none = sql`'[]'::json`;
  const ids = (list: readonly string[]) => sql.join(list.map((id) => sql`${id}`));
  const row = await sql<{
    actors: Array<{ id: string; name: string }>;
    sources: Array<{ id: string; publisher: string; title: string; date: string | null; address: string | null }>;
    events: Array<{ id: string; name: string; start_date: string | null; end_date: string | null }>;
    records: Array<{ id: string; names: unknown; given_name: string | null; family_name: string | null }>;
  }>`
    select ${want.actors.length ? sql`coalesce((select json_agg(json_build_object('id', id, 'name', name)) from registry_actors where id in (${ids(want.actors)})), '[]'::json)` : none} as actors,
           ${want.sources.length ? sql`coalesce((select json_agg(json_build_object('id', id, 'publisher', publisher, 'title', title, 'date', date, 'address', address)) from registry_sources where id in (${ids(want.sources)})), '[]'::json)` : none} as sources,
           ${want.events.length ? sql`coalesce((select json_agg(json_build_object('id', id, 'name', name, 'start_date', start_date, 'end_date', end_date)) from registry_events where id in (${ids(want.events)})), '[]'::json)` : none} as events,
           ${want.records.length ? sql`coalesce((select json_agg(json_build_object('id', id, 'names', names, 'given_name', given_name, 'family_name', family_name)) from casualty_records where id::text in (${ids(want.records)})), '[]'::json)` : none} as records`.execute(
    db,
  );
  return row.rows[0];
}

/** Whether an incident with this id is stored. */
export async function incidentExists(db: Db, id: string): Promise<boolean> {
  return (await db.selectFrom('cases_incidents').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

export async function counts(db: Db) {
  const row = await sql<{ frameworks: number; crimes: number; elements: number; incidents: number; allegations: number }>`
    select (select count(*) from cases_frameworks)::int as frameworks,
           (select count(*) from cases_crimes)::int as crimes,
           (select count(*) from cases_elements)::int as elements,
           (select count(*) from cases_incidents)::int as incidents,
           (select count(*) from cases_allegations)::int as allegations`.execute(db);
  return row.rows[0];
}

/** The counts of the import recorded with this label, if any (the example case is loaded once). */
export async function importedWithLabel(db: Db, label: string): Promise<Record<string, number> | undefined> {
  const row = await db
    .selectFrom('audit_events')
    .select('details')
    .where('action', '=', 'cases.imported')
    .where(sql<string>`details->>'label'`, '=', label)
    .executeTakeFirst();
  return row ? ((row.details as { counts?: Record<string, number> }).counts ?? {}) : undefined;
}

/** The current stored incident row's columns a correction may change (the events are replaced as a set). */
export async function updateIncident(tx: Db, i: IncidentRecord): Promise<void> {
  await tx
    .updateTable('cases_incidents')
    .set({ ...incidentColumns(i), updated_at: new Date() })
    .where('id', '=', i.id)
    .execute();
  await tx.deleteFrom('cases_incident_events').where('incident_id', '=', i.id).execute();
  await insertIncidentEvents(tx, i);
}

/** An act's columns a correction may change; its incident and position stay. */
export async function updateAct(tx: Db, a: ActRecord): Promise<void> {
  await tx.updateTable('cases_acts').set(actColumns(a)).where('id', '=', a.id).execute();
}

/** The incident an act belongs to, locked for the correction (two corrections of one act apply one after the other). */
export async function lockAct(tx: Db, actId: string): Promise<string | undefined> {
  const row = await tx.selectFrom('cases_acts').select('incident_id').where('id', '=', actId).forUpdate().executeTakeFirst();
  return row?.incident_id;
}

/** The acts of an incident, in their order (withdrawing the incident withdraws those that stand). */
export async function actIdsOfIncident(db: Db, incidentId: string): Promise<string[]> {
  return (await db.selectFrom('cases_acts').select('id').where('incident_id', '=', incidentId).orderBy('position').execute()).map((r) => r.id);
}

export async function lockIncident(tx: Db, incidentId: string): Promise<boolean> {
  return (await tx.selectFrom('cases_incidents').select('id').where('id', '=', incidentId).forUpdate().executeTakeFirst()) !== undefined;
}

/**
 * Corrections of incidents, acts and allegations, read from their audit events (each holds the fields' values before and after
 * and the reason, and is in the ledger), oldest first.
 */
export async function corrections(db: Db, subjectType: 'cases_incident' | 'cases_act' | 'cases_allegation', subjectIds: readonly string[]) {
  if (subjectIds.length === 0) return [];
  return db
    .selectFrom('audit_events')
    .select(['subject_id', 'at', 'actor_label', 'details'])
    .where('subject_type', '=', subjectType)
    .where('action', '=', `${subjectType.replace('cases_', 'cases.')}_corrected`)
    .where('subject_id', 'in', [...subjectIds])
    .orderBy('id')
    .execute();
}

/**
 * Withdrawals and restorations of incidents, acts or allegations, read from their audit events (each is in the
 * ledger with its reason; the record's row is never changed by either), oldest first.
 */
export async function withdrawalEvents(db: Db, subjectType: 'cases_incident' | 'cases_act' | 'cases_allegation', subjectIds: readonly string[]) {
  if (subjectIds.length === 0) return [];
  const what = subjectType.replace('cases_', '');
  return db
    .selectFrom('audit_events')
    .select(['id', 'subject_id', 'action', 'at', 'actor_label', 'details'])
    .where('subject_type', '=', subjectType)
    .where('action', 'in', [`cases.${what}_withdrawn`, `cases.${what}_restored`])
    .where('subject_id', 'in', [...subjectIds])
    .orderBy('id')
    .execute();
}

/** The incident an allegation belongs to, locked for the correction. */
export async function lockAllegation(tx: Db, id: string): Promise<string | undefined> {
  const row = await tx.selectFrom('cases_allegations').select('incident_id').where('id', '=', id).forUpdate().executeTakeFirst();
  return row?.incident_id;
}

/** Of these elements of an allegation, those that evidence links hang on (a correction may not drop them). */
export async function elementsWithEvidence(db: Db, allegationId: string, elementIds: readonly string[]): Promise<string[]> {
  if (elementIds.length === 0) return [];
  const rows = await sql<{ element_id: string }>`
    select distinct element_id from cases_evidence_links
     where allegation_id = ${allegationId} and element_id in (${sql.join([...elementIds])})
     order by element_id`.execute(db);
  return rows.rows.map((r) => r.element_id);
}

/**
 * An allegation's columns, sources and elements as corrected; its incident stays. Elements are changed one by one
 * (dropped ones deleted, the others kept or added in the new order), so evidence on a kept element stays linked.
 */
export async function updateAllegation(tx: Db, a: AllegationRecord): Promise<void> {
  await tx
    .updateTable('cases_allegations')
    .set({ ...allegationColumns(a), updated_at: new Date() })
    .where('id', '=', a.id)
    .execute();
  await tx.deleteFrom('cases_allegation_sources').where('allegation_id', '=', a.id).execute();
  await insertAllegationSources(tx, a);
  let drop = tx.deleteFrom('cases_allegation_elements').where('allegation_id', '=', a.id);
  if (a.elementIds.length) drop = drop.where('element_id', 'not in', a.elementIds);
  await drop.execute();
  if (a.elementIds.length) {
    await tx
      .insertInto('cases_allegation_elements')
      .values(a.elementIds.map((element_id, position) => ({ allegation_id: a.id, element_id, position })))
      .onConflict((oc) => oc.columns(['allegation_id', 'element_id']).doUpdateSet((eb) => ({ position: eb.ref('excluded.position') })))
      .execute();
  }
}
