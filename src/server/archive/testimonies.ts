import { createHash } from 'node:crypto';
import type { Kysely, Updateable } from 'kysely';
import { requireRole, type Actor } from '../accounts/actor.ts';
import { recordAudit } from '../audit/service.ts';
import type { FieldCipher } from '../crypto/fields.ts';
import type { Database } from '../db/schema.ts';
import { forbidden, invalid, notFound } from '../errors.ts';
import type { ArchiveService, ItemInput } from './service.ts';
import { refreshItemSearch } from './search-index.ts';
import type { TestimonyView } from './schemas.ts';
import type { ConsentScope, TestimoniesTable } from './tables.ts';
import { consentScopes } from './tables.ts';
import { checkLanguages, cleanText, parseDay } from './validation.ts';
import { audienceOf, canSeeProtectedIdentity } from './visibility.ts';
import * as repo from './testimony-repository.ts';

type Db = Kysely<Database>;

/** The witness's protected identity. Encrypted at rest; never in search, counts, exports, logs or audit details. */
export interface ProtectedIdentity {
  name?: string;
  contact?: string;
  location?: string;
}

export interface TestimonyInput {
  pseudonym: string;
  identity?: ProtectedIdentity | null;
  interviewer?: string | null;
  interviewDate?: string | null;
  interviewPlace?: string | null;
  language?: string | null;
  consents?: Array<{ scope: ConsentScope; givenOn: string }>;
}

export type { TestimonyView } from './schemas.ts';

/** The associated data binding a sealed identity to its testimony (also used by master-key rotation). */
export const identityContext = (itemId: string) => `testimony:${itemId}:identity`;
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

function cleanIdentity(identity: ProtectedIdentity): ProtectedIdentity {
  const out: ProtectedIdentity = {};
  for (const field of ['name', 'contact', 'location'] as const) {
    const value = identity[field];
    if (value === undefined) continue;
    // The message names the field, never the value.
    const clean = cleanText(String(value), `identity.${field}`, 2000);
    if (clean) out[field] = clean;
  }
  return out;
}

export class TestimonyService {
  constructor(
    private readonly archive: ArchiveService,
    private readonly cipher: FieldCipher,
  ) {}

  private get db(): Db {
    return this.archive.db;
  }

  async create(actor: Actor, item: Omit<ItemInput, 'kind'>, input: TestimonyInput) {
    requireRole(actor, 'editor');
    const pseudonym = cleanText(input.pseudonym, 'pseudonym', 200);
    if (!pseudonym) throw invalid('required', 'pseudonym: give the witness a pseudonym', { field: 'pseudonym' });
    const details = this.checkDetails(input);
    const consents = this.checkConsents(input.consents ?? []);
    return this.db.transaction().execute(async (tx) => {
      const created = await this.archive.createItem(actor, { ...item, kind: 'testimony' }, tx);
      const identity = input.identity ? cleanIdentity(input.identity) : null;
      await repo.insertTestimony(tx, {
        item_id: created.id,
        pseudonym,
        protected_identity: identity && Object.keys(identity).length ? this.cipher.encrypt(JSON.stringify(identity), identityContext(created.id)) : null,
        ...details,
      });
      await repo.insertConsents(
        tx,
        consents.map((c) => ({ item_id: created.id, scope: c.scope, given_on: c.givenOn, withdrawn_on: null })),
      );
      await repo.storeScopesInForce(tx, created.id, false);
      await recordAudit(tx, actor, {
        action: 'testimony.recorded',
        subjectType: 'item',
        subjectId: created.id,
        details: { pseudonym, ...details, consents, protectedIdentity: identity ? Object.keys(identity) : [] },
      });
      await refreshItemSearch(tx, created.id);
      return this.view(actor, created.id, tx, false);
    });
  }

  /** With `identity: false` the protected identity is neither decrypted nor returned, so nothing is audited as seen. */
  async get(actor: Actor, itemId: string, options: { identity?: boolean } = {}): Promise<TestimonyView> {
    await this.archive.visibleItem(actor, itemId);
    const view = await this.view(actor, itemId, this.db, options.identity !== false);
    if (view.identity) {
      await recordAudit(this.db, actor, { action: 'testimony.identity_viewed', subjectType: 'item', subjectId: itemId, details: { fields: Object.keys(view.identity) } });
    }
    return view;
  }

