import type { ColumnType, Selectable } from 'kysely';
import type { EvidenceCard } from './schemas.ts';

type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** jsonb: read parsed, written as a JSON string. */
type Json<T> = ColumnType<T, string, string>;
type JsonWithDefault<T> = ColumnType<T, string | undefined, string>;

/** Text per language tag, e.g. `{ "en": "…", "hy": "…" }`. */
export type LocalizedText = Record<string, string>;

export type ModerationMode = 'strict' | 'open';
export type ConversationState = 'open' | 'closed';
export type GroupingMode = 'default' | 'polis';
export type StatementModeration = 'pending' | 'approved' | 'rejected';
/** 1 agree, −1 disagree, 0 pass. */
export type VoteValue = -1 | 0 | 1;

export interface DialogueConversationsTable {
  id: string;
  topic: Json<LocalizedText>;
  description: JsonWithDefault<LocalizedText>;
  moderation: ModerationMode;
  state: ColumnType<ConversationState, ConversationState | undefined, ConversationState>;
  min_group_size: ColumnType<number, number | undefined, number>;
  allow_list_required: ColumnType<boolean, boolean | undefined, boolean>;
  /** Migration 202611221700: the report and its events are public only when set. */
  report_public: ColumnType<boolean, boolean | undefined, boolean>;
  /** Migration 202612070000: 'polis' replays the votes as Pol.is would (docs/dialogue-grouping.md). */
  grouping_mode: ColumnType<GroupingMode, GroupingMode | undefined, GroupingMode>;
  created_by: string;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export interface DialogueCommunitiesTable {
  id: string;
  conversation_id: string;
  name: Json<LocalizedText>;
  /** SHA-256 hex of the invitation token; the token is never stored. */
  invitation_hash: string;
  /** Migration 202612080400: language tags the community reads, e.g. ["hy", "ru"]. */
  languages: JsonWithDefault<string[]>;
  created_at: DefaultTimestamp;
}

export interface DialogueAllowListTable {
  conversation_id: string;
  external_id: string;
}

export interface DialogueParticipantsTable {
  id: string;
  conversation_id: string;
  /** Pseudonymous number within the conversation: the only participant identifier a report or export shows. */
  pid: number;
  community_id: string;
  external_id: string | null;
  /** SHA-256 hex of the participant cookie's token. */
  token_hash: string;
  created_at: DefaultTimestamp;
}

export interface DialogueStatementsTable {
  id: string;
  conversation_id: string;
  /** Number within the conversation: the statement's column in the vote matrix. */
  tid: number;
  author_participant_id: string | null;
  author_user_id: string | null;
  text: string;
  language: string;
  translations: JsonWithDefault<LocalizedText>;
  /** Migration 202612080400: machine-made translations nobody has checked; a human translation replaces one. */
  machine_translations: JsonWithDefault<LocalizedText>;
  /** Languages the translation service failed on, with a reason code (`unavailable`, `timeout`, `garbage`, …). */
  machine_translation_failures: JsonWithDefault<LocalizedText>;
  seed: ColumnType<boolean, boolean | undefined, boolean>;
  moderation: ColumnType<StatementModeration, StatementModeration | undefined, StatementModeration>;
  moderated_by: string | null;
  moderated_at: Date | null;
  /** Why a facilitator rejected the statement (shown to its author); cleared when the decision changes. */
  moderation_reason: ColumnType<string | null, string | null | undefined, string | null>;
  /** Migration 202612093000: the evidence card of a statement seeded from a registry claim (schemas.ts). */
  evidence: ColumnType<EvidenceCard | null, string | null | undefined, string | null>;
  created_at: DefaultTimestamp;
}

export interface DialogueVotesTable {
  conversation_id: string;
  participant_id: string;
  statement_id: string;
  value: VoteValue;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

/** A participant's "I can't read this": counted per statement, never a vote. */
export interface DialogueUnreadableTable {
  conversation_id: string;
  participant_id: string;
  statement_id: string;
  language: string;
  created_at: DefaultTimestamp;
}

/** Migration 202612100800: a statement recorded in the registry as the participants' claim, with the figures it was written from. */
export interface DialogueRegistryClaimsTable {
  statement_id: string;
  conversation_id: string;
  claim_id: string;
  recorded_by: string | null;
  recorded_at: DefaultTimestamp;
  figures: Json<unknown>;
}

export interface DialogueTables {
  dialogue_conversations: DialogueConversationsTable;
  dialogue_communities: DialogueCommunitiesTable;
  dialogue_allow_list: DialogueAllowListTable;
  dialogue_participants: DialogueParticipantsTable;
  dialogue_statements: DialogueStatementsTable;
  dialogue_votes: DialogueVotesTable;
  dialogue_unreadable: DialogueUnreadableTable;
  dialogue_registry_claims: DialogueRegistryClaimsTable;
}

export type ConversationRow = Selectable<DialogueConversationsTable>;
export type CommunityRow = Selectable<DialogueCommunitiesTable>;
export type ParticipantRow = Selectable<DialogueParticipantsTable>;
export type StatementRow = Selectable<DialogueStatementsTable>;
export type VoteRow = Selectable<DialogueVotesTable>;
