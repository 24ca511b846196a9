import { z } from 'zod';

/** Statements are short by design (Pol.is allows 140 characters; Reckon allows more for translated text). */
export const STATEMENT_MAX_LENGTH = 1000;
const TOPIC_MAX_LENGTH = 300;
const DESCRIPTION_MAX_LENGTH = 5000;
const MAX_LANGUAGES = 20;
const MAX_COMMUNITIES = 50;
const MAX_SEEDS = 200;

export const languageTag = z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'a language tag such as en, az, hy, ru');

const localized = (max: number) =>
  z
    .record(languageTag, z.string().trim().min(1).max(max))
    .refine((value) => Object.keys(value).length >= 1 && Object.keys(value).length <= MAX_LANGUAGES, `between 1 and ${MAX_LANGUAGES} languages`);

export const statementText = z.string().trim().min(1, 'the statement is empty').max(STATEMENT_MAX_LENGTH, `at most ${STATEMENT_MAX_LENGTH} characters`);

export const idParams = z.object({ id: z.uuid() });

export const seedStatementBody = z.object({
  text: statementText,
  language: languageTag,
  translations: z.record(languageTag, statementText).optional(),
});

export const createConversationBody = z.object({
  topic: localized(TOPIC_MAX_LENGTH),
  description: z.record(languageTag, z.string().trim().max(DESCRIPTION_MAX_LENGTH)).optional(),
  moderation: z.enum(['strict', 'open']),
  minGroupSize: z.int().min(1).max(1000).optional(),
  communities: z
    .array(z.object({ name: localized(TOPIC_MAX_LENGTH), languages: z.array(languageTag).max(MAX_LANGUAGES).optional() }))
    .min(1, 'at least one community')
    .max(MAX_COMMUNITIES),
  seedStatements: z.array(seedStatementBody).max(MAX_SEEDS).optional(),
});
export type CreateConversationInput = z.infer<typeof createConversationBody>;
export type SeedStatementInput = z.infer<typeof seedStatementBody>;

/** A reason is kept only with a rejection; 'pending' puts a decision back in the queue (undo). */
export const MODERATION_REASON_MAX_LENGTH = 500;
export const moderationBody = z.object({
  moderation: z.enum(['approved', 'rejected', 'pending']),
  reason: z.string().trim().min(1).max(MODERATION_REASON_MAX_LENGTH).optional(),
});
export type ModerationInput = z.infer<typeof moderationBody>;

/** The languages a community reads: the statements it is shown should exist in one of them. */
export const communityLanguagesBody = z.object({ languages: z.array(languageTag).max(MAX_LANGUAGES) });

export const machineTranslationResponse = z.object({
  /** Whether a translation service is configured (RECKON_TRANSLATION_URL); when not, nothing was sent anywhere. */
  configured: z.boolean(),
  /** Statement × language pairs asked for, translated, and failed (left untranslated and marked). */
  requested: z.number(),
  translated: z.number(),
  failed: z.number(),
});

/** "I can't read this": counted per statement, never a vote; answers with the next statement. */
export const unreadableBody = z.object({ tid: z.int().min(0).max(0x7fffffff), language: languageTag });

/** A human translation of one statement into one language, set or replaced by a facilitator. */
export const translationParams = z.object({ id: z.uuid(), language: languageTag });
export const translationBody = z.object({ text: statementText });
export const MAX_TRANSLATIONS = MAX_LANGUAGES;
export const stateBody = z.object({ state: z.enum(['open', 'closed']) });

// Statements grounded in evidence (issue 16, item 4) ---------------------------------------------------------------

const MAX_CLAIMS_PER_SEEDING = 50;
/** Registry record ids as the registry files write them (`C01`, `khojaly:claim:3`). */
const registryId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/, 'a registry claim id such as C01');
export const seedFromClaimsBody = z.object({
  claimIds: z
    .array(registryId)
    .min(1, 'at least one claim')
    .max(MAX_CLAIMS_PER_SEEDING)
    .refine((ids) => new Set(ids).size === ids.length, 'each claim once'),
});

