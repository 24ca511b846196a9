import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { EstimationService } from '../estimation/service.ts';
import { errorResponses, type App } from '../http/types.ts';
import * as s from './schemas.ts';
import { dialogueReceiptName, estimateReceiptName, linkageRunReceiptName, REGISTRY_RECEIPT_NAME, statisticsReceiptName } from '../../core/receipts/file-names.ts';
import { dialogueInputName, estimateInputName, linkageRunInputName, ReceiptService, statisticsInputName } from './service.ts';

export async function receiptRoutes(app: App, ctx: AppContext): Promise<void> {
  // the estimation service's own view of an estimate, with its access checks; no job is registered from here
  const receipts = new ReceiptService(ctx.db, ctx.ledger, new EstimationService(ctx.db, ctx.jobs), ctx.casualties.results, ctx.dialogue);
  const portal = ctx.portal;
  const memorialTotal = () => portal.memorialTotal();
  const tags = ['receipts'];
  const rateLimit = { max: ctx.config.publicApiPerMinute, timeWindow: 60_000 };
  const csv = (reply: import('fastify').FastifyReply, name: string, body: string) => reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}"`).send(body);
  const json = (reply: import('fastify').FastifyReply, name: string, receipt: unknown) => reply.header('content-disposition', `attachment; filename="${name}"`).send(receipt as Record<string, unknown>);

  app.get('/api/estimates/:id/receipt', {
    schema: {
      tags,
      summary: "The estimate's receipt: a commitment to its input rows, every parameter and seed, the figures, signed and recorded in the ledger; check it with `reckon receipt verify`",
      params: s.estimateParams,
      response: { 200: s.receiptSchema, ...errorResponses },
    },
    handler: async (request, reply) => json(reply, estimateReceiptName(request.params.id), await receipts.estimateReceipt(request.actor, request.params.id)),
  });

  app.get('/api/estimates/:id/receipt/input.csv', {
    schema: { tags, summary: 'The capture table the estimate (and its receipt) was computed from, byte for byte', params: s.estimateParams, response: { 200: z.string(), ...errorResponses } },
    handler: async (request, reply) => csv(reply, estimateInputName(request.params.id), await receipts.estimateInput(request.actor, request.params.id)),
  });

  app.get('/api/casualties/runs/:id/stats/receipt', {
    schema: {
      tags,
      summary: "The receipt of a run's statistics at a minimum cell size: a commitment to the run's persons table, the suppression rule and its parameters, and every published count (hidden ones as hidden), signed and recorded in the ledger",
      params: s.runParams,
      querystring: s.statisticsReceiptQuery,
      response: { 200: s.receiptSchema, ...errorResponses },
    },
    handler: async (request, reply) => {
      const receipt = await receipts.statisticsReceipt(request.actor, request.params.id, { minCell: request.query.minCell });
      return json(reply, statisticsReceiptName(request.params.id), receipt);
    },
  });

  app.get('/api/casualties/runs/:id/stats/receipt/persons.csv', {
    schema: {
      tags,
      summary: "The run's persons table the statistics' receipt commits to (one row per person, no names): editors and reviewers only",
      params: s.runParams,
      response: { 200: z.string(), ...errorResponses },
    },
    handler: async (request, reply) => csv(reply, statisticsInputName(request.params.id), await receipts.statisticsInput(request.actor, request.params.id)),
  });

  app.get('/api/casualties/runs/:id/receipt', {
    schema: {
      tags,
      summary:
        "A linkage run's receipt: a commitment to the records as the engine read them and the review decisions it applied, the engine settings and seed, and its persons, capture histories and every record's person, signed and recorded in the ledger (editors and reviewers; 409 receipt_run_without_inputs for a run made before runs kept them)",
      params: s.runParams,
      response: { 200: s.receiptSchema, ...errorResponses },
    },
    handler: async (request, reply) => json(reply, linkageRunReceiptName(request.params.id), await receipts.linkageRunReceipt(request.actor, request.params.id)),
  });

  app.get('/api/casualties/runs/:id/receipt/:table', {
    schema: {
      tags,
      summary: "One of the two tables a linkage run's receipt commits to, byte for byte: `records.csv` (the engine's input, with each record's list) or `decisions.csv` (editors and reviewers)",
      params: s.runTableParams,
      response: { 200: z.string(), ...errorResponses },
    },
    handler: async (request, reply) => {
      const table = request.params.table === 'records.csv' ? 'records' : 'decisions';
      return csv(reply, linkageRunInputName(request.params.id, table), await receipts.linkageRunInput(request.actor, request.params.id, table));
    },
  });

  app.get('/api/dialogue/conversations/:id/report/receipt', {
    schema: {
      tags,
      summary: "The receipt of a dialogue report as it stands: a commitment to its vote table (participant numbers and groups, no identities), the parameters, and its vote counts, groups and consensus, signed and recorded in the ledger (for whoever may read the report; 409 receipt_report_updating while new votes are being analysed)",
      params: s.conversationParams,
      response: { 200: s.receiptSchema, ...errorResponses },
    },
    handler: async (request, reply) => json(reply, dialogueReceiptName(request.params.id), await receipts.dialogueReceipt(request.actor, request.params.id)),
  });

  app.get('/api/dialogue/conversations/:id/report/receipt/votes.csv', {
    schema: {
      tags,
      summary: "The vote table a dialogue report's receipt commits to (one row per vote: participant number, group, statement, vote): facilitators only",
      params: s.conversationParams,
      response: { 200: z.string(), ...errorResponses },
    },
    handler: async (request, reply) => csv(reply, dialogueInputName(request.params.id), await receipts.dialogueInput(request.actor, request.params.id)),
  });

  // the registry's summary holds published claims only: anyone may check it
  app.get('/api/registry/figures/receipt', {
    schema: {
      tags: ['public', ...tags],
      summary: "The receipt of the registry's published casualty figures (per claim, with who asserts them and the interval each allows, and per source), optionally of one event: a commitment to the published records as import files, signed and in the ledger",
      querystring: s.registryReceiptQuery,
      response: { 200: s.receiptSchema, ...errorResponses },
    },
    config: { rateLimit },
    handler: async (request, reply) => json(reply.header('access-control-allow-origin', '*'), REGISTRY_RECEIPT_NAME, await receipts.registryReceipt(request.query.event ?? null)),
  });

  app.get('/api/registry/figures/receipt/:file', {
    schema: { tags: ['public', ...tags], summary: "One of the published import files the registry summary's receipt commits to, byte for byte", params: s.registryFileParams, response: { 200: z.string(), ...errorResponses } },
    config: { rateLimit },
    handler: async (request, reply) => csv(reply.header('access-control-allow-origin', '*'), request.params.file, await receipts.registryInput(request.params.file)),
  });

  // ---- the public: published figures only, anonymous, rate-limited like the open data ----
  app.get('/api/public/estimates/:id/receipt', {
    schema: { tags: ['public', ...tags], summary: "A published estimate's receipt (anonymous)", params: s.estimateParams, response: { 200: s.receiptSchema, ...errorResponses } },
    config: { rateLimit },
    handler: async (request, reply) => json(reply.header('access-control-allow-origin', '*'), estimateReceiptName(request.params.id), await receipts.publicEstimateReceipt(request.params.id)),
  });

  app.get('/api/public/estimates/:id/receipt/input.csv', {
    schema: { tags: ['public', ...tags], summary: "A published estimate's capture table, byte for byte (anonymous)", params: s.estimateParams, response: { 200: z.string(), ...errorResponses } },
    config: { rateLimit },
    handler: async (request, reply) => csv(reply.header('access-control-allow-origin', '*'), estimateInputName(request.params.id), await receipts.publicEstimateInput(request.params.id)),
  });

  app.get('/api/public/statistics/:id/receipt', {
    schema: {
      tags: ['public', ...tags],
      summary: "The receipt of a run's published statistics, at the portal's minimum cell size (anonymous)",
      params: s.runParams,
      response: { 200: s.receiptSchema, ...errorResponses },
    },
    config: { rateLimit },
    handler: async (request, reply) => json(reply.header('access-control-allow-origin', '*'), statisticsReceiptName(request.params.id), await receipts.publicStatisticsReceipt(request.params.id, portal.statsMinCell)),
  });

  app.get('/api/public/statistics/:id/receipt/persons.csv', {
    schema: {
      tags: ['public', ...tags],
      summary: "The persons table of published statistics, only when every person it holds is public on the memorial (403 receipt_input_not_public otherwise) (anonymous)",
      params: s.runParams,
      response: { 200: z.string(), ...errorResponses },
    },
    config: { rateLimit },
    handler: async (request, reply) => csv(reply.header('access-control-allow-origin', '*'), statisticsInputName(request.params.id), await receipts.publicStatisticsInput(request.params.id, memorialTotal)),
  });
}
