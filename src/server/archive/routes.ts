import fastifyMultipart from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { DomainError, invalid } from '../errors.ts';
import { errorResponses, errorSchema, type App } from '../http/types.ts';
import { kindOfMime } from '../extraction/sniff.ts';
import * as s from './schemas.ts';
import { searchItems } from './search.ts';
import type { ItemKind } from './tables.ts';
import { exportItemsCsv, importItemsCsv } from './csv.ts';
import { runBulk } from './bulk.ts';

const withLarge = { ...errorResponses, 413: errorSchema, 503: errorSchema };

/** Maps a sniffed MIME type to the item kind it most likely is. */
export function itemKindOfMime(mime: string | null): ItemKind {
  if (!mime) return 'other';
  if (
    /^(text\/csv|text\/tab-separated-values|application\/json|application\/vnd\.ms-excel|application\/vnd\.openxmlformats-officedocument\.spreadsheetml)/.test(
      mime,
    )
  )
    return 'dataset';
  const kind = kindOfMime(mime);
  if (kind === 'image' || kind === 'video' || kind === 'audio') return kind;
  return kind === 'pdf' || kind === 'docx' || kind === 'text' || kind === 'html' ? 'document' : 'other';
}

/** Types a browser may render inline from our origin without running code (no HTML, no SVG, no XML). */
const INLINE_SAFE = /^(image\/(png|jpeg|gif|webp|avif|bmp|tiff)|video\/[a-z0-9.+-]+|audio\/[a-z0-9.+-]+|application\/pdf|text\/plain)$/;

function parseRange(header: string | undefined, size: number): { start: number; end: number } | null | 'unsatisfiable' {
  if (!header) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return null; // Multi-range or malformed: serve the whole file (RFC 9110 allows ignoring Range).
  if (size === 0) return 'unsatisfiable';
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}

