import { z } from 'zod';

export const auditEventSchema = z.object({
  id: z.number(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string(),
  action: z.string(),
  subjectType: z.string(),
  subjectId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});

export const auditQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  before: z.coerce.number().int().positive().optional(),
  subjectType: z.string().max(100).optional(),
  subjectId: z.string().max(200).optional(),
});

/** One audit event as the API shows it. */
export type AuditEventView = z.infer<typeof auditEventSchema>;
export type AuditListOptions = z.infer<typeof auditQuerySchema>;