const evidenceSourceSchema = z.object({ title: z.string(), publisher: z.string(), date: z.string().nullable(), address: z.string().nullable() });
/** The evidence card stored with a statement seeded from a registry claim: the claim as it stood then. */
export const evidenceCardSchema = z.object({
  claimId: z.string(),
  kind: z.string(),
  /** What is claimed and the value as the source words it; the statement participants vote on repeats them. */
  statement: z.string(),
  valueText: z.string().nullable(),
  date: z.string().nullable(),
  assertedBy: z.string(),
  /** Who claims it according to which sources, as the registry words it. */
  attribution: z.string(),
  /** The registry's verification level, e.g. `reported`, `primary-seen`. */
  verification: z.string(),
  event: z.string().nullable(),
  /** Whether another claim contests it or it contests another. */
  contested: z.boolean(),
  sources: z.array(evidenceSourceSchema.extend({ archiveItemId: z.string().nullable() })),
});
export type EvidenceCard = z.infer<typeof evidenceCardSchema>;
/** The card as shown: archive items the sources cite; participants get only the public ones. */
export const shownEvidenceSchema = evidenceCardSchema.omit({ sources: true }).extend({
  sources: z.array(evidenceSourceSchema),
  archiveItems: z.array(z.object({ id: z.string(), public: z.boolean() })),
});
export type ShownEvidence = z.infer<typeof shownEvidenceSchema>;

const localizedOut = z.record(z.string(), z.string());

export const communitySchema = z.object({ id: z.uuid(), name: localizedOut, languages: z.array(z.string()) });
export const invitationSchema = z.object({
  communityId: z.uuid(),
  /** Shown once: only its hash is stored. */
  token: z.string(),
});

export const conversationSchema = z.object({
  id: z.uuid(),
  topic: localizedOut,
  description: localizedOut,
  moderation: z.enum(['strict', 'open']),
  state: z.enum(['open', 'closed']),
  minGroupSize: z.number(),
  createdAt: z.string(),
  communities: z.array(communitySchema),
  /** Whether the report and its events stream are open to the public (facilitators always see them). */
  reportPublic: z.boolean(),
  allowListRequired: z.boolean(),
});
export type ConversationView = z.infer<typeof conversationSchema>;

export const statementSchema = z.object({
  id: z.uuid(),
  tid: z.number(),
  text: z.string(),
  language: z.string(),
  translations: localizedOut,
  /** Machine-made translations no person has checked yet; a human translation into the language replaces one. */
  machineTranslations: localizedOut,
  /** Per language the communities read: the original, a human or machine translation, missing, or failed. */
  translationStatus: z.record(z.string(), z.enum(['original', 'human', 'machine', 'missing', 'failed'])),
  /** Why the translation service failed, per language (the statement stays untranslated). */
  machineTranslationFailures: localizedOut,
  /** Participants who marked the statement "I can't read this". */
  unreadable: z.number(),
  seed: z.boolean(),
  moderation: z.enum(['pending', 'approved', 'rejected']),
  moderationReason: z.string().nullable(),
  /** Whether a participant (true) or a facilitator wrote it; which participant is never shown. */
  byParticipant: z.boolean(),
  /** The registry claim the statement was seeded from, with its sources and archive items; null for others. */
  evidence: shownEvidenceSchema.nullable(),
  createdAt: z.string(),
});
export type StatementView = z.infer<typeof statementSchema>;

/** The translators' queue: statements lacking a checked translation into a language their readers need. */
export const translationQueueSchema = z.object({
  items: z.array(
    z.object({
      conversationId: z.uuid(),
      topic: localizedOut,
      statement: statementSchema,
      /** Languages still to do: none yet, the service failed, or a machine translation waits for a person. */
      needed: z.array(z.object({ language: z.string(), state: z.enum(['missing', 'failed', 'machine']) })),
    }),
  ),
  /** Statement × language pairs still to do across all open conversations (items may be fewer: the list is capped). */
  total: z.number(),
});
export type TranslationQueueView = z.infer<typeof translationQueueSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Participant API, live report, Pol.is import/export (issue 8, server side). Documented in docs/dialogue.md
// ("HTTP API"). Participants have no account: they join with a community's invitation token and are known by an
// HttpOnly cookie afterwards (`reckon_dialogue_<conversation id>`), never by anything in a URL.
// ---------------------------------------------------------------------------------------------------------------

