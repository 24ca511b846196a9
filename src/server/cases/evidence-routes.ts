import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { errorResponses, type App } from '../http/types.ts';
import { PackageExportService } from '../packages/service.ts';
import { registerCaseFileExport } from './case-file-export.ts';
import { registerBulkLink } from './evidence-bulk.ts';
import { CaseEvidenceService } from './evidence-service.ts';
import * as s from './evidence-schemas.ts';
import type { CasesService } from './service.ts';

/**
 * Evidence links, the matrix and the case file (issue 21 items 4, 5, 7); owned by the cases-evidence part of the
 * module. Mounted by routes.ts with the module's service, so access to an allegation is checked the same way.
 */
export async function evidenceRoutes(app: App, ctx: AppContext, cases: CasesService): Promise<void> {
  const evidence = new CaseEvidenceService(ctx, cases);
  registerCaseFileExport(evidence);
  registerBulkLink(app, evidence, cases);
  const packages = new PackageExportService(ctx);
  const tags = ['cases'];

  app.get('/api/cases/allegations/:id/evidence', {
    schema: {
      tags,
      summary: 'Evidence linked to the elements of an allegation (readers); links to items the reader may not see are neither listed nor counted',
      params: s.allegationParams,
      querystring: s.linkListQuery,
      response: { 200: z.object({ links: z.array(s.linkSchema) }), ...errorResponses },
    },
    handler: async (request) => ({
      links: await evidence.list(request.actor, request.params.id, {
        elementId: request.query.element,
        limit: request.query.limit,
        offset: request.query.offset,
      }),
    }),
  });

  app.post('/api/cases/allegations/:id/evidence', {
    schema: {
      tags,
      summary: 'Link an archive item, with a pinpoint, to an element of the allegation as supporting or undermining it (analysts); recorded in the ledger',
      params: s.allegationParams,
      body: s.linkBody,
      response: { 201: z.object({ link: s.linkSchema }), ...errorResponses },
    },
    handler: async (request, reply) => reply.status(201).send({ link: await evidence.link(request.actor, request.params.id, request.body) }),
  });

  app.patch('/api/cases/evidence/:linkId', {
    schema: {
      tags,
      summary: 'Change an evidence link (analysts): pinpoint, direction, reliability or note; give the version you changed; recorded in the ledger',
      params: s.linkParams,
      body: s.linkChangeBody,
      response: { 200: z.object({ link: s.linkSchema }), ...errorResponses },
    },
    handler: async (request) => ({ link: await evidence.change(request.actor, request.params.linkId, request.body) }),
  });

  app.delete('/api/cases/evidence/:linkId', {
    schema: {
      tags,
      summary: 'Remove an evidence link (analysts); the removal is recorded in the ledger',
      params: s.linkParams,
      response: { 204: z.null(), ...errorResponses },
    },
    handler: async (request, reply) => {
      await evidence.remove(request.actor, request.params.linkId);
      return reply.status(204).send(null);
    },
  });

  app.get('/api/cases/allegations/:id/matrix', {
    schema: {
      tags,
      summary: 'The evidence matrix of an allegation: per element, independent sources supporting and undermining it, gaps, low-reliability evidence',
      params: s.allegationParams,
      response: { 200: s.matrixSchema, ...errorResponses },
    },
    handler: async (request) => evidence.matrix(request.actor, request.params.id),
  });

  app.post('/api/cases/allegations/:id/case-file', {
    schema: {
      tags,
      summary:
        'Export the allegation as a case file: a BagIt court package with the matrix (CSV, JSON, HTML), the exhibits and their pinpoints, and an inclusion proof of every link (editor, reviewer); poll and download as GET /api/ledger/bags/:id',
      params: s.allegationParams,
      body: z.object({ container: z.enum(['zip', 'tar']).default('zip') }).strict(),
      response: { 202: z.object({ package: z.object({ id: z.string(), state: z.string(), items: z.number() }) }), ...errorResponses },
    },
    handler: async (request, reply) => {
      const made = await packages.start(request.actor, {
        itemIds: [],
        container: request.body.container,
        extension: { kind: 'case-file', allegationId: request.params.id },
      });
      return reply.status(202).send({ package: { id: made.id, state: made.state, items: made.items } });
    },
  });
}
