import { z } from 'zod';
import { MAX_ITEMS_PER_PACKAGE } from './export.ts';

/**
 * A court package export as the API answers it: the one definition of the shape. The service's view type is inferred
 * from it, so a field added here is filled in `toView` (the compiler says so) and reaches the OpenAPI document, the
 * web app and the CLI (`reckon bag export --server`) through `npm run api:generate`.
 */
export const packageExportSchema = z.object({
  id: z.string(),
  state: z.enum(['queued', 'running', 'done', 'failed', 'expired']),
  items: z.number(),
  container: z.enum(['zip', 'tar']),
  includeIdentity: z.boolean(),
  recipient: z.object({ name: z.string(), keyFingerprint: z.string() }).nullable(),
  bytesTotal: z.number(),
  bytesDone: z.number(),
  externalIdentifier: z.string().nullable(),
  fileSize: z.number().nullable(),
  error: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
});
export type PackageExportView = z.infer<typeof packageExportSchema>;

export const packageExportBody = z
  .object({
    itemIds: z.array(z.string().min(1).max(100)).min(1).max(MAX_ITEMS_PER_PACKAGE),
    container: z.enum(['zip', 'tar']).default('zip'),
    includeIdentity: z.boolean().default(false),
    recipient: z.object({ name: z.string().min(1).max(200), publicKey: z.string().min(1).max(4096) }).strict().optional(),
  })
  .strict();

export const packageParams = z.object({ id: z.string().uuid() });