/** How a participant answers a statement; stored as 1, −1, 0. */
export const voteChoice = z.enum(['agree', 'disagree', 'pass']);
export type VoteChoice = z.infer<typeof voteChoice>;
export const EXTERNAL_ID_MAX_LENGTH = 200;
const externalId = z.string().trim().min(1).max(EXTERNAL_ID_MAX_LENGTH);
/** Invitation and participant tokens: 256 random bits in base64url. */
const tokenString = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'an invitation token (43 characters)');

export const joinBody = z.object({
  token: tokenString,
  /** Required when the conversation has an allow-list; must be on it. */
  externalId: externalId.optional(),
  /**
   * Also answer with the participant's state and first statement, as the two participant GETs would: on a slow
   * connection a phone then shows the first statement one round trip sooner (issue 16).
   */
  includeFirst: z.boolean().optional(),
});

export const publicConversationSchema = z.object({
  id: z.uuid(),
  topic: localizedOut,
  description: localizedOut,
  moderation: z.enum(['strict', 'open']),
  state: z.enum(['open', 'closed']),
  communities: z.array(communitySchema),
  /** Whether the facilitator has made the report public (participants see it only then). */
  reportPublic: z.boolean(),
});
export type PublicConversationView = z.infer<typeof publicConversationSchema>;

export const participantSchema = z.object({
  conversationId: z.uuid(),
  /** Pseudonymous number within the conversation. */
  pid: z.number(),
  communityId: z.uuid(),
});
export type ParticipantView = z.infer<typeof participantSchema>;

const statementRefBase = z.object({
  id: z.uuid(),
  tid: z.number(),
  text: z.string(),
  language: z.string(),
  translations: localizedOut,
});
/** A statement as a participant sees it; machine translations are labelled as such on the page. */
export const shownStatementSchema = statementRefBase.extend({
  machineTranslations: localizedOut,
  /** The evidence card of a statement seeded from a registry claim (public archive items only); null for others. */
  evidence: shownEvidenceSchema.nullable(),
});
export type ShownStatement = z.infer<typeof shownStatementSchema>;

export const nextStatementResponse = z.object({
  /** null when the participant has voted on everything shown (or the conversation is closed). */
  statement: shownStatementSchema.nullable(),
  /** Statements still to vote on, this one included. */
  remaining: z.number(),
  voted: z.number(),
  /**
   * A few more statements to vote on after this one (by priority), so a phone that loses its connection can go on
   * voting and send the votes when it is back (each vote is stored once per participant and statement: a repeat
   * replaces it, never adds to it).
   */
  upcoming: z.array(shownStatementSchema).max(5),
});
export type NextStatementView = z.infer<typeof nextStatementResponse>;

export const voteBody = z.object({
  tid: z.int().min(0).max(0x7fffffff),
  vote: voteChoice,
  /** Answer with the next statement too (one round trip per vote on a phone). */
  includeNext: z.boolean().optional(),
});
export const voteResponse = z.object({
  vote: z.object({ tid: z.number(), vote: voteChoice }),
  /** True when an earlier vote of this participant on the statement was replaced (latest wins). */
  replaced: z.boolean(),
  next: nextStatementResponse.optional(),
});

export const participantStatementBody = z.object({ text: statementText, language: languageTag });
export const ownStatementSchema = z.object({
  id: z.uuid(),
  tid: z.number(),
  text: z.string(),
  language: z.string(),
  moderation: z.enum(['pending', 'approved', 'rejected']),
  /** The facilitator's reason when it was rejected. */
  moderationReason: z.string().nullable(),
  createdAt: z.string(),
});
export type OwnStatementView = z.infer<typeof ownStatementSchema>;

export const participantStateResponse = z.object({
  participant: participantSchema,
  conversation: publicConversationSchema,
  votes: z.array(z.object({ tid: z.number(), vote: voteChoice })),
  /** Statements this participant wrote, with their moderation state. */
  statements: z.array(ownStatementSchema),
  remaining: z.number(),
});
export type ParticipantStateView = z.infer<typeof participantStateResponse>;

export const joinResponse = z.object({
  participant: participantSchema,
  conversation: publicConversationSchema,
  /** True when the cookie sent already belonged to a participant of this conversation (nothing new was created). */
  rejoined: z.boolean(),
  /** With `includeFirst`: what GET …/participant and …/participant/next answer. */
  state: participantStateResponse.optional(),
  next: nextStatementResponse.optional(),
});

// Facilitator additions ------------------------------------------------------------------------------------------

