import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { errorResponses, type App } from '../http/types.ts';
import { renderReportHtml } from './report-html.ts';
import * as s from './schemas.ts';
import { ESTIMATE_JOB, EstimationService } from './service.ts';

/** JSON escaping can grow a 1 MB table; the table's own limit (1 MB) is checked in the service. */
const CREATE_BODY_LIMIT = 3 * s.MAX_CSV_BYTES;
/** LCMCR on a large table with many strata can run long; the queue's default limit is for short jobs. */
const ESTIMATE_TIME_LIMIT_MS = 6 * 60 * 60 * 1000;

export async function estimationRoutes(app: App, ctx: AppContext): Promise<void> {
  // Built here rather than in the context so that the module registers its job kind where it is set up.
  const estimation = new EstimationService(ctx.db, ctx.jobs, undefined, (actor, runId, strata) => ctx.casualties.results.captureHistories(actor, runId, strata));
  if (!ctx.jobs.hasHandler(ESTIMATE_JOB)) {
    ctx.jobs.register(ESTIMATE_JOB, async (payload, run) => estimation.run(String(payload.id), run.signal), { timeLimitMs: ESTIMATE_TIME_LIMIT_MS });
  }
  const tags = ['estimation'];
  const withTooLarge = { ...errorResponses, 413: errorResponses[400] };

  app.post('/api/estimates', {
    bodyLimit: CREATE_BODY_LIMIT,
    schema: {
      tags,
      summary: 'Start a population estimate from a capture-pattern table (editor, reviewer); runs in the background',
      body: s.createBody,
      response: { 202: z.object({ estimate: s.summarySchema }), ...withTooLarge },
    },
    handler: async (request, reply) => reply.status(202).send({ estimate: await estimation.create(request.actor, request.body) }),
  });

  app.get('/api/estimates/defaults', {
    schema: { tags, summary: 'The options an estimate starts from and their limits (the same the CLI uses), and the convergence rule', response: { 200: s.defaultsSchema, ...errorResponses } },
    handler: async (request) => estimation.defaults(request.actor),
  });

  app.get('/api/estimates', {
    schema: { tags, summary: 'Estimates, newest first (any logged-in user)', response: { 200: z.object({ estimates: z.array(s.summarySchema) }), ...errorResponses } },
    handler: async (request) => ({ estimates: await estimation.list(request.actor) }),
  });

  app.get('/api/estimates/:id', {
    schema: { tags, summary: 'One estimate: state, progress and, once done, its report', params: s.idParams, response: { 200: s.detailSchema, ...errorResponses } },
    handler: async (request) => estimation.get(request.actor, request.params.id),
  });

  app.get('/api/estimates/:id/report.json', {
    schema: { tags, summary: 'The estimate report as JSON, for download', params: s.idParams, response: { 200: s.detailSchema, ...errorResponses } },
    handler: async (request, reply) => {
      const detail = await estimation.get(request.actor, request.params.id);
      return reply.header('content-disposition', `attachment; filename="estimate-${detail.id}.json"`).send(detail);
    },
  });

  app.get('/api/estimates/:id/draws.csv', {
    schema: { tags, summary: 'Every posterior draw as CSV: stratum, method, chain, draw, N, occupied classes (LCMCR)', params: s.idParams, response: { 200: z.string(), ...errorResponses } },
    handler: async (request, reply) => {
      const csv = await estimation.drawsCsv(request.actor, request.params.id);
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="estimate-${request.params.id}-draws.csv"`).send(csv);
    },
  });

  app.post('/api/estimates/:id/convergence-override', {
    schema: {
      tags,
      summary: 'Record why an estimate whose sampler did not converge may be made public anyway (editor, reviewer; audited)',
      params: s.idParams,
      body: s.overrideBody,
      response: { 200: s.detailSchema, ...errorResponses },
    },
    handler: async (request) => estimation.overrideConvergence(request.actor, request.params.id, request.body.reason),
  });

  app.get('/api/estimates/:id/report', {
    schema: { tags, summary: 'A printable HTML report (no scripts): figures, intervals, diagnostics, warnings, assumptions', params: s.idParams, response: { 200: z.string(), ...errorResponses } },
    handler: async (request, reply) => {
      const detail = await estimation.get(request.actor, request.params.id);
      return reply.type('text/html; charset=utf-8').header('content-disposition', `inline; filename="estimate-${detail.id}.html"`).send(renderReportHtml(detail));
    },
  });
}
