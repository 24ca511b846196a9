import { createHash, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { actorLabel, hasRole, requireRole, type Actor } from '../accounts/actor.ts';
import { listAudit, recordAudit } from '../audit/service.ts';
import type { Database } from '../db/schema.ts';
import { conflict, DomainError, invalid, notFound } from '../errors.ts';
import {
  canonicalDataset,
  parseRegistryFiles,
  toCsvFiles,
  toJsonFiles,
  verificationLevels,
  type Problem,
  type RegistryDataset,
  type VerificationLevel,
} from '../../core/registry/index.ts';
import { checkRecord, parentWouldCycle, type RecordKind, type RecordOf } from '../../core/registry/record.ts';
import { EXAMPLE_LABEL, exampleAvailable, readExample } from './demo.ts';
import * as repo from './repository.ts';
import { filterActs, filterClaims, RegistryIndex, type ActFilters, type ActView, type ClaimFilters, type ClaimView } from './views.ts';

export interface ImportResult {
  importId: string;
  label: string;
  sha256: string;
  counts: Record<string, number>;
  warnings: Problem[];
}

export interface ContestedPair {
  claim: ClaimView;
  contested: ClaimView;
}

export interface VerificationChange {
  at: string;
  by: string | null;
  from: string;
  to: string;
  note: string;
}

const MAX_NOTE = 2000;

/** Hash of an import's files, by name, so the audit trail proves which bytes were imported. */
function filesDigest(files: Record<string, string>): { sha256: string; files: Record<string, string> } {
  const each: Record<string, string> = {};
  for (const name of Object.keys(files).sort()) each[name] = createHash('sha256').update(files[name], 'utf8').digest('hex');
  const sha256 = createHash('sha256').update(JSON.stringify(each)).digest('hex');
  return { sha256, files: each };
}

const countsOf = (d: RegistryDataset) => ({
  sources: d.sources.length,
  actors: d.actors.length,
  events: d.events.length,
  claims: d.claims.length,
  recognitionActs: d.recognitionActs.length,
});

/**
 * Data of another module that ships with the example case and cites the registry's records (the cases module's
 * characterisations cite its actors and sources), so it is loaded after them. Given by the composition root
 * (context.ts), so the registry does not import the modules that depend on it.
 */
export interface ExampleDependent {
  /** Prefix of its counts in the combined answer, e.g. `case_`. */
  prefix: string;
  load(actor: Actor): Promise<{ status: 'loaded' | 'already_loaded' | 'unavailable'; counts: Record<string, number> }>;
}

export class RegistryService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly exampleDependents: readonly ExampleDependent[] = [],
  ) {}

  /** Editors and reviewers (and admins) see unpublished records; everyone else sees what is published. */
  private async index(actor: Actor): Promise<RegistryIndex> {
    return new RegistryIndex(await repo.loadDataset(this.db), hasRole(actor, 'editor', 'reviewer'));
  }

  async overview(actor: Actor) {
    const index = await this.index(actor);
    const demoLoaded = Boolean(await repo.findImportByLabel(this.db, EXAMPLE_LABEL));
    return {
      counts: {
        sources: index.sources.size,
        actors: index.actors.size,
        events: index.events.size,
        claims: index.claims.length,
        recognitionActs: index.acts.length,
        contested: index.claims.reduce((n, c) => n + c.contests.length, 0),
      },
      events: [...index.events.values()],
      demo: { available: exampleAvailable(), loaded: demoLoaded, canLoad: hasRole(actor, 'admin') && actor.kind === 'user' },
    };
  }

  async listClaims(actor: Actor, filters: ClaimFilters): Promise<ClaimView[]> {
    const index = await this.index(actor);
    return filterClaims(index, filters).map((c) => index.claimView(c));
  }

  async getClaim(actor: Actor, id: string) {
    const index = await this.index(actor);
    const claim = index.claims.find((c) => c.id === id);
    if (!claim) throw notFound('Claim', id);
    const view = index.claimView(claim);
    const related = (ids: string[]) =>
      ids
        .map((x) => index.claims.find((c) => c.id === x))
        .filter((c) => c !== undefined)
        .map((c) => index.claimView(c));
    return {
      claim: view,
      contests: related(view.contests),
      contestedBy: related(view.contestedBy),
      // Who changed a verification level is internal; the public sees the record as it stands.
      history: hasRole(actor, 'editor', 'reviewer') ? await this.verificationHistory('registry_claim', id) : [],
    };
  }

  async listActs(actor: Actor, filters: ActFilters): Promise<ActView[]> {
    const index = await this.index(actor);
    return filterActs(index, filters)
      .map((a) => index.actView(a))
      .sort((a, b) => (a.date ?? '9999').localeCompare(b.date ?? '9999') || a.id.localeCompare(b.id));
  }

  async getAct(actor: Actor, id: string) {
    const index = await this.index(actor);
    const act = index.acts.find((a) => a.id === id);
    if (!act) throw notFound('Recognition act', id);
    return {
      act: index.actView(act),
      history: hasRole(actor, 'editor', 'reviewer') ? await this.verificationHistory('registry_recognition_act', id) : [],
    };
  }

  async contestedPairs(actor: Actor, eventId?: string): Promise<ContestedPair[]> {
    const index = await this.index(actor);
    const byId = new Map(index.claims.map((c) => [c.id, c]));
    const pairs: ContestedPair[] = [];
    for (const claim of index.claims) {
      for (const contestedId of claim.contests) {
        const contested = byId.get(contestedId);
        if (!contested) continue;
        if (eventId && claim.eventId !== eventId && contested.eventId !== eventId) continue;
        pairs.push({ claim: index.claimView(claim), contested: index.claimView(contested) });
      }
    }
    return pairs;
  }

  async getEvent(actor: Actor, id: string) {
    const index = await this.index(actor);
    const event = index.events.get(id);
    if (!event) throw notFound('Event', id);
    const claims = filterClaims(index, { event: id }).map((c) => index.claimView(c));
    return {
      event,
      casualtyFigures: claims.filter((c) => c.kind === 'casualty-figure'),
      claims: claims.filter((c) => c.kind !== 'casualty-figure'),
      recognitionActs: await this.listActs(actor, { event: id }),
      contested: await this.contestedPairs(actor, id),
    };
  }

  async listActors(actor: Actor) {
    return [...(await this.index(actor)).actors.values()];
  }

  async listSources(actor: Actor) {
    return [...(await this.index(actor)).sources.values()];
  }

  private async verificationHistory(subjectType: string, id: string): Promise<VerificationChange[]> {
    const events = await listAudit(this.db, { limit: 100, subjectType, subjectId: id });
    return events
      .filter((e) => e.action.endsWith('.verification_changed'))
      .map((e) => ({
        at: e.at,
        by: e.actorName,
        from: String(e.details.from ?? ''),
        to: String(e.details.to ?? ''),
        note: String(e.details.note ?? ''),
      }));
  }

  /** Changing how far a claim is verified needs a reviewer and a reason, and is recorded with from, to and note. */
  async setClaimVerification(actor: Actor, id: string, level: VerificationLevel, note: string): Promise<ClaimView> {
    requireRole(actor, 'reviewer');
    const trimmed = checkNote(note, level);
    await this.db.transaction().execute(async (tx) => {
      const row = await repo.findClaimRow(tx, id);
      if (!row) throw notFound('Claim', id);
      if (row.verification === level) throw conflict('verification_unchanged', `Claim ${id} is already "${level}"`);
      await repo.updateClaim(tx, id, { verification: level });
      await recordAudit(tx, actor, {
        action: 'claim.verification_changed',
        subjectType: 'registry_claim',
        subjectId: id,
        details: { from: row.verification, to: level, note: trimmed },
      });
    });
    return (await this.getClaim(actor, id)).claim;
  }

  async setActVerification(actor: Actor, id: string, level: VerificationLevel, note: string): Promise<ActView> {
    requireRole(actor, 'reviewer');
    const trimmed = checkNote(note, level);
    await this.db.transaction().execute(async (tx) => {
      const row = await repo.findActRow(tx, id);
      if (!row) throw notFound('Recognition act', id);
      if (row.verification === level) throw conflict('verification_unchanged', `Recognition act ${id} is already "${level}"`);
      await repo.updateAct(tx, id, { verification: level });
      await recordAudit(tx, actor, {
        action: 'recognition.verification_changed',
        subjectType: 'registry_recognition_act',
        subjectId: id,
        details: { from: row.verification, to: level, note: trimmed },
      });
    });
    return (await this.getAct(actor, id)).act;
  }

  async setPublished(actor: Actor, what: 'claim' | 'recognition', id: string, published: boolean): Promise<void> {
    requireRole(actor, 'editor', 'reviewer');
    await this.db.transaction().execute(async (tx) => {
      const row = what === 'claim' ? await repo.findClaimRow(tx, id) : await repo.findActRow(tx, id);
      if (!row) throw notFound(what === 'claim' ? 'Claim' : 'Recognition act', id);
      if (row.published === published) return;
      if (what === 'claim') await repo.updateClaim(tx, id, { published });
      else await repo.updateAct(tx, id, { published });
      await recordAudit(tx, actor, {
        action: `${what}.${published ? 'published' : 'unpublished'}`,
        subjectType: what === 'claim' ? 'registry_claim' : 'registry_recognition_act',
        subjectId: id,
        details: { from: row.published, to: published },
      });
    });
  }

  /**
   * Imports a folder's files (name → text) all or nothing: every problem is reported with its file and line, and
   * if any is an error nothing is written. Ids already in the registry are refused (imports only add).
   */
  async importFiles(actor: Actor, files: Record<string, string>, options: { label?: string; dryRun?: boolean } = {}): Promise<ImportResult> {
    requireRole(actor, 'editor');
    const label = (options.label ?? 'import').trim().slice(0, 200) || 'import';
    const existing = await repo.existingIds(this.db);
    const parsed = parseRegistryFiles(files, existing);
    const errors = parsed.problems.filter((p) => p.severity === 'error');
    if (errors.length) {
      throw invalid('import_rejected', `The import was refused: ${errors.length} problem${errors.length === 1 ? '' : 's'}; nothing was imported`, {
        problems: parsed.problems,
      });
    }
    const counts = countsOf(parsed.dataset);
    const digest = filesDigest(files);
    const warnings = parsed.problems;
    const importId = randomUUID();
    if (options.dryRun) return { importId, label, sha256: digest.sha256, counts, warnings };
    await this.db.transaction().execute(async (tx) => {
      // Re-checked inside the transaction: another import may have added the same ids meanwhile.
      const now = await repo.existingIds(tx);
      const clash = parseRegistryFiles(files, now).problems.filter((p) => p.code === 'already_exists');
      if (clash.length) throw invalid('import_rejected', 'Records with these ids were added meanwhile; nothing was imported', { problems: clash });
      await repo.insertDataset(tx, parsed.dataset);
      await repo.insertImport(tx, { id: importId, label, sha256: digest.sha256, counts, importedBy: actorLabel(actor) });
      await recordAudit(tx, actor, {
        action: 'registry.imported',
        subjectType: 'registry_import',
        subjectId: importId,
        details: { label, sha256: digest.sha256, files: digest.files, counts, warnings: warnings.length },
      });
    });
    return { importId, label, sha256: digest.sha256, counts, warnings };
  }

  /** A record as the import format writes it (ids, not views), for an edit form, with its recorded changes. */
  async getRecord<K extends RecordKind>(actor: Actor, kind: K, id: string): Promise<{ record: RecordOf[K]; versions: RecordVersion[] }> {
    requireRole(actor, 'editor', 'reviewer');
    const dataset = await repo.loadDataset(this.db);
    const record = (dataset[kind] as RecordOf[K][]).find((r) => r.id === id);
    if (!record) throw notFound(RECORD_NAMES[kind], id);
    const events = await listAudit(this.db, { limit: 100, subjectType: SUBJECT_TYPES[kind], subjectId: id });
    const versions = events
      .filter((e) => e.action.startsWith(`${AUDIT_PREFIX[kind]}.`))
      .map((e) => ({ at: e.at, by: e.actorName, action: e.action, changed: Array.isArray(e.details.changed) ? e.details.changed.map(String) : [] }));
    return { record, versions };
  }

  /**
   * Adds one record written in a form (editors), checked exactly as an import checks a record of registry.json; a
   * refusal lists every problem by field and writes nothing. Without an id, one is made (`S-…`, `C-…`).
   */
  async createRecord<K extends RecordKind>(actor: Actor, kind: K, input: Record<string, unknown>, within?: Kysely<Database>): Promise<SavedRecord<K>> {
    requireRole(actor, 'editor');
    const raw = { ...input, id: typeof input.id === 'string' && input.id.trim() ? input.id.trim() : newRecordId(kind) };
    const write = async (tx: Kysely<Database>) => {
      const check = checkRecord(kind, raw, await repo.existingIds(tx));
      const record = refuseProblems(kind, check);
      await repo.insertDataset(tx, { sources: [], actors: [], events: [], claims: [], recognitionActs: [], [kind]: [record] });
      await recordAudit(tx, actor, {
        action: `${AUDIT_PREFIX[kind]}.created`,
        subjectType: SUBJECT_TYPES[kind],
        subjectId: record.id,
        details: { record: record as unknown as Record<string, unknown> },
      });
      return { record, warnings: check.problems };
    };
    // Inside a caller's transaction (a dialogue agreement writes its own record with the claim), or in one of its own.
    return within ? write(within) : this.db.transaction().execute(write);
  }

  /** The ids of every record of each kind (editors), read in the caller's transaction when given. */
  async recordIds(actor: Actor, within?: Kysely<Database>): Promise<Record<RecordKind, Set<string>>> {
    requireRole(actor, 'editor');
    return repo.existingIds(within ?? this.db);
  }

  /**
   * Replaces one record's fields with a form's (editors); its id stays, and a claim's or act's verification and
   * publication stay as they are (they change through their own requests, with a note). The audit trail keeps the
   * record before and after and the fields that changed, so every version can be read back.
   */
  async updateRecord<K extends RecordKind>(actor: Actor, kind: K, id: string, input: Record<string, unknown>): Promise<SavedRecord<K>> {
    requireRole(actor, 'editor');
    return this.db.transaction().execute(async (tx) => {
      const dataset = await repo.loadDataset(tx);
      const before = (dataset[kind] as RecordOf[K][]).find((r) => r.id === id);
      if (!before) throw notFound(RECORD_NAMES[kind], id);
      const kept = 'verification' in before ? { verification: before.verification, published: before.published } : {};
      const raw = { ...input, ...kept, id };
      const check = checkRecord(kind, raw, await repo.existingIds(tx), id);
      const record = refuseProblems(kind, check);
      if (kind === 'actors') {
        const parents = new Map(dataset.actors.map((a) => [a.id, a.parentId]));
        const actor = record as RecordOf['actors'];
        if (parentWouldCycle(actor.id, actor.parentId, parents)) {
          throw invalid('record_rejected', 'The record was refused: 1 problem; nothing was saved', {
            problems: [
              {
                severity: 'error',
                code: 'parent_cycle',
                file: 'form',
                field: 'parentId',
                message: `actor ${id} would be its own ancestor through its parent organisations`,
              },
            ],
          });
        }
      }
      const fields = (r: RecordOf[K]) => r as unknown as Record<string, unknown>;
      const changed = Object.keys(record).filter((key) => JSON.stringify(fields(record)[key]) !== JSON.stringify(fields(before)[key]));
      if (changed.length === 0) return { record: before, warnings: check.problems };
      if (kind === 'sources') await repo.updateSource(tx, record as RecordOf['sources']);
      else if (kind === 'actors') await repo.updateActor(tx, record as RecordOf['actors']);
      else if (kind === 'events') await repo.updateEvent(tx, record as RecordOf['events']);
      else if (kind === 'claims') await repo.replaceClaim(tx, record as RecordOf['claims']);
      else await repo.replaceAct(tx, record as RecordOf['recognitionActs']);
      await recordAudit(tx, actor, {
        action: `${AUDIT_PREFIX[kind]}.updated`,
        subjectType: SUBJECT_TYPES[kind],
        subjectId: id,
        details: { changed, before: fields(before), after: fields(record) },
      });
      return { record, warnings: check.problems };
    });
  }

  /** Everything in the registry, published or not, as records; reviewers and editors only. */
  async exportDataset(actor: Actor): Promise<RegistryDataset> {
    requireRole(actor, 'editor', 'reviewer');
    return canonicalDataset(await repo.loadDataset(this.db));
  }

  async exportFiles(actor: Actor, format: 'csv' | 'json'): Promise<Record<string, string>> {
    const dataset = await this.exportDataset(actor);
    return format === 'csv' ? toCsvFiles(dataset) : toJsonFiles(dataset);
  }

  /** Loads the example case once; a second call reports that it is already there. Administrators only. */
  async loadExample(actor: Actor): Promise<{ status: 'loaded' | 'already_loaded'; counts: Record<string, number> }> {
    requireRole(actor, 'admin');
    const previous = await repo.findImportByLabel(this.db, EXAMPLE_LABEL);
    if (previous) return { status: 'already_loaded', counts: previous.counts as Record<string, number> };
    if (!exampleAvailable()) throw new DomainError('unavailable', 'example_missing', 'The example case is not installed with this copy of Reckon');
    const result = await this.importFiles(actor, readExample(), { label: EXAMPLE_LABEL });
    return { status: 'loaded', counts: result.counts };
  }

  /**
   * The example case and what other modules ship with it, in that order; 'loaded' when any part was loaded now.
   * Administrators only (checked by loadExample before anything is read).
   */
  async loadExampleWithDependents(actor: Actor): Promise<{ status: 'loaded' | 'already_loaded'; counts: Record<string, number> }> {
    const result = await this.loadExample(actor);
    let status = result.status;
    const counts = { ...result.counts };
    for (const dependent of this.exampleDependents) {
      const part = await dependent.load(actor);
      for (const [key, value] of Object.entries(part.counts)) counts[`${dependent.prefix}${key}`] = value;
      if (part.status === 'loaded') status = 'loaded';
    }
    return { status, counts };
  }
}

