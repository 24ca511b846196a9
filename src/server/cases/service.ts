import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { EXAMPLE_LABEL, EXAMPLE_NAME, examplesDir, readImportFolder } from '../registry/demo.ts';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import { actorLabel, hasRole, requireRole, type Actor } from '../accounts/actor.ts';
import { recordAudit } from '../audit/service.ts';
import type { Database } from '../db/schema.ts';
import { conflict, invalid, notFound } from '../errors.ts';
import {
  CASES_JSON_FILE,
  casesToCsv,
  casesToJson,
  crimeAncestry,
  frameworkFiles,
  frameworksToCsv,
  frameworksToJson,
  JSON_FORMAT,
  JSON_VERSION,
  parseCaseFiles,
  parseFrameworkFiles,
  type CasesDataset,
  type Crime,
  type FrameworkDataset,
  type Incident,
  type LiabilityMode,
  type Problem,
} from '../../core/cases/index.ts';
import type { VerificationLevel } from '../../core/registry/types.ts';
import * as repo from './repository.ts';
import { CaseCorrections } from './correction-service.ts';
import { refuse } from './refuse.ts';
import { CaseWithdrawals, STANDING, type Standing } from './withdraw-service.ts';
import type { ActView, AllegationView, ElementView, IncidentView, SourceRef } from './schemas.ts';

/** Who may read the module: every signed-in role except the dialogue's facilitators. */
export const READ_ROLES = ['viewer', 'editor', 'reviewer'] as const;
/** Who may see victims' names from the casualty records (as the casualty module allows). */
const RECORD_READERS = ['editor', 'reviewer'] as const;

/** The international frameworks shipped with Reckon (Genocide Convention; Rome Statute with its Elements of Crimes). */
export const STANDARD_FRAMEWORKS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'frameworks', 'international');
export const STANDARD_LABEL = 'standard international frameworks';

const MAX_NOTE = 2000;

export interface ImportResult {
  sha256: string;
  counts: Record<string, number>;
  warnings: Problem[];
  dryRun: boolean;
}

export interface ActorRef {
  id: string;
  name: string;
}

export type { ActView, AllegationView, ElementView, IncidentView } from './schemas.ts';

function digest(files: Record<string, string>): string {
  const each: Record<string, string> = {};
  for (const name of Object.keys(files).sort()) each[name] = createHash('sha256').update(files[name], 'utf8').digest('hex');
  return createHash('sha256').update(JSON.stringify(each)).digest('hex');
}

const newId = (prefix: string) => `${prefix}-${randomBytes(5).toString('hex')}`;

export class CasesService {
  constructor(readonly db: Kysely<Database>) {}

  /**
   * Loads the characterisations the example case's sources make (examples/khojaly-1992/cases), which cite the
   * example registry's actors and sources, so it runs after the registry's example; a second call changes nothing.
   */
  async loadExample(actor: Actor): Promise<{ status: 'loaded' | 'already_loaded' | 'unavailable'; counts: Record<string, number> }> {
    requireRole(actor, 'admin');
    const folder = join(examplesDir, EXAMPLE_NAME, 'cases');
    if (!existsSync(folder)) return { status: 'unavailable', counts: {} };
    const previous = await repo.importedWithLabel(this.db, EXAMPLE_LABEL);
    if (previous) return { status: 'already_loaded', counts: previous };
    const result = await this.importCases(actor, readImportFolder(folder), { label: EXAMPLE_LABEL });
    return { status: 'loaded', counts: result.counts };
  }

  /** Viewers, editors (analysts), reviewers and admins read; throws otherwise. */
  requireReader(actor: Actor): void {
    requireRole(actor, ...READ_ROLES);
  }

  /** Editors (analysts) write. */
  requireAnalyst(actor: Actor): void {
    requireRole(actor, 'editor');
  }

  /** Reviewers review (verification levels, reviews of links). */
  requireReviewer(actor: Actor): void {
    requireRole(actor, 'reviewer');
  }

