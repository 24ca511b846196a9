import type { BodyOf, Item, ResponseOf, Schema } from '../../contract/api.ts';
import { call } from '../api/client.ts';
import { everyValue } from '../api/values.ts';

/**
 * Shapes of the dialogue API, read from the generated contract (src/server/dialogue/schemas.ts): a name for each
 * shape the pages use, nothing written twice.
 */
export type Conversation = ResponseOf<'/api/dialogue/conversations/{id}', 'get'>;
export type Community = Item<Conversation['communities']>;
/** Text in several languages, keyed by language tag (`en`, `az`, `hy`, `ru`, …). */
export type Localized = Conversation['topic'];
export type Moderation = Conversation['moderation'];
export type ConversationState = Conversation['state'];
export type NewConversation = BodyOf<'/api/dialogue/conversations', 'post'>;
/** Shown once: the server keeps only its hash. */
export type Invitation = ResponseOf<'/api/dialogue/communities/{id}/invitation', 'post'>;

export type Statement = Item<ResponseOf<'/api/dialogue/conversations/{id}/statements', 'get'>['statements']>;
export type StatementModeration = Statement['moderation'];
export type TranslationState = Statement['translationStatus'][string];
/** The evidence card of a statement seeded from a registry claim (participants get public archive items only). */
export type Evidence = NonNullable<Statement['evidence']>;
export type SeedStatement = BodyOf<'/api/dialogue/conversations/{id}/statements', 'post'>;
/** The translators' queue: statements still lacking a person's translation into a language their readers need. */
export type TranslationQueue = ResponseOf<'/api/dialogue/translation-queue', 'get'>;

/** The facilitator's endpoints (role facilitator or admin). */
export const facilitatorApi = {
  list: () => call('get', '/api/dialogue/conversations'),
  get: (id: string) => call('get', '/api/dialogue/conversations/{id}', { params: { id } }),
  create: (body: NewConversation) => call('post', '/api/dialogue/conversations', { body }),
  setState: (id: string, state: ConversationState) => call('put', '/api/dialogue/conversations/{id}/state', { params: { id }, body: { state } }),
  seed: (id: string, body: SeedStatement) => call('post', '/api/dialogue/conversations/{id}/statements', { params: { id }, body }),
  translationQueue: () => call('get', '/api/dialogue/translation-queue'),
  seedFromClaims: (id: string, claimIds: string[]) =>
    call('post', '/api/dialogue/conversations/{id}/statements/from-claims', { params: { id }, body: { claimIds } }),
  statements: (id: string, moderation?: StatementModeration) =>
    call('get', '/api/dialogue/conversations/{id}/statements', { params: { id }, query: { moderation } }),
  /** 'pending' puts a decision back in the queue (undo); a reason goes only with a rejection. */
  moderate: (statementId: string, moderation: StatementModeration, reason?: string) =>
    call('put', '/api/dialogue/statements/{id}/moderation', { params: { id: statementId }, body: reason ? { moderation, reason } : { moderation } }),
  setCommunityLanguages: (communityId: string, languages: string[]) =>
    call('put', '/api/dialogue/communities/{id}/languages', { params: { id: communityId }, body: { languages } }),
  machineTranslate: (id: string) => call('post', '/api/dialogue/conversations/{id}/machine-translations', { params: { id } }),
  translate: (statementId: string, language: string, text: string) =>
    call('put', '/api/dialogue/statements/{id}/translations/{language}', { params: { id: statementId, language }, body: { text } }),
  removeTranslation: (statementId: string, language: string) =>
    call('delete', '/api/dialogue/statements/{id}/translations/{language}', { params: { id: statementId, language } }),
  /** Records a statement agreed across every group as the participants' registry claim (the server checks the agreement). */
  recordAgreement: (statementId: string) =>
    call('post', '/api/dialogue/statements/{id}/registry-claim', { params: { id: statementId }, body: { confirm: true } }),
  renewInvitation: (communityId: string) => call('post', '/api/dialogue/communities/{id}/invitation', { params: { id: communityId } }),
};

/**
 * The invitation link a facilitator hands out. The token travels in the fragment (after `#`), which browsers never
 * send to a server: it stays out of access logs, proxies and the Referer header. The voting page reads it and
 * exchanges it for the participant cookie.
 */
export function invitationLink(token: string, origin = window.location.origin): string {
  return `${origin}/dialogue/join#${encodeURIComponent(token)}`;
}

// Participants (no account: the join answer sets an HttpOnly cookie for the conversation) -------------------------

export type Joined = ResponseOf<'/api/dialogue/join', 'post'>;
export type PublicConversation = Joined['conversation'];
export type Participant = Joined['participant'];
export type VoteChoice = BodyOf<'/api/dialogue/conversations/{id}/participant/votes', 'post'>['vote'];
export type NextStatement = ResponseOf<'/api/dialogue/conversations/{id}/participant/next', 'get'>;
export type ShownStatement = NonNullable<NextStatement['statement']>;
export type ParticipantState = ResponseOf<'/api/dialogue/conversations/{id}/participant', 'get'>;
export type OwnStatement = Item<ParticipantState['statements']>;

// Report ------------------------------------------------------------------------------------------------------------

export type DialogueReport = ResponseOf<'/api/dialogue/conversations/{id}/report', 'get'>;
/** What every statement of the report carries, whatever list it stands in. */
export type StatementRef = Pick<Item<DialogueReport['bridging']>, 'tid' | 'text' | 'language' | 'translations'>;
/** What the events stream sends (`event: summary`) on connect and whenever the analysis changes. */
export type ReportSummary = Schema<'DialogueReportSummary'>;

/** The Pol.is files chosen so far (an import needs at least comments.csv). */
export type PolisFiles = Partial<BodyOf<'/api/dialogue/import', 'post'>['files']>;
export type PolisFileName = keyof PolisFiles;
export type PolisImported = ResponseOf<'/api/dialogue/import', 'post'>;
export const POLIS_FILE_NAMES = everyValue<PolisFileName>()(['summary.csv', 'comments.csv', 'votes.csv', 'participants-votes.csv']);

// Agreement on registry claims (issue 16, item 4) -----------------------------------------------------------------

export type ClaimAgreement = ResponseOf<'/api/dialogue/claims/{claimId}/agreement', 'get'>;
export type StatementAgreement = ResponseOf<'/api/dialogue/statements/{id}/registry-claim', 'post'>['agreement'];

/** Public: conversations whose report is public (facilitators see all). */
export const claimAgreementApi = {
  ofClaim: (claimId: string) => call('get', '/api/dialogue/claims/{claimId}/agreement', { params: { claimId } }),
};
