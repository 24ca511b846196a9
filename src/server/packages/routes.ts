import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { errorResponses, type App } from '../http/types.ts';
import { packageExportBody, packageExportSchema, packageParams } from './schemas.ts';
import { PackageExportService } from './service.ts';

/**
 * Court package (BagIt) export. The paths stay under /api/ledger/bags, where clients know them, but the routes live
 * in the packages module: a package is built from archive items and ledger proofs, so packages depends on ledger
 * and the ledger module must not depend back on packages (that made the cycle ledger → packages → archive → audit →
 * ledger).
 */
export async function packageRoutes(app: App, ctx: AppContext): Promise<void> {
  const packages = new PackageExportService(ctx);

  app.post('/api/ledger/bags', {
    schema: {
      tags: ['ledger'],
      summary:
        'Export items as a BagIt court package (editor, reviewer, admin): checked at once, then made by a job; poll GET /api/ledger/bags/:id, then download. Each item\'s `item.exported` custody event is written when the package is complete, never before',
      body: packageExportBody,
      response: { 202: z.object({ package: packageExportSchema }), ...errorResponses },
    },
    handler: async (request, reply) => reply.status(202).send({ package: await packages.start(request.actor, request.body) }),
  });

  app.get('/api/ledger/bags/:id', {
    schema: { tags: ['ledger'], summary: 'A court package export: state and progress (its requester, or an admin)', params: packageParams, response: { 200: z.object({ package: packageExportSchema }), ...errorResponses } },
    handler: async (request) => ({ package: await packages.get(request.actor, request.params.id) }),
  });

  app.get('/api/ledger/bags/:id/download', {
    schema: { tags: ['ledger'], summary: 'Download a finished court package (.zip or .tar; its requester, or an admin)', params: packageParams, response: { ...errorResponses } },
    handler: async (request, reply) => {
      const file = await packages.open(request.actor, request.params.id);
      return reply
        .type(file.mime)
        .header('content-length', file.size)
        .header('content-disposition', `attachment; filename="${file.filename.replace(/[^\w.-]/g, '_')}"`)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .send(file.stream as never);
    },
  });
}
