import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { errorResponses, type App } from '../http/types.ts';
import * as c from './command-schemas.ts';
import { CommandService } from './command-service.ts';
import { importRoute } from './import-route.ts';
import * as s from './schemas.ts';
import type { CasesService } from './service.ts';

/** Units and chains of command (issue 21 item 6). Mounted by routes.ts with the module's service. */
export async function commandRoutes(app: App, _ctx: AppContext, cases: CasesService): Promise<void> {
  const command = new CommandService(cases.db, cases);
  const tags = ['cases'];

  app.get('/api/cases/units', {
    schema: { tags, summary: 'Organisations, units, posts and persons with their dated, sourced relations', response: { 200: c.commandListSchema, ...errorResponses } },
    handler: async (request) => command.list(request.actor),
  });

  app.post('/api/cases/units/entities', {
    schema: { tags, summary: 'Add an organisation, unit, post or person (editor)', body: c.entityBody, response: { 201: c.commandListSchema, ...errorResponses } },
    handler: async (request, reply) => reply.status(201).send(await command.createEntity(request.actor, request.body)),
  });

  app.post('/api/cases/units/relations', {
    schema: {
      tags,
      summary: 'Add a dated, sourced relation (editor); refused when it ends before it starts or closes a cycle of command on some day',
      body: c.relationBody,
      response: { 201: c.commandListSchema, ...errorResponses },
    },
    handler: async (request, reply) => reply.status(201).send(await command.createRelation(request.actor, request.body)),
  });

  app.get('/api/cases/units/chart', {
    schema: { tags, summary: 'The chain of command on a date (or a range), optionally around one unit; each edge with its sources', querystring: c.chartQuery, response: { 200: c.chartSchema, ...errorResponses } },
    handler: async (request) => command.chart(request.actor, request.query),
  });

  importRoute(
    app,
    '/api/cases/units/import',
    'Import units-entities.csv and units-relations.csv, or units.json (editor); all or nothing, every problem with file, line and field',
    (actor, files, options) => command.importFiles(actor, files, options),
  );

  app.get('/api/cases/units/export', {
    schema: { tags, summary: 'Export units and relations as units.json', response: { 200: z.object({ files: z.record(z.string(), z.string()) }), ...errorResponses } },
    handler: async (request) => ({ files: await command.exportFiles(request.actor) }),
  });

  app.get('/api/cases/incidents/:id/command', {
    schema: { tags, summary: 'Units present at an incident (area of operation at its place and dates) and their commanders then, up the chain, each step with its sources', params: s.idParams, response: { 200: c.incidentUnitsSchema, ...errorResponses } },
    handler: async (request) => command.incidentUnits(request.actor, request.params.id),
  });
}
