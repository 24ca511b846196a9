import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { errorResponses, type App } from '../http/types.ts';
import { readAuditTrail } from './service.ts';

const eventSchema = z.object({
  id: z.number(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string(),
  action: z.string(),
  subjectType: z.string(),
  subjectId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});

export async function auditRoutes(app: App, ctx: AppContext): Promise<void> {
  app.get('/api/audit', {
    schema: {
      tags: ['audit'],
      summary: 'The audit trail, newest first (admin)',
      querystring: z.object({
        limit: z.coerce.number().int().min(1).max(500).default(50),
        before: z.coerce.number().int().positive().optional(),
        subjectType: z.string().max(100).optional(),
        subjectId: z.string().max(200).optional(),
      }),
      response: { 200: z.object({ events: z.array(eventSchema) }), ...errorResponses },
    },
    handler: async (request) => ({ events: await readAuditTrail(ctx.db, request.actor, request.query) }),
  });
}
