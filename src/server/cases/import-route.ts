import type { z } from 'zod';
import type { Actor } from '../accounts/actor.ts';
import { errorResponses, type App } from '../http/types.ts';
import * as s from './schemas.ts';

/** Import bodies carry whole files; larger than the default JSON limit, still bounded. */
export const IMPORT_BODY_LIMIT = 25 * 1024 * 1024;

type Importer = (actor: Actor, files: Record<string, string>, options: { dryRun?: boolean; label?: string }) => Promise<z.infer<typeof s.importResultSchema>>;

/**
 * One of the justice module's file imports (frameworks, cases, units): the files in a JSON body, all or nothing,
 * answered 200 for a dry run and 201 when written; only the path, the summary and the service call differ.
 */
export function importRoute(app: App, path: string, summary: string, run: Importer): void {
  app.post(path, {
    bodyLimit: IMPORT_BODY_LIMIT,
    schema: {
      tags: ['cases'],
      summary,
      body: s.importBody,
      response: { 200: s.importResultSchema, 201: s.importResultSchema, ...errorResponses, 413: errorResponses[400] },
    },
    handler: async (request, reply) => {
      const result = await run(request.actor, request.body.files, { dryRun: request.body.dryRun, label: request.body.label });
      return reply.status(result.dryRun ? 200 : 201).send(result);
    },
  });
}