  /**
   * The protected identity for sealing into an evidence package for a named recipient. Not audited here: the
   * export records that it included the identity (and for whom) in its own custody event, in the transaction that
   * completes the export, so a failed export leaves no record of a disclosure that never happened.
   */
  async identityForSealing(actor: Actor, itemId: string): Promise<ProtectedIdentity | null> {
    await this.archive.visibleItem(actor, itemId);
    if (!canSeeProtectedIdentity(actor)) throw forbidden();
    const row = await repo.sealedIdentityOf(this.db, itemId);
    if (!row) throw notFound('Testimony', itemId);
    return row.protected_identity ? (JSON.parse(this.cipher.decrypt(row.protected_identity, identityContext(itemId))) as ProtectedIdentity) : null;
  }

  async update(actor: Actor, itemId: string, input: Partial<TestimonyInput>) {
    requireRole(actor, 'editor');
    await this.archive.visibleItem(actor, itemId);
    return this.db.transaction().execute(async (tx) => {
      const before = await repo.findTestimony(tx, itemId, { forUpdate: true });
      if (!before) throw notFound('Testimony', itemId);
      const set: Record<string, unknown> = {};
      const changes: Record<string, unknown> = {};
      if (input.pseudonym !== undefined) {
        const pseudonym = cleanText(input.pseudonym, 'pseudonym', 200);
        if (!pseudonym) throw invalid('required', 'pseudonym: give the witness a pseudonym', { field: 'pseudonym' });
        if (pseudonym !== before.pseudonym) {
          set.pseudonym = pseudonym;
          changes.pseudonym = { from: before.pseudonym, to: pseudonym };
        }
      }
      const details = this.checkDetails(input);
      for (const [key, value] of Object.entries(details)) {
        const old = (before as Record<string, unknown>)[key];
        if (value !== old) {
          set[key] = value;
          changes[key] = { from: old, to: value };
        }
      }
      if (input.identity !== undefined) {
        const identity = input.identity ? cleanIdentity(input.identity) : null;
        set.protected_identity = identity && Object.keys(identity).length ? this.cipher.encrypt(JSON.stringify(identity), identityContext(itemId)) : null;
        // Which protected fields changed is recorded; their values never are.
        changes.protectedIdentity = { replaced: true, fields: identity ? Object.keys(identity) : [] };
      }
      if (Object.keys(set).length) {
        await repo.updateTestimony(tx, itemId, set as Updateable<TestimoniesTable>);
        await recordAudit(tx, actor, { action: 'testimony.updated', subjectType: 'item', subjectId: itemId, details: { changes } });
        await refreshItemSearch(tx, itemId);
      }
      return this.view(actor, itemId, tx, false);
    });
  }

  /** Gives (or gives again) consent for a scope. */
  async giveConsent(actor: Actor, itemId: string, scope: ConsentScope, givenOn: string) {
    return this.changeConsent(actor, itemId, scope, 'given', parseDay(givenOn, 'givenOn'));
  }

  /** Withdraws consent for a scope: from now on the testimony is hidden from every use that scope covered. */
  async withdrawConsent(actor: Actor, itemId: string, scope: ConsentScope, withdrawnOn: string) {
    return this.changeConsent(actor, itemId, scope, 'withdrawn', parseDay(withdrawnOn, 'withdrawnOn'));
  }

  private async changeConsent(actor: Actor, itemId: string, scope: ConsentScope, change: 'given' | 'withdrawn', day: string) {
    requireRole(actor, 'editor');
    if (!consentScopes.includes(scope)) throw invalid('invalid_scope', `scope: one of ${consentScopes.join(', ')}`, { field: 'scope' });
    await this.archive.visibleItem(actor, itemId);
    return this.db.transaction().execute(async (tx) => {
      const testimony = await repo.findTestimony(tx, itemId, { forUpdate: true });
      if (!testimony) throw notFound('Testimony', itemId);
      const current = await repo.findConsent(tx, itemId, scope);
      if (change === 'given') {
        if (current) await repo.updateConsent(tx, itemId, scope, { given_on: day, withdrawn_on: null });
        else await repo.insertConsents(tx, [{ item_id: itemId, scope, given_on: day, withdrawn_on: null }]);
      } else {
        if (!current || current.withdrawn_on) throw invalid('no_consent', `scope: there is no ${scope} consent in force to withdraw`, { field: 'scope' });
        if (day < current.given_on) throw invalid('invalid_date', 'withdrawnOn: before the consent was given', { field: 'withdrawnOn' });
        await repo.updateConsent(tx, itemId, scope, { withdrawn_on: day });
      }
      const scopes = await repo.storeScopesInForce(tx, itemId, true);
      await recordAudit(tx, actor, {
        action: change === 'given' ? 'testimony.consent_given' : 'testimony.consent_withdrawn',
        subjectType: 'item',
        subjectId: itemId,
        details: { scope, on: day, scopesInForce: scopes },
      });
      // Consent decides who may search the testimony and whether its transcripts are searched at all.
      await refreshItemSearch(tx, itemId);
      return this.view(actor, itemId, tx, false);
    });
  }

