import { randomUUID } from 'node:crypto';
import { actorId, hasRole, requireRole, type Actor } from '../accounts/actor.ts';
import { canSeeProtectedIdentity } from '../archive/visibility.ts';
import { recordAudit } from '../audit/service.ts';
import { checkPartialDate, parseCasualtyCsv, type ColumnMapping, type ImportProblem } from '../casualties/csv.ts';
import type { ImportRefusal } from '../casualties/schemas.ts';
import { romanisedQuery, type CasualtiesService, type ImportMode } from '../casualties/service.ts';
import type { FieldCipher } from '../crypto/fields.ts';
import { conflict, invalid, notFound } from '../errors.ts';
import { detectMissingColumns, readStatus, type IdentificationStage, type MissingColumn, type MissingStatus, type PlaceKind } from '../../core/missing/statuses.ts';
import * as repo from './repository.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const MISSING_PAGE = 50;
const MAX_IMPORT_ROWS = 200_000;

/** Who reads missing persons' records (as casualty records). */
const READERS = ['editor', 'reviewer', 'moderator'] as const;
/** Who records what a source or a family reports: a status change or a sighting. Moderators take families' reports. */
const REPORTERS = ['editor', 'reviewer', 'moderator'] as const;
/** Who sets identification stages and adds places of interest (not moderators: identification is forensic work). */
const WRITERS = ['editor', 'reviewer'] as const;

/** The associated data binding a sealed identification field to its record and field. */
export const identificationContext = (recordId: string, field: 'ante_mortem' | 'samples' | 'contact') => `missing:${recordId}:${field}`;

export interface StatusClaimInput {
  status: MissingStatus;
  date?: string | null;
  reportedBy: string;
  note?: string;
  placeId?: string | null;
}

export interface LastSeenInput {
  seenOn?: string | null;
  place?: string | null;
  placeId?: string | null;
  reportedBy: string;
  note?: string;
}

export interface IdentificationInput {
  stage: IdentificationStage;
  /** Sealed; only for roles that may see protected identities. null clears, undefined keeps. */
  anteMortem?: string | null;
  samples?: string | null;
  contact?: string | null;
}

export interface PlaceInput {
  kind: PlaceKind;
  name: string;
  latitude?: number | null;
  longitude?: number | null;
  description?: string;
}

/**
 * Missing persons: records of casualty lists (a list of the missing is a casualty list, so linkage and review span
 * the dead and the missing) with what a list of the dead lacks: statuses over time, each a claim by a source on a
 * date and never merged with another's; last-seen events; places of interest; the identification stage, whose
 * ante-mortem data, samples and family contact are sealed and read only by roles that see protected identities.
 * Everything written is audited; sealed values never reach the audit, a log, a count or an export.
 */
export class MissingService {
  constructor(
    private readonly db: repo.Db,
    private readonly cipher: FieldCipher,
    private readonly casualties: CasualtiesService,
  ) {}

  async list(actor: Actor, query: { status?: MissingStatus; sourceId?: string; q?: string; page: number }) {
    requireRole(actor, ...READERS);
    if (query.sourceId && !UUID.test(query.sourceId)) throw invalid('invalid_source', 'The list id is not valid');
    const romanised = romanisedQuery(query.q);
    const found = await repo.listMissing(this.db, {
      status: query.status,
      sourceId: query.sourceId,
      q: query.q?.trim() ? { written: query.q.trim(), romanised: romanised ?? null } : undefined,
      limit: MISSING_PAGE,
      offset: (query.page - 1) * MISSING_PAGE,
    });
    const claims = await repo.claimsOf(this.db, found.rows.map((r) => r.id));
    return {
      total: found.total,
      page: query.page,
      pageSize: MISSING_PAGE,
      persons: found.rows.map((r) => ({ ...personOf(r), statuses: claims.filter((c) => c.record_id === r.id).map(claimView) })),
    };
  }