  async overview(actor: Actor) {
    this.requireReader(actor);
    const counts = await repo.counts(this.db);
    const known = await repo.frameworkKnown(this.db);
    return {
      counts,
      standardFrameworksLoaded: known.frameworks.has('RS') && known.frameworks.has('GC'),
      canEdit: hasRole(actor, 'editor'),
      canReview: hasRole(actor, 'reviewer'),
    };
  }

  // ── frameworks ────────────────────────────────────────────────────────────────────────────────────────────────

  async listFrameworks(actor: Actor) {
    this.requireReader(actor);
    const d = await repo.loadFrameworks(this.db);
    return d.frameworks.map((f) => ({
      ...f,
      crimes: d.crimes.filter((c) => c.frameworkId === f.id).length,
      modes: d.modes.filter((m) => m.frameworkId === f.id).length,
      elements: d.elements.filter(
        (e) => d.crimes.some((c) => c.id === e.crimeId && c.frameworkId === f.id) || d.modes.some((m) => m.id === e.modeId && m.frameworkId === f.id),
      ).length,
    }));
  }

  async getFramework(actor: Actor, id: string) {
    this.requireReader(actor);
    const d = await repo.loadFrameworks(this.db, id);
    const framework = d.frameworks[0];
    if (!framework) throw notFound('Framework', id);
    return frameworkDetails(d)[0];
  }

  /** Every framework with its crimes, modes and elements, in one statement (an allegation form offers them all). */
  async listFrameworkDetails(actor: Actor) {
    this.requireReader(actor);
    return frameworkDetails(await repo.loadFrameworks(this.db));
  }

  /** Imports framework files all or nothing; every problem names file, line and field. Ids already stored are refused. */
  async importFrameworks(actor: Actor, files: Record<string, string>, options: { dryRun?: boolean; label?: string } = {}): Promise<ImportResult> {
    this.requireAnalyst(actor);
    const parsed = parseFrameworkFiles(files, await repo.frameworkKnown(this.db));
    if (!parsed.ok) refuse(parsed.problems, 'import');
    const d = parsed.dataset;
    const counts = { frameworks: d.frameworks.length, crimes: d.crimes.length, modes: d.modes.length, elements: d.elements.length };
    const sha256 = digest(files);
    if (options.dryRun) return { sha256, counts, warnings: parsed.problems, dryRun: true };
    await this.db.transaction().execute(async (tx) => {
      // Checked again inside the transaction: another import may have added the same ids meanwhile.
      const again = parseFrameworkFiles(files, await repo.frameworkKnown(tx));
      if (!again.ok) refuse(again.problems, 'import');
      await repo.insertFrameworks(tx, again.dataset);
      await recordAudit(tx, actor, {
        action: 'cases.frameworks_imported',
        subjectType: 'cases_framework',
        subjectId: d.frameworks.map((f) => f.id).join(',') || d.crimes[0]?.frameworkId || 'frameworks',
        details: { label: (options.label ?? 'import').slice(0, 200), sha256, counts },
      });
    });
    return { sha256, counts, warnings: parsed.problems, dryRun: false };
  }

  /** Loads the Genocide Convention and Rome Statute summaries shipped with Reckon (once). */
  async loadStandardFrameworks(actor: Actor): Promise<ImportResult & { alreadyLoaded: boolean }> {
    this.requireAnalyst(actor);
    const known = await repo.frameworkKnown(this.db);
    const files = readStandardFrameworks();
    if (known.frameworks.has('GC') && known.frameworks.has('RS'))
      return { sha256: digest(files), counts: {}, warnings: [], dryRun: false, alreadyLoaded: true };
    return { ...(await this.importFrameworks(actor, files, { label: STANDARD_LABEL })), alreadyLoaded: false };
  }

