import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { errorResponses, type App } from '../http/types.ts';
import * as s from './schemas.ts';

/** Import bodies carry whole files; larger than the default JSON limit, still bounded. */
const IMPORT_BODY_LIMIT = 25 * 1024 * 1024;

export async function registryRoutes(app: App, ctx: AppContext): Promise<void> {
  const { registry } = ctx;
  const tags = ['registry'];

  app.get('/api/registry', {
    schema: {
      tags,
      summary: 'What the registry holds, its events, and whether the example case can be loaded',
      response: { 200: s.overviewSchema, ...errorResponses },
    },
    handler: async (request) => registry.overview(request.actor),
  });

  app.get('/api/registry/claims', {
    schema: {
      tags,
      summary: 'Claims, each with who asserts it and in which sources; filter by actor, kind, verification, event, date',
      querystring: s.claimQuery,
      response: { 200: z.object({ claims: z.array(s.claimSchema) }), ...errorResponses },
    },
    handler: async (request) => ({ claims: await registry.listClaims(request.actor, request.query) }),
  });

  app.get('/api/registry/claims/:id', {
    schema: {
      tags,
      summary: 'One claim with its source chain, the claims it contests and that contest it',
      params: s.idParams,
      response: { 200: s.claimDetailSchema, ...errorResponses },
    },
    handler: async (request) => registry.getClaim(request.actor, request.params.id),
  });

  app.put('/api/registry/claims/:id/verification', {
    schema: {
      tags,
      summary: 'Change how far a claim is verified (reviewer; a note is required and recorded in the audit trail)',
      params: s.idParams,
      body: s.verificationBody,
      response: { 200: z.object({ claim: s.claimSchema }), ...errorResponses },
    },
    handler: async (request) => ({
      claim: await registry.setClaimVerification(request.actor, request.params.id, request.body.verification, request.body.note),
    }),
  });

  app.put('/api/registry/claims/:id/published', {
    schema: {
      tags,
      summary: 'Publish or withdraw a claim (editor or reviewer)',
      params: s.idParams,
      body: s.publishedBody,
      response: { 204: z.null(), ...errorResponses },
    },
    handler: async (request, reply) => {
      await registry.setPublished(request.actor, 'claim', request.params.id, request.body.published);
      return reply.status(204).send(null);
    },
  });

  app.get('/api/registry/recognition', {
    schema: {
      tags,
      summary: 'Recognition acts, by date; filter by body, term, level, verification, jurisdiction, event, date',
      querystring: s.actQuery,
      response: { 200: z.object({ acts: z.array(s.actSchema) }), ...errorResponses },
    },
    handler: async (request) => ({ acts: await registry.listActs(request.actor, request.query) }),
  });

  app.get('/api/registry/recognition/:id', {
    schema: { tags, summary: 'One recognition act with its sources', params: s.idParams, response: { 200: s.actDetailSchema, ...errorResponses } },
    handler: async (request) => registry.getAct(request.actor, request.params.id),
  });

  app.put('/api/registry/recognition/:id/verification', {
    schema: {
      tags,
      summary: 'Change how far a recognition act is verified (reviewer; note required, audited)',
      params: s.idParams,
      body: s.verificationBody,
      response: { 200: z.object({ act: s.actSchema }), ...errorResponses },
    },
    handler: async (request) => ({
      act: await registry.setActVerification(request.actor, request.params.id, request.body.verification, request.body.note),
    }),
  });

  app.put('/api/registry/recognition/:id/published', {
    schema: {
      tags,
      summary: 'Publish or withdraw a recognition act (editor or reviewer)',
      params: s.idParams,
      body: s.publishedBody,
      response: { 204: z.null(), ...errorResponses },
    },
    handler: async (request, reply) => {
      await registry.setPublished(request.actor, 'recognition', request.params.id, request.body.published);
      return reply.status(204).send(null);
    },
  });

  app.get('/api/registry/contested', {
    schema: {
      tags,
      summary: 'Contested claims as pairs: a claim and the claim it contests',
      querystring: z.object({
        event: z
          .string()
          .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/)
          .optional(),
      }),
      response: { 200: z.object({ pairs: z.array(s.pairSchema) }), ...errorResponses },
    },
    handler: async (request) => ({ pairs: await registry.contestedPairs(request.actor, request.query.event) }),
  });

  app.get('/api/registry/events/:id', {
    schema: {
      tags,
      summary: 'An event with the competing casualty figures by source, other claims, recognition acts and contested pairs',
      params: s.idParams,
      response: { 200: s.eventDetailSchema, ...errorResponses },
    },
    handler: async (request) => registry.getEvent(request.actor, request.params.id),
  });

  app.get('/api/registry/actors', {
    schema: { tags, summary: 'Actors (persons and organisations)', response: { 200: z.object({ actors: z.array(s.actorSchema) }), ...errorResponses } },
    handler: async (request) => ({ actors: await registry.listActors(request.actor) }),
  });

  app.get('/api/registry/sources', {
    schema: { tags, summary: 'Sources', response: { 200: z.object({ sources: z.array(s.sourceSchema) }), ...errorResponses } },
    handler: async (request) => ({ sources: await registry.listSources(request.actor) }),
  });

  // Forms: create and edit each kind of record, checked as an import checks it; a refusal lists problems by field.
  const forms = [
    { kind: 'sources', segment: 'sources', what: 'a source', input: s.sourceInput, edit: s.sourceEdit, record: s.sourceSchema },
    { kind: 'actors', segment: 'actors', what: 'an actor', input: s.actorInput, edit: s.actorEdit, record: s.recordActorSchema },
    { kind: 'events', segment: 'events', what: 'an event', input: s.eventInput, edit: s.eventEdit, record: s.eventSchema },
    { kind: 'claims', segment: 'claims', what: 'a claim', input: s.claimInput, edit: s.claimEdit, record: s.recordClaimSchema },
    { kind: 'recognitionActs', segment: 'recognition', what: 'a recognition act', input: s.actInput, edit: s.actEdit, record: s.recordActSchema },
  ] as const;
  for (const form of forms) {
    app.post(`/api/registry/${form.segment}`, {
      schema: {
        tags,
        summary: `Add ${form.what} (editor), checked as an import checks it; without an id one is made`,
        body: form.input,
        response: { 201: s.savedRecord(form.record), ...errorResponses },
      },
      handler: async (request, reply) => reply.status(201).send(await registry.createRecord(request.actor, form.kind, request.body as Record<string, unknown>)),
    });
    app.put(`/api/registry/${form.segment}/:id`, {
      schema: {
        tags,
        summary: `Edit ${form.what} (editor); the audit trail keeps the record before and after`,
        params: s.idParams,
        body: form.edit,
        response: { 200: s.savedRecord(form.record), ...errorResponses },
      },
      handler: async (request) => registry.updateRecord(request.actor, form.kind, request.params.id, request.body as Record<string, unknown>),
    });
    app.get(`/api/registry/${form.segment}/:id/record`, {
      schema: {
        tags,
        summary: `${form.what[0].toUpperCase()}${form.what.slice(1)} as the import format writes it, with its recorded changes (editor or reviewer)`,
        params: s.idParams,
        response: { 200: s.recordWithVersions(form.record), ...errorResponses },
      },
      handler: async (request) => registry.getRecord(request.actor, form.kind, request.params.id),
    });
  }

  app.post('/api/registry/import', {
    bodyLimit: IMPORT_BODY_LIMIT,
    schema: {
      tags,
      summary: 'Import CSV files or registry.json (editor): all or nothing; a refusal lists every problem with file and line',
      body: s.importBody,
      response: { 200: s.importResultSchema, 201: s.importResultSchema, ...errorResponses, 413: errorResponses[400] },
    },
    handler: async (request, reply) => {
      const result = await registry.importFiles(request.actor, request.body.files, { label: request.body.label, dryRun: request.body.dryRun });
      return reply.status(request.body.dryRun ? 200 : 201).send({ ...result, dryRun: Boolean(request.body.dryRun) });
    },
  });

  app.get('/api/registry/export', {
    schema: {
      tags,
      summary: 'Export every record (editor or reviewer) as the import files: CSV or registry.json',
      querystring: s.exportQuery,
      response: { 200: s.exportSchema, ...errorResponses },
    },
    handler: async (request) => ({ format: request.query.format, files: await registry.exportFiles(request.actor, request.query.format) }),
  });

  app.post('/api/registry/demo', {
    schema: {
      tags,
      summary: 'Load the Khojaly 1992 example case (administrator); a second call reports it is already loaded',
      response: { 200: s.demoSchema, 201: s.demoSchema, ...errorResponses, 503: errorResponses[400] },
    },
    handler: async (request, reply) => {
      const { status, counts } = await registry.loadExampleWithDependents(request.actor);
      return reply.status(status === 'loaded' ? 201 : 200).send({ status, counts });
    },
  });
}
