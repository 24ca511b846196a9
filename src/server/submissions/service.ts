import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import { actorId, hasRole, publicActor, requireRole, systemActor, type Actor } from '../accounts/actor.ts';
import type { ArchiveService } from '../archive/service.ts';
import { recordAudit } from '../audit/service.ts';
import type { BlobService, StagedBlob } from '../blobs/service.ts';
import { searchNames } from '../casualties/service.ts';
import type { FieldCipher } from '../crypto/fields.ts';
import type { Database } from '../db/schema.ts';
import { conflict, DomainError, invalid, notFound } from '../errors.ts';
import { sniffBytes } from '../extraction/sniff.ts';
import { countInWindow } from '../system/rate-windows.ts';
import * as repo from './repository.ts';
import type { SubmissionForm, SubmissionDetail, SubmissionSummary } from './schemas.ts';
import type { FamilySubmissionRow, SubmissionState } from './tables.ts';
import type { FormChallenge, FormTokens } from './token.ts';

/**
 * Who reviews the families' submissions: moderators, whose work this is, and editors. Accepting one writes a casualty
 * record of the families' own source and, for a photo, a confidential archive item.
 */
export const MODERATORS = ['editor', 'moderator'] as const;
export const MAX_PHOTO_BYTES = 4 * 1024 * 1024;
/** Photos a moderator can open in any browser; anything else (an HTML page, a script, a PDF) is refused. */
const PHOTO_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/gif']);
/** The name of the source that holds what families send; a suffix is added if an editor already took it. */
export const FAMILY_SOURCE_NAME = 'Submitted by relatives (public form, moderated)';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface SubmissionsOptions {
  /** Submissions accepted from everyone together in one hour: the flood limit that holds whatever the addresses. */
  perHour: number;
  /** Form posts one address may make in ten minutes. */
  perAddress: number;
}

interface Dependencies {
  db: Kysely<Database>;
  cipher: FieldCipher;
  tokens: FormTokens;
  items: ArchiveService;
  blobs: BlobService;
  /** Whether a memorial person is public now (throws not_found otherwise). */
  publicPerson: (key: string) => Promise<unknown>;
}

export const contactContext = (id: string) => `family_submission:${id}:contact`;
export const photoContext = (id: string) => `family_submission:${id}:photo`;

/** "submitted by a relative, 2026-12-06": the provenance every accepted record carries, written by the server. */
export function provenanceOf(createdAt: Date): string {
  return `submitted by a relative, ${createdAt.toISOString().slice(0, 10)}`;
}

/**
 * Families add and correct: the public form's submissions, their moderation queue, and what an accepted one becomes.
 * Nothing a submitter sends can name a source, overwrite a record or publish anything: an accepted submission is a
 * new record of the families' own source with a provenance the server writes, and a photo a new confidential item
 * that only the one publication model can make public.
 */
export class SubmissionsService {
  constructor(
    private readonly deps: Dependencies,
    private readonly options: SubmissionsOptions,
  ) {}

  /**
   * Charges one form post to the sender's address (fixed windows of ten minutes, counted in PostgreSQL so the limit
   * holds across processes); throws `rate_limited` beyond the limit. Called before the body is read.
   */
  async chargeAddress(address: string): Promise<void> {
    const window = 10 * 60 * 1000;
    const now = Date.now();
    const count = await countInWindow(this.deps.db, `submissions:address:${address}`, now - (now % window));
    if (count > this.options.perAddress) throw new DomainError('rate_limited', 'rate_limited', 'Too many submissions from this address; try again later', { retryAfterSeconds: Math.ceil((window - (now % window)) / 1000) });
  }

  newForm(): FormChallenge {
    return this.deps.tokens.issue();
  }

