import { z } from 'zod';
import { confidentialities, consentScopes, extractionStates, itemKinds, itemStates } from './tables.ts';

const text = (max: number) => z.string().max(max);

export const placeSchema = z.object({
  name: text(500).nullable().optional(),
  country: text(10).nullable().optional(),
  latitude: z.number().nullable().optional(),
  longitude: z.number().nullable().optional(),
});

export const itemInputSchema = z
  .object({
    kind: z.enum(itemKinds),
    title: text(1000).min(1),
    description: text(100_000).optional(),
    languages: z.array(text(20)).max(20).optional(),
    eventDate: text(40).nullable().optional(),
    place: placeSchema.optional(),
    providedBy: text(500).nullable().optional(),
    confidentiality: z.enum(confidentialities),
    tags: z.array(text(64)).max(200).optional(),
    related: z.array(text(64)).max(200).optional(),
  })
  .strict();

export const itemPatchSchema = itemInputSchema.partial().strict();

export const itemSchema = z.object({
  id: z.string(),
  kind: z.enum(itemKinds),
  title: z.string(),
  description: z.string(),
  languages: z.array(z.string()),
  eventDate: z.string().nullable(),
  eventStart: z.string().nullable(),
  eventEnd: z.string().nullable(),
  place: z.object({ name: z.string().nullable(), country: z.string().nullable(), latitude: z.number().nullable(), longitude: z.number().nullable() }),
  providedBy: z.string().nullable(),
  confidentiality: z.enum(confidentialities),
  state: z.enum(itemStates),
  consentScopes: z.array(z.enum(consentScopes)).nullable(),
  extractionState: z.enum(extractionStates),
  createdAt: z.string(),
  updatedAt: z.string(),
  publishedAt: z.string().nullable(),
});
export type ItemView = z.infer<typeof itemSchema>;

export const fileSchema = z.object({
  id: z.string(),
  sha256: z.string(),
  sha512: z.string(),
  size: z.number(),
  mime: z.string().nullable(),
  encrypted: z.boolean(),
  filename: z.string(),
  originalFilename: z.string(),
  role: z.enum(['original', 'derivative']),
  derivedFrom: z.string().nullable(),
  confidentiality: z.enum(confidentialities),
  redaction: z.record(z.string(), z.unknown()).nullable(),
  createdAt: z.string(),
});
export type FileView = z.infer<typeof fileSchema>;

export const extractionSchema = z.object({
  blobSha256: z.string(),
  extractor: z.string(),
  state: z.string(),
  error: z.string().nullable(),
  metadata: z.record(z.string(), z.unknown()).nullable(),
  derivedSha256: z.string().nullable(),
  hasText: z.boolean(),
  updatedAt: z.string(),
});

export const itemDetailSchema = itemSchema.extend({
  files: z.array(fileSchema),
  tags: z.array(z.object({ id: z.string(), vocabulary: z.string(), term: z.string() })),
  related: z.array(z.string()),
  extractions: z.array(extractionSchema),
});

export const uploadResultSchema = z.object({ item: itemSchema, file: fileSchema, duplicate: z.boolean() });

const list = <T extends string>(item: z.ZodType<T, string>) =>
  z
    .union([z.string(), z.array(z.string())])
    .transform((v) => (Array.isArray(v) ? v : v.split(',')).map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(item).max(50))
    .optional();

export const searchQuerySchema = z.object({
  q: text(500).optional(),
  kind: list(z.enum(itemKinds)),
  language: list(z.string().regex(/^[a-z]{2,3}$/)),
  country: list(z.string().regex(/^[A-Za-z]{2}$/)),
  tag: list(z.uuid()),
  confidentiality: list(z.enum(confidentialities)),
  extractionState: list(z.enum(extractionStates)),
  state: list(z.enum(itemStates)),
  dateFrom: text(10).optional(),
  dateTo: text(10).optional(),
  sort: z.enum(['relevance', 'event_date', 'added']).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
  offset: z.coerce.number().int().min(0).max(10_000).optional(),
});

const facet = z.array(z.object({ value: z.string(), count: z.number() }));
export const searchResultSchema = z.object({
  total: z.number(),
  totalExact: z.boolean(),
  facetsExact: z.boolean(),
  items: z.array(
    itemSchema.extend({
      rank: z.number().nullable(),
      /** A file whose thumbnail (`/files/:fileId/thumbnail`) the caller may see; null when there is none. */
      thumbnailFileId: z.uuid().nullable(),
      /** Words around the first match in text the caller may read, the searched words marked; null without one. */
      snippet: z.array(z.object({ text: z.string(), match: z.boolean() })).nullable(),
    }),
  ),
  facets: z.object({
    kind: facet,
    language: facet,
    country: facet,
    tag: z.array(z.object({ value: z.string(), vocabulary: z.string(), term: z.string(), count: z.number() })),
    confidentiality: facet,
    extractionState: facet,
    year: facet,
  }),
});