  async person(actor: Actor, recordId: string) {
    requireRole(actor, ...READERS);
    const record = await this.recordOrThrow(recordId);
    const [claims, lastSeen, identification] = await Promise.all([repo.claimsOf(this.db, [record.id]), repo.lastSeenOf(this.db, record.id), repo.identificationOf(this.db, record.id)]);
    const sensitive = canSeeProtectedIdentity(actor);
    const open = (sealed: string | null | undefined, field: 'ante_mortem' | 'samples' | 'contact') => (sealed ? this.cipher.decrypt(sealed, identificationContext(record.id, field)) : null);
    return {
      person: { ...personOf(record), deathDate: record.death_date, current: record.current },
      statuses: claims.map(claimView),
      lastSeen: lastSeen.map((l) => ({
        id: l.id,
        seenOn: l.seen_on,
        place: l.place,
        placeId: l.place_id,
        placeName: l.place_name,
        position: l.latitude !== null && l.longitude !== null ? { latitude: l.latitude, longitude: l.longitude } : null,
        reportedBy: l.reported_by,
        note: l.note,
      })),
      identification: {
        stage: identification?.stage ?? null,
        /** Whether sealed data is held, told to everyone who may read the record; the values only to those who may see them. */
        holds: { anteMortem: !!identification?.ante_mortem_sealed, samples: !!identification?.samples_sealed, contact: !!identification?.contact_sealed },
        sealed: sensitive
          ? { anteMortem: open(identification?.ante_mortem_sealed, 'ante_mortem'), samples: open(identification?.samples_sealed, 'samples'), contact: open(identification?.contact_sealed, 'contact') }
          : null,
      },
    };
  }

  async addStatus(actor: Actor, recordId: string, input: StatusClaimInput) {
    requireRole(actor, ...REPORTERS);
    const record = await this.recordOrThrow(recordId);
    const date = checkDate(input.date, 'date');
    if (input.placeId && !(await repo.placeExists(this.db, input.placeId))) throw notFound('Place', input.placeId);
    const id = randomUUID();
    await this.db.transaction().execute(async (tx) => {
      await repo.insertStatusClaims(tx, [{ id, record_id: record.id, status: input.status, status_date: date, reported_by: input.reportedBy.trim(), note: input.note?.trim() ?? '', place_id: input.placeId ?? null, line: null, created_by: actorId(actor) }]);
      await recordAudit(tx, actor, { action: 'missing.status_claimed', subjectType: 'casualty_record', subjectId: record.id, details: { claim: id, status: input.status, date, reportedBy: input.reportedBy.trim() } });
    });
    return { id };
  }

  async addLastSeen(actor: Actor, recordId: string, input: LastSeenInput) {
    requireRole(actor, ...REPORTERS);
    const record = await this.recordOrThrow(recordId);
    const seenOn = checkDate(input.seenOn, 'seenOn');
    const place = input.place?.trim() || null;
    if (!seenOn && !place && !input.placeId) throw invalid('last_seen_empty', 'Give a date, a place or a place of interest for a last sighting');
    if (input.placeId && !(await repo.placeExists(this.db, input.placeId))) throw notFound('Place', input.placeId);
    const id = randomUUID();
    await this.db.transaction().execute(async (tx) => {
      await repo.insertLastSeen(tx, [{ id, record_id: record.id, seen_on: seenOn, place, place_id: input.placeId ?? null, reported_by: input.reportedBy.trim(), note: input.note?.trim() ?? '', created_by: actorId(actor) }]);
      await recordAudit(tx, actor, { action: 'missing.last_seen_added', subjectType: 'casualty_record', subjectId: record.id, details: { sighting: id, seenOn, place, placeId: input.placeId ?? null } });
    });
    return { id };
  }

  /** Sets the identification stage; sealed fields need a role that may see them (writing one included). */
  async setIdentification(actor: Actor, recordId: string, input: IdentificationInput) {
    requireRole(actor, ...WRITERS);
    const record = await this.recordOrThrow(recordId);
    const touchesSealed = input.anteMortem !== undefined || input.samples !== undefined || input.contact !== undefined;
    if (touchesSealed && !canSeeProtectedIdentity(actor)) throw invalid('sealed_not_allowed', 'Your role may set the identification stage but not ante-mortem data, samples or contacts');
    const seal = (value: string | null | undefined, field: 'ante_mortem' | 'samples' | 'contact') => (value === undefined ? undefined : value === null || !value.trim() ? null : this.cipher.encrypt(value.trim(), identificationContext(record.id, field)));
    const sealed = { ante_mortem_sealed: seal(input.anteMortem, 'ante_mortem'), samples_sealed: seal(input.samples, 'samples'), contact_sealed: seal(input.contact, 'contact') };
    const changes = Object.fromEntries(Object.entries(sealed).filter(([, v]) => v !== undefined)) as Partial<Record<keyof typeof sealed, string | null>>;
    await this.db.transaction().execute(async (tx) => {
      await repo.upsertIdentification(tx, { record_id: record.id, stage: input.stage, ...changes, updated_by: actorId(actor), updated_at: new Date() });
      // The audit names which sealed fields changed, never their values.
      await recordAudit(tx, actor, { action: 'missing.identification_set', subjectType: 'casualty_record', subjectId: record.id, details: { stage: input.stage, sealedFieldsChanged: Object.keys(changes).map((k) => k.replace('_sealed', '')) } });
    });
    return this.person(actor, record.id);
  }

