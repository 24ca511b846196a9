import type { Kysely } from 'kysely';
import { actorId, requireRole, type Actor } from '../accounts/actor.ts';
import type { Role } from '../accounts/tables.ts';
import { refreshItemSearch } from '../archive/search-index.ts';
import { recordAudit } from '../audit/service.ts';
import type { Database } from '../db/schema.ts';
import { conflict, invalid, notFound } from '../errors.ts';
import { estimatePublicationRefusal } from '../estimation/publication-check.ts';
import { emptyDraft, withDigest, type Disclosure, type DisclosureDraft } from './disclosure.ts';
import { publiclyVisible } from '../archive/visibility.ts';
import * as repo from './repository.ts';
import type { PublicationView } from './schemas.ts';
import type { PublicationKind, PublicationState } from './tables.ts';

type Db = Kysely<Database>;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TEXT_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/;

/** Who may make a subject public or withdraw it: those who may publish it in its own module today. */
const PUBLISHERS: Record<PublicationKind, Role[]> = {
  item: ['editor', 'reviewer'],
  claim: ['editor', 'reviewer'],
  recognition: ['editor', 'reviewer'],
  dialogue_report: ['facilitator'],
  estimate: ['editor', 'reviewer'],
  casualty_stats: ['editor', 'reviewer'],
  casualty_source: ['editor', 'reviewer'],
};

export type { PublicationView } from './schemas.ts';

/**
 * The one way anything becomes public: archive items, claims, recognition acts, dialogue reports, estimates, casualty
 * statistics (of a linkage run) and casualty lists (their names, for the memorial). `preview` lists exactly what the
 * public would see; `makePublic` needs that list's digest back, so the confirmation and the change match; `withdraw`
 * reverses it. The state is one row in `publications` per subject; the modules' own flags (an item's state, a
 * claim's `published`, a report's `report_public`) are written here in the same transaction, and every change is
 * audited with the list that was confirmed.
 */
export class PublicationService {
  constructor(
    private readonly db: Db,
    private readonly options: { statsMinCell: number },
  ) {}

  async preview(actor: Actor, kind: PublicationKind, id: string): Promise<PublicationView> {
    requireRole(actor, ...PUBLISHERS[kind]);
    checkId(kind, id);
    const { disclosure, isPublic } = await this.disclose(this.db, kind, id);
    const row = await repo.findPublication(this.db, kind, id);
    return { kind, id, state: isPublic ? 'public' : 'not_public', changedAt: row?.changed_at.toISOString() ?? null, disclosure };
  }

  async states(actor: Actor, kind: PublicationKind, ids: string[]): Promise<Array<{ id: string; state: PublicationState }>> {
    requireRole(actor, 'viewer', 'editor', 'reviewer', 'facilitator');
    const valid = ids.filter((id) => validId(kind, id));
    const publicIds = new Set<string>();
    if (kind === 'item') {
      for (const item of await repo.itemsFacts(this.db, valid)) if (publiclyVisible(item)) publicIds.add(item.id);
    } else {
      for (const id of await repo.publicIdsByFlag(this.db, kind, valid)) publicIds.add(id);
    }
    return ids.map((id) => ({ id, state: publicIds.has(id) ? 'public' : 'not_public' }));
  }

  async makePublic(actor: Actor, kind: PublicationKind, id: string, confirmed: { digest?: string }): Promise<PublicationView> {
    requireRole(actor, ...PUBLISHERS[kind]);
    checkId(kind, id);
    await this.db.transaction().execute(async (tx) => {
      const { disclosure, isPublic } = await this.disclose(tx, kind, id, true);
      if (isPublic) return;
      if (disclosure.refusal) throw conflict(disclosure.refusal.code, disclosure.refusal.message);
      if (confirmed.digest !== undefined && confirmed.digest !== disclosure.digest) {
        throw conflict('disclosure_changed', 'What would become public has changed since the confirmation was shown; review it again', { digest: disclosure.digest });
      }
      const previous = await this.apply(tx, kind, id, true, null);
      await repo.savePublication(tx, { kind, id, state: 'public', by: actorId(actor), disclosure: { ...disclosure, ...previous } });
      await recordAudit(tx, actor, {
        action: 'publication.made_public',
        subjectType: kind,
        subjectId: id,
        details: { digest: disclosure.digest, fields: disclosure.fields, files: disclosure.files.map((f) => ({ fileId: f.id, sha256: f.sha256 })), gps: disclosure.gps !== null, names: disclosure.names.length, notes: disclosure.notes, ...previous },
      });
      if (kind === 'item') await refreshItemSearch(tx, id);
    });
    return this.preview(actor, kind, id);
  }