export interface SavedRecord<K extends RecordKind> {
  record: RecordOf[K];
  /** What an import would also report without refusing (markup in a text, a breakdown that does not add up). */
  warnings: Problem[];
}

export interface RecordVersion {
  at: string;
  by: string | null;
  action: string;
  changed: string[];
}

const RECORD_NAMES: Record<RecordKind, string> = { sources: 'Source', actors: 'Actor', events: 'Event', claims: 'Claim', recognitionActs: 'Recognition act' };
const SUBJECT_TYPES: Record<RecordKind, string> = {
  sources: 'registry_source',
  actors: 'registry_actor',
  events: 'registry_event',
  claims: 'registry_claim',
  recognitionActs: 'registry_recognition_act',
};
const AUDIT_PREFIX: Record<RecordKind, string> = { sources: 'source', actors: 'actor', events: 'event', claims: 'claim', recognitionActs: 'recognition' };
const ID_PREFIX: Record<RecordKind, string> = { sources: 'S', actors: 'A', events: 'E', claims: 'C', recognitionActs: 'R' };

function newRecordId(kind: RecordKind): string {
  return `${ID_PREFIX[kind]}-${randomUUID().slice(0, 8)}`;
}

function refuseProblems<K extends RecordKind>(kind: K, check: { record: RecordOf[K] | null; problems: Problem[] }): RecordOf[K] {
  const errors = check.problems.filter((p) => p.severity === 'error');
  if (check.record && errors.length === 0) return check.record;
  throw invalid(
    'record_rejected',
    `The ${RECORD_NAMES[kind].toLowerCase()} was refused: ${errors.length} problem${errors.length === 1 ? '' : 's'}; nothing was saved`,
    {
      problems: check.problems,
    },
  );
}

function checkNote(note: string, level: string): string {
  if (!(verificationLevels as readonly string[]).includes(level)) {
    throw invalid('invalid_verification', `verification must be one of ${verificationLevels.join(', ')}`, { field: 'verification' });
  }
  const trimmed = note.trim();
  if (trimmed.length < 3) throw invalid('note_required', 'Say why the verification level changes (a note of at least 3 characters)', { field: 'note' });
  if (trimmed.length > MAX_NOTE) throw invalid('note_too_long', `A note has at most ${MAX_NOTE} characters`, { field: 'note' });
  return trimmed;
}
