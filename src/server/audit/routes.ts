import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { errorResponses, type App } from '../http/types.ts';
import { auditEventSchema, auditQuerySchema } from './schemas.ts';
import { readAuditTrail } from './service.ts';

export async function auditRoutes(app: App, ctx: AppContext): Promise<void> {
  app.get('/api/audit', {
    schema: {
      tags: ['audit'],
      summary: 'The audit trail, newest first (admin)',
      querystring: auditQuerySchema,
      response: { 200: z.object({ events: z.array(auditEventSchema) }), ...errorResponses },
    },
    handler: async (request) => ({ events: await readAuditTrail(ctx.db, request.actor, request.query) }),
  });
}