  async withdraw(actor: Actor, kind: PublicationKind, id: string, reason: string | undefined): Promise<PublicationView> {
    requireRole(actor, ...PUBLISHERS[kind]);
    checkId(kind, id);
    const note = (reason ?? '').trim();
    if (note.length > 2000) throw invalid('reason_too_long', 'reason: at most 2,000 characters', { field: 'reason' });
    await this.db.transaction().execute(async (tx) => {
      const { isPublic } = await this.disclose(tx, kind, id, true); // the subject exists and is locked
      if (!isPublic) return;
      const before = await repo.findPublication(tx, kind, id);
      const restore = before?.state === 'public' && typeof before.disclosure.previousConfidentiality === 'string' ? before.disclosure.previousConfidentiality : null;
      await this.apply(tx, kind, id, false, restore);
      await repo.savePublication(tx, { kind, id, state: 'not_public', by: actorId(actor), disclosure: { withdrawnReason: note || null } });
      await recordAudit(tx, actor, { action: 'publication.withdrawn', subjectType: kind, subjectId: id, details: { reason: note || null, restoredConfidentiality: restore } });
      if (kind === 'item') await refreshItemSearch(tx, id);
    });
    return this.preview(actor, kind, id);
  }

  /**
   * The organisation's memorial rule "not when the family asked": the person holding this record is not shown on the
   * memorial, whichever run links them. The reason stays internal (audited, never shown).
   */
  async excludeFromMemorial(actor: Actor, input: { sourceId: string; sourceRecordId: string; reason: string }): Promise<void> {
    requireRole(actor, 'editor', 'reviewer');
    const reason = input.reason.trim();
    if (!reason) throw invalid('required', 'reason: say why (e.g. the family asked)', { field: 'reason' });
    if (!UUID.test(input.sourceId)) throw notFound('Casualty list', input.sourceId);
    await this.db.transaction().execute(async (tx) => {
      if (!(await repo.sourceFor(tx, input.sourceId))) throw notFound('Casualty list', input.sourceId);
      await repo.addExclusion(tx, { ...input, reason, by: actorId(actor) });
      await recordAudit(tx, actor, { action: 'memorial.person_excluded', subjectType: 'casualty_source', subjectId: input.sourceId, details: { sourceRecordId: input.sourceRecordId, reason } });
    });
  }

  /** Writes the module's own flag; returns what withdrawing must restore. */
  private async apply(tx: Db, kind: PublicationKind, id: string, isPublic: boolean, restore: string | null): Promise<Record<string, unknown>> {
    switch (kind) {
      case 'item': {
        const item = (await repo.itemForUpdate(tx, id))!;
        const confidentiality = isPublic ? 'public' : restore === 'restricted' || restore === 'confidential' ? restore : item.confidentiality;
        await repo.setItemPublic(tx, id, isPublic, confidentiality);
        return isPublic ? { previousConfidentiality: item.confidentiality } : {};
      }
      case 'claim':
        await repo.setRegistryPublished(tx, 'registry_claims', id, isPublic);
        return {};
      case 'recognition':
        await repo.setRegistryPublished(tx, 'registry_recognition_acts', id, isPublic);
        return {};
      case 'dialogue_report':
        await repo.setReportPublic(tx, id, isPublic);
        return {};
      default:
        // Estimates, statistics and casualty lists have no flag of their own: the publication row is their state.
        return {};
    }
  }

  /**
   * The list of what becomes visible, and whether the public sees the subject now: for an item by the archive's own
   * rule for the public (so the state shown is what a visitor gets), for claims, acts and reports by their module's
   * flag, for the rest by the publication row. Throws not found for a subject that does not exist.
   */
  private async disclose(db: Db, kind: PublicationKind, id: string, lock = false): Promise<{ disclosure: Disclosure; isPublic: boolean }> {
    const { draft, isPublic } = await this.draft(db, kind, id, lock);
    return { disclosure: withDigest(draft), isPublic: isPublic ?? (await repo.findPublication(db, kind, id))?.state === 'public' };
  }

