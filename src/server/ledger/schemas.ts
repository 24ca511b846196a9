import { z } from 'zod';

/** The zod schemas of the ledger's answers; the web app's and the CLI's types are generated from them. */

export const checkpointSchema = z.object({
  id: z.number(),
  size: z.number(),
  rootHash: z.string(),
  note: z.string(),
  keyId: z.string(),
  createdAt: z.string(),
  /** The RFC 3161 time-stamp of the note, once the authority has given one. */
  timestamp: z.object({ genTime: z.string(), authority: z.string() }).nullable(),
});
export type CheckpointView = z.infer<typeof checkpointSchema>;

/** One finding of a verification run (src/server/ledger/verify.ts VerificationProblem). */
export const verificationProblemSchema = z.looseObject({
  kind: z.string(),
  message: z.string(),
  housekeeping: z.boolean().optional(),
  seq: z.number().optional(),
  auditEventId: z.number().optional(),
  checkpointId: z.number().optional(),
});

/**
 * What a verification run kept: the report's counts and at most 1,000 of its problems with their total. Loose, so
 * a run stored by an older version, with fields since renamed, is still shown rather than refused.
 */
export const verificationSummarySchema = z.looseObject({
  ok: z.boolean().optional(),
  entries: z.number().optional(),
  auditEvents: z.number().optional(),
  checkpoints: z.number().optional(),
  treeSize: z.number().optional(),
  root: z.string().optional(),
  problems: z.array(verificationProblemSchema).optional(),
  problemCount: z.number().optional(),
});

export const verificationRunSchema = z.object({
  id: z.number(),
  startedAt: z.string(),
  finishedAt: z.string(),
  ok: z.boolean(),
  trigger: z.string(),
  summary: verificationSummarySchema,
});
export type VerificationRunView = z.infer<typeof verificationRunSchema>;

/** A ledger entry as it is hashed into the log (src/core/ledger/entry.ts LedgerEntry). */
export const ledgerEntrySchema = z.object({
  seq: z.number(),
  time: z.string().describe('RFC 3339 UTC time'),
  actor: z.string(),
  action: z.string(),
  subject: z.object({ type: z.string(), id: z.string() }),
  details: z.record(z.string(), z.unknown()),
  hashes: z.record(z.string(), z.string()),
});

export const ledgerEntryRowSchema = z.object({ seq: z.number(), entry: ledgerEntrySchema, leafHash: z.string() });
