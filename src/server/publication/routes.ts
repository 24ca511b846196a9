import type { AppContext } from '../context.ts';
import { errorResponses, type App } from '../http/types.ts';
import * as s from './schemas.ts';
import { PublicationService } from './service.ts';

export function publicationService(ctx: AppContext): PublicationService {
  return new PublicationService(ctx.db, { statsMinCell: ctx.config.casualtyStatsMinCell });
}

export async function publicationRoutes(app: App, ctx: AppContext): Promise<void> {
  const publication = publicationService(ctx);
  const tags = ['publication'];

  app.get('/api/publication/states', {
    schema: { tags, summary: 'Public or not, for up to 500 subjects of one kind (signed-in users)', querystring: s.statesQuery, response: { 200: s.statesResponse, ...errorResponses } },
    handler: async (request) => ({ states: await publication.states(request.actor, request.query.kind, request.query.ids) }),
  });

  app.post('/api/publication/memorial/exclusions', {
    schema: {
      tags,
      summary: 'Keep a person off the memorial (e.g. the family asked), by one of their records (editor, reviewer)',
      body: s.exclusionBody,
      response: { 204: s.noContent, ...errorResponses },
    },
    handler: async (request, reply) => {
      await publication.excludeFromMemorial(request.actor, request.body);
      return reply.status(204).send(null);
    },
  });

  app.get('/api/publication/:kind/:id', {
    schema: {
      tags,
      summary: 'Whether a subject is public, and exactly what making it public shows: files, metadata, GPS position, names',
      params: s.subjectParams,
      response: { 200: s.publicationSchema, ...errorResponses },
    },
    handler: async (request) => publication.preview(request.actor, request.params.kind, request.params.id),
  });

  app.post('/api/publication/:kind/:id/public', {
    schema: {
      tags,
      summary: 'Make public, confirming the digest of the list the preview showed (refused for confidential material without a publication consent)',
      params: s.subjectParams,
      body: s.makePublicBody,
      response: { 200: s.publicationSchema, ...errorResponses },
    },
    handler: async (request) => publication.makePublic(request.actor, request.params.kind, request.params.id, { digest: request.body.digest }),
  });

  app.post('/api/publication/:kind/:id/withdraw', {
    schema: { tags, summary: 'Withdraw from public view', params: s.subjectParams, body: s.withdrawBody, response: { 200: s.publicationSchema, ...errorResponses } },
    handler: async (request) => publication.withdraw(request.actor, request.params.kind, request.params.id, request.body.reason),
  });
}