  async places(actor: Actor) {
    requireRole(actor, ...READERS);
    return (await repo.places(this.db)).map((p) => ({ id: p.id, kind: p.kind, name: p.name, position: p.latitude !== null && p.longitude !== null ? { latitude: p.latitude, longitude: p.longitude } : null, description: p.description }));
  }

  async addPlace(actor: Actor, input: PlaceInput) {
    requireRole(actor, ...WRITERS);
    if (!input.name.trim()) throw invalid('name_required', 'Give the place a name', { field: 'name' });
    if ((input.latitude ?? null) === null !== ((input.longitude ?? null) === null)) throw invalid('position_incomplete', 'Give both latitude and longitude, or neither');
    const id = randomUUID();
    await this.db.transaction().execute(async (tx) => {
      // One place per kind and name: two editors adding "School No. 2" as a detention site would split its reports.
      const { sameAs } = await repo.insertPlaceOnce(tx, { id, kind: input.kind, name: input.name.trim(), latitude: input.latitude ?? null, longitude: input.longitude ?? null, description: input.description?.trim() ?? '', created_by: actorId(actor) });
      if (sameAs) throw conflict('duplicate_place', `A ${input.kind.replace('_', ' ')} named "${input.name.trim()}" is already recorded`, { field: 'name', id: sameAs });
      await recordAudit(tx, actor, { action: 'missing.place_added', subjectType: 'missing_place', subjectId: id, details: { kind: input.kind, name: input.name.trim() } });
    });
    return { id };
  }

