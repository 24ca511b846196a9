import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { errorResponses, type App } from '../http/types.ts';
import { commandRoutes } from './command-routes.ts';
import { evidenceRoutes } from './evidence-routes.ts';
import { importRoute } from './import-route.ts';
import { pickRoutes } from './pick-routes.ts';
import * as s from './schemas.ts';
import { CaseCorrections } from './correction-service.ts';
import { CasesService } from './service.ts';
import { CaseWithdrawals } from './withdraw-service.ts';

/** The justice module: frameworks, incidents, acts and allegations here; evidence and command in their own files. */
export async function casesRoutes(app: App, ctx: AppContext): Promise<void> {
  const cases = new CasesService(ctx.db);
  const corrections = new CaseCorrections(ctx.db);
  const withdrawals = new CaseWithdrawals(ctx.db);
  const tags = ['cases'];

  app.get('/api/cases', {
    schema: { tags, summary: 'What the justice module holds (viewer, editor, reviewer)', response: { 200: s.overviewSchema, ...errorResponses } },
    handler: async (request) => cases.overview(request.actor),
  });

  app.get('/api/cases/frameworks', {
    schema: { tags, summary: 'Legal frameworks with their numbers of crimes, modes of liability and elements', response: { 200: z.object({ frameworks: z.array(s.frameworkSummarySchema) }), ...errorResponses } },
    handler: async (request) => ({ frameworks: await cases.listFrameworks(request.actor) }),
  });

  app.get('/api/cases/framework-details', {
    schema: {
      tags,
      summary: 'Every framework with its crimes and modes of liability, each with its elements (what an allegation form offers; one request instead of one a framework)',
      response: { 200: z.object({ frameworks: z.array(s.frameworkDetailSchema) }), ...errorResponses },
    },
    handler: async (request) => ({ frameworks: await cases.listFrameworkDetails(request.actor) }),
  });

  app.get('/api/cases/frameworks/:id', {
    schema: { tags, summary: 'One framework: its crimes and modes of liability, each with its elements', params: s.idParams, response: { 200: s.frameworkDetailSchema, ...errorResponses } },
    handler: async (request) => cases.getFramework(request.actor, request.params.id),
  });

  importRoute(
    app,
    '/api/cases/frameworks/import',
    'Import a framework (editor): frameworks.csv, crimes.csv, modes.csv, elements.csv or frameworks.json; all or nothing, every problem with file, line and field',
    (actor, files, options) => cases.importFrameworks(actor, files, options),
  );

  app.post('/api/cases/frameworks/standard', {
    schema: {
      tags,
      summary: "Load the Genocide Convention and Rome Statute summaries shipped with Reckon (editor); a second call reports they are loaded",
      response: { 200: s.standardResultSchema, 201: s.standardResultSchema, ...errorResponses },
    },
    handler: async (request, reply) => {
      const result = await cases.loadStandardFrameworks(request.actor);
      return reply.status(result.alreadyLoaded ? 200 : 201).send(result);
    },
  });

  app.get('/api/cases/frameworks/export', {
    schema: { tags, summary: 'Export frameworks (all, or one with ?framework=) as the import files, CSV or JSON', querystring: s.frameworkExportQuery, response: { 200: s.exportSchema, ...errorResponses } },
    handler: async (request) => ({ format: request.query.format, files: await cases.exportFrameworks(request.actor, request.query.format, request.query.framework) }),
  });

  app.get('/api/cases/incidents', {
    schema: { tags, summary: 'Incidents, by date', response: { 200: z.object({ incidents: z.array(s.incidentSchema) }), ...errorResponses } },
    handler: async (request) => ({ incidents: await cases.listIncidents(request.actor) }),
  });

  app.post('/api/cases/incidents', {
    schema: { tags, summary: 'Record an incident (editor): exact, partial or ranged date, place, registry events', body: s.incidentBody, response: { 201: s.incidentDetailSchema, ...errorResponses } },
    handler: async (request, reply) => reply.status(201).send(await cases.createIncident(request.actor, request.body)),
  });

  app.get('/api/cases/incidents/:id', {
    schema: { tags, summary: 'An incident, its acts, and every allegation about it side by side, each with its proponent and sources', params: s.idParams, response: { 200: s.incidentDetailSchema, ...errorResponses } },
    handler: async (request) => cases.getIncident(request.actor, request.params.id),
  });

  app.post('/api/cases/incidents/:id/acts', {
    schema: { tags, summary: 'Add an act to an incident (editor): who did what to whom, with the reported involvement, from a source', params: s.idParams, body: s.actBody, response: { 201: z.object({ act: s.actSchema }), ...errorResponses } },
    handler: async (request, reply) => reply.status(201).send({ act: await cases.addAct(request.actor, request.params.id, request.body) }),
  });

  app.post('/api/cases/incidents/:id/corrections', {
    schema: {
      tags,
      summary: 'Correct an incident (editor; reason required): a ledger event keeps each changed field before and after; checked as an import is',
      params: s.idParams,
      body: s.incidentCorrectionBody,
      response: { 200: s.incidentDetailSchema, ...errorResponses },
    },
    handler: async (request) => {
      await corrections.correctIncident(request.actor, request.params.id, request.body.changes, request.body.reason, request.body.sourceId ?? null);
      return cases.getIncident(request.actor, request.params.id);
    },
  });

  app.post('/api/cases/acts/:id/corrections', {
    schema: {
      tags,
      summary: 'Correct an act (editor; reason required): a ledger event keeps each changed field before and after; its incident stays',
      params: s.idParams,
      body: s.actCorrectionBody,
      response: { 200: s.incidentDetailSchema, ...errorResponses },
    },
    handler: async (request) => cases.getIncident(request.actor, await corrections.correctAct(request.actor, request.params.id, request.body.changes, request.body.reason, request.body.sourceId ?? null)),
  });

  for (const kind of ['incident', 'act'] as const) {
    for (const restore of [false, true]) {
      app.post(`/api/cases/${kind}s/:id/${restore ? 'restore' : 'withdraw'}`, {
        schema: {
          tags,
          summary: restore
            ? `Restore a withdrawn ${kind} (editor; reason required): a new ledger event; the history of withdrawals stays`
            : kind === 'act'
              ? 'Withdraw an act (editor; reason required): a new ledger event; the record stays as recorded, marked withdrawn'
              : 'Withdraw an incident (editor; reason required) and its acts that stand: ledger events; the records stay as recorded, marked withdrawn',
          params: s.idParams,
          body: s.withdrawBody,
          response: { 200: s.incidentDetailSchema, ...errorResponses },
        },
        handler: async (request) => cases.getIncident(request.actor, (await withdrawals.change(request.actor, kind, request.params.id, request.body.reason, restore)).incidentId),
      });
    }
  }

  app.post('/api/cases/allegations', {
    schema: {
      tags,
      summary: 'Record an allegation (editor): a proponent characterises an incident (a crime, a lawful act of war, not attributable…), with sources',
      body: s.allegationBody,
      response: { 201: s.allegationDetailSchema, ...errorResponses },
    },
    handler: async (request, reply) => reply.status(201).send(await cases.createAllegation(request.actor, request.body)),
  });

  app.post('/api/cases/allegations/:id/corrections', {
    schema: {
      tags,
      summary: 'Correct an allegation (editor; reason required): a ledger event keeps each changed field before and after; its incident and verification stay, elements with evidence cannot be dropped',
      params: s.idParams,
      body: s.allegationCorrectionBody,
      response: { 200: s.allegationDetailSchema, ...errorResponses },
    },
    handler: async (request) => {
      await corrections.correctAllegation(request.actor, request.params.id, request.body.changes, request.body.reason, request.body.sourceId ?? null);
      return cases.getAllegation(request.actor, request.params.id);
    },
  });

  app.get('/api/cases/allegations/:id', {
    schema: { tags, summary: 'An allegation with the elements it relies on and the competing allegations about the same incident', params: s.idParams, response: { 200: s.allegationDetailSchema, ...errorResponses } },
    handler: async (request) => cases.getAllegation(request.actor, request.params.id),
  });

  app.put('/api/cases/allegations/:id/verification', {
    schema: { tags, summary: 'Change how far an allegation is verified (reviewer; note required, audited)', params: s.idParams, body: s.verificationBody, response: { 200: s.allegationDetailSchema, ...errorResponses } },
    handler: async (request) => cases.setAllegationVerification(request.actor, request.params.id, request.body.verification, request.body.note),
  });

  for (const restore of [false, true]) {
    app.post(`/api/cases/allegations/:id/${restore ? 'restore' : 'withdraw'}`, {
      schema: {
        tags,
        summary: restore
          ? 'Restore a withdrawn allegation (editor; reason required): a new ledger event; the history of withdrawals stays'
          : 'Withdraw an allegation (editor; reason required): a new ledger event, the allegation stays as recorded, marked withdrawn',
        params: s.idParams,
        body: s.withdrawBody,
        response: { 200: s.allegationDetailSchema, ...errorResponses },
      },
      handler: async (request) => {
        await withdrawals.change(request.actor, 'allegation', request.params.id, request.body.reason, restore);
        return cases.getAllegation(request.actor, request.params.id);
      },
    });
  }

  importRoute(app, '/api/cases/import', 'Import incidents.csv, acts.csv, allegations.csv or cases.json (editor); all or nothing', (actor, files, options) =>
    cases.importCases(actor, files, options),
  );

  app.get('/api/cases/export', {
    schema: { tags, summary: 'Export incidents, acts and allegations as the import files, CSV or JSON', querystring: s.formatQuery, response: { 200: s.exportSchema, ...errorResponses } },
    handler: async (request) => ({ format: request.query.format, files: await cases.exportCases(request.actor, request.query.format) }),
  });

  await evidenceRoutes(app, ctx, cases);
  await commandRoutes(app, ctx, cases);
  await pickRoutes(app, ctx);
}
