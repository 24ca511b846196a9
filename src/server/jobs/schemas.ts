import { z } from 'zod';
import { jobStates } from './tables.ts';

/** A job as the status API shows it: never the payload, which may hold what the caller should not see. */
export const jobSchema = z
  .object({
    id: z.string(),
    kind: z.string(),
    state: z.enum(jobStates),
    subjectType: z.string().nullable(),
    subjectId: z.string().nullable(),
    attempts: z.number().int(),
    maxAttempts: z.number().int(),
    runAfter: z.string(),
    error: z.string().nullable(),
    result: z.record(z.string(), z.unknown()).nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .describe('Job');

export type JobView = z.infer<typeof jobSchema>;

export const jobIdParams = z.object({ id: z.uuid() });

export const jobListQuery = z.object({
  subjectType: z.string().min(1).max(50).regex(/^[a-z][a-z0-9_-]*$/, 'must be a lower-case word such as item or blob'),
  subjectId: z.string().min(1).max(200),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
