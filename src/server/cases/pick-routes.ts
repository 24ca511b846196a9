import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { errorResponses, type App } from '../http/types.ts';
import { CasePickers } from './pick-service.ts';

const pickKinds = ['victims', 'events', 'actors', 'units', 'places'] as const;

export const pickParams = z.object({ kind: z.enum(pickKinds) });
export const pickQuery = z.object({
  q: z.string().min(1).max(200).describe('Text the name contains (any script; casualty names also romanised)'),
  limit: z.coerce.number().int().min(1).max(20).default(10),
});
export const pickOptionSchema = z.object({
  id: z.string().nullable().describe('The record to store; null for a place, whose name is stored'),
  label: z.string(),
  detail: z.string().nullable(),
  place: z.object({ country: z.string().nullable(), latitude: z.number().nullable(), longitude: z.number().nullable() }).optional(),
});

/** Searches for the forms' pickers (victims, events, actors, units, places by name); role checks in the service. */
export async function pickRoutes(app: App, ctx: AppContext): Promise<void> {
  const pickers = new CasePickers(ctx.db);
  app.get('/api/cases/pick/:kind', {
    schema: {
      tags: ['cases'],
      summary: 'Find victims (casualty records: editors, reviewers), registry events, actors, chain-of-command units or places by name, for the forms; a few fields, at most 20',
      params: pickParams,
      querystring: pickQuery,
      response: { 200: z.object({ options: z.array(pickOptionSchema) }), ...errorResponses },
    },
    handler: async (request) => ({ options: await pickers.search(request.actor, request.params.kind, request.query.q, request.query.limit) }),
  });
}
