import type { Kysely } from 'kysely';
import { systemActor, type Actor } from '../accounts/actor.ts';
import type { Database } from '../db/schema.ts';
import type { ClaimView } from '../registry/views.ts';
import { fitsScript } from '../../core/dialogue/script.ts';
import { DomainError, invalid } from '../errors.ts';
import type { agreementRecords } from './agreement.ts';
import { STATEMENT_MAX_LENGTH, type EvidenceCard, type ShownEvidence } from './schemas.ts';

/**
 * What the dialogue needs from other modules to ground statements in evidence, given by the composition root
 * (context.ts) so the dialogue module imports neither the registry's nor the publication module's code.
 */
export interface EvidenceSources {
  /** The registry claim as this actor may see it (published claims only for a facilitator), or null. */
  claim(actor: Actor, id: string): Promise<ClaimView | null>;
  /** Of these archive item ids, the ones the public may see now (the archive's own rule for the public). */
  publicItems(ids: readonly string[]): Promise<Set<string>>;
  /**
   * Writes a claim of a conversation's participants into the registry, with their actor record and the report as
   * its source (each added only if missing); `confirmedBy` names the facilitator in the registry's audit trail.
   * A claim with that id already there is refused by the registry.
   */
  recordClaim(confirmedBy: string, records: AgreementRecords, within: Kysely<Database>): Promise<void>;
}

export type AgreementRecords = ReturnType<typeof agreementRecords>;

/** What recordClaimThrough needs of the registry service (its form endpoints' functions). */
export interface RegistryRecords {
  recordIds(actor: Actor, within: Kysely<Database>): Promise<Record<'actors' | 'sources', Set<string>>>;
  createRecord(actor: Actor, kind: 'actors' | 'sources' | 'claims', input: Record<string, unknown>, within: Kysely<Database>): Promise<unknown>;
}

/**
 * recordClaim through the registry's own service functions, so the records are checked exactly as an editor's form
 * is. The registry takes the records from a system actor named after the confirming facilitator: facilitators are
 * not registry editors, and this is the one kind of record they may cause to be written.
 */
export function recordClaimThrough(registry: RegistryRecords): EvidenceSources['recordClaim'] {
  return async (confirmedBy, records, within) => {
    const writer = systemActor(`dialogue agreement confirmed by ${confirmedBy}`);
    const ids = await registry.recordIds(writer, within);
    if (!ids.actors.has(records.actor.id)) await registry.createRecord(writer, 'actors', { ...records.actor }, within);
    if (!ids.sources.has(records.source.id)) await registry.createRecord(writer, 'sources', { ...records.source }, within);
    await registry.createRecord(writer, 'claims', { ...records.claim }, within);
  };
}

/** No registry: seeding from claims is refused with a clear error, and cards show no archive items. */
export const noEvidenceSources: EvidenceSources = {
  claim: async () => null,
  publicItems: async () => new Set(),
  recordClaim: async () => {
    throw new DomainError('conflict', 'registry_unavailable', 'This server has no registry to record the claim in');
  },
};

/**
 * The statement a claim becomes, in the claim's own words: what is claimed and the value as the source words it.
 * Who claims it stays on the evidence card beside the statement, so Reckon never states the claim in its own voice;
 * participants are asked whether they agree with the claim, not told it.
 */
export function claimStatement(claim: ClaimView): { text: string; language: string; translations: Record<string, string> } {
  const withValue = (statement: string) => (claim.valueText ? `${statement}: ${claim.valueText}` : statement);
  const text = withValue(claim.statement).trim();
  if (text.length > STATEMENT_MAX_LENGTH) {
    throw invalid('claim_too_long', `Claim ${claim.id} is ${text.length} characters long; a statement has at most ${STATEMENT_MAX_LENGTH}`, { claimId: claim.id });
  }
  const language = (claim.language ?? 'en').toLowerCase();
  const translations: Record<string, string> = {};
  for (const t of claim.translations) {
    const tag = t.language.toLowerCase();
    const translated = withValue(t.text).trim();
    // a registry translation in the wrong script or too long is left out; the statement is listed as missing it
    if (tag === language || translated.length === 0 || translated.length > STATEMENT_MAX_LENGTH || !fitsScript(translated, tag)) continue;
    translations[tag] = translated;
  }
  return { text, language, translations };
}

/** The card stored with the statement: the claim as it stood when seeded. */
export function evidenceCard(claim: ClaimView): EvidenceCard {
  return {
    claimId: claim.id,
    kind: claim.kind,
    statement: claim.statement,
    valueText: claim.valueText,
    date: claim.date,
    assertedBy: claim.actor.name,
    attribution: claim.attribution,
    verification: claim.verification,
    event: claim.event?.name ?? null,
    contested: claim.contests.length + claim.contestedBy.length > 0,
    sources: claim.sources.map((s) => ({ title: s.title, publisher: s.publisher, date: s.date, address: s.address, archiveItemId: s.archiveItemId })),
  };
}

/**
 * The card as it is shown: the archive items its sources cite, each marked public or not. Participants (and the
 * public report) get only the public ones and never learn that others exist; facilitators see all of them.
 */
export function shownEvidence(card: EvidenceCard, publicItems: ReadonlySet<string>, audience: 'participant' | 'facilitator'): ShownEvidence {
  const items = [...new Set(card.sources.map((s) => s.archiveItemId).filter((id): id is string => id !== null))];
  return {
    claimId: card.claimId,
    kind: card.kind,
    statement: card.statement,
    valueText: card.valueText,
    date: card.date,
    assertedBy: card.assertedBy,
    attribution: card.attribution,
    verification: card.verification,
    event: card.event,
    contested: card.contested,
    sources: card.sources.map(({ title, publisher, date, address }) => ({ title, publisher, date, address })),
    archiveItems: items.filter((id) => audience === 'facilitator' || publicItems.has(id)).map((id) => ({ id, public: publicItems.has(id) })),
  };
}

export const archiveItemIdsOf = (cards: ReadonlyArray<EvidenceCard | null>): string[] => [
  ...new Set(cards.flatMap((c) => (c ? c.sources.map((s) => s.archiveItemId).filter((id): id is string => id !== null) : []))),
];
