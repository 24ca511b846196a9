import { z } from 'zod';

export const estimateParams = z.object({ id: z.string().uuid() });

/** A receipt as served (docs/receipts.md describes every field); checked for shape by core/receipts parseReceipt. */
export const receiptSchema = z.record(z.string(), z.unknown());