  async submit(form: SubmissionForm, photo: { bytes: Buffer; name: string } | null): Promise<{ id: string }> {
    const { nonce } = this.deps.tokens.verify(form.token, form.answer);
    if (form.kind === 'photo' && !photo) throw invalid('photo_required', 'Choose the photo to send', { field: 'photo' });
    if ((form.kind === 'correction' || form.kind === 'missing_name') && !form.name) throw invalid('name_required', 'Write the person\'s name as you know it', { field: 'name' });
    if (form.kind === 'correction' && !form.message) throw invalid('message_required', 'Say what should be corrected', { field: 'message' });
    if (form.kind !== 'missing_name' && !form.person) throw invalid('person_required', 'A correction or a photo is sent from a person\'s page on the memorial', { field: 'person' });
    if (form.person) {
      if (!UUID.test(form.person)) throw notFound('Person', form.person);
      await this.deps.publicPerson(form.person);
    }
    if (photo) {
      if (photo.bytes.length === 0) throw invalid('photo_empty', 'The photo is empty', { field: 'photo' });
      if (photo.bytes.length > MAX_PHOTO_BYTES) throw new DomainError('too_large', 'photo_too_large', `A photo may be at most ${MAX_PHOTO_BYTES / 1024 / 1024} MB`, { field: 'photo', maxBytes: MAX_PHOTO_BYTES });
      const sniffed = await sniffBytes(photo.bytes.subarray(0, 64 * 1024), photo.bytes.length <= 64 * 1024);
      if (!sniffed.mime || !PHOTO_TYPES.has(sniffed.mime)) throw invalid('photo_type', 'Send the photo as JPEG, PNG, WebP or GIF', { field: 'photo', detected: sniffed.mime ?? null });
    }
    const hour = 60 * 60 * 1000;
    const now = Date.now();
    const count = await countInWindow(this.deps.db, 'submissions:all', now - (now % hour));
    if (count > this.options.perHour) throw new DomainError('rate_limited', 'submissions_busy', 'Too many submissions have arrived in this hour; try again later');

    const id = randomUUID();
    const names = [form.name, ...(form.otherNames ?? '').split(/\r?\n/)].map((n) => (n ?? '').trim()).filter(Boolean);
    const contact = JSON.stringify({ name: form.contactName ?? '', contact: form.contact });
    try {
      await this.deps.db.transaction().execute(async (tx) => {
        await repo.insertSubmission(tx, {
          id,
          kind: form.kind,
          person_key: form.person ?? null,
          names: JSON.stringify([...new Set(names)]),
          birth_date: form.birthDate ?? null,
          death_date: form.deathDate ?? null,
          place: form.place ?? null,
          status: form.status,
          message: form.message ?? '',
          relation: form.relation ?? '',
          contact_sealed: this.deps.cipher.encrypt(contact, contactContext(id)),
          photo_sealed: photo ? this.deps.cipher.encrypt(photo.bytes.toString('base64'), photoContext(id)) : null,
          photo_name: photo ? photo.name.slice(0, 255) : null,
          photo_size: photo ? photo.bytes.length : null,
          language: form.lang,
          form_nonce: nonce,
        });
        // The custody record names what arrived, never who sent it or how to reach them.
        await recordAudit(tx, publicActor, { action: 'submission.received', subjectType: 'family_submission', subjectId: id, details: { kind: form.kind, personKey: form.person ?? null, photoBytes: photo?.bytes.length ?? null } });
      });
    } catch (error) {
      if (/form_nonce|unique/i.test(String((error as Error).message))) throw conflict('duplicate_submission', 'This form has already been sent; reload the form to send another');
      throw error;
    }
    return { id };
  }

  async list(actor: Actor, filter: { state?: SubmissionState; limit: number; offset: number }): Promise<{ submissions: SubmissionSummary[]; total: number }> {
    requireRole(actor, ...MODERATORS);
    const { rows, total } = await repo.listSubmissions(this.deps.db, filter.state, filter.limit, filter.offset);
    return { submissions: rows.map(summaryOf), total };
  }

  /** One submission with its contact details opened; every opening is audited (who read whose contact, when). */
  async get(actor: Actor, id: string): Promise<SubmissionDetail> {
    requireRole(actor, ...MODERATORS);
    const row = UUID.test(id) ? await repo.findSubmission(this.deps.db, id) : undefined;
    if (!row) throw notFound('Submission', id);
    const contact = JSON.parse(this.deps.cipher.decrypt(row.contact_sealed, contactContext(id))) as { name: string; contact: string };
    await recordAudit(this.deps.db, actor, { action: 'submission.contact_viewed', subjectType: 'family_submission', subjectId: id });
    return { ...summaryOf(row), contactName: contact.name, contact: contact.contact, provenance: provenanceOf(row.created_at) };
  }

