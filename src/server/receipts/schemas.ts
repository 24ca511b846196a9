import { z } from 'zod';

export const estimateParams = z.object({ id: z.string().uuid() });
export const runParams = z.object({ id: z.string().uuid() });
/** A linkage run's receipt tables: the records as the engine read them, the decisions it applied. */
export const runTableParams = z.object({ id: z.string().uuid(), table: z.enum(['records.csv', 'decisions.csv']) });
export const conversationParams = z.object({ id: z.string().uuid() });
export const statisticsReceiptQuery = z.object({
  /** The minimum cell of the view the receipt is for; roles without record access get at least the server's. */
  minCell: z.coerce.number().int().min(0).max(1000).optional(),
});

/** A receipt as served (docs/receipts.md describes every field); checked for shape by core/receipts parseReceipt. */
export const receiptSchema = z.record(z.string(), z.unknown());

/** The registry summary's receipt: all published casualty-figure claims, or those of one event (its dataset id). */
export const registryReceiptQuery = z.object({ event: z.string().min(1).max(100).regex(/^[A-Za-z0-9._:-]+$/, 'an event id: letters, digits, . _ : -').optional() });
export const registryFileParams = z.object({ file: z.enum(['sources.csv', 'actors.csv', 'events.csv', 'claims.csv']) });
