import { z } from 'zod';
import { IMPORT_BODY_LIMIT, importBody, importResponse } from '../casualties/schemas.ts';
import { IDENTIFICATION_STAGES, MISSING_COLUMNS, MISSING_STATUSES, PLACE_KINDS } from '../../core/missing/statuses.ts';

export { IMPORT_BODY_LIMIT };
export const idParams = z.object({ id: z.uuid() });
const text = (max: number) => z.string().max(max);
const partialDate = z.string().max(10).nullable().optional();
const column = z.string().min(1).max(300);

export const statusEnum = z.enum(MISSING_STATUSES);
export const stageEnum = z.enum(IDENTIFICATION_STAGES);
export const placeKindEnum = z.enum(PLACE_KINDS);

export const listQuery = z.object({
  status: statusEnum.optional(),
  sourceId: z.uuid().optional(),
  q: text(200).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
});

const claim = z.object({ id: z.string(), status: statusEnum, date: z.string().nullable(), reportedBy: z.string(), note: z.string(), placeId: z.string().nullable(), placeName: z.string().nullable() });
const person = z.object({ id: z.string(), sourceId: z.string(), source: z.string(), sourceRecordId: z.string(), names: z.array(z.string()), sex: z.string().nullable(), birthDate: z.string().nullable(), place: z.string().nullable() });
const position = z.object({ latitude: z.number(), longitude: z.number() }).nullable();

export const listResponse = z.object({ total: z.number().int(), page: z.number().int(), pageSize: z.number().int(), persons: z.array(person.extend({ statuses: z.array(claim) })) });

export const personResponse = z.object({
  person: person.extend({ deathDate: z.string().nullable(), current: z.boolean() }),
  statuses: z.array(claim),
  lastSeen: z.array(z.object({ id: z.string(), seenOn: z.string().nullable(), place: z.string().nullable(), placeId: z.string().nullable(), placeName: z.string().nullable(), position, reportedBy: z.string(), note: z.string() })),
  identification: z.object({
    stage: stageEnum.nullable(),
    holds: z.object({ anteMortem: z.boolean(), samples: z.boolean(), contact: z.boolean() }),
    /** The sealed values, only for roles that may see protected identities; null otherwise. */
    sealed: z.object({ anteMortem: z.string().nullable(), samples: z.string().nullable(), contact: z.string().nullable() }).nullable(),
  }),
});

export const statusBody = z
  .object({ status: statusEnum, date: partialDate, reportedBy: text(300).min(1), note: text(2000).optional(), placeId: z.uuid().nullable().optional() })
  .strict();

export const lastSeenBody = z
  .object({ seenOn: partialDate, place: text(300).nullable().optional(), placeId: z.uuid().nullable().optional(), reportedBy: text(300).min(1), note: text(2000).optional() })
  .strict();

export const identificationBody = z
  .object({ stage: stageEnum, anteMortem: text(20_000).nullable().optional(), samples: text(5_000).nullable().optional(), contact: text(2_000).nullable().optional() })
  .strict();

export const placeBody = z
  .object({ kind: placeKindEnum, name: text(300).min(1), latitude: z.number().min(-90).max(90).nullable().optional(), longitude: z.number().min(-180).max(180).nullable().optional(), description: text(5_000).optional() })
  .strict();

export const placesResponse = z.object({ places: z.array(z.object({ id: z.string(), kind: placeKindEnum, name: z.string(), position, description: z.string() })) });
export const createdResponse = z.object({ id: z.string() });

export const missingImportBody = importBody.safeExtend({
  /** Headers of the missing persons' columns when they are not found by their names in en, az, ru or hy. */
  columns: z.object(Object.fromEntries(MISSING_COLUMNS.map((c) => [c, column.optional()])) as Record<(typeof MISSING_COLUMNS)[number], z.ZodOptional<typeof column>>).strict().optional(),
});

export const missingImportResponse = importResponse.extend({
  statuses: z.number().int(),
  sightings: z.number().int(),
  columns: z.record(z.string(), z.string()),
});