export const reportVisibilityBody = z.object({ public: z.boolean() });
export const allowListBody = z.object({
  required: z.boolean(),
  /** Replaces the whole list. */
  externalIds: z.array(externalId).max(100_000),
});
export const allowListResponse = z.object({ required: z.boolean(), externalIds: z.array(z.string()) });

export const checkpointResponse = z.object({
  conversationId: z.uuid(),
  votes: z.number(),
  agree: z.number(),
  disagree: z.number(),
  pass: z.number(),
  participants: z.number(),
  /** SHA-256 of the vote table state: lines `pid,tid,value\n` sorted by pid then tid. */
  sha256: z.string(),
  auditEventId: z.number(),
});

// Report ---------------------------------------------------------------------------------------------------------

const statementRef = statementRefBase.omit({ id: true });
export const reportRepresentativeSchema = statementRef.extend({
  repfulFor: z.enum(['agree', 'disagree']),
  /** Members of the group who agreed (or disagreed, per repfulFor), of those who saw it. */
  count: z.number(),
  of: z.number(),
  /** Pol.is smoothed share (count + 1) / (of + 2). */
  share: z.number(),
  /** How much more (ratio) the group holds this view than everyone else. */
  repness: z.number(),
});
export const reportConsensusSchema = statementRef.extend({ count: z.number(), of: z.number(), share: z.number() });
export const communityCellSchema = z.object({ agree: z.number(), disagree: z.number(), pass: z.number(), votes: z.number(), agreeShare: z.number() });

export const reportSchema = z.object({
  conversation: z.object({
    id: z.uuid(),
    topic: localizedOut,
    description: localizedOut,
    state: z.enum(['open', 'closed']),
    minGroupSize: z.number(),
    reportPublic: z.boolean(),
  }),
  /** Increases with every analysis update; the events stream sends it. */
  version: z.number(),
  /** How the groups were formed and why there are this many (docs/dialogue-grouping.md). */
  grouping: z.object({
    mode: z.enum(['default', 'polis']),
    /** Silhouette per number of groups tried (higher: people sit closer to their own group than to the next). */
    silhouettes: z.array(z.object({ k: z.number(), score: z.number() })),
    /** Pol.is-compatible only: the best k at the last update, which the group-k-buffer may still be holding back. */
    bestK: z.number().nullable(),
    /** Pol.is-compatible only: analysis updates so far. */
    updates: z.number().nullable(),
  }),
  updatedAt: z.string(),
  totals: z.object({
    participants: z.number(),
    /** Participants placed in opinion groups (Pol.is in-conv). */
    clustered: z.number(),
    statements: z.number(),
    votes: z.number(),
  }),
  groups: z.array(
    z.object({
      /** Stable number of the group across updates; groups below the minimum size are not listed. */
      id: z.number(),
      size: z.number(),
      representative: z.array(reportRepresentativeSchema),
    }),
  ),
  /** Clustered participants in groups below the minimum size, counted together, never reported as a group. */
  smallGroupsMerged: z.object({ groups: z.number(), participants: z.number() }),
  /** Opinion map: participants as points (no ids), by group; group null holds unclustered and small-group points. */
  map: z.array(z.object({ group: z.number().nullable(), points: z.array(z.tuple([z.number(), z.number()])) })),
  consensus: z.object({ agree: z.array(reportConsensusSchema), disagree: z.array(reportConsensusSchema) }),
  /** Pol.is group-aware consensus, the top statements by Π_groups (agrees + 1) / (seen + 2). */
  groupAwareConsensus: z.array(statementRef.extend({ score: z.number() })),
  bridging: z.array(statementRef.extend({ intercept: z.number(), factor: z.number(), ratings: z.number() })),
  /** Nearest to the bridging rule when nothing passes it: |factor| < 0.5, by intercept (see docs/dialogue.md). */
  bridgingCandidates: z.array(statementRef.extend({ intercept: z.number(), factor: z.number(), ratings: z.number() })),
  communities: z
    .object({
      /** Reported rows; a community below the minimum size is pooled into a row with id null. */
      rows: z.array(z.object({ id: z.uuid().nullable(), name: localizedOut.nullable(), members: z.number(), votes: z.number() })),
      /** How many communities were pooled because they are small. */
      pooled: z.number(),
      statements: z.array(statementRef.extend({ cells: z.array(communityCellSchema) })),
      /** Statements every reported community agrees with, best first. */
      commonGround: z.array(statementRef.extend({ minAgreement: z.number() })),
    })
    .nullable(),
});
export type DialogueReport = z.infer<typeof reportSchema>;