export async function archiveRoutes(app: App, ctx: AppContext): Promise<void> {
  const { items, testimonies, redaction } = ctx.archive;

  app.get('/api/archive/items', {
    schema: {
      tags: ['archive'],
      summary: 'Search the archive (full text, names across scripts, facets); shows only what the caller may see',
      querystring: s.searchQuerySchema,
      response: { 200: s.searchResultSchema, ...errorResponses },
    },
    handler: async (request) => searchItems(ctx.db, request.actor, request.query),
  });

  app.post('/api/archive/items', {
    schema: {
      tags: ['archive'],
      summary: 'Describe a new item (editor)',
      body: s.itemInputSchema,
      response: { 201: z.object({ item: s.itemSchema }), ...errorResponses },
    },
    handler: async (request, reply) => reply.status(201).send({ item: await items.createItem(request.actor, request.body) }),
  });

  app.get('/api/archive/items/:id', {
    schema: {
      tags: ['archive'],
      summary: 'An item with its files, tags and extraction states (views of restricted material are audited)',
      params: s.idParams,
      response: { 200: s.itemDetailSchema, ...errorResponses },
    },
    handler: async (request) => items.getItem(request.actor, request.params.id),
  });

  app.patch('/api/archive/items/:id', {
    schema: {
      tags: ['archive'],
      summary: "Change an item's metadata (editor); old and new values are audited",
      params: s.idParams,
      body: s.itemPatchSchema,
      response: { 200: z.object({ item: s.itemSchema }), ...errorResponses },
    },
    handler: async (request) => ({ item: await items.updateItem(request.actor, request.params.id, request.body) }),
  });

  for (const [verb, state] of [
    ['publish', 'published'],
    ['unpublish', 'draft'],
  ] as const) {
    app.post(`/api/archive/items/:id/${verb}`, {
      schema: {
        tags: ['archive'],
        summary: `${verb === 'publish' ? 'Publish' : 'Unpublish'} an item (editor, reviewer)`,
        params: s.idParams,
        response: { 200: z.object({ item: s.itemSchema }), ...errorResponses },
      },
      handler: async (request) => ({ item: await items.setState(request.actor, request.params.id, state) }),
    });
  }

  app.post('/api/archive/items/bulk', {
    schema: {
      tags: ['archive'],
      summary:
        'Publish, unpublish or tag the selected items (publish: editor, reviewer; tag: editor): all or none, one audit event per item changed; an error names the item that failed',
      body: s.bulkBodySchema,
      response: { 200: s.bulkResultSchema, ...errorResponses },
    },
    handler: async (request) => runBulk(items, request.actor, request.body),
  });

  app.get('/api/archive/items/:id/custody', {
    schema: {
      tags: ['archive'],
      summary: 'The custody timeline: every audit event about the item and its blobs (editor, reviewer)',
      params: s.idParams,
      response: { 200: s.custodySchema, ...errorResponses },
    },
    handler: async (request) => ({ events: await items.custody(request.actor, request.params.id) }),
  });

  app.get('/api/archive/items/:id/files/:fileId/content', {
    schema: {
      tags: ['archive'],
      summary: "Download a file (Range supported); the type is the sniffed one, never the uploader's",
      params: s.fileParams,
      querystring: z.object({ inline: z.enum(['0', '1']).optional() }),
      response: { ...errorResponses, 416: errorSchema },
    },
    handler: async (request, reply) => {
      const { id, fileId } = request.params;
      const info = await items.fileInfo(request.actor, id, fileId);
      const range = parseRange(request.headers.range, info.size);
      if (range === 'unsatisfiable') {
        return reply
          .status(416)
          .header('content-range', `bytes */${info.size}`)
          .send({ error: { code: 'range_not_satisfiable', message: `The file has ${info.size} bytes` } });
      }
      // Shown inline only for types a browser renders without running code; only then is it recorded as a view.
      const inline = request.query.inline === '1' && INLINE_SAFE.test(info.mime ?? '');
      const download = await items.openFile(request.actor, id, fileId, range ?? undefined, { inline });
      void reply
        .header('content-type', download.mime)
        .header('content-disposition', inline ? download.contentDisposition.replace(/^attachment/, 'inline') : download.contentDisposition)
        .header('x-content-type-options', 'nosniff')
        .header('accept-ranges', 'bytes')
        .header('cache-control', 'private, no-store')
        // Even a same-origin file must not run code or be framed by others.
        .header('content-security-policy', "default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'; sandbox");
      if (range) {
        void reply
          .status(206)
          .header('content-range', `bytes ${range.start}-${range.end}/${download.size}`)
          .header('content-length', range.end - range.start + 1);
      } else {
        void reply.header('content-length', download.size);
      }
      return reply.send(download.stream as never);
    },
  });

  app.get('/api/archive/items/:id/files/:fileId/thumbnail', {
    schema: {
      tags: ['archive'],
      summary: 'The small picture derived from a file (WebP thumbnail or poster frame) for the result list, to those who may open the file; never the original',
      params: s.fileParams,
      response: errorResponses,
    },
    handler: async (request, reply) => {
      const picture = await items.openThumbnail(request.actor, request.params.id, request.params.fileId);
      void reply
        .header('content-type', 'image/webp')
        .header('content-length', picture.size)
        .header('x-content-type-options', 'nosniff')
        // A reader signed out on a shared computer must not leave restricted pictures in the browser's cache.
        .header('cache-control', 'private, no-store')
        .header('content-security-policy', "default-src 'none'; sandbox");
      return reply.send(picture.stream as never);
    },
  });

  app.post('/api/archive/items/:id/files/:fileId/redactions', {
    schema: {
      tags: ['archive'],
      summary: 'Make a redacted derivative of a file (editor); the original never changes',
      params: s.fileParams,
      body: s.redactionBody,
      response: { 201: s.uploadResultSchema, ...withLarge },
    },
    handler: async (request, reply) => {
      const result = await redaction.redactFile(request.actor, request.params.id, request.params.fileId, request.body);
      return reply.status(201).send({ item: result.item, file: result.file, duplicate: !result.blobCreated });
    },
  });

  // ---- vocabularies ----
  app.get('/api/archive/vocabularies', {
    schema: {
      tags: ['archive'],
      summary: 'Managed vocabularies and their terms',
      response: { 200: z.object({ vocabularies: z.array(s.vocabularySchema) }), ...errorResponses },
    },
    handler: async (request) => ({ vocabularies: await items.listVocabularies(request.actor) }),
  });
  app.post('/api/archive/vocabularies', {
    schema: {
      tags: ['archive'],
      summary: 'Create a vocabulary (editor, admin)',
      body: s.createVocabularyBody,
      response: { 201: z.object({ vocabulary: s.vocabularySchema }), ...errorResponses },
    },
    handler: async (request, reply) => reply.status(201).send({ vocabulary: await items.createVocabulary(request.actor, request.body.id, request.body.name) }),
  });
  app.post('/api/archive/vocabularies/:id/terms', {
    schema: {
      tags: ['archive'],
      summary: 'Add a term to a vocabulary (editor, admin)',
      params: s.vocabularyParams,
      body: s.addTermBody,
      response: { 201: z.object({ term: z.object({ id: z.string(), term: z.string() }) }), ...errorResponses },
    },
    handler: async (request, reply) => reply.status(201).send({ term: await items.addTerm(request.actor, request.params.id, request.body.term) }),
  });

  // ---- testimonies ----
  app.post('/api/archive/testimonies', {
    schema: {
      tags: ['archive'],
      summary: 'Record a testimony (editor); identity fields are encrypted at rest',
      body: s.testimonyInputSchema,
      response: { 201: z.object({ testimony: s.testimonySchema }), ...errorResponses },
    },
    handler: async (request, reply) => {
      const { item, ...rest } = request.body;
      return reply.status(201).send({ testimony: await testimonies.create(request.actor, item, rest) });
    },
  });
  app.get('/api/archive/testimonies/:id', {
    schema: {
      tags: ['archive'],
      summary: 'A testimony; protected identity only for admin, editor and reviewer (audited); identity=0 leaves it out (not decrypted, not audited)',
      params: s.idParams,
      querystring: z.object({ identity: z.enum(['0', '1']).optional() }),
      response: { 200: z.object({ testimony: s.testimonySchema }), ...errorResponses },
    },
    handler: async (request) => ({ testimony: await testimonies.get(request.actor, request.params.id, { identity: request.query.identity !== '0' }) }),
  });
  app.patch('/api/archive/testimonies/:id', {
    schema: {
      tags: ['archive'],
      summary: 'Change a testimony (editor)',
      params: s.idParams,
      body: s.testimonyPatchSchema,
      response: { 200: z.object({ testimony: s.testimonySchema }), ...errorResponses },
    },
    handler: async (request) => ({ testimony: await testimonies.update(request.actor, request.params.id, request.body) }),
  });
  app.post('/api/archive/testimonies/:id/consents', {
    schema: {
      tags: ['archive'],
      summary: 'Record consent for a scope (editor)',
      params: s.idParams,
      body: s.consentBody,
      response: { 200: z.object({ testimony: s.testimonySchema }), ...errorResponses },
    },
    handler: async (request) => ({ testimony: await testimonies.giveConsent(request.actor, request.params.id, request.body.scope, request.body.givenOn) }),
  });
  app.post('/api/archive/testimonies/:id/consents/withdraw', {
    schema: {
      tags: ['archive'],
      summary: 'Withdraw consent for a scope (editor): hides the testimony from every use it covered',
      params: s.idParams,
      body: s.withdrawBody,
      response: { 200: z.object({ testimony: s.testimonySchema }), ...errorResponses },
    },
    handler: async (request) => ({
      testimony: await testimonies.withdrawConsent(request.actor, request.params.id, request.body.scope, request.body.withdrawnOn),
    }),
  });
  app.put('/api/archive/testimonies/:id/texts/:language', {
    schema: {
      tags: ['archive'],
      summary: 'Save the transcript or a translation (editor)',
      params: s.textParams,
      body: s.textBody,
      response: { 200: z.object({ testimony: s.testimonySchema }), ...withLarge },
    },
    config: { rawBody: false },
    bodyLimit: 8 * 1024 * 1024,
    handler: async (request) => ({
      testimony: await testimonies.putText(request.actor, request.params.id, request.params.language, request.body.kind, request.body.text),
    }),
  });
  app.post('/api/archive/testimonies/:id/texts/:language/redactions', {
    schema: {
      tags: ['archive'],
      summary: 'Redact passages of a transcript into a derivative text file (editor)',
      params: s.textParams,
      body: z
        .object({
          ranges: z
            .array(z.object({ start: z.number().int().min(0), end: z.number().int().min(0) }).strict())
            .min(1)
            .max(10_000),
          confidentiality: z.enum(['public', 'restricted', 'confidential']).default('public'),
        })
        .strict(),
      response: { 201: s.uploadResultSchema, ...withLarge },
    },
    handler: async (request, reply) => {
      const result = await redaction.redactTranscript(
        request.actor,
        request.params.id,
        request.params.language,
        request.body.ranges,
        request.body.confidentiality,
      );
      return reply.status(201).send({ item: result.item, file: result.file, duplicate: !result.blobCreated });
    },
  });

  // ---- CSV ----
  app.get('/api/archive/export.csv', {
    schema: {
      tags: ['archive'],
      summary: 'Item metadata as CSV (what the caller may see; never protected identities); audited',
      response: { ...errorResponses },
    },
    handler: async (request, reply) => {
      const csv = await exportItemsCsv(ctx, request.actor);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="items.csv"')
        .send(csv as never);
    },
  });
  app.post('/api/archive/import', {
    schema: {
      tags: ['archive'],
      summary: 'Create or update items from CSV (editor); all or nothing, problems by line',
      body: s.csvImportBody,
      response: { 200: s.csvImportResultSchema, ...errorResponses },
    },
    bodyLimit: 24 * 1024 * 1024,
    handler: async (request) => importItemsCsv(ctx, request.actor, request.body.csv),
  });

  // ---- uploads (multipart only here) ----
  await app.register(async (scope) => {
    await scope.register(fastifyMultipart, {
      // One byte more than allowed reaches the blob store, whose own limit then refuses the file as a whole: busboy
      // alone would cut the file short silently and a truncated original would be stored.
      limits: { fileSize: ctx.config.uploadMaxBytes + 1, files: 1, fields: 20, fieldSize: 256 * 1024, parts: 21, headerPairs: 100 },
      throwFileSizeLimit: true,
      // Keep the name exactly as sent (directories included) as evidence metadata; the stored name is sanitised.
      preservePath: true,
    });

    const receive = async (request: FastifyRequest, reply: FastifyReply, itemId: string | null) => {
      if (!request.isMultipart()) throw invalid('multipart_required', 'Send the file as multipart/form-data');
      const fields: Record<string, string> = {};
      const controller = new AbortController();
      request.raw.on('close', () => {
        if (!request.raw.complete) controller.abort();
      });
      for await (const part of request.parts()) {
        if (part.type === 'field') {
          fields[part.fieldname] = String(part.value);
          continue;
        }
        const filename = part.filename || 'file';
        if (itemId) {
          const result = await items.addFile(request.actor, itemId, part.file, { filename, signal: controller.signal });
          return reply.status(201).send({ item: result.item, file: result.file, duplicate: !result.blobCreated });
        }
        let metadata: unknown = {};
        if (fields.metadata) {
          try {
            metadata = JSON.parse(fields.metadata);
          } catch {
            throw invalid('malformed_json', 'metadata: not valid JSON', { field: 'metadata' });
          }
        }
        const parsed = s.itemInputSchema
          .partial()
          .extend({ confidentiality: s.itemInputSchema.shape.confidentiality.default('restricted') })
          .strict()
          .safeParse(metadata);
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          throw invalid('invalid_request', `metadata.${issue.path.join('.') || '(root)'}: ${issue.message}`, { field: `metadata.${issue.path.join('.')}` });
        }
        const result = await items.ingest(request.actor, part.file, { filename, metadata: parsed.data, signal: controller.signal, kindOf: itemKindOfMime });
        return reply.status(201).send({ item: result.item, file: result.file, duplicate: !result.blobCreated });
      }
      throw invalid('file_required', 'The upload carries no file part', { field: 'file' });
    };

    scope.post('/api/archive/upload', {
      schema: {
        tags: ['archive'],
        summary: 'Upload one file as a new item (multipart: optional "metadata" JSON field first, then "file"); streams to the blob store',
        consumes: ['multipart/form-data'],
        response: { 201: s.uploadResultSchema, ...withLarge },
      },
      handler: async (request, reply) => receive(request, reply, null),
    });
    scope.post('/api/archive/items/:id/files', {
      schema: {
        tags: ['archive'],
        summary: 'Attach a file to an item (multipart, one "file" part)',
        consumes: ['multipart/form-data'],
        params: s.idParams,
        response: { 201: s.uploadResultSchema, ...withLarge },
      },
      handler: async (request, reply) => receive(request, reply, (request.params as { id: string }).id),
    });
  });
}

export { DomainError };
