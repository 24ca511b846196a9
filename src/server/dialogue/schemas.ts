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
    .array(z.object({ name: localized(TOPIC_MAX_LENGTH) }))
    .min(1, 'at least one community')
    .max(MAX_COMMUNITIES),
  seedStatements: z.array(seedStatementBody).max(MAX_SEEDS).optional(),
});
export type CreateConversationInput = z.infer<typeof createConversationBody>;
export type SeedStatementInput = z.infer<typeof seedStatementBody>;

export const moderationBody = z.object({ moderation: z.enum(['approved', 'rejected']) });
export const stateBody = z.object({ state: z.enum(['open', 'closed']) });

const localizedOut = z.record(z.string(), z.string());

export const communitySchema = z.object({ id: z.uuid(), name: localizedOut });
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
});
export type ConversationView = z.infer<typeof conversationSchema>;

export const statementSchema = z.object({
  id: z.uuid(),
  tid: z.number(),
  text: z.string(),
  language: z.string(),
  translations: localizedOut,
  seed: z.boolean(),
  moderation: z.enum(['pending', 'approved', 'rejected']),
  /** Whether a participant (true) or a facilitator wrote it; which participant is never shown. */
  byParticipant: z.boolean(),
  createdAt: z.string(),
});
export type StatementView = z.infer<typeof statementSchema>;