  /**
   * Imports a list of the missing: the person columns exactly as a casualty list (the same reader, mapping, problems
   * by line and column, and good_rows mode), plus the status, its date, the last sighting and who reported it, found
   * by their headers in en, az, ru or hy (or named in `columns`). A status cell that no language names, or a date
   * that does not exist, refuses the whole file with its line and column, whatever the mode: rows are never imported
   * without the status their line gave. A list without a status column records "missing" for every row, reported
   * by the list itself.
   */
  async importCsv(actor: Actor, sourceId: string, file: Buffer, mapping: ColumnMapping, options: { mode?: ImportMode; fileName?: string; columns?: Partial<Record<MissingColumn, string>> } = {}) {
    requireRole(actor, 'editor');
    if (!UUID.test(sourceId)) throw notFound('Casualty source', sourceId);
    const source = await repo.findSource(this.db, sourceId);
    if (!source) throw notFound('Casualty source', sourceId);
    const parsed = parseCasualtyCsv(file, mapping, { maxRows: MAX_IMPORT_ROWS });
    const columns = { ...detectMissingColumns(parsed.header), ...(options.columns ?? {}) };
    const problems: ImportProblem[] = [];
    for (const [column, header] of Object.entries(columns)) {
      if (header !== undefined && !parsed.header.includes(header)) problems.push({ line: null, column: header, field: column, code: 'column_not_found', message: `column "${header}" (for ${column}) is not in the file` });
    }
    const rows = parsed.records.map((r) => {
      const cell = (column: MissingColumn) => (columns[column] !== undefined ? (r.raw[columns[column]!] ?? '').trim() : '');
      const statusCell = cell('status');
      const status = columns.status !== undefined ? readStatus(statusCell) : 'missing';
      if (!status) problems.push({ line: r.line, column: columns.status, field: 'status', value: statusCell.slice(0, 80), expected: 'missing, hostage, detained, released, found dead, identified or buried (in en, az, ru or hy)', code: 'unknown_status', message: `line ${r.line}, column "${columns.status}": "${statusCell.slice(0, 80)}" names no status` });
      const dateOf = (column: MissingColumn) => {
        const text = cell(column);
        if (!text) return null;
        const date = checkPartialDate(text);
        if (!date) problems.push({ line: r.line, column: columns[column], field: column, value: text.slice(0, 80), expected: 'YYYY, YYYY-MM or YYYY-MM-DD', code: 'invalid_date', message: `line ${r.line}, column "${columns[column]}": "${text.slice(0, 80)}" is not a date that exists` });
        return date;
      };
      return { sourceRecordId: r.sourceRecordId, line: r.line, status, statusDate: dateOf('status_date'), seenOn: dateOf('last_seen_date'), seenAt: cell('last_seen_place') || null, reportedBy: cell('reported_by').slice(0, 300) || source.name.slice(0, 300) };
    });
    if (problems.length) {
      throw invalid('import_rejected', `${problems.length} problem(s) in the missing persons' columns; nothing was imported`, {
        problems: problems.slice(0, 200),
        problemCount: problems.length,
        rejectedRows: new Set(problems.map((p) => p.line).filter((l) => l !== null)).size || null,
        goodRows: 0,
        warnings: parsed.warnings,
      } satisfies ImportRefusal);
    }
    const outcome = await this.casualties.importCsv(actor, sourceId, file, mapping, { mode: options.mode, fileName: options.fileName });
    // The records are committed; their statuses follow in one transaction (a database fault between the two leaves
    // records without a status, which a re-import with good_rows cannot duplicate: the ids would clash).
    const imported = await repo.firstImportedIds(this.db, sourceId, rows.map((r) => r.sourceRecordId));
    let statuses = 0;
    let sightings = 0;
    await this.db.transaction().execute(async (tx) => {
      const by = actorId(actor);
      const claimRows = [];
      const seenRows = [];
      const claimed = await repo.recordsWithClaims(tx, [...imported.values()]);
      for (const row of rows) {
        const recordId = imported.get(row.sourceRecordId);
        if (!recordId) continue; // left out by good_rows, or already in the list before this file
        if (claimed.has(recordId)) continue;
        claimRows.push({ id: randomUUID(), record_id: recordId, status: row.status!, status_date: row.statusDate, reported_by: row.reportedBy, note: '', place_id: null, line: row.line, created_by: by });
        if (row.seenOn || row.seenAt) seenRows.push({ id: randomUUID(), record_id: recordId, seen_on: row.seenOn, place: row.seenAt, place_id: null, reported_by: row.reportedBy, note: '', created_by: by });
      }
      await repo.insertStatusClaims(tx, claimRows);
      await repo.insertLastSeen(tx, seenRows);
      statuses = claimRows.length;
      sightings = seenRows.length;
      await recordAudit(tx, actor, { action: 'missing.imported', subjectType: 'casualty_source', subjectId: sourceId, details: { fileSha256: outcome.sha256, statuses, sightings, columns } });
    });
    return { ...outcome, statuses, sightings, columns };
  }

  private async recordOrThrow(recordId: string) {
    if (!UUID.test(recordId)) throw notFound('Record', recordId);
    const record = await repo.recordById(this.db, recordId);
    if (!record) throw notFound('Record', recordId);
    return record;
  }

  /** Whether an actor may read the sealed identification fields (for the web, to show or hide the form). */
  static mayReadSealed(actor: Actor): boolean {
    return canSeeProtectedIdentity(actor) && hasRole(actor, ...READERS);
  }
}

function checkDate(text: string | null | undefined, field: string): string | null {
  if (text === undefined || text === null || !text.trim()) return null;
  const date = checkPartialDate(text.trim());
  if (!date) throw invalid('invalid_date', `${field}: "${text.slice(0, 40)}" is not a date that exists (YYYY, YYYY-MM or YYYY-MM-DD)`, { field });
  return date;
}

function personOf(r: { id: string; source_id: string; source: string; source_record_id: string; names: string[]; given_name: string | null; family_name: string | null; patronymic: string | null; sex: string | null; birth_date: string | null; place: string | null }) {
  const parts = [r.given_name, r.patronymic, r.family_name].filter(Boolean).join(' ');
  return { id: r.id, sourceId: r.source_id, source: r.source, sourceRecordId: r.source_record_id, names: [...new Set([...r.names, ...(parts ? [parts] : [])])], sex: r.sex, birthDate: r.birth_date, place: r.place };
}

function claimView(c: { id: string; status: MissingStatus; status_date: string | null; reported_by: string; note: string; place_id: string | null; place_name: string | null }) {
  return { id: c.id, status: c.status, date: c.status_date, reportedBy: c.reported_by, note: c.note, placeId: c.place_id, placeName: c.place_name };
}
