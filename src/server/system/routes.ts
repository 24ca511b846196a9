import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { ping } from '../db/connect.ts';
import { errorSchema, type App } from '../http/types.ts';

export async function systemRoutes(app: App, ctx: AppContext): Promise<void> {
  app.get('/healthz', {
    schema: { tags: ['system'], summary: 'The process is up', response: { 200: z.object({ status: z.literal('ok') }) } },
    handler: async () => ({ status: 'ok' as const }),
  });

  app.get('/readyz', {
    schema: {
      tags: ['system'],
      summary: 'The database answers',
      response: { 200: z.object({ status: z.literal('ready') }), 503: errorSchema },
    },
    handler: async (_request, reply) => {
      try {
        await ping(ctx.db);
        return { status: 'ready' as const };
      } catch {
        return reply.status(503).send({ error: { code: 'database_unavailable', message: 'The database does not answer' } });
      }
    },
  });

  app.get('/api/system', {
    schema: {
      tags: ['system'],
      summary: 'Version, database engine and which optional tools are installed',
      response: {
        200: z.object({
          version: z.string(),
          database: z.enum(['pglite', 'postgres']),
          features: z.object({ ffmpeg: z.boolean(), tesseract: z.boolean(), chromium: z.boolean() }),
        }),
      },
    },
    handler: async () => ({
      version: ctx.version,
      database: ctx.engine,
      features: { ffmpeg: ctx.features.ffmpeg, tesseract: ctx.features.tesseract, chromium: ctx.features.chromium },
    }),
  });
}
