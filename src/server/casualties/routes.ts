import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { errorResponses, type App } from '../http/types.ts';
import { checkPartialDate } from './csv.ts';

const IMPORT_BODY_LIMIT = 40 * 1024 * 1024;
const text = (max: number) => z.string().trim().min(1).max(max);
const sourceBody = z.object({
  name: text(300),
  compiledBy: text(300).nullish(),
  compiledAt: z.string().refine((v) => checkPartialDate(v) !== null, 'a partial date YYYY, YYYY-MM or YYYY-MM-DD').nullish(),
  method: text(4000).nullish(),
  archiveItemId: text(200).nullish(),
});
const sourceSchema = z.object({
  id: z.string(),
  name: z.string(),
  compiledBy: z.string().nullable(),
  compiledAt: z.string().nullable(),
  method: z.string().nullable(),
  archiveItemId: z.string().nullable(),
  columnMapping: z.record(z.string(), z.unknown()),
  records: z.number(),
});
const column = z.string().min(1).max(300);
const mappingSchema = z
  .object({
    source_record_id: column,
    name: z.union([column, z.array(column).min(1).max(20)]),
    sex: column.optional(),
    age: column.optional(),
    birth_date: column.optional(),
    death_date: column.optional(),
    place: column.optional(),
    status: column.optional(),
    type: column.optional(),
    cause: column.optional(),
    perpetrator_reported: column.optional(),
    notes: column.optional(),
  })
  .strict();

export async function casualtiesRoutes(app: App, ctx: AppContext): Promise<void> {
  const { casualties } = ctx;
  const tags = ['casualties'];

  app.get('/api/casualties/sources', {
    schema: { tags, summary: 'Casualty lists with their current record counts', response: { 200: z.object({ sources: z.array(sourceSchema) }), ...errorResponses } },
    handler: async (request) => ({ sources: await casualties.listSources(request.actor) }),
  });

  app.post('/api/casualties/sources', {
    schema: { tags, summary: 'Register a casualty list (editor; audited)', body: sourceBody, response: { 201: sourceSchema, ...errorResponses } },
    handler: async (request, reply) => reply.status(201).send(await casualties.createSource(request.actor, request.body)),
  });

  app.post('/api/casualties/sources/:id/import', {
    bodyLimit: IMPORT_BODY_LIMIT,
    schema: {
      tags,
      summary: 'Import a CSV into a list with a column mapping; all or nothing, problems listed by line and field (editor; audited)',
      params: z.object({ id: z.string().uuid() }),
      body: z.object({ csvBase64: z.string().min(1).max(IMPORT_BODY_LIMIT), mapping: mappingSchema }),
      response: { 200: z.object({ imported: z.number(), encoding: z.string(), sha256: z.string() }), ...errorResponses },
    },
    handler: async (request) => casualties.importCsv(request.actor, request.params.id, Buffer.from(request.body.csvBase64, 'base64'), request.body.mapping),
  });
}
