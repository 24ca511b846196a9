import fastifyMultipart from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { FieldCipher } from '../crypto/fields.ts';
import { MasterKey } from '../crypto/keys.ts';
import { masterKeyPath } from '../archive/index.ts';
import { DomainError, invalid } from '../errors.ts';
import { toHttpError } from '../http/errors.ts';
import { errorResponses, type App } from '../http/types.ts';
import { pickLanguage, portalT } from '../portal/i18n.ts';
import type { PageContext } from '../portal/html.ts';
import { formPage, isKind, thanksPage, type FormState } from './form-pages.ts';
import * as s from './schemas.ts';
import { MAX_PHOTO_BYTES, SubmissionsService } from './service.ts';
import { FormTokens } from './token.ts';

/** Form posts one address may make in ten minutes (counted in PostgreSQL, so across every process). */
export const SUBMISSIONS_PER_ADDRESS = 5;
/** Submissions from everyone together in an hour. */
export const SUBMISSIONS_PER_HOUR = 300;

export function submissionsService(ctx: AppContext): SubmissionsService {
  const master = MasterKey.loadOrCreate(masterKeyPath(ctx.config));
  return new SubmissionsService(
    {
      db: ctx.db,
      cipher: new FieldCipher(master),
      tokens: new FormTokens(master.derive('family submission form tokens v1')),
      items: ctx.archive.items,
      blobs: ctx.archive.blobs,
      publicPerson: (key) => ctx.portal.person(key),
    },
    { perHour: SUBMISSIONS_PER_HOUR, perAddress: SUBMISSIONS_PER_ADDRESS },
  );
}

/**
 * Families add and correct. `/public/submit` is the public form (server-rendered HTML, no script, works without
 * JavaScript; multipart so a photo can come along; a signed token instead of a session's CSRF token); `/api/
 * submissions` is the moderators' queue.
 */