  /** Sets the transcript (in the testimony's language) or a translation; the audit keeps its SHA-256. */
  async putText(actor: Actor, itemId: string, language: string, kind: 'transcript' | 'translation', text: string) {
    requireRole(actor, 'editor');
    const [code] = checkLanguages([language], 'language');
    const clean = cleanText(text, 'text', 2_000_000);
    await this.archive.visibleItem(actor, itemId);
    return this.db.transaction().execute(async (tx) => {
      if (!(await repo.findTestimony(tx, itemId))) throw notFound('Testimony', itemId);
      const before = await repo.findText(tx, itemId, code);
      await repo.upsertText(tx, itemId, code, kind, clean);
      await recordAudit(tx, actor, {
        action: 'testimony.text_saved',
        subjectType: 'item',
        subjectId: itemId,
        details: { language: code, kind, sha256: sha256(clean), length: clean.length, previousSha256: before ? sha256(before.text) : null },
      });
      await refreshItemSearch(tx, itemId);
      return this.view(actor, itemId, tx, false);
    });
  }

  private checkDetails(input: Partial<TestimonyInput>) {
    const out: { interviewer?: string | null; interview_date?: string | null; interview_place?: string | null; language?: string | null } = {};
    if (input.interviewer !== undefined) out.interviewer = input.interviewer ? cleanText(input.interviewer, 'interviewer', 200) || null : null;
    if (input.interviewDate !== undefined) out.interview_date = input.interviewDate ? parseDay(input.interviewDate, 'interviewDate') : null;
    if (input.interviewPlace !== undefined) out.interview_place = input.interviewPlace ? cleanText(input.interviewPlace, 'interviewPlace', 500) || null : null;
    if (input.language !== undefined) out.language = input.language ? checkLanguages([input.language], 'language')[0] : null;
    return out;
  }

  private checkConsents(consents: Array<{ scope: ConsentScope; givenOn: string }>) {
    const seen = new Set<string>();
    return consents.map((c, index) => {
      if (!consentScopes.includes(c.scope)) throw invalid('invalid_scope', `consents.${index}.scope: one of ${consentScopes.join(', ')}`, { field: `consents.${index}.scope` });
      if (seen.has(c.scope)) throw invalid('duplicate_scope', `consents.${index}.scope: ${c.scope} is given twice`, { field: `consents.${index}.scope` });
      seen.add(c.scope);
      return { scope: c.scope, givenOn: parseDay(c.givenOn, `consents.${index}.givenOn`) };
    });
  }

  /**
   * Write paths pass `withIdentity = false`: a change answers with the testimony but never with the decrypted
   * identity, which is shown only through `get`, where seeing it is audited.
   */
  private async view(actor: Actor, itemId: string, db: Db, withIdentity = true): Promise<TestimonyView> {
    const row = await repo.findTestimony(db, itemId);
    if (!row) throw notFound('Testimony', itemId);
    const consents = await repo.consentsOf(db, itemId);
    const staff = audienceOf(actor) !== 'public';
    const texts = staff ? await repo.textsOf(db, itemId) : [];
    let identity: ProtectedIdentity | null = null;
    if (withIdentity && row.protected_identity && canSeeProtectedIdentity(actor)) {
      identity = JSON.parse(this.cipher.decrypt(row.protected_identity, identityContext(itemId))) as ProtectedIdentity;
    }
    return {
      itemId,
      pseudonym: row.pseudonym,
      interviewer: staff ? row.interviewer : null,
      interviewDate: row.interview_date,
      interviewPlace: staff ? row.interview_place : null,
      language: row.language,
      consents: staff ? consents.map((c) => ({ scope: c.scope, givenOn: c.given_on, withdrawnOn: c.withdrawn_on })) : [],
      identity,
      hasIdentity: staff && row.protected_identity !== null,
      texts,
    };
  }
}
