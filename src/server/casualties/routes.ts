import type { AppContext } from '../context.ts';
import { errorResponses, type App } from '../http/types.ts';
import { z } from 'zod';
import * as s from './schemas.ts';
import { IMPORT_BODY_LIMIT, idParams, importBody, importResponse, sourceBody, sourceListResponse, sourceSchema } from './schemas.ts';

export async function casualtiesRoutes(app: App, ctx: AppContext): Promise<void> {
  const { casualties } = ctx;
  const tags = ['casualties'];

  app.get('/api/casualties/sources', {
    schema: { tags, summary: 'Casualty lists with their current record counts', response: { 200: sourceListResponse, ...errorResponses } },
    handler: async (request) => ({ sources: await casualties.listSources(request.actor) }),
  });

  app.post('/api/casualties/sources', {
    schema: { tags, summary: 'Register a casualty list (editor; audited)', body: sourceBody, response: { 201: sourceSchema, ...errorResponses } },
    handler: async (request, reply) => reply.status(201).send(await casualties.createSource(request.actor, request.body)),
  });

  app.post('/api/casualties/sources/:id/import', {
    bodyLimit: IMPORT_BODY_LIMIT,
    schema: {
      tags,
      summary:
        'Import a CSV into a list with a column mapping; all or nothing by default, problems listed by line, column and value; mode good_rows imports the rows without problems and returns the others as CSV (editor; audited)',
      params: idParams,
      body: importBody,
      response: { 200: importResponse, ...errorResponses },
    },
    handler: async (request) =>
      casualties.importCsv(request.actor, request.params.id, Buffer.from(request.body.csvBase64, 'base64'), request.body.mapping, {
        mode: request.body.mode,
        fileName: request.body.fileName,
      }),
  });

  app.get('/api/casualties/sources/:id', {
    schema: { tags, summary: 'One casualty list', params: idParams, response: { 200: sourceSchema, ...errorResponses } },
    handler: async (request) => casualties.getSource(request.actor, request.params.id),
  });

  app.patch('/api/casualties/sources/:id', {
    schema: { tags, summary: 'Change a list\'s description or saved column mapping (editor; audited)', params: idParams, body: s.sourcePatchBody, response: { 200: sourceSchema, ...errorResponses } },
    handler: async (request) => casualties.updateSource(request.actor, request.params.id, request.body),
  });

  app.get('/api/casualties/sources/:id/records', {
    schema: { tags, summary: 'Records of a list, current versions unless history=1; search by name in any script (editor, reviewer)', params: idParams, querystring: s.recordsQuery, response: { 200: s.recordListResponse, ...errorResponses } },
    handler: async (request) => casualties.listRecords(request.actor, request.params.id, request.query),
  });

  app.get('/api/casualties/records/:id', {
    schema: { tags, summary: 'One record version with every version of it (editor, reviewer)', params: idParams, response: { 200: s.recordDetailResponse, ...errorResponses } },
    handler: async (request) => casualties.getRecord(request.actor, request.params.id),
  });

  app.post('/api/casualties/records/:id/versions', {
    schema: { tags, summary: 'Correct a record: a new version supersedes the current one, never an edit in place (editor; audited)', params: idParams, body: s.correctionBody, response: { 201: s.correctionResponse, ...errorResponses } },
    handler: async (request, reply) => reply.status(201).send(await casualties.correctRecord(request.actor, request.params.id, request.body)),
  });

  app.post('/api/casualties/runs', {
    schema: { tags, summary: 'Start a linkage run over lists; runs as a job (editor, reviewer; audited)', body: s.createRunBody, response: { 202: s.runCreatedResponse, ...errorResponses } },
    handler: async (request, reply) => reply.status(202).send({ run: await casualties.runs.create(request.actor, request.body) }),
  });

  app.get('/api/casualties/runs', {
    schema: { tags, summary: 'Linkage runs, newest first', response: { 200: s.runListResponse, ...errorResponses } },
    handler: async (request) => ({ runs: await casualties.runs.list(request.actor) }),
  });

  app.get('/api/casualties/runs/:id', {
    schema: { tags, summary: 'One linkage run: state, progress, counts, settings, model, warnings', params: idParams, response: { 200: s.runDetailSchema, ...errorResponses } },
    handler: async (request) => casualties.runs.get(request.actor, request.params.id),
  });

  app.delete('/api/casualties/runs/:id', {
    schema: { tags, summary: 'Delete a finished run with its pairs and persons; review decisions stay (editor; audited)', params: idParams, response: { 204: z.null(), ...errorResponses } },
    handler: async (request, reply) => {
      await casualties.runs.remove(request.actor, request.params.id);
      return reply.status(204).send(null);
    },
  });

  app.post('/api/casualties/runs/:id/cancel', {
    schema: {
      tags,
      summary: 'Cancel a run: a queued one at once, a running one at its next check, keeping nothing partial; 409 run_finished once it has ended (editor, reviewer; audited)',
      params: idParams,
      response: { 200: s.runCreatedResponse, ...errorResponses },
    },
    handler: async (request) => ({ run: await casualties.runs.cancel(request.actor, request.params.id) }),
  });

  app.get('/api/casualties/runs/:id/review', {
    schema: { tags, summary: 'Uncertain pairs side by side with their explanation, undecided first (editor, reviewer)', params: idParams, querystring: s.reviewQuery, response: { 200: s.reviewResponse, ...errorResponses } },
    handler: async (request) => casualties.review.queue(request.actor, request.params.id, request.query),
  });

  app.post('/api/casualties/review-decisions', {
    schema: { tags, summary: 'Decide a pair: match or non-match, also two records no run paired (manual: true); kept across runs, a re-decision supersedes (reviewer, editor; audited)', body: s.decisionBody, response: { 201: s.decisionCreatedResponse, ...errorResponses } },
    handler: async (request, reply) => reply.status(201).send(await casualties.review.decide(request.actor, request.body)),
  });

  app.post('/api/casualties/runs/:id/persons/:personId/split', {
    schema: {
      tags,
      summary: 'Take a record out of a person: a non-match decision with each other record of the person, kept across runs (reviewer, editor; audited)',
      params: s.personParams,
      body: s.splitBody,
      response: { 201: s.splitResponse, ...errorResponses },
    },
    handler: async (request, reply) => reply.status(201).send(await casualties.review.split(request.actor, request.params.id, request.params.personId, request.body)),
  });

  app.get('/api/casualties/review-decisions', {
    schema: { tags, summary: 'Review decisions, newest first; history=1 includes superseded ones (editor, reviewer)', querystring: s.decisionsQuery, response: { 200: s.decisionListResponse, ...errorResponses } },
    handler: async (request) => casualties.review.list(request.actor, request.query.history, request.query.limit, request.query.offset),
  });

  app.get('/api/casualties/runs/:id/persons', {
    schema: { tags, summary: 'Persons of a run with their records, capture history and flags; flagged=1 gives the cluster review queue (editor, reviewer)', params: idParams, querystring: s.personsQuery, response: { 200: s.personsResponse, ...errorResponses } },
    handler: async (request) => casualties.results.persons(request.actor, request.params.id, request.query),
  });

  app.get('/api/casualties/runs/:id/stats', {
    schema: {
      tags,
      summary: 'Counts by sex, age band, status, date and place; coverage; overlaps (UpSet); disagreements. Small cells hidden for roles without record access (minCell)',
      params: idParams,
      querystring: s.statsQuery,
      response: { 200: s.statsResponse, ...errorResponses },
    },
    handler: async (request) => casualties.results.stats(request.actor, request.params.id, { minCell: request.query.minCell }),
  });
}
