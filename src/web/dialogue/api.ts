import { request } from '../api/client.ts';

/** Text in several languages, keyed by language tag (`en`, `az`, `hy`, `ru`, …). */
export type Localized = Record<string, string>;

export type Moderation = 'strict' | 'open';
export type ConversationState = 'open' | 'closed';
export type StatementModeration = 'pending' | 'approved' | 'rejected';

export interface Community {
  id: string;
  name: Localized;
  /** Language tags the community reads. */
  languages: string[];
}

export interface Conversation {
  id: string;
  topic: Localized;
  description: Localized;
  moderation: Moderation;
  state: ConversationState;
  minGroupSize: number;
  createdAt: string;
  communities: Community[];
  /** Whether the report and its events are open to the public (facilitators always see them). */
  reportPublic: boolean;
  allowListRequired: boolean;
}

export interface Invitation {
  communityId: string;
  /** Shown once: the server keeps only its hash. */
  token: string;
}

export interface Statement {
  id: string;
  tid: number;
  text: string;
  language: string;
  translations: Localized;
  /** Machine-made, unchecked; a person's translation replaces one. */
  machineTranslations: Localized;
  /** Per language the communities read. */
  translationStatus: Record<string, TranslationState>;
  machineTranslationFailures: Localized;
  /** Participants who marked it "I can't read this". */
  unreadable: number;
  seed: boolean;
  moderation: StatementModeration;
  moderationReason: string | null;
  byParticipant: boolean;
  /** The registry claim it was seeded from; null for other statements. */
  evidence: Evidence | null;
  createdAt: string;
}

/** The evidence card of a statement seeded from a registry claim (participants get public archive items only). */
export interface Evidence {
  claimId: string;
  kind: string;
  statement: string;
  valueText: string | null;
  date: string | null;
  assertedBy: string;
  attribution: string;
  verification: string;
  event: string | null;
  contested: boolean;
  sources: Array<{ title: string; publisher: string; date: string | null; address: string | null }>;
  archiveItems: Array<{ id: string; public: boolean }>;
}

/** The translators' queue: statements still lacking a person's translation into a language their readers need. */
export interface TranslationQueue {
  items: Array<{ conversationId: string; topic: Localized; statement: Statement; needed: Array<{ language: string; state: 'missing' | 'failed' | 'machine' }> }>;
  total: number;
}

export type TranslationState = 'original' | 'human' | 'machine' | 'missing' | 'failed';

export interface SeedStatement {
  text: string;
  language: string;
  translations?: Localized;
}

export interface NewConversation {
  topic: Localized;
  description?: Localized;
  moderation: Moderation;
  minGroupSize?: number;
  communities: { name: Localized; languages?: string[] }[];
  seedStatements?: SeedStatement[];
}

const conv = (id: string) => `/api/dialogue/conversations/${encodeURIComponent(id)}`;

