import { sql, type Insertable, type Kysely, type Selectable, type Transaction, type Updateable } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { RecordView } from './schemas.ts';
import type { CasualtyRecordsTable, CasualtySourcesTable, LinkageRunRow, PersonRow, ReviewDecisionRow, ReviewDecisionsTable } from './tables.ts';
import { collectInBatches, inBatches, likePattern } from '../db/helpers.ts';

/** SQL of the casualties module: parameterised Kysely queries, no domain rules (those are in the services). */

type Db = Kysely<Database> | Transaction<Database>;

const RECORD_COLUMNS = [
  'id',
  'source_id',
  'source_record_id',
  'version',
  'supersedes',
  'current',
  'names',
  'given_name',
  'family_name',
  'patronymic',
  'sex',
  'age',
  'birth_date',
  'death_date',
  'place',
  'status',
  'type',
  'cause',
  'perpetrator_reported',
  'notes',
  'line',
  'correction_reason',
  'created_by',
  'created_at',
] as const;
export type RecordRow = Pick<Selectable<CasualtyRecordsTable>, (typeof RECORD_COLUMNS)[number]>;

/** A historical register's household columns (migration 202612140100), which a linkage run reads beside a record. */
export const HOUSEHOLD_COLUMNS = ['relation', 'marital_condition', 'occupation', 'father_name', 'mother_name', 'maiden_name'] as const;
export type HouseholdRow = Pick<Selectable<CasualtyRecordsTable>, (typeof HOUSEHOLD_COLUMNS)[number]>;

export function recordView(r: RecordRow): RecordView {
  return {
    id: r.id,
    sourceId: r.source_id,
    sourceRecordId: r.source_record_id,
    version: r.version,
    supersedes: r.supersedes,
    current: r.current,
    names: r.names,
    familyName: r.family_name,
    givenName: r.given_name,
    patronymic: r.patronymic,
    sex: r.sex as RecordView['sex'],
    age: r.age,
    birthDate: r.birth_date,
    deathDate: r.death_date,
    place: r.place,
    status: r.status as RecordView['status'],
    type: r.type,
    cause: r.cause,
    perpetratorReported: r.perpetrator_reported,
    notes: r.notes,
    line: r.line,
    correctionReason: r.correction_reason,
    createdBy: r.created_by,
    createdAt: new Date(r.created_at).toISOString(),
  };
}

/** Kept for the modules that import it from here (missing, public); new code imports it from db/helpers.ts. */
export { likePattern };

// ---------- sources ----------

export async function findSource(db: Db, id: string) {
  return db.selectFrom('casualty_sources').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findSourceByName(db: Db, name: string) {
  return db
    .selectFrom('casualty_sources')
    .select('id')
    .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()))
    .executeTakeFirst();
}

export async function insertSource(db: Db, row: Insertable<CasualtySourcesTable>): Promise<void> {
  await db.insertInto('casualty_sources').values(row).execute();
}

