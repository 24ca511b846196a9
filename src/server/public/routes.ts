import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.ts';
import { errorResponses, type App } from '../http/types.ts';
import { DomainError } from '../errors.ts';
import { toCsv } from '../portal/csv.ts';
import { esc, PORTAL_CSS, type PageContext } from '../portal/html.ts';
import { pickLanguage, portalT } from '../portal/i18n.ts';
import * as pages from './pages.ts';
import { OPEN_LISTS } from './pages.ts';
import { PortalReceipts } from '../receipts/portal.ts';

const tags = ['public'];
const pageQuery = z.record(z.string(), z.string().max(500)).optional();

/**
 * The public portal and the open-data API. Pages are HTML rendered here (no script, so they read and archive without
 * JavaScript); `/api/public/*` is the same data as JSON or CSV. Everything is read-only and anonymous: a session
 * cookie or token changes nothing here, so a signed-in editor previews exactly what the public gets.
 */
export async function publicRoutes(app: App, ctx: AppContext): Promise<void> {
  const portal = ctx.portal;
  const org = ctx.config.organisationName;
  const base = ctx.config.publicUrl?.replace(/\/$/, '') ?? '';
  const licence = ctx.config.publicDataLicence;
  const rateLimit = { max: ctx.config.publicApiPerMinute, timeWindow: 60_000 };
  const citation = (list: string) =>
    `${org}, public record: ${list} (${base}/api/public/${list}), retrieved ${new Date().toISOString().slice(0, 10)}, licence ${licence}`;

  const contextOf = (request: FastifyRequest): PageContext => {
    const query = (request.query ?? {}) as Record<string, string>;
    const lang = pickLanguage(query.lang, request.headers['accept-language']);
    return { t: portalT(lang), lang, org, base };
  };

  const send = async (request: FastifyRequest, reply: FastifyReply, render: (c: PageContext) => Promise<string> | string) => {
    const c = contextOf(request);
    try {
      const body = await render(c);
      return reply.type('text/html; charset=utf-8').header('cache-control', 'public, max-age=60').header('vary', 'accept-language').send(body);
    } catch (error) {
      if (error instanceof DomainError && (error.kind === 'not_found' || error.kind === 'invalid')) {
        return reply
          .status(error.kind === 'not_found' ? 404 : 400)
          .type('text/html; charset=utf-8')
          .send(
            `<!doctype html><html lang="${esc(c.lang)}"><head><meta charset="utf-8"><title>${esc(c.t('notFound'))}</title><link rel="stylesheet" href="/public/portal.css"></head><body><main><h1>${esc(c.t('notFound'))}</h1><p><a href="/public?lang=${esc(c.lang)}">${esc(c.t('title'))}</a></p></main></body></html>`,
          );
      }
      throw error;
    }
  };
  const hidden = { hide: true, querystring: pageQuery };
  const htmlRoute = { schema: hidden, config: { rateLimit } };

  app.get('/public/portal.css', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(PORTAL_CSS),
  );

  app.get('/public/archive', htmlRoute, async (request, reply) =>
    send(request, reply, (c) => pages.archivePage(c, portal, request.query as Record<string, string>)),
  );
  app.get('/public/archive/:id', { ...htmlRoute, schema: { ...hidden, params: z.object({ id: z.string().max(100) }) } }, async (request, reply) =>
    send(request, reply, (c) => pages.itemPage(c, portal, (request.params as { id: string }).id)),
  );
  const receipts = new PortalReceipts(ctx.db, () => portal.memorialTotal());
  app.get('/public/reports', htmlRoute, async (request, reply) => send(request, reply, (c) => pages.reportsPage(c, portal, receipts)));
  app.get('/public/estimates', htmlRoute, async (request, reply) => send(request, reply, (c) => pages.estimatesPage(c, portal, receipts)));
  app.get('/public/statistics', htmlRoute, async (request, reply) => send(request, reply, (c) => pages.statisticsPage(c, portal, receipts)));
  app.get('/public', htmlRoute, async (request, reply) => send(request, reply, (c) => pages.homePage(c, portal, receipts)));
  app.get('/public/memorial', htmlRoute, async (request, reply) =>
    send(request, reply, (c) => pages.memorialPage(c, portal, request.query as Record<string, string>, receipts)),
  );
  app.get('/public/memorial/:key', { ...htmlRoute, schema: { ...hidden, params: z.object({ key: z.string().max(100) }) } }, async (request, reply) =>
    send(request, reply, (c) => pages.personPage(c, portal, (request.params as { key: string }).key)),
  );
  app.get('/public/neutrality', htmlRoute, async (request, reply) => send(request, reply, (c) => pages.neutralityPage(c)));
  app.get('/public/data', htmlRoute, async (request, reply) => send(request, reply, (c) => pages.dataPage(c, licence, citation('…'), receipts)));

  app.get('/sitemap.xml', { schema: { hide: true }, config: { rateLimit } }, async (_request, reply) => {
    const root = base || '';
    const fixed = [
      '/public',
      '/public/archive',
      '/public/reports',
      '/public/estimates',
      '/public/statistics',
      '/public/memorial',
      '/public/data',
      '/public/neutrality',
      '/claims',
    ];
    const items = await portal.itemsForSitemap(45_000);
    // One sitemap file holds at most 50,000 addresses; an index of several files is not built yet.
    const persons = await portal.memorialKeys(Math.max(0, 50_000 - fixed.length - items.length));
    const urls = [
      ...fixed.map((p) => `${root}${p}`),
      ...items.map((i) => `${root}/public/archive/${i.id}`),
      ...persons.map((k) => `${root}/public/memorial/${k}`),
    ];
    const body = `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.map((u) => `<url><loc>${esc(u)}</loc></url>`).join('\n')}\n</urlset>\n`;
    return reply.type('application/xml; charset=utf-8').send(body);
  });

  // ---- open data ----
  // every published figure's row names its receipt (and, for an estimate, the capture table it was computed from)
  const receiptOf = (links: { receipt: string; inputs: Array<{ href: string }> }) => ({ receipt: links.receipt, receiptInput: links.inputs[0]?.href ?? null });
  // dga's row also carries its posterior median (the headline is dga's Bayes estimate), δ and prior: empty on other methods' rows
  const dgaColumns = (dga: { median: number | null; delta: number | null; prior: string | null } | null) => ({
    dgaMedian: dga?.median ?? null,
    dgaDelta: dga?.delta ?? null,
    dgaPrior: dga?.prior ?? null,
  });
  const format = z.object({
    format: z.enum(['json', 'csv']).default('json'),
    page: z.coerce.number().int().min(1).max(500).default(1),
    q: z.string().max(500).optional(),
  });
  const envelope = z.object({ licence: z.string(), citation: z.string(), generatedAt: z.string(), rows: z.array(z.record(z.string(), z.unknown())) });
  const columns: Record<(typeof OPEN_LISTS)[number], string[]> = {
    items: ['id', 'kind', 'title', 'description', 'languages', 'eventDate', 'place', 'country', 'publishedAt'],
    reports: ['id', 'topic', 'state', 'updatedAt', 'receipt'],
    estimates: [
      'id',
      'title',
      'observed',
      'lists',
      'method',
      'estimate',
      'lower',
      'upper',
      'warnings',
      'inputSha256',
      'publishedAt',
      'converged',
      'receipt',
      'receiptInput',
      'dgaMedian',
      'dgaDelta',
      'dgaPrior',
    ],
    statistics: ['runId', 'lists', 'breakdown', 'value', 'persons', 'minCell', 'receipt'],
    persons: ['key', 'listedBy', 'names', 'birthDate', 'deathDate', 'age', 'place', 'status'],
  };
  const rowsOf = async (list: (typeof OPEN_LISTS)[number], query: { page: number; q?: string }): Promise<Array<Record<string, unknown>>> => {
    switch (list) {
      case 'items':
        return (await portal.archive({ q: query.q, page: query.page })).items as unknown as Array<Record<string, unknown>>;
      case 'reports':
        return (await portal.reports()).map((r) => ({
          ...r,
          topic: r.topic.en ?? Object.values(r.topic)[0] ?? '',
          receipt: receipts.dialogueReport(r.id).receipt,
        }));
      case 'estimates':
        return (await portal.estimates()).flatMap((e) =>
          e.methods.map((m) => ({
            id: e.id,
            title: e.title,
            observed: e.observed,
            lists: e.lists,
            method: m.method,
            estimate: m.estimate,
            lower: m.lower,
            upper: m.upper,
            warnings: e.warnings,
            inputSha256: e.inputSha256,
            publishedAt: e.publishedAt,
            converged: e.converged,
            ...receiptOf(receipts.estimate(e.id)),
            ...dgaColumns(m.dga),
          })),
        );
      case 'statistics':
        return (await portal.statistics()).flatMap((s) =>
          (['bySex', 'byStatus', 'byAgeBand', 'byPlace'] as const).flatMap((b) =>
            s[b].map((r) => ({
              runId: s.runId,
              lists: s.sources.map((x) => x.name),
              breakdown: b,
              value: r.key,
              persons: r.persons,
              minCell: s.suppression.minCell,
              receipt: receipts.statisticsReceipt(s.runId),
            })),
          ),
        );
      case 'persons':
        return (await portal.memorial({ q: query.q, page: query.page })).persons.flatMap((p) =>
          p.listings.map((l) => ({
            key: p.key,
            listedBy: l.source,
            names: l.names,
            birthDate: l.birthDate,
            deathDate: l.deathDate,
            age: l.age,
            place: l.place,
            status: l.status,
          })),
        );
    }
  };
  for (const list of OPEN_LISTS) {
    app.get(`/api/public/${list}`, {
      schema: {
        tags,
        summary: `Published ${list} (anonymous, read-only, rate-limited); ?format=csv for CSV with licence and citation lines; 20 rows a page where paged`,
        querystring: format,
        response: { 200: z.union([envelope, z.string()]), ...errorResponses },
      },
      config: { rateLimit },
      handler: async (request, reply) => {
        const rows = await rowsOf(list, request.query);
        const meta = { licence, citation: citation(list) };
        reply.header('cache-control', 'public, max-age=60').header('access-control-allow-origin', '*');
        if (request.query.format === 'csv') {
          return reply
            .type('text/csv; charset=utf-8')
            .header('content-disposition', `attachment; filename="${list}.csv"`)
            .send(toCsv(columns[list], rows, meta));
        }
        return { ...meta, generatedAt: new Date().toISOString(), rows };
      },
    });
  }
}