/** What the events stream sends (`event: summary`) on connect and whenever the analysis changes. */
export const reportSummarySchema = z
  .object({
    version: z.number(),
    updatedAt: z.string(),
    state: z.enum(['open', 'closed']),
    participants: z.number(),
    votes: z.number(),
    groups: z.number(),
  })
  // Named, so the contract carries it for the web app although a stream, not a JSON answer, sends it.
  .meta({ id: 'DialogueReportSummary' });
export type ReportSummary = z.infer<typeof reportSummarySchema>;

// Pol.is open-data files over the API ----------------------------------------------------------------------------

/** The four Pol.is export files as text, keyed by their file names. */
export const polisFilesSchema = z.object({
  'summary.csv': z.string().optional(),
  'comments.csv': z.string(),
  'votes.csv': z.string().optional(),
  'participants-votes.csv': z.string().optional(),
});
export type PolisFiles = z.infer<typeof polisFilesSchema>;

export const exportResponse = z.object({ files: polisFilesSchema.required() });

export const importBody = z.object({
  /** Defaults to the topic in summary.csv. */
  topic: localized(TOPIC_MAX_LENGTH).optional(),
  /** Language of the imported statements (Pol.is exports do not say). */
  language: languageTag.default('en'),
  moderation: z.enum(['strict', 'open']).default('open'),
  minGroupSize: z.int().min(1).max(1000).optional(),
  /** Everyone imported joins this one community (Pol.is has none). */
  communityName: localized(TOPIC_MAX_LENGTH).optional(),
  /** 'polis': show the groups Pol.is would have shown, replaying votes.csv in time order (docs/dialogue-grouping.md). */
  grouping: z.enum(['default', 'polis']).default('default'),
  /** With grouping 'polis' and no usable vote times: treat the final votes as one update instead of refusing. */
  allowNoHistory: z.boolean().default(false),
  files: polisFilesSchema,
});
export type ImportInput = z.infer<typeof importBody>;
export const importResponse = z.object({
  conversation: conversationSchema,
  invitations: z.array(invitationSchema),
  imported: z.object({ participants: z.number(), statements: z.number(), votes: z.number() }),
});
/** Import bodies carry whole vote logs; the largest shared Pol.is export is ~4 MB. */
export const IMPORT_BODY_LIMIT_BYTES = 64 * 1024 * 1024;

// Agreement recorded back in the registry (issue 16, item 4) ----------------------------------------------------

/** The facilitator confirms in so many words: the body must say so, so a stray POST records nothing. */
export const recordAgreementBody = z.strictObject({ confirm: z.literal(true) });
export const claimIdParams = z.object({ claimId: registryId });

const agreementCellSchema = z.object({ agree: z.number(), disagree: z.number(), pass: z.number(), votes: z.number(), agrees: z.boolean() });
export const statementAgreementSchema = z.object({
  groups: z.array(agreementCellSchema.extend({ group: z.number() })),
  communities: z.array(agreementCellSchema.extend({ name: localizedOut.nullable() })),
  acrossGroups: z.boolean(),
  acrossCommunities: z.boolean().nullable(),
});
export const recordedAgreementSchema = z.object({ claimId: z.string(), recordedAt: z.string(), figures: statementAgreementSchema });
export const recordAgreementResponse = z.object({ claimId: z.string(), published: z.boolean(), agreement: statementAgreementSchema });

export const claimAgreementSchema = z.object({
  claimId: z.string(),
  /** Conversations with a statement seeded from this claim, oldest first: agreement on it now, group by group. */
  conversations: z.array(
    z.object({
      conversationId: z.uuid(),
      topic: localizedOut,
      state: z.enum(['open', 'closed']),
      createdAt: z.string(),
      tid: z.number(),
      agreement: statementAgreementSchema.nullable(),
      recorded: recordedAgreementSchema.nullable(),
    }),
  ),
  /** When this claim was itself recorded from a conversation: where from, and the figures it was written from. */
  recordedFrom: z
    .object({ conversationId: z.uuid(), topic: localizedOut, tid: z.number(), text: z.string(), language: z.string(), recorded: recordedAgreementSchema })
    .nullable(),
});