/** A bulk action over items selected in the list (src/server/archive/bulk.ts); at most BULK_MAX items, none twice. */
const bulkItemIds = z.array(z.uuid()).min(1).max(500);
export const bulkBodySchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('publish'), itemIds: bulkItemIds }).strict(),
  z.object({ action: z.literal('unpublish'), itemIds: bulkItemIds }).strict(),
  z.object({ action: z.literal('tag'), itemIds: bulkItemIds, termIds: z.array(z.uuid()).min(1).max(50) }).strict(),
]);
export const bulkResultSchema = z.object({
  action: z.enum(['publish', 'unpublish', 'tag']),
  changed: z.array(z.string()),
  unchanged: z.array(z.string()),
});

export const idParams = z.object({ id: z.uuid() });
export const fileParams = z.object({ id: z.uuid(), fileId: z.uuid() });

export const custodySchema = z.object({
  events: z.array(
    z.object({
      id: z.number(),
      at: z.string(),
      actorName: z.string(),
      action: z.string(),
      subjectType: z.string(),
      subjectId: z.string().nullable(),
      details: z.record(z.string(), z.unknown()),
    }),
  ),
});

export const vocabularySchema = z.object({ id: z.string(), name: z.string(), terms: z.array(z.object({ id: z.string(), term: z.string() })) });
export const createVocabularyBody = z.object({ id: text(63).min(1), name: text(200).min(1) }).strict();
export const addTermBody = z.object({ term: text(200).min(1) }).strict();
export const vocabularyParams = z.object({ id: text(63).min(1) });

export const identitySchema = z.object({ name: text(2000).optional(), contact: text(2000).optional(), location: text(2000).optional() }).strict();

export const testimonyInputSchema = z
  .object({
    item: itemInputSchema.omit({ kind: true }),
    pseudonym: text(200).min(1),
    identity: identitySchema.nullable().optional(),
    interviewer: text(200).nullable().optional(),
    interviewDate: text(10).nullable().optional(),
    interviewPlace: text(500).nullable().optional(),
    language: text(3).nullable().optional(),
    consents: z
      .array(z.object({ scope: z.enum(consentScopes), givenOn: text(10) }).strict())
      .max(3)
      .optional(),
  })
  .strict();

export const testimonyPatchSchema = testimonyInputSchema.omit({ item: true, consents: true }).partial().strict();

export const testimonySchema = z.object({
  itemId: z.string(),
  pseudonym: z.string(),
  interviewer: z.string().nullable(),
  interviewDate: z.string().nullable(),
  interviewPlace: z.string().nullable(),
  language: z.string().nullable(),
  consents: z.array(z.object({ scope: z.enum(consentScopes), givenOn: z.string(), withdrawnOn: z.string().nullable() })),
  /** Present only for roles allowed to read protected identities (admin, editor, reviewer); otherwise null. */
  identity: identitySchema.nullable(),
  hasIdentity: z.boolean(),
  texts: z.array(z.object({ language: z.string(), kind: z.enum(['transcript', 'translation']), text: z.string() })),
});
export type TestimonyView = z.infer<typeof testimonySchema>;

export const consentBody = z.object({ scope: z.enum(consentScopes), givenOn: text(10) }).strict();
export const withdrawBody = z.object({ scope: z.enum(consentScopes), withdrawnOn: text(10) }).strict();
export const textParams = z.object({ id: z.uuid(), language: z.string().regex(/^[a-z]{2,3}$/) });
export const textBody = z.object({ kind: z.enum(['transcript', 'translation']), text: text(2_000_000) }).strict();

export const redactionBody = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('image_regions'),
      regions: z
        .array(z.object({ x: z.number().int().min(0), y: z.number().int().min(0), w: z.number().int().min(1), h: z.number().int().min(1) }).strict())
        .min(1)
        .max(500),
      confidentiality: z.enum(confidentialities).default('public'),
    })
    .strict(),
  z
    .object({
      type: z.literal('pdf_pages'),
      pages: z.array(z.number().int().min(1)).min(1).max(10_000),
      confidentiality: z.enum(confidentialities).default('public'),
    })
    .strict(),
  z
    .object({
      type: z.literal('pdf_areas'),
      // Fractions of the page as displayed, origin top left; parts past the page are clipped, a box with nothing left
      // on its page is refused by the service with its number.
      areas: z
        .array(
          z
            .object({
              page: z.number().int().min(1),
              x: z.number().min(-10).max(10),
              y: z.number().min(-10).max(10),
              w: z.number().positive().max(10),
              h: z.number().positive().max(10),
            })
            .strict(),
        )
        .max(10_000)
        .default([]),
      texts: z.array(z.string().min(1).max(500)).max(100).default([]),
      confidentiality: z.enum(confidentialities).default('public'),
    })
    .strict(),
  z
    .object({
      type: z.literal('text_ranges'),
      language: z
        .string()
        .regex(/^[a-z]{2,3}$/)
        .optional(),
      ranges: z
        .array(z.object({ start: z.number().int().min(0), end: z.number().int().min(0) }).strict())
        .min(1)
        .max(10_000),
      confidentiality: z.enum(confidentialities).default('public'),
    })
    .strict(),
]);

export const csvImportBody = z.object({ csv: z.string().max(20 * 1024 * 1024) }).strict();
export const csvImportResultSchema = z.object({ created: z.number(), updated: z.number() });
