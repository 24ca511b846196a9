import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { EstimationService } from '../estimation/service.ts';
import { errorResponses, type App } from '../http/types.ts';
import * as s from './schemas.ts';
import { estimateInputName, ReceiptService } from './service.ts';

export async function receiptRoutes(app: App, ctx: AppContext): Promise<void> {
  // the estimation service's own view of an estimate, with its access checks; no job is registered from here
  const receipts = new ReceiptService(ctx.db, ctx.ledger, new EstimationService(ctx.db, ctx.jobs));
  const tags = ['receipts'];

  app.get('/api/estimates/:id/receipt', {
    schema: {
      tags,
      summary: "The estimate's receipt: a commitment to its input rows, every parameter and seed, the figures, signed and recorded in the ledger; check it with `reckon receipt verify`",
      params: s.estimateParams,
      response: { 200: s.receiptSchema, ...errorResponses },
    },
    handler: async (request, reply) => {
      const receipt = await receipts.estimateReceipt(request.actor, request.params.id);
      return reply.header('content-disposition', `attachment; filename="estimate-${request.params.id}-receipt.json"`).send(receipt as unknown as Record<string, unknown>);
    },
  });

  app.get('/api/estimates/:id/receipt/input.csv', {
    schema: { tags, summary: 'The capture table the estimate (and its receipt) was computed from, byte for byte', params: s.estimateParams, response: { 200: z.string(), ...errorResponses } },
    handler: async (request, reply) => {
      const csv = await receipts.estimateInput(request.actor, request.params.id);
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${estimateInputName(request.params.id)}"`).send(csv);
    },
  });
}
