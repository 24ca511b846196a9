import { z } from 'zod';
import { DIRECTIONS, RELIABILITY_GRADES } from '../../core/cases/matrix-compute.ts';

/** The ids of the cases module are text (the file's own); an archive item's and a file's are UUIDs. */
export const caseId = z.string().min(1).max(120).regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'letters, digits and . _ : - only');
const uuid = z.string().uuid();
const fraction = z.number().min(0).max(1);

export const pinpointSchema = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('page'), fileId: uuid, page: z.number().int().min(1).max(1_000_000), region: z.object({ x: fraction, y: fraction, w: fraction, h: fraction }).strict().optional() }).strict(),
    z.object({ type: z.literal('time'), fileId: uuid, start: z.number().min(0).max(864_000), end: z.number().min(0).max(864_000) }).strict(),
    z.object({ type: z.literal('region'), fileId: uuid, x: z.number().int().min(0).max(1_000_000), y: z.number().int().min(0).max(1_000_000), w: z.number().int().min(1).max(1_000_000), h: z.number().int().min(1).max(1_000_000) }).strict(),
    z.object({ type: z.literal('span'), language: z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/), start: z.number().int().min(0).max(100_000_000), end: z.number().int().min(1).max(100_000_000) }).strict(),
    z.object({ type: z.literal('item') }).strict(),
  ])
  .meta({ id: 'EvidencePinpoint' });

export const directionSchema = z.enum(DIRECTIONS);
export const reliabilitySchema = z.enum(RELIABILITY_GRADES);

export const linkBody = z
  .object({
    elementId: caseId,
    itemId: uuid,
    pinpoint: pinpointSchema,
    direction: directionSchema,
    reliability: reliabilitySchema,
    note: z.string().max(4000).default(''),
  })
  .strict();

export const linkChangeBody = z
  .object({
    /** The version the change was made on; a link changed by someone else meanwhile is refused (409). */
    version: z.number().int().min(1),
    pinpoint: pinpointSchema.optional(),
    direction: directionSchema.optional(),
    reliability: reliabilitySchema.optional(),
    note: z.string().max(4000).optional(),
  })
  .strict();

export const linkSchema = z.object({
  id: z.string(),
  allegationId: z.string(),
  elementId: z.string(),
  itemId: z.string(),
  itemTitle: z.string(),
  itemKind: z.string(),
  providedBy: z.string().nullable(),
  /** Null when the reader may see the item but not the file the pinpoint is in. */
  pinpoint: pinpointSchema.nullable(),
  pinpointLabel: z.string().nullable(),
  direction: directionSchema,
  reliability: reliabilitySchema,
  lowReliability: z.boolean(),
  note: z.string(),
  version: z.number(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type LinkView = z.infer<typeof linkSchema>;

const countSchema = z.object({ links: z.number(), sources: z.number(), reliableSources: z.number(), lowReliability: z.number() });

export const matrixSchema = z.object({
  allegation: z.object({ id: z.string(), incidentId: z.string(), characterisation: z.string(), statement: z.string(), proponent: z.string() }),
  rows: z.array(
    z.object({
      elementId: z.string(),
      code: z.string(),
      label: z.string(),
      kind: z.string(),
      supporting: countSchema,
      undermining: countSchema,
      gap: z.boolean(),
      onlyLowReliability: z.boolean(),
    }),
  ),
  totals: z.object({ links: z.number(), items: z.number(), sources: z.number(), gaps: z.number(), lowReliability: z.number() }),
  independence: z.string(),
});
export type MatrixView = z.infer<typeof matrixSchema>;

export const allegationParams = z.object({ id: caseId });
export const linkParams = z.object({ linkId: uuid });
export const linkListQuery = z.object({
  element: caseId.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
});