  async exportFrameworks(actor: Actor, format: 'csv' | 'json', frameworkId?: string): Promise<Record<string, string>> {
    this.requireReader(actor);
    const d = await repo.loadFrameworks(this.db, frameworkId);
    if (frameworkId !== undefined && d.frameworks.length === 0) throw notFound('Framework', frameworkId);
    return format === 'csv' ? frameworksToCsv(d) : frameworksToJson(d);
  }

  // ── incidents, acts, allegations ─────────────────────────────────────────────────────────────────────────────

  /** Imports incidents.csv, acts.csv, allegations.csv (or cases.json) all or nothing. */
  async importCases(actor: Actor, files: Record<string, string>, options: { dryRun?: boolean; label?: string } = {}): Promise<ImportResult> {
    this.requireAnalyst(actor);
    const recordIds = recordIdsIn(files);
    const parsed = parseCaseFiles(files, await repo.caseKnown(this.db, recordIds));
    if (!parsed.ok) refuse(parsed.problems, 'import');
    const d = parsed.dataset;
    const counts = { incidents: d.incidents.length, acts: d.acts.length, allegations: d.allegations.length };
    const sha256 = digest(files);
    if (options.dryRun) return { sha256, counts, warnings: parsed.problems, dryRun: true };
    await this.db.transaction().execute(async (tx) => {
      const again = parseCaseFiles(files, await repo.caseKnown(tx, recordIds));
      if (!again.ok) refuse(again.problems, 'import');
      await repo.insertCases(tx, again.dataset, actorLabel(actor));
      await recordAudit(tx, actor, {
        action: 'cases.imported',
        subjectType: 'cases_import',
        subjectId: sha256,
        details: { label: (options.label ?? 'import').slice(0, 200), sha256, counts, allegations: d.allegations.map((a) => a.id).slice(0, 1000) },
      });
    });
    return { sha256, counts, warnings: parsed.problems, dryRun: false };
  }

  async exportCases(actor: Actor, format: 'csv' | 'json'): Promise<Record<string, string>> {
    this.requireReader(actor);
    const d = await repo.loadCases(this.db);
    // Casualty record ids are internal to record readers; viewers get the export without them.
    if (!hasRole(actor, ...RECORD_READERS)) d.acts = d.acts.map((a) => ({ ...a, victimRecordId: null }));
    return format === 'csv' ? casesToCsv(d) : casesToJson(d);
  }

  /**
   * Records one incident, act or allegation from the API through the same parser and checks as an import, so the
   * rules (dates, references, characterisations) are the same and a refusal names the field.
   */
  private async createOne(actor: Actor, key: 'incidents' | 'acts' | 'allegations', record: Record<string, unknown>, action: string): Promise<string> {
    this.requireAnalyst(actor);
    const prefix = { incidents: 'INC', acts: 'ACT', allegations: 'AL' }[key];
    const id = typeof record.id === 'string' && record.id !== '' ? record.id : newId(prefix);
    const files = { [CASES_JSON_FILE]: JSON.stringify({ format: JSON_FORMAT, version: JSON_VERSION, [key]: [{ ...record, id }] }) };
    const recordIds = typeof record.victimRecordId === 'string' ? [record.victimRecordId.toLowerCase()] : [];
    await this.db.transaction().execute(async (tx) => {
      const parsed = parseCaseFiles(files, await repo.caseKnown(tx, recordIds));
      if (!parsed.ok) {
        if (parsed.problems.some((p) => p.code === 'already_exists')) throw conflict('already_exists', `${id} already exists`, { problems: parsed.problems });
        refuse(parsed.problems, key.slice(0, -1));
      }
      await repo.insertCases(tx, parsed.dataset, actorLabel(actor));
      await recordAudit(tx, actor, { action, subjectType: `cases_${key.slice(0, -1)}`, subjectId: id, details: { record: { ...record, id } } });
    });
    return id;
  }