/** The facilitator's endpoints (role facilitator or admin). */
export const facilitatorApi = {
  list: () => request<{ conversations: Conversation[] }>('/api/dialogue/conversations'),
  get: (id: string) => request<Conversation>(conv(id)),
  create: (body: NewConversation) =>
    request<{ conversation: Conversation; invitations: Invitation[] }>('/api/dialogue/conversations', { method: 'POST', body }),
  setState: (id: string, state: ConversationState) => request<Conversation>(`${conv(id)}/state`, { method: 'PUT', body: { state } }),
  seed: (id: string, body: SeedStatement) => request<{ statement: Statement }>(`${conv(id)}/statements`, { method: 'POST', body }),
  translationQueue: () => request<TranslationQueue>('/api/dialogue/translation-queue'),
  seedFromClaims: (id: string, claimIds: string[]) => request<{ statements: Statement[] }>(`${conv(id)}/statements/from-claims`, { method: 'POST', body: { claimIds } }),
  statements: (id: string, moderation?: StatementModeration) =>
    request<{ statements: Statement[] }>(`${conv(id)}/statements`, { query: { moderation } }),
  /** 'pending' puts a decision back in the queue (undo); a reason goes only with a rejection. */
  moderate: (statementId: string, moderation: StatementModeration, reason?: string) =>
    request<{ statement: Statement }>(`/api/dialogue/statements/${encodeURIComponent(statementId)}/moderation`, {
      method: 'PUT',
      body: reason ? { moderation, reason } : { moderation },
    }),
  setCommunityLanguages: (communityId: string, languages: string[]) =>
    request<Conversation>(`/api/dialogue/communities/${encodeURIComponent(communityId)}/languages`, { method: 'PUT', body: { languages } }),
  machineTranslate: (id: string) =>
    request<{ configured: boolean; requested: number; translated: number; failed: number }>(`${conv(id)}/machine-translations`, { method: 'POST' }),
  translate: (statementId: string, language: string, text: string) =>
    request<{ statement: Statement }>(`/api/dialogue/statements/${encodeURIComponent(statementId)}/translations/${encodeURIComponent(language)}`, {
      method: 'PUT',
      body: { text },
    }),
  removeTranslation: (statementId: string, language: string) =>
    request<{ statement: Statement }>(`/api/dialogue/statements/${encodeURIComponent(statementId)}/translations/${encodeURIComponent(language)}`, {
      method: 'DELETE',
    }),
  /** Records a statement agreed across every group as the participants' registry claim (the server checks the agreement). */
  recordAgreement: (statementId: string) =>
    request<{ claimId: string; published: boolean; agreement: StatementAgreement }>(`/api/dialogue/statements/${encodeURIComponent(statementId)}/registry-claim`, {
      method: 'POST',
      body: { confirm: true },
    }),
  renewInvitation: (communityId: string) =>
    request<Invitation>(`/api/dialogue/communities/${encodeURIComponent(communityId)}/invitation`, { method: 'POST' }),
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

export type VoteChoice = 'agree' | 'disagree' | 'pass';

export interface PublicConversation {
  id: string;
  topic: Localized;
  description: Localized;
  moderation: Moderation;
  state: ConversationState;
  communities: Community[];
  reportPublic: boolean;
}

export interface Participant {
  conversationId: string;
  pid: number;
  communityId: string;
}

export interface ShownStatement {
  id: string;
  tid: number;
  text: string;
  language: string;
  translations: Localized;
  /** Machine-made, unchecked: the page says so. */
  machineTranslations?: Localized;
  evidence?: Evidence | null;
}

export interface NextStatement {
  statement: ShownStatement | null;
  remaining: number;
  voted: number;
  /** A few statements after this one, to vote on through a lost connection. */
  upcoming?: ShownStatement[];
}

export interface OwnStatement {
  id: string;
  tid: number;
  text: string;
  language: string;
  moderation: StatementModeration;
  /** Why a facilitator rejected it. */
  moderationReason?: string | null;
  createdAt: string;
}

export interface ParticipantState {
  participant: Participant;
  conversation: PublicConversation;
  votes: { tid: number; vote: VoteChoice }[];
  statements: OwnStatement[];
  remaining: number;
}

// Report ------------------------------------------------------------------------------------------------------------

export interface StatementRef {
  tid: number;
  text: string;
  language: string;
  translations: Localized;
}

export interface Representative extends StatementRef {
  repfulFor: 'agree' | 'disagree';
  count: number;
  of: number;
  share: number;
  repness: number;
}

export interface ConsensusStatement extends StatementRef {
  count: number;
  of: number;
  share: number;
}

export interface BridgingStatement extends StatementRef {
  intercept: number;
  factor: number;
  ratings: number;
}

export interface CommunityCell {
  agree: number;
  disagree: number;
  pass: number;
  votes: number;
  agreeShare: number;
}

export interface DialogueReport {
  conversation: { id: string; topic: Localized; description: Localized; state: ConversationState; minGroupSize: number; reportPublic: boolean };
  version: number;
  updatedAt: string;
  /** How the groups were formed (docs/dialogue-grouping.md). */
  grouping: { mode: 'default' | 'polis'; silhouettes: { k: number; score: number }[]; bestK: number | null; updates: number | null };
  totals: { participants: number; clustered: number; statements: number; votes: number };
  groups: { id: number; size: number; representative: Representative[] }[];
  smallGroupsMerged: { groups: number; participants: number };
  map: { group: number | null; points: [number, number][] }[];
  consensus: { agree: ConsensusStatement[]; disagree: ConsensusStatement[] };
  groupAwareConsensus: (StatementRef & { score: number })[];
  bridging: BridgingStatement[];
  bridgingCandidates: BridgingStatement[];
  communities: {
    rows: { id: string | null; name: Localized | null; members: number; votes: number }[];
    pooled: number;
    statements: (StatementRef & { cells: CommunityCell[] })[];
    commonGround: (StatementRef & { minAgreement: number })[];
  } | null;
}

/** What the events stream sends (`event: summary`) on connect and whenever the analysis changes. */
export interface ReportSummary {
  version: number;
  updatedAt: string;
  state: ConversationState;
  participants: number;
  votes: number;
  groups: number;
}

export type PolisFileName = 'summary.csv' | 'comments.csv' | 'votes.csv' | 'participants-votes.csv';
export const POLIS_FILE_NAMES: PolisFileName[] = ['summary.csv', 'comments.csv', 'votes.csv', 'participants-votes.csv'];
export type PolisFiles = Partial<Record<PolisFileName, string>>;

// Agreement on registry claims (issue 16, item 4) -----------------------------------------------------------------

export interface AgreementCount {
  agree: number;
  disagree: number;
  pass: number;
  votes: number;
  agrees: boolean;
}

export interface StatementAgreement {
  groups: Array<AgreementCount & { group: number }>;
  communities: Array<AgreementCount & { name: Localized | null }>;
  acrossGroups: boolean;
  acrossCommunities: boolean | null;
}

export interface RecordedAgreement {
  claimId: string;
  recordedAt: string;
  figures: StatementAgreement;
}

export interface ClaimAgreement {
  claimId: string;
  conversations: Array<{
    conversationId: string;
    topic: Localized;
    state: ConversationState;
    createdAt: string;
    tid: number;
    agreement: StatementAgreement | null;
    recorded: RecordedAgreement | null;
  }>;
  recordedFrom: { conversationId: string; topic: Localized; tid: number; text: string; language: string; recorded: RecordedAgreement } | null;
}

/** Public: conversations whose report is public (facilitators see all). */
export const claimAgreementApi = {
  ofClaim: (claimId: string) => request<ClaimAgreement>(`/api/dialogue/claims/${encodeURIComponent(claimId)}/agreement`),
};
