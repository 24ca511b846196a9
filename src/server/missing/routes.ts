import type { AppContext } from '../context.ts';
import { errorResponses, type App } from '../http/types.ts';
import { masterKeyPath } from '../archive/index.ts';
import { FieldCipher } from '../crypto/fields.ts';
import { MasterKey } from '../crypto/keys.ts';
import { z } from 'zod';
import { toCsv } from '../portal/csv.ts';
import { pickLanguage, portalT } from '../portal/i18n.ts';
import { MISSING_STATUSES } from '../../core/missing/statuses.ts';
import { missingPage, publicMissing } from './public.ts';
import * as s from './schemas.ts';
import { MissingService } from './service.ts';

export function missingService(ctx: AppContext): MissingService {
  return new MissingService(ctx.db, new FieldCipher(MasterKey.loadOrCreate(masterKeyPath(ctx.config))), ctx.casualties);
}

/** Missing persons: statuses over time, last sightings, places of interest, identification; import of lists. */
export async function missingRoutes(app: App, ctx: AppContext): Promise<void> {
  const missing = missingService(ctx);
  const tags = ['missing'];

  app.get('/api/missing/persons', {
    schema: { tags, summary: 'Persons some source reports as missing (or with any status), filtered by status, list or name in any script (editor, reviewer)', querystring: s.listQuery, response: { 200: s.listResponse, ...errorResponses } },
    handler: async (request) => missing.list(request.actor, request.query),
  });

  app.get('/api/missing/persons/:id', {
    schema: { tags, summary: 'One missing person (a record): every status as each source reports it, last sightings, identification stage; sealed data only for roles that see protected identities', params: s.idParams, response: { 200: s.personResponse, ...errorResponses } },
    handler: async (request) => missing.person(request.actor, request.params.id),
  });

  app.post('/api/missing/persons/:id/statuses', {
    schema: { tags, summary: 'Add a status claim from a source on a date; never replaces another source\'s (editor, reviewer; audited)', params: s.idParams, body: s.statusBody, response: { 201: s.createdResponse, ...errorResponses } },
    handler: async (request, reply) => reply.status(201).send(await missing.addStatus(request.actor, request.params.id, request.body)),
  });

  app.post('/api/missing/persons/:id/last-seen', {
    schema: { tags, summary: 'Add a last sighting with a date and a place (editor, reviewer; audited)', params: s.idParams, body: s.lastSeenBody, response: { 201: s.createdResponse, ...errorResponses } },
    handler: async (request, reply) => reply.status(201).send(await missing.addLastSeen(request.actor, request.params.id, request.body)),
  });

  app.put('/api/missing/persons/:id/identification', {
    schema: { tags, summary: 'Set the identification stage; ante-mortem data, samples and contact are sealed and need a role that sees protected identities (audited without values)', params: s.idParams, body: s.identificationBody, response: { 200: s.personResponse, ...errorResponses } },
    handler: async (request) => missing.setIdentification(request.actor, request.params.id, request.body),
  });

  app.get('/api/missing/places', {
    schema: { tags, summary: 'Places of interest (detention sites, burial sites, places last seen) with positions for the map (editor, reviewer)', response: { 200: s.placesResponse, ...errorResponses } },
    handler: async (request) => ({ places: await missing.places(request.actor) }),
  });

  app.post('/api/missing/places', {
    schema: { tags, summary: 'Add a place of interest (editor, reviewer; audited)', body: s.placeBody, response: { 201: s.createdResponse, ...errorResponses } },
    handler: async (request, reply) => reply.status(201).send(await missing.addPlace(request.actor, request.body)),
  });

  app.post('/api/missing/sources/:id/import', {
    bodyLimit: s.IMPORT_BODY_LIMIT,
    schema: {
      tags,
      summary: 'Import a list of the missing: the casualty-list columns with a mapping, plus status, status date, last seen date and place, reported by (found by header in en, az, ru, hy); problems by line and column (editor; audited)',
      params: s.idParams,
      body: s.missingImportBody,
      response: { 200: s.missingImportResponse, ...errorResponses },
    },
    handler: async (request) =>
      missing.importCsv(request.actor, request.params.id, Buffer.from(request.body.csvBase64, 'base64'), request.body.mapping, { mode: request.body.mode, fileName: request.body.fileName, columns: request.body.columns }),
  });

  // ---- public: the missing, under the memorial's rules (no login; rate-limited like the portal) ----
  const rateLimit = { max: ctx.config.publicApiPerMinute, timeWindow: 60_000 };
  const publicQuery = z.object({ q: z.string().max(200).optional(), status: z.union([s.statusEnum, z.literal('')]).optional(), page: z.coerce.number().int().min(1).max(500).default(1), lang: z.string().max(10).optional(), format: z.enum(['json', 'csv']).default('json') });
  const read = (query: z.infer<typeof publicQuery>) => publicMissing(ctx.db, ctx.portal, { minSources: ctx.config.memorialMinSources, status: query.status || undefined, q: query.q, page: query.page });
  app.get('/public/missing', { schema: { hide: true, querystring: publicQuery }, config: { rateLimit } }, async (request, reply) => {
    const lang = pickLanguage(request.query.lang, request.headers['accept-language']);
    const base = ctx.config.publicUrl?.replace(/\/$/, '') ?? '';
    const body = missingPage({ t: portalT(lang), lang, org: ctx.config.organisationName, base }, request.query, await read(request.query), MISSING_STATUSES);
    return reply.type('text/html; charset=utf-8').header('cache-control', 'public, max-age=60').header('vary', 'accept-language').send(body);
  });
  const envelope = z.object({ licence: z.string(), citation: z.string(), generatedAt: z.string(), total: z.number().int(), rows: z.array(z.record(z.string(), z.unknown())) });
  app.get('/api/public/missing', {
    schema: { tags: ['public'], summary: 'The missing (anonymous, read-only, rate-limited): names, list, and each status as its source reports it; 20 a page; ?format=csv', querystring: publicQuery, response: { 200: z.union([envelope, z.string()]), ...errorResponses } },
    config: { rateLimit },
    handler: async (request, reply) => {
      const found = await read(request.query);
      const rows = found.persons.flatMap((p) => p.statuses.map((st) => ({ id: p.id, names: p.names, birthDate: p.birthDate, place: p.place, list: p.list, status: st.status, date: st.date, reportedBy: st.reportedBy })));
      const base = ctx.config.publicUrl?.replace(/\/$/, '') ?? '';
      const meta = { licence: ctx.config.publicDataLicence, citation: `${ctx.config.organisationName}, public record: missing (${base}/api/public/missing), retrieved ${new Date().toISOString().slice(0, 10)}, licence ${ctx.config.publicDataLicence}` };
      reply.header('cache-control', 'public, max-age=60').header('access-control-allow-origin', '*');
      if (request.query.format === 'csv') return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="missing.csv"').send(toCsv(['id', 'names', 'birthDate', 'place', 'list', 'status', 'date', 'reportedBy'], rows, meta));
      return { ...meta, generatedAt: new Date().toISOString(), total: found.total, rows };
    },
  });
}