  async createIncident(actor: Actor, input: Record<string, unknown>) {
    const id = await this.createOne(actor, 'incidents', input, 'cases.incident_created');
    return this.getIncident(actor, id);
  }

  async addAct(actor: Actor, incidentId: string, input: Record<string, unknown>) {
    await this.incidentExists(incidentId);
    const id = await this.createOne(actor, 'acts', { ...input, incidentId }, 'cases.act_added');
    return (await this.getIncident(actor, incidentId)).acts.find((a) => a.id === id)!;
  }

  async createAllegation(actor: Actor, input: Record<string, unknown>) {
    const id = await this.createOne(actor, 'allegations', input, 'cases.allegation_created');
    return this.getAllegation(actor, id);
  }

  private async incidentExists(id: string): Promise<void> {
    if (!(await repo.incidentExists(this.db, id))) throw notFound('Incident', id);
  }

  async listIncidents(actor: Actor): Promise<IncidentView[]> {
    this.requireReader(actor);
    const d = await repo.loadCases(this.db);
    const names = await repo.names(this.db, { actors: [], sources: [], events: [...new Set(d.incidents.flatMap((i) => i.eventIds))], records: [] });
    const standing = await new CaseWithdrawals(this.db).standing(
      this.db,
      'incident',
      d.incidents.map((i) => i.id),
    );
    return d.incidents.map((i) => this.incidentView(i, d, names.events, standing.get(i.id)));
  }

  private incidentView(i: Incident, d: CasesDataset, events: Array<{ id: string; name: string }>, standing: Standing = STANDING): IncidentView {
    const { eventIds, ...rest } = i;
    return {
      ...rest,
      ...standing,
      events: eventIds.map((e) => ({ id: e, name: events.find((x) => x.id === e)?.name ?? e })),
      acts: d.acts.filter((a) => a.incidentId === i.id).length,
      allegations: d.allegations.filter((a) => a.incidentId === i.id).length,
    };
  }

  /** An incident with its acts and every allegation about it, side by side; Reckon adds no characterisation of its own. */
  async getIncident(actor: Actor, id: string) {
    this.requireReader(actor);
    const d = await repo.loadCases(this.db, id);
    const incident = d.incidents[0];
    if (!incident) throw notFound('Incident', id);
    // Only the crimes and modes the allegations name (not every framework's elements), read beside the rest.
    const views = await this.views(actor, d, () =>
      repo.crimesAndModes(
        this.db,
        d.allegations.flatMap((a) => (a.crimeId ? [a.crimeId] : [])),
        d.allegations.flatMap((a) => (a.modeId ? [a.modeId] : [])),
      ),
    );
    return {
      incident: this.incidentView(incident, d, views.events, views.incidentStanding.get(id)),
      corrections: views.incidentCorrections.get(id) ?? [],
      acts: views.acts,
      allegations: views.allegations,
      canEdit: hasRole(actor, 'editor'),
      canReview: hasRole(actor, 'reviewer'),
    };
  }