  /**
   * Accepts a submission: its names and facts become a NEW record of the families' source (created on first use),
   * with the provenance "submitted by a relative, <date>"; another source's record is never touched. A photo becomes
   * a new confidential archive item. All in one transaction, audited.
   */
  async accept(actor: Actor, id: string, note: string | undefined): Promise<SubmissionSummary> {
    requireRole(actor, ...MODERATORS);
    const first = UUID.test(id) ? await repo.findSubmission(this.deps.db, id) : undefined;
    if (!first) throw notFound('Submission', id);
    if (first.state !== 'pending') throw conflict('submission_decided', `This submission was already ${first.state}`);
    let staged: StagedBlob | null = null;
    if (first.photo_sealed) {
      const bytes = Buffer.from(this.deps.cipher.decrypt(first.photo_sealed, photoContext(id)), 'base64');
      staged = await this.deps.blobs.stage(Readable.from([bytes]), { encrypt: true, maxBytes: MAX_PHOTO_BYTES });
    }
    try {
      return await this.deps.db.transaction().execute(async (tx) => {
        const row = await repo.findSubmission(tx, id, { forUpdate: true });
        if (!row || row.state !== 'pending') throw conflict('submission_decided', 'This submission was decided meanwhile');
        const provenance = provenanceOf(row.created_at);
        let recordId: string | null = null;
        let sourceId: string | null = null;
        if (row.kind !== 'photo') {
          sourceId = await this.familySource(tx, actor);
          recordId = randomUUID();
          const names = row.names;
          const notes = [provenance, row.relation ? `relation: ${row.relation}` : '', row.person_key ? `concerns memorial person ${row.person_key}` : 'a name not on the memorial', row.message ? `message: ${row.message}` : '', note ? `moderator: ${note}` : '']
            .filter(Boolean)
            .join('; ');
          await repo.insertAcceptedRecord(tx, {
              id: recordId,
              source_id: sourceId,
              source_record_id: `submission-${row.id}`,
              version: 1,
              supersedes: null,
              names: JSON.stringify(names),
              birth_date: row.birth_date,
              death_date: row.death_date,
              place: row.place,
              status: row.status,
              notes,
              raw_row: JSON.stringify({ provenance, submission: row.id, kind: row.kind, concerns: row.person_key ?? '', relation: row.relation }),
              search_names: searchNames(names),
              created_by: actorId(actor),
            });
          await recordAudit(tx, actor, { action: 'casualties.record_submitted', subjectType: 'casualty_source', subjectId: sourceId, details: { recordId, submission: row.id, provenance } });
        }
        let itemId: string | null = null;
        if (staged) {
          // A moderator may not create archive items at will; the photo's item is made on the acceptance's behalf (its
          // audit names the moderator and the submission), confidential until the publication model says otherwise.
          const writer = hasRole(actor, 'editor') ? actor : systemActor(`submission ${id} accepted by ${actor.kind === 'user' ? actor.username : 'unknown'}`);
          const item = await this.deps.items.createItem(
            writer,
            {
              kind: 'image',
              title: `Photo ${provenance}`.slice(0, 500),
              description: [row.person_key ? `Concerns memorial person ${row.person_key}.` : '', row.names.length ? `Names given: ${row.names.join(' / ')}.` : ''].filter(Boolean).join(' '),
              providedBy: 'a relative, through the public form',
              confidentiality: 'confidential',
              languages: [],
            },
            tx,
            { index: false },
          );
          itemId = item.id;
          await this.deps.items.attachStaged(writer, item.id, staged, { filename: row.photo_name ?? 'photo', role: 'original', derivedFrom: null, confidentiality: 'confidential', redaction: null }, tx);
        }
        await repo.decide(tx, id, { state: 'accepted', reason: note ?? null, decidedBy: actorId(actor), recordId, itemId });
        await recordAudit(tx, actor, { action: 'submission.accepted', subjectType: 'family_submission', subjectId: id, details: { recordId, sourceId, itemId, provenance } });
        return summaryOf((await repo.findSubmission(tx, id))!);
      });
    } finally {
      if (staged) await this.deps.blobs.afterCommit(staged).catch(() => {});
    }
  }

  async reject(actor: Actor, id: string, reason: string): Promise<SubmissionSummary> {
    requireRole(actor, ...MODERATORS);
    return this.deps.db.transaction().execute(async (tx) => {
      const row = UUID.test(id) ? await repo.findSubmission(tx, id, { forUpdate: true }) : undefined;
      if (!row) throw notFound('Submission', id);
      if (row.state !== 'pending') throw conflict('submission_decided', `This submission was already ${row.state}`);
      // A rejected photo is not kept: its sealed bytes are dropped with the decision.
      await repo.decide(tx, id, { state: 'rejected', reason, decidedBy: actorId(actor), recordId: null, itemId: null });
      await recordAudit(tx, actor, { action: 'submission.rejected', subjectType: 'family_submission', subjectId: id, details: { reason } });
      return summaryOf((await repo.findSubmission(tx, id))!);
    });
  }

  /** The families' source: made on first acceptance, under a name no editor's source already has. */
  private async familySource(tx: Kysely<Database>, actor: Actor): Promise<string> {
    const existing = await repo.familySourceId(tx);
    if (existing) return existing;
    let name = FAMILY_SOURCE_NAME;
    for (let n = 2; await repo.sourceNameTaken(tx, name); n++) name = `${FAMILY_SOURCE_NAME} ${n}`;
    const id = randomUUID();
    await repo.insertFamilySource(tx, {
      id,
      name,
      compiled_by: 'relatives of the persons named, through the public form',
      compiled_at: null,
      method: 'submissions from the public form, each accepted by a moderator; never merged into another source',
      archive_item_id: null,
      created_by: actorId(actor),
    });
    await repo.setFamilySource(tx, id);
    await recordAudit(tx, actor, { action: 'casualties.source_created', subjectType: 'casualty_source', subjectId: id, details: { name, for: 'family submissions' } });
    return id;
  }
}

function summaryOf(row: Omit<FamilySubmissionRow, 'contact_sealed' | 'photo_sealed' | 'form_nonce'>): SubmissionSummary {
  return {
    id: row.id,
    kind: row.kind,
    personKey: row.person_key,
    names: row.names,
    birthDate: row.birth_date,
    deathDate: row.death_date,
    place: row.place,
    status: row.status,
    message: row.message,
    relation: row.relation,
    photo: row.photo_name ? { name: row.photo_name, size: row.photo_size ?? 0 } : null,
    language: row.language,
    state: row.state,
    reason: row.reason,
    decidedAt: row.decided_at ? new Date(row.decided_at).toISOString() : null,
    recordId: row.record_id,
    itemId: row.item_id,
    createdAt: new Date(row.created_at).toISOString(),
  };
}