export async function submissionRoutes(app: App, ctx: AppContext): Promise<void> {
  const portal = ctx.portal;
  const service = submissionsService(ctx);
  const tags = ['submissions'];
  const org = ctx.config.organisationName;
  const base = ctx.config.publicUrl?.replace(/\/$/, '') ?? '';

  // ---- moderation (signed-in moderators and editors) ----
  app.get('/api/submissions', {
    schema: { tags, summary: 'The families\' submissions, oldest pending first (moderators and editors); never with contact details', querystring: s.listQuery, response: { 200: z.object({ submissions: z.array(s.submissionSummarySchema), total: z.number() }), ...errorResponses } },
    handler: async (request) => service.list(request.actor, request.query),
  });
  app.get('/api/submissions/:id', {
    schema: { tags, summary: 'One submission with the submitter\'s contact details (moderators; every opening is audited)', params: s.idParams, response: { 200: z.object({ submission: s.submissionDetailSchema }), ...errorResponses } },
    handler: async (request) => ({ submission: await service.get(request.actor, request.params.id) }),
  });
  app.post('/api/submissions/:id/accept', {
    schema: { tags, summary: 'Accept: a NEW record of the families\' source ("submitted by a relative, <date>"); a photo becomes a confidential archive item', params: s.idParams, body: s.acceptBody, response: { 200: z.object({ submission: s.submissionSummarySchema }), ...errorResponses } },
    handler: async (request) => ({ submission: await service.accept(request.actor, request.params.id, request.body.note) }),
  });
  app.post('/api/submissions/:id/reject', {
    schema: { tags, summary: 'Reject with a reason (kept internal); a rejected photo is not kept', params: s.idParams, body: s.rejectBody, response: { 200: z.object({ submission: s.submissionSummarySchema }), ...errorResponses } },
    handler: async (request) => ({ submission: await service.reject(request.actor, request.params.id, request.body.reason) }),
  });

  // ---- the public form ----
  const contextOf = (request: FastifyRequest, lang?: unknown): PageContext => {
    const query = (request.query ?? {}) as Record<string, string>;
    const chosen = pickLanguage(lang ?? query.lang, request.headers['accept-language']);
    return { t: portalT(chosen), lang: chosen, org, base };
  };
  const personOf = async (key: string | undefined): Promise<FormState['person']> => {
    if (!key) return null;
    const person = await portal.person(key);
    return { key, names: person.names };
  };
  const html = (reply: FastifyReply, status: number, body: string) =>
    reply.status(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').header('vary', 'accept-language').send(body);

  app.get('/public/submit', {
    schema: { hide: true, querystring: z.object({ lang: z.string().max(20).optional(), person: z.string().max(100).optional(), kind: z.string().max(40).optional() }) },
    config: { rateLimit: { max: ctx.config.publicApiPerMinute, timeWindow: 60_000 } },
    handler: async (request, reply) => {
      const c = contextOf(request);
      const query = request.query;
      let person: FormState['person'] = null;
      try {
        person = await personOf(query.person);
      } catch (error) {
        if (!(error instanceof DomainError && error.kind === 'not_found')) throw error;
        return html(reply, 404, formPage(c, service.newForm(), { person: null, kind: 'missing_name', values: {}, error: { code: 'not_found', fields: [] } }));
      }
      const kind = person && isKind(query.kind) ? query.kind : person ? 'correction' : 'missing_name';
      return html(reply, 200, formPage(c, service.newForm(), { person, kind, values: {}, error: null }));
    },
  });

  await app.register(async (scope) => {
    await scope.register(fastifyMultipart, {
      // One byte over the photo limit is read so the service can refuse the photo as a whole (413), never cut it.
      limits: { fileSize: MAX_PHOTO_BYTES + 1, files: 1, fields: 20, fieldSize: 8 * 1024, parts: 21, headerPairs: 100 },
      throwFileSizeLimit: true,
    });
    scope.post('/public/submit', {
      schema: { hide: true, querystring: z.object({ lang: z.string().max(20).optional() }) },
      // No session here: the signed form token is this anonymous form's protection against cross-site posts. The
      // per-address limit is the service's (PostgreSQL-counted), so a refused browser gets the form page back.
      config: { csrfExempt: true },
      handler: async (request, reply) => {
        const fields: Record<string, string> = {};
        let photo: { bytes: Buffer; name: string } | null = null;
        const wantsHtml = (request.headers.accept ?? '').includes('text/html');
        try {
          // Counted before the body is read, and answered in the form's own page (a browser gets HTML, not JSON).
          await service.chargeAddress(request.ip);
          if (!request.isMultipart()) throw invalid('multipart_required', 'Send the form as multipart/form-data');
          for await (const part of request.parts()) {
            if (part.fieldname in fields || (part.type === 'file' && photo)) throw invalid('duplicate_field', `The field "${part.fieldname}" was sent twice`, { field: part.fieldname });
            if (part.type === 'field') {
              fields[part.fieldname] = String(part.value);
              continue;
            }
            if (part.fieldname !== 'photo') throw invalid('invalid_request', `Unknown file field "${part.fieldname}"`, { field: part.fieldname });
            const bytes = await part.toBuffer();
            // A browser sends an empty, nameless file part when no photo was chosen.
            if (bytes.length > 0 || part.filename) photo = { bytes, name: part.filename || 'photo' };
          }
          const parsed = s.submissionFormSchema.safeParse(fields);
          if (!parsed.success) {
            const names = [...new Set(parsed.error.issues.map((i) => (i.code === 'unrecognized_keys' ? i.keys.join(', ') : i.path.join('.'))))];
            throw invalid('invalid_request', parsed.error.issues.map((i) => `${i.path.join('.') || (i.code === 'unrecognized_keys' ? i.keys.join(', ') : '(form)')}: ${i.message}`).join('; '), { fields: names });
          }
          const created = await service.submit(parsed.data, photo);
          const c = contextOf(request, parsed.data.lang);
          if (!wantsHtml) return reply.status(201).send({ submission: { id: created.id, state: 'pending' } });
          return html(reply, 201, thanksPage(c, parsed.data.person ?? null));
        } catch (error) {
          const { status, body, unexpected } = toHttpError(error);
          if (unexpected) throw error;
          // Drain what is left of the body so the answer is not cut off mid-upload.
          request.raw.resume();
          if (!wantsHtml) return reply.status(status).send(body);
          const c = contextOf(request, fields.lang);
          let person: FormState['person'] = null;
          try {
            person = await personOf(typeof fields.person === 'string' && fields.person.length <= 100 ? fields.person : undefined);
          } catch {
            person = null;
          }
          const details = body.error.details as { fields?: string[]; field?: string } | undefined;
          const values = Object.fromEntries(Object.entries(fields).filter(([k]) => !['token', 'answer', 'lang', 'person', 'kind'].includes(k)).map(([k, value]) => [k, value.slice(0, 4000)]));
          const kind = isKind(fields.kind) ? fields.kind : person ? 'correction' : 'missing_name';
          return html(reply, status, formPage(c, service.newForm(), { person, kind, values, error: { code: body.error.code, fields: details?.fields ?? (details?.field ? [details.field] : []) } }));
        }
      },
    });
  });
}