  /**
   * What the incident and allegation pages show of a dataset's records. Every read here depends only on the dataset,
   * so they go out together (one round trip's wait on PostgreSQL's pool instead of one after another).
   */
  private async views<F extends repo.NamedCrimesAndModes | FrameworkDataset>(actor: Actor, d: CasesDataset, loadFrameworks: () => Promise<F>) {
    const seeNames = hasRole(actor, ...RECORD_READERS);
    const corrections = new CaseCorrections(this.db);
    const withdrawals = new CaseWithdrawals(this.db);
    const [frameworks, names, actCorrections, actStanding, incidentStanding, allegationCorrections, allegationStanding, incidentCorrections] =
      await Promise.all([
        loadFrameworks(),
        repo.names(this.db, {
          actors: [
            ...new Set(
              [...d.acts.map((a) => a.perpetratorActorId), ...d.allegations.flatMap((a) => [a.proponentId, a.perpetratorActorId])].filter(
                (x): x is string => x !== null,
              ),
            ),
          ],
          sources: [...new Set([...d.acts.map((a) => a.sourceId), ...d.allegations.flatMap((a) => a.sources.map((s) => s.sourceId))])],
          events: [...new Set(d.incidents.flatMap((i) => i.eventIds))],
          records: seeNames ? d.acts.map((a) => a.victimRecordId).filter((x): x is string => x !== null) : [],
        }),
        corrections.history(
          actor,
          'cases_act',
          d.acts.map((a) => a.id),
        ),
        withdrawals.standing(
          this.db,
          'act',
          d.acts.map((a) => a.id),
        ),
        withdrawals.standing(
          this.db,
          'incident',
          d.incidents.map((i) => i.id),
        ),
        corrections.history(
          actor,
          'cases_allegation',
          d.allegations.map((a) => a.id),
        ),
        withdrawals.standing(
          this.db,
          'allegation',
          d.allegations.map((a) => a.id),
        ),
        corrections.history(
          actor,
          'cases_incident',
          d.incidents.map((i) => i.id),
        ),
      ]);
    const actor_ = (id: string | null): ActorRef | null => (id === null ? null : { id, name: names.actors.find((a) => a.id === id)?.name ?? id });
    const source = (id: string, pinpoint: string | null): SourceRef => {
      const s = names.sources.find((x) => x.id === id);
      return { id, publisher: s?.publisher ?? '', title: s?.title ?? id, date: s?.date ?? null, address: s?.address ?? null, pinpoint };
    };
    const recordName = (id: string) => {
      const r = names.records.find((x) => x.id === id);
      if (!r) return null;
      const whole = (r.names as string[])[0];
      return whole ?? ([r.given_name, r.family_name].filter(Boolean).join(' ') || null);
    };
    const acts: ActView[] = d.acts.map((a) => {
      const { victimRecordId, perpetratorActorId, sourceId, pinpoint, ...rest } = a;
      return {
        ...rest,
        victimRecorded: victimRecordId !== null,
        victimRecord: victimRecordId !== null && seeNames ? { id: victimRecordId, name: recordName(victimRecordId) } : null,
        perpetratorActor: actor_(perpetratorActorId),
        source: source(sourceId, pinpoint),
        corrections: actCorrections.get(a.id) ?? [],
        ...(actStanding.get(a.id) ?? STANDING),
      };
    });
    const allegations: AllegationView[] = d.allegations.map((a) => {
      const { proponentId, crimeId, modeId, perpetratorActorId, sources, ...rest } = a;
      const crime = frameworks.crimes.find((c) => c.id === crimeId);
      const mode = frameworks.modes.find((m) => m.id === modeId);
      return {
        ...rest,
        proponent: actor_(proponentId)!,
        crime: crime ? { id: crime.id, article: crime.article, title: crime.title, frameworkId: crime.frameworkId } : null,
        mode: mode ? { id: mode.id, article: mode.article, title: mode.title } : null,
        perpetratorActor: actor_(perpetratorActorId),
        sources: sources.map((s) => source(s.sourceId, s.pinpoint)),
        ...(allegationStanding.get(a.id) ?? STANDING),
        corrections: allegationCorrections.get(a.id) ?? [],
      };
    });
    return { acts, allegations, events: names.events.map((e) => ({ id: e.id, name: e.name })), frameworks, incidentStanding, incidentCorrections };
  }