/** The source, locked until the transaction ends (its changes and imports are serialised). */
export async function lockSource(db: Db, id: string) {
  return db.selectFrom('casualty_sources').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function updateSourceRow(db: Db, id: string, set: Updateable<CasualtySourcesTable>): Promise<void> {
  await db.updateTable('casualty_sources').set(set).where('id', '=', id).execute();
}

// ---------- record versions ----------

/** One version of a record, locked until the transaction ends. */
export async function lockRecord(db: Db, id: string) {
  return db.selectFrom('casualty_records').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function currentVersionId(db: Db, sourceId: string, sourceRecordId: string): Promise<string | null> {
  const row = await db
    .selectFrom('casualty_records')
    .select('id')
    .where('source_id', '=', sourceId)
    .where('source_record_id', '=', sourceRecordId)
    .where('current', '=', true)
    .executeTakeFirst();
  return row?.id ?? null;
}

export async function markSuperseded(db: Db, id: string): Promise<void> {
  await db.updateTable('casualty_records').set({ current: false }).where('id', '=', id).execute();
}

/** Of the given record ids of a source, those a current record already has. */
export async function existingRecordIds(db: Db, sourceId: string, sourceRecordIds: string[]): Promise<Set<string>> {
  const rows = await collectInBatches(sourceRecordIds, 5000, (batch) =>
    db
      .selectFrom('casualty_records')
      .select('source_record_id')
      .where('source_id', '=', sourceId)
      .where('current', '=', true)
      .where('source_record_id', 'in', batch)
      .execute(),
  );
  return new Set(rows.map((r) => r.source_record_id));
}

/** Records of 22 columns: 500 a statement stays far below PostgreSQL's bound-parameter limit. */
export async function insertRecords(db: Db, rows: Array<Insertable<CasualtyRecordsTable>>): Promise<void> {
  await inBatches(rows, 500, (batch) => db.insertInto('casualty_records').values(batch).execute());
}

export async function sourcesWithCounts(db: Db, ids?: string[]) {
  let query = db
    .selectFrom('casualty_sources as s')
    .leftJoin('casualty_records as r', (j) => j.onRef('r.source_id', '=', 's.id').on('r.current', '=', true))
    .select((eb) => [
      's.id',
      's.name',
      's.compiled_by',
      's.compiled_at',
      's.method',
      's.archive_item_id',
      's.column_mapping',
      eb.fn.count<string>('r.id').as('records'),
    ])
    .groupBy('s.id')
    .orderBy('s.name');
  if (ids) query = query.where('s.id', 'in', ids.length ? ids : ['00000000-0000-0000-0000-000000000000']);
  return query.execute();
}

export async function sourceNames(db: Db, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('casualty_sources').select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

// ---------- records ----------

export async function listRecords(db: Db, sourceId: string, filter: { q?: string; history: boolean; limit: number; offset: number; romanised?: string }) {
  let query = db.selectFrom('casualty_records').where('source_id', '=', sourceId);
  if (!filter.history) query = query.where('current', '=', true);
  if (filter.q) {
    const written = likePattern(filter.q.toLowerCase());
    const romanised = filter.romanised ? likePattern(filter.romanised) : null;
    query = query.where((eb) => eb.or([eb(sql<string>`lower(names::text)`, 'like', written), ...(romanised ? [eb('search_names', 'like', romanised)] : [])]));
  }
  const total = await query.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  const rows = await query
    .select([...RECORD_COLUMNS])
    .orderBy('source_record_id')
    .orderBy('version', 'desc')
    .limit(filter.limit)
    .offset(filter.offset)
    .execute();
  return { rows: rows as RecordRow[], total: Number(total.n) };
}

export async function findRecord(db: Db, id: string) {
  const row = await db
    .selectFrom('casualty_records')
    .select([...RECORD_COLUMNS, 'raw_row'])
    .where('id', '=', id)
    .executeTakeFirst();
  return row as (RecordRow & { raw_row: Record<string, string> }) | undefined;
}

export async function recordVersions(db: Db, sourceId: string, sourceRecordId: string): Promise<RecordRow[]> {
  return (await db
    .selectFrom('casualty_records')
    .select([...RECORD_COLUMNS])
    .where('source_id', '=', sourceId)
    .where('source_record_id', '=', sourceRecordId)
    .orderBy('version')
    .execute()) as RecordRow[];
}

export async function recordsByIds(db: Db, ids: string[]): Promise<RecordRow[]> {
  const out: RecordRow[] = [];
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 1000) {
    out.push(
      ...((await db
        .selectFrom('casualty_records')
        .select([...RECORD_COLUMNS])
        .where('id', 'in', unique.slice(i, i + 1000))
        .execute()) as RecordRow[]),
    );
  }
  return out;
}

/**
 * Current records of the sources with the cells of their list rows, in a fixed order: source order given, then the
 * list's own line order (as `reckon link` reads the file), records added by hand after them by their list id.
 */
export async function currentRecords(db: Db, sourceIds: string[]): Promise<Array<RecordRow & HouseholdRow & { raw_row: Record<string, string> }>> {
  const out: Array<RecordRow & HouseholdRow & { raw_row: Record<string, string> }> = [];
  for (const sourceId of sourceIds) {
    out.push(
      ...((await db
        .selectFrom('casualty_records')
        .select([...RECORD_COLUMNS, ...HOUSEHOLD_COLUMNS, 'raw_row'])
        .where('source_id', '=', sourceId)
        .where('current', '=', true)
        .orderBy(sql`line asc nulls last`)
        .orderBy('source_record_id')
        .execute()) as Array<RecordRow & HouseholdRow & { raw_row: Record<string, string> }>),
    );
  }
  return out;
}

/** The import mappings of sources (the columns their rows were read from). */
export async function sourceMappings(db: Db, ids: string[]): Promise<Array<{ id: string; column_mapping: Record<string, unknown> }>> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('casualty_sources').select(['id', 'column_mapping']).where('id', 'in', ids).execute();
  const byId = new Map(rows.map((r) => [r.id, r.column_mapping as Record<string, unknown>]));
  return ids.filter((id) => byId.has(id)).map((id) => ({ id, column_mapping: byId.get(id)! }));
}

/**
 * What the current records of the sources hold, to choose a run's columns: whether any gives each name part in its
 * own column, and one row's cells per source (its list's header).
 */
export async function runShape(
  db: Db,
  sourceIds: string[],
): Promise<{
  given: boolean;
  family: boolean;
  patronymic: boolean;
  birth: boolean;
  death: boolean;
  age: boolean;
  occupation: boolean;
  condition: boolean;
  maiden: boolean;
  rawHeaders: string[][];
}> {
  if (sourceIds.length === 0)
    return {
      given: false,
      family: false,
      patronymic: false,
      birth: false,
      death: false,
      age: false,
      occupation: false,
      condition: false,
      maiden: false,
      rawHeaders: [],
    };
  const counts = await db
    .selectFrom('casualty_records')
    .select((eb) => [
      eb.fn.count<string>('given_name').as('given'),
      eb.fn.count<string>('family_name').as('family'),
      eb.fn.count<string>('patronymic').as('patronymic'),
      eb.fn.count<string>('birth_date').as('birth'),
      eb.fn.count<string>('death_date').as('death'),
      eb.fn.count<string>('age').as('age'),
      eb.fn.count<string>('occupation').as('occupation'),
      eb.fn.count<string>('marital_condition').as('condition'),
      eb.fn.count<string>('maiden_name').as('maiden'),
    ])
    .where('source_id', 'in', sourceIds)
    .where('current', '=', true)
    .executeTakeFirstOrThrow();
  const rawHeaders: string[][] = [];
  for (const sourceId of sourceIds) {
    const row = await db
      .selectFrom('casualty_records')
      .select('raw_row')
      .where('source_id', '=', sourceId)
      .where('current', '=', true)
      .orderBy('line')
      .limit(1)
      .executeTakeFirst();
    if (row?.raw_row) rawHeaders.push(Object.keys(row.raw_row as Record<string, string>));
  }
  return {
    given: Number(counts.given) > 0,
    family: Number(counts.family) > 0,
    patronymic: Number(counts.patronymic) > 0,
    birth: Number(counts.birth) > 0,
    death: Number(counts.death) > 0,
    age: Number(counts.age) > 0,
    occupation: Number(counts.occupation) > 0,
    condition: Number(counts.condition) > 0,
    maiden: Number(counts.maiden) > 0,
    rawHeaders,
  };
}

export async function countCurrentRecords(db: Db, sourceIds: string[]): Promise<number> {
  if (sourceIds.length === 0) return 0;
  const row = await db
    .selectFrom('casualty_records')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('source_id', 'in', sourceIds)
    .where('current', '=', true)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** (source, list id) of each record id, to carry decisions on earlier versions over to the current one. */
export async function recordKeys(db: Db, ids: string[]): Promise<Map<string, { sourceId: string; sourceRecordId: string }>> {
  const out = new Map<string, { sourceId: string; sourceRecordId: string }>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 1000) {
    const rows = await db
      .selectFrom('casualty_records')
      .select(['id', 'source_id', 'source_record_id'])
      .where('id', 'in', unique.slice(i, i + 1000))
      .execute();
    for (const r of rows) out.set(r.id, { sourceId: r.source_id, sourceRecordId: r.source_record_id });
  }
  return out;
}

// ---------- runs ----------

export async function insertRun(db: Db, row: { id: string; sourceIds: string[]; settings: unknown; reviewFloor: number; createdBy: string | null }) {
  await db
    .insertInto('linkage_runs')
    .values({
      id: row.id,
      source_ids: JSON.stringify(row.sourceIds),
      settings: JSON.stringify(row.settings),
      state: 'queued',
      review_floor: row.reviewFloor,
      created_by: row.createdBy,
    })
    .execute();
}

export async function setRunJob(db: Db, id: string, jobId: string): Promise<void> {
  await db.updateTable('linkage_runs').set({ job_id: jobId }).where('id', '=', id).execute();
}

export async function findRun(db: Db, id: string): Promise<LinkageRunRow | undefined> {
  return db.selectFrom('linkage_runs').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listRuns(db: Db, limit: number): Promise<LinkageRunRow[]> {
  return db.selectFrom('linkage_runs').selectAll().orderBy('created_at', 'desc').orderBy('id').limit(limit).execute();
}

export async function latestDoneRun(db: Db): Promise<LinkageRunRow | undefined> {
  return db
    .selectFrom('linkage_runs')
    .selectAll()
    .where('state', '=', 'done')
    .orderBy('finished_at', 'desc')
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function updateRun(
  db: Db,
  id: string,
  change: {
    state?: LinkageRunRow['state'];
    progress?: number;
    progressLabel?: string | null;
    error?: string | null;
    counts?: Record<string, number>;
    model?: unknown;
    settings?: unknown;
    warnings?: string[];
    finishedAt?: Date | null;
  },
): Promise<void> {
  await db
    .updateTable('linkage_runs')
    .set({
      ...(change.state !== undefined ? { state: change.state } : {}),
      ...(change.progress !== undefined ? { progress: Math.max(0, Math.min(1, change.progress)) } : {}),
      ...(change.progressLabel !== undefined ? { progress_label: change.progressLabel } : {}),
      ...(change.error !== undefined ? { error: change.error } : {}),
      ...(change.counts !== undefined ? { counts: JSON.stringify(change.counts) } : {}),
      ...(change.model !== undefined ? { model: JSON.stringify(change.model) } : {}),
      ...(change.settings !== undefined ? { settings: JSON.stringify(change.settings) } : {}),
      ...(change.warnings !== undefined ? { warnings: JSON.stringify(change.warnings) } : {}),
      ...(change.finishedAt !== undefined ? { finished_at: change.finishedAt } : {}),
    })
    .where('id', '=', id)
    .execute();
}

/** Pairs and persons of a run (decisions are kept: they belong to the records, not the run). */
export async function clearRunResults(db: Db, runId: string): Promise<void> {
  await db.deleteFrom('person_records').where('run_id', '=', runId).execute();
  await db.deleteFrom('persons').where('run_id', '=', runId).execute();
  await db.deleteFrom('linkage_pairs').where('run_id', '=', runId).execute();
}

export async function deleteRun(db: Db, runId: string): Promise<void> {
  await clearRunResults(db, runId);
  await db.deleteFrom('linkage_runs').where('id', '=', runId).execute();
}

export interface PairInsert {
  record_a: string;
  record_b: string;
  probability: number;
  weight: number;
  explanation: unknown;
}

export async function insertPairs(db: Db, runId: string, pairs: PairInsert[]): Promise<void> {
  await inBatches(pairs, 1000, (batch) =>
    db
      .insertInto('linkage_pairs')
      .values(
        batch.map((p) => ({
          run_id: runId,
          record_a: p.record_a,
          record_b: p.record_b,
          probability: p.probability,
          weight: p.weight,
          explanation: JSON.stringify(p.explanation),
        })),
      )
      .execute(),
  );
}

export interface PersonInsert {
  person_id: number;
  capture_history: string;
  record_count: number;
  sex: string;
  age_band: string;
  status: string;
  death_date: string;
  place: string;
  disagreements: string[];
  flags: string[];
}

export async function insertPersons(
  db: Db,
  runId: string,
  persons: PersonInsert[],
  members: Array<{ person_id: number; record_id: string; probability: number | null }>,
): Promise<void> {
  await inBatches(persons, 1000, (batch) =>
    db
      .insertInto('persons')
      .values(batch.map((p) => ({ ...p, run_id: runId, disagreements: JSON.stringify(p.disagreements), flags: JSON.stringify(p.flags) })))
      .execute(),
  );
  await inBatches(members, 2000, (batch) =>
    db
      .insertInto('person_records')
      .values(batch.map((m) => ({ ...m, run_id: runId })))
      .execute(),
  );
}

// ---------- review ----------

export async function reviewPage(
  db: Db,
  runId: string,
  band: { min: number; max: number },
  status: 'all' | 'undecided' | 'decided',
  limit: number,
  offset: number,
) {
  let query = db
    .selectFrom('linkage_pairs as p')
    .leftJoin('review_decisions as d', (j) => j.onRef('d.record_a', '=', 'p.record_a').onRef('d.record_b', '=', 'p.record_b').on('d.current', '=', true))
    .where('p.run_id', '=', runId)
    .where('p.probability', '>=', band.min)
    .where('p.probability', '<=', band.max);
  if (status === 'undecided') query = query.where('d.id', 'is', null);
  if (status === 'decided') query = query.where('d.id', 'is not', null);
  const counts = await query
    .select((eb) => [eb.fn.countAll<string>().as('total'), sql<string>`count(*) filter (where d.id is null)`.as('undecided')])
    .executeTakeFirstOrThrow();
  const rows = await query
    .select(['p.record_a', 'p.record_b', 'p.probability', 'p.weight', 'p.explanation', 'd.id as decision_id'])
    .orderBy(sql`(d.id is null)`, 'desc')
    .orderBy(sql`abs(p.probability - 0.5)`)
    .orderBy('p.record_a')
    .orderBy('p.record_b')
    .limit(limit)
    .offset(offset)
    .execute();
  return { rows, total: Number(counts.total), undecided: Number(counts.undecided) };
}

export async function decisionsByIds(db: Db, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('review_decisions as d')
    .leftJoin('users as u', 'u.id', 'd.reviewer_id')
    .selectAll('d')
    .select('u.username as reviewer')
    .where('d.id', 'in', ids)
    .execute();
}

export async function currentDecision(db: Db, a: string, b: string): Promise<ReviewDecisionRow | undefined> {
  return db.selectFrom('review_decisions').selectAll().where('record_a', '=', a).where('record_b', '=', b).where('current', '=', true).executeTakeFirst();
}

export async function allCurrentDecisions(db: Db) {
  return db.selectFrom('review_decisions').select(['record_a', 'record_b', 'decision']).where('current', '=', true).orderBy('at').orderBy('id').execute();
}

/** Whether a run stored the two records as a pair, or put them in one person. */
export async function isKnownPair(db: Db, a: string, b: string): Promise<boolean> {
  const pair = await db.selectFrom('linkage_pairs').select('run_id').where('record_a', '=', a).where('record_b', '=', b).limit(1).executeTakeFirst();
  if (pair) return true;
  const together = await db
    .selectFrom('person_records as x')
    .innerJoin('person_records as y', (j) => j.onRef('y.run_id', '=', 'x.run_id').onRef('y.person_id', '=', 'x.person_id'))
    .select('x.run_id')
    .where('x.record_id', '=', a)
    .where('y.record_id', '=', b)
    .limit(1)
    .executeTakeFirst();
  return Boolean(together);
}

export async function listDecisions(db: Db, history: boolean, limit: number, offset: number) {
  let query = db.selectFrom('review_decisions as d');
  if (!history) query = query.where('d.current', '=', true);
  const total = await query.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  const rows = await query
    .leftJoin('users as u', 'u.id', 'd.reviewer_id')
    .selectAll('d')
    .select('u.username as reviewer')
    .orderBy('d.at', 'desc')
    .orderBy('d.id')
    .limit(limit)
    .offset(offset)
    .execute();
  return { rows, total: Number(total.n) };
}

// ---------- results ----------

export async function personsPage(
  db: Db,
  runId: string,
  filter: { q?: string; romanised?: string; pattern?: string; linked: boolean; flagged?: boolean; limit: number; offset: number },
) {
  let query = db.selectFrom('persons as p').where('p.run_id', '=', runId);
  if (filter.pattern) query = query.where('p.capture_history', '=', filter.pattern);
  if (filter.linked) query = query.where('p.record_count', '>', 1);
  if (filter.flagged) query = query.where(sql<boolean>`jsonb_array_length(p.flags) > 0`);
  if (filter.q) {
    const written = likePattern(filter.q.toLowerCase());
    const romanised = filter.romanised ? likePattern(filter.romanised) : null;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('person_records as m')
          .innerJoin('casualty_records as r', 'r.id', 'm.record_id')
          .select('m.record_id')
          .whereRef('m.run_id', '=', 'p.run_id')
          .whereRef('m.person_id', '=', 'p.person_id')
          .where((e2) => e2.or([e2(sql<string>`lower(r.names::text)`, 'like', written), ...(romanised ? [e2('r.search_names', 'like', romanised)] : [])])),
      ),
    );
  }
  const total = await query.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  const ordered = filter.flagged ? query.orderBy('p.record_count', 'desc') : query;
  const rows = await ordered.selectAll('p').orderBy('p.person_id').limit(filter.limit).offset(filter.offset).execute();
  return { rows: rows as PersonRow[], total: Number(total.n) };
}

export async function findPerson(db: Db, runId: string, personId: number): Promise<PersonRow | undefined> {
  return (await db.selectFrom('persons').selectAll().where('run_id', '=', runId).where('person_id', '=', personId).executeTakeFirst()) as PersonRow | undefined;
}

export async function membersOf(db: Db, runId: string, personIds: number[]) {
  if (personIds.length === 0) return [];
  return db
    .selectFrom('person_records')
    .select(['person_id', 'record_id', 'probability'])
    .where('run_id', '=', runId)
    .where('person_id', 'in', personIds)
    .orderBy('person_id')
    .orderBy('record_id')
    .execute();
}

export async function countPersonsBy(
  db: Db,
  runId: string,
  column: 'sex' | 'age_band' | 'status' | 'place' | 'capture_history',
): Promise<Array<{ key: string; persons: number }>> {
  const rows = await db
    .selectFrom('persons')
    .select((eb) => [eb.ref(column).as('key'), eb.fn.countAll<string>().as('n')])
    .where('run_id', '=', runId)
    .groupBy(column)
    .orderBy(sql`count(*)`, 'desc')
    .orderBy(column)
    .execute();
  return rows.map((r) => ({ key: String(r.key ?? 'unknown'), persons: Number(r.n) }));
}

/** Persons by death date cut to `chars` characters (10: day, 7: month); shorter dates fall under "unknown" for days. */
export async function countPersonsByDeath(db: Db, runId: string, chars: 7 | 10): Promise<Array<{ key: string; persons: number }>> {
  // a literal, not a parameter: the same expression must appear in select and group by
  const n = sql.raw(String(chars));
  const key = sql<string>`case when death_date in ('unknown', 'conflicting') then death_date when length(death_date) >= ${n} then substr(death_date, 1, ${n}) else 'unknown' end`;
  const rows = await db
    .selectFrom('persons')
    .select([key.as('key'), sql<string>`count(*)`.as('n')])
    .where('run_id', '=', runId)
    .groupBy(key)
    .orderBy(key)
    .execute();
  return rows.map((r) => ({ key: r.key, persons: Number(r.n) }));
}

export async function recordsPerSource(db: Db, runId: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('person_records as m')
    .innerJoin('casualty_records as r', 'r.id', 'm.record_id')
    .select(['r.source_id', sql<string>`count(*)`.as('n')])
    .where('m.run_id', '=', runId)
    .groupBy('r.source_id')
    .execute();
  return new Map(rows.map((r) => [r.source_id, Number(r.n)]));
}

export async function disagreementCounts(db: Db, runId: string): Promise<{ persons: number; byField: Map<string, number> }> {
  const rows = await sql<{ field: string; n: string }>`
    select f.field, count(*) as n from persons p, jsonb_array_elements_text(p.disagreements) as f(field)
    where p.run_id = ${runId} group by f.field`.execute(db);
  const persons = await sql<{ n: string }>`select count(*) as n from persons where run_id = ${runId} and jsonb_array_length(disagreements) > 0`.execute(db);
  return { persons: Number(persons.rows[0].n), byField: new Map(rows.rows.map((r) => [r.field, Number(r.n)])) };
}

export async function personsWithDisagreements(db: Db, runId: string, limit: number): Promise<PersonRow[]> {
  return (await db
    .selectFrom('persons')
    .selectAll()
    .where('run_id', '=', runId)
    .where(sql<boolean>`jsonb_array_length(disagreements) > 0`)
    .orderBy('person_id')
    .limit(limit)
    .execute()) as PersonRow[];
}

export async function allPersons(db: Db, runId: string) {
  return db
    .selectFrom('persons')
    .select(['person_id', 'capture_history', 'sex', 'age_band', 'status', 'death_date', 'place'])
    .where('run_id', '=', runId)
    .orderBy('person_id')
    .execute();
}

// ---------- run cancellation (the rules are in run-cancel.ts) ----------

const now = () => sql<Date>`now()` as unknown as Date;

/**
 * FOR NO KEY UPDATE: the storing transaction's inserts hold key-share locks on this row (foreign keys), which a FOR
 * UPDATE would wait for; its own check takes FOR UPDATE, so the two are still ordered.
 */
export async function lockRunForCancel(db: Db, id: string) {
  return db.selectFrom('linkage_runs').select(['state', 'job_id', 'progress', 'cancel_requested_at']).where('id', '=', id).forNoKeyUpdate().executeTakeFirst();
}

export async function cancelQueuedRun(db: Db, id: string, by: string | null): Promise<void> {
  await db
    .updateTable('linkage_runs')
    .set({ state: 'cancelled', cancel_requested_at: now(), cancelled_by: by, progress_label: 'cancelled', finished_at: now() })
    .where('id', '=', id)
    .execute();
}

export async function requestRunCancel(db: Db, id: string, by: string | null): Promise<void> {
  await db.updateTable('linkage_runs').set({ cancel_requested_at: now(), cancelled_by: by, progress_label: 'cancelling' }).where('id', '=', id).execute();
}

/**
 * The job takes its run: queued (or running, when a runner died and the lease ran out) and not cancelled. False when
 * the run was cancelled before it started.
 */
export async function startRun(db: Db, id: string): Promise<boolean> {
  const updated = await db
    .updateTable('linkage_runs')
    .set({ state: 'running', progress: 0, progress_label: 'reading records', error: null })
    .where('id', '=', id)
    .where('state', 'in', ['queued', 'running'])
    .where('cancel_requested_at', 'is', null)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}

/** Writes progress and answers whether a cancellation has been asked for (one round trip per tick). */
export async function progressAndCancelFlag(db: Db, id: string, progress: number, label: string): Promise<boolean> {
  const row = await db
    .updateTable('linkage_runs')
    .set({ progress: Math.max(0, Math.min(1, progress)), progress_label: label })
    .where('id', '=', id)
    .where('state', '=', 'running')
    .returning('cancel_requested_at')
    .executeTakeFirst();
  return Boolean(row?.cancel_requested_at);
}

export async function cancelRequested(db: Db, id: string, lock = false): Promise<boolean> {
  let query = db.selectFrom('linkage_runs').select('cancel_requested_at').where('id', '=', id);
  if (lock) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return Boolean(row?.cancel_requested_at);
}

/** The end of a cancelled run: nothing of its results was stored (the storing transaction rolled back or never ran). */
export async function markCancelled(db: Db, id: string): Promise<void> {
  await db.updateTable('linkage_runs').set({ state: 'cancelled', progress_label: 'cancelled', error: null, finished_at: now() }).where('id', '=', id).execute();
}

/** A run's state and counts, its row locked until the transaction ends (deleting a run). */
export async function lockRunState(db: Db, id: string) {
  return db.selectFrom('linkage_runs').select(['id', 'state', 'counts']).where('id', '=', id).forUpdate().executeTakeFirst();
}

/** The decision in force on a pair, its row locked until the transaction ends. */
export async function lockCurrentDecision(db: Db, recordA: string, recordB: string): Promise<ReviewDecisionRow | undefined> {
  return db
    .selectFrom('review_decisions')
    .selectAll()
    .where('record_a', '=', recordA)
    .where('record_b', '=', recordB)
    .where('current', '=', true)
    .forUpdate()
    .executeTakeFirst();
}

/** Records a decision on a pair as the one in force, retiring `superseded` (the previous one) if given. */
export async function recordDecision(db: Db, decision: Insertable<ReviewDecisionsTable>, superseded: string | null): Promise<void> {
  if (superseded) await db.updateTable('review_decisions').set({ current: false }).where('id', '=', superseded).execute();
  await db.insertInto('review_decisions').values(decision).execute();
}

/** What a linkage run's receipt commits to, kept when the run finished (migration 202612150800). */
export interface LinkageRunReceiptInputs {
  recordsCsv: string;
  decisionsCsv: string;
  settings: unknown;
  outputs: Record<string, unknown>;
}

/** Keeps a finished run's receipt inputs (a run that is run again after an interruption replaces them). */
export async function saveLinkageRunReceiptInputs(db: Kysely<Database>, runId: string, inputs: LinkageRunReceiptInputs): Promise<void> {
  await sql`
    insert into linkage_run_receipt_inputs (run_id, records_csv, decisions_csv, settings, outputs)
    values (${runId}, ${inputs.recordsCsv}, ${inputs.decisionsCsv}, ${JSON.stringify(inputs.settings)}, ${JSON.stringify(inputs.outputs)})
    on conflict (run_id) do update set records_csv = excluded.records_csv, decisions_csv = excluded.decisions_csv, settings = excluded.settings,
      outputs = excluded.outputs, created_at = now()`.execute(db);
}