  private async draft(db: Db, kind: PublicationKind, id: string, lock: boolean): Promise<{ draft: DisclosureDraft; isPublic?: boolean }> {
    switch (kind) {
      case 'item': {
        const item = lock ? await repo.itemForUpdate(db, id) : await repo.findItem(db, id);
        if (!item) throw notFound('Item', id);
        const draft = emptyDraft(kind, id, item.title);
        draft.fields = ['kind', 'title', 'description', 'event_date', 'place_name', 'country', 'languages', 'tags'].filter((f) => {
          const value = (item as Record<string, unknown>)[f];
          return f === 'kind' || f === 'title' || f === 'tags' || (Array.isArray(value) ? value.length > 0 : value !== null && value !== '');
        });
        if (item.latitude !== null && item.longitude !== null) draft.gps = { latitude: item.latitude, longitude: item.longitude };
        if (item.provided_by) {
          draft.fields.push('provided_by');
          draft.names.push(item.provided_by);
        }
        const files = await repo.itemFiles(db, id);
        draft.files = files.filter((f) => f.confidentiality === 'public').map((f) => ({ id: f.id, name: f.filename, sha256: f.blob_sha256, size: Number(f.size), mime: f.mime }));
        draft.withheldFiles = files.length - draft.files.length;
        // A published original carries its EXIF: where the photo was taken (perhaps where a witness lives) and the
        // serial number of the camera that took it. Named file by file; a redacted copy drops both.
        for (const f of files.filter((f) => f.confidentiality === 'public')) {
          if (f.photo_metadata?.gps) draft.notes.push(`file_gps:${f.filename}`);
          if (f.photo_metadata?.serial || f.photo_metadata?.lensSerial) draft.notes.push(`file_serial:${f.filename}`);
        }
        const testimony = item.kind === 'testimony' ? await repo.testimonyOf(db, id) : undefined;
        if (testimony) {
          draft.fields.push('pseudonym');
          draft.names.push(testimony.pseudonym);
          draft.notes.push('protected_identity_stays_sealed');
        }
        const consented = item.consent_scopes?.includes('publication') ?? false;
        if (item.consent_scopes !== null && !consented) {
          draft.refusal = { code: 'publication_consent_missing', message: 'The witness has not consented to publication (or has withdrawn it); the testimony cannot be made public' };
        } else if (item.confidentiality === 'confidential' && !consented) {
          draft.refusal = { code: 'publication_consent_missing', message: 'The item is confidential and no publication consent is recorded; record the consent or change its confidentiality first' };
        }
        if (item.confidentiality !== 'public') draft.notes.push(`confidentiality_lifted:${item.confidentiality}`);
        if (consented) draft.notes.push('publication_consent_recorded');
        return { draft, isPublic: publiclyVisible(item) };
      }
      case 'claim': {
        const claim = await repo.claimForUpdate(db, id);
        if (!claim) throw notFound('Claim', id);
        const draft = emptyDraft(kind, id, claim.statement.slice(0, 200));
        draft.fields = ['statement', 'asserted_by', 'date', 'verification', 'sources', 'translations'];
        draft.names = [claim.asserted_by_name];
        return { draft, isPublic: claim.published };
      }
      case 'recognition': {
        const act = await repo.actForUpdate(db, id);
        if (!act) throw notFound('Recognition act', id);
        const draft = emptyDraft(kind, id, `${act.body_name}${act.term ? `: ${act.term}` : ''}`);
        draft.fields = ['body', 'level', 'date', 'term', 'instrument', 'verification', 'sources'];
        draft.names = [act.body_name];
        return { draft, isPublic: act.published };
      }
      case 'dialogue_report': {
        const conversation = await repo.conversationForUpdate(db, id);
        if (!conversation) throw notFound('Conversation', id);
        const topic = conversation.topic as Record<string, string>;
        const draft = emptyDraft(kind, id, topic.en ?? Object.values(topic)[0] ?? id);
        draft.fields = ['topic', 'description', 'statements', 'opinion_groups', 'consensus', 'vote_counts'];
        draft.notes.push(`groups_below_${conversation.min_group_size}_hidden`, 'no_participant_ids');
        return { draft, isPublic: conversation.report_public };
      }
      case 'estimate': {
        const estimate = await repo.estimateFor(db, id);
        if (!estimate) throw notFound('Estimate', id);
        const draft = emptyDraft(kind, id, estimate.title);
        // the capture table and the receipt are served beside a public estimate, so that anyone can recompute it
        draft.fields = ['title', 'documented', 'estimates', 'intervals', 'warnings', 'assumptions', 'input_sha256', 'capture_table', 'receipt'];
        if (estimate.state !== 'done') draft.refusal = { code: 'estimate_not_done', message: 'Only a finished estimate can be made public' };
        // A sampler run that did not converge is refused unless a person recorded why (issue 15; estimation slice).
        else draft.refusal = estimatePublicationRefusal(estimate) ?? draft.refusal;
        return { draft };
      }
      case 'casualty_stats': {
        const run = await repo.runFor(db, id);
        if (!run) throw notFound('Linkage run', id);
        const sources = await repo.sourceNames(db, run.source_ids);
        const draft = emptyDraft(kind, id, sources.map((s) => s.name).join(', '));
        draft.fields = ['totals', 'by_sex', 'by_age_band', 'by_status', 'by_death_date', 'by_place', 'coverage', 'overlaps', 'receipt'];
        draft.names = sources.map((s) => s.name);
        draft.notes.push(`small_cells_hidden:${this.options.statsMinCell}`, 'no_person_names');
        if (run.state !== 'done') draft.refusal = { code: 'run_not_done', message: 'Only the statistics of a finished linkage run can be made public' };
        return { draft };
      }
      case 'casualty_source': {
        const source = await repo.sourceFor(db, id);
        if (!source) throw notFound('Casualty list', id);
        const draft = emptyDraft(kind, id, source.name);
        draft.fields = ['list_name', 'compiled_by', 'compiled_at', 'person_names', 'dates', 'places', 'status'];
        draft.names = [source.compiled_by ?? source.name];
        draft.notes.push(`memorial_persons:${source.records}`, 'memorial_rules_apply');
        return { draft };
      }
    }
  }
}

/** Ids of uuid subjects are checked before they reach a uuid column (which would refuse the text with an error). */
function validId(kind: PublicationKind, id: string): boolean {
  return (kind === 'claim' || kind === 'recognition' ? TEXT_ID : UUID).test(id);
}

function checkId(kind: PublicationKind, id: string): void {
  if (!validId(kind, id)) throw notFound(kind, id);
}