  /**
   * One allegation with its incident, the crime and mode it names, every element they require (those it relies on
   * marked), and the competing allegations about the same incident.
   */
  async getAllegation(actor: Actor, id: string) {
    this.requireReader(actor);
    const incidentId = await repo.allegationIncident(this.db, id);
    if (incidentId === undefined) throw notFound('Allegation', id);
    const d = await repo.loadCases(this.db, incidentId);
    const views = await this.views(actor, d, () => repo.loadFrameworks(this.db));
    const allegation = views.allegations.find((a) => a.id === id)!;
    const f = views.frameworks;
    const crimes = allegation.crime ? crimeAncestry(allegation.crime.id, new Map(f.crimes.map((c) => [c.id, c]))).reverse() : [];
    const owners: Array<Crime | LiabilityMode> = [
      ...crimes.map((c) => f.crimes.find((x) => x.id === c)!).filter(Boolean),
      ...(allegation.mode ? [f.modes.find((m) => m.id === allegation.mode!.id)!] : []),
    ];
    const elements: ElementView[] = owners.flatMap((o) =>
      f.elements
        .filter((e) => e.crimeId === o.id || e.modeId === o.id)
        .map((e) => ({
          ...e,
          owner: { id: o.id, article: o.article, title: o.title, kind: 'frameworkId' in o && 'category' in o ? ('crime' as const) : ('mode' as const) },
          reliedOn: allegation.elementIds.includes(e.id),
        })),
    );
    return {
      allegation,
      incident: this.incidentView(d.incidents[0], d, views.events, views.incidentStanding.get(incidentId)),
      elements,
      competing: views.allegations.filter((a) => a.id !== id),
      canReview: hasRole(actor, 'reviewer'),
    };
  }

  /** A reviewer changes how far an allegation is verified; the note is required and the change audited. */
  async setAllegationVerification(actor: Actor, id: string, level: VerificationLevel, note: string) {
    this.requireReviewer(actor);
    const trimmed = note.trim();
    if (trimmed === '') throw invalid('note_required', 'Say why the verification level changes');
    if (trimmed.length > MAX_NOTE) throw invalid('note_too_long', `The note has ${trimmed.length} characters; at most ${MAX_NOTE}`);
    await this.db.transaction().execute(async (tx) => {
      const row = await repo.findAllegationRow(tx, id);
      if (!row) throw notFound('Allegation', id);
      if (row.verification === level) throw conflict('verification_unchanged', `Allegation ${id} is already "${level}"`);
      await repo.setAllegationVerification(tx, id, level);
      await recordAudit(tx, actor, {
        action: 'cases.allegation_verification_changed',
        subjectType: 'cases_allegation',
        subjectId: id,
        details: { from: row.verification, to: level, note: trimmed },
      });
    });
    return this.getAllegation(actor, id);
  }

  /** The elements an allegation relies on (for evidence links); throws not_found for an unknown allegation. */
  async allegationElementIds(actor: Actor, allegationId: string): Promise<string[]> {
    this.requireReader(actor);
    if ((await repo.allegationIncident(this.db, allegationId)) === undefined) throw notFound('Allegation', allegationId);
    return repo.allegationElementIds(this.db, allegationId);
  }
}

/** Casualty record ids named in case files (looked up in the database only for these). */
function recordIdsIn(files: Record<string, string>): string[] {
  const found = new Set<string>();
  for (const text of Object.values(files)) {
    for (const m of text.matchAll(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi)) {
      found.add(m[0].toLowerCase());
      if (found.size > 100_000) break;
    }
  }
  return [...found];
}

export function readStandardFrameworks(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const spec of Object.values(frameworkFiles)) files[spec.file] = readFileSync(join(STANDARD_FRAMEWORKS_DIR, spec.file), 'utf8');
  return files;
}

export type { FrameworkDataset };

/** The frameworks of a dataset, each with its own crimes and modes, and each of those with its elements. */
function frameworkDetails(d: Awaited<ReturnType<typeof repo.loadFrameworks>>) {
  return d.frameworks.map((framework) => ({
    framework,
    crimes: d.crimes.filter((c) => c.frameworkId === framework.id).map((c) => ({ ...c, elements: d.elements.filter((e) => e.crimeId === c.id) })),
    modes: d.modes.filter((m) => m.frameworkId === framework.id).map((m) => ({ ...m, elements: d.elements.filter((e) => e.modeId === m.id) })),
  }));
}
