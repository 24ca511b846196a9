import { z } from 'zod';

export const estimateParams = z.object({ id: z.string().uuid() });
export const runParams = z.object({ id: z.string().uuid() });
export const conversationParams = z.object({ id: z.string().uuid() });
export const statisticsReceiptQuery = z.object({
  /** The minimum cell of the view the receipt is for; roles without record access get at least the server's. */
  minCell: z.coerce.number().int().min(0).max(1000).optional(),
});

/** A receipt as served (docs/receipts.md describes every field); checked for shape by core/receipts parseReceipt. */
export const receiptSchema = z.record(z.string(), z.unknown());
