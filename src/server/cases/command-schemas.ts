import { z } from 'zod';
import { commandEntityKinds, commandRelationKinds } from '../../core/cases/command-types.ts';
import { registrySourceRef } from './schemas.ts';

const recordId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/, 'a record id');
const partialDate = z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'a date YYYY, YYYY-MM or YYYY-MM-DD');

export const entitySchema = z.object({
  id: z.string(),
  kind: z.enum(commandEntityKinds),
  name: z.string(),
  actorId: z.string().nullable(),
  description: z.string().nullable(),
});


export const relationSchema = z.object({
  id: z.string(),
  kind: z.enum(commandRelationKinds),
  from: z.string(),
  to: z.string().describe('An entity id, or for area-of-operation the place'),
  start: z.string().nullable(),
  end: z.string().nullable(),
  notes: z.string().nullable(),
  certainty: z.enum(['certain', 'possible']).nullable().describe('On the date asked: certain when its known dates cover it, possible when only its vague or open dates may'),
  sources: z.array(registrySourceRef),
});

export const commandListSchema = z.object({ entities: z.array(entitySchema), relations: z.array(relationSchema) });

/** A new entity or relation; the service runs the import's checks on it (unknown ids, cycles, end before start). */
export const entityBody = z
  .object({ id: recordId, kind: z.enum(commandEntityKinds), name: z.string().min(1).max(1000), actorId: recordId.optional(), description: z.string().max(10_000).optional() })
  .strict();
export const relationBody = z
  .object({
    id: recordId,
    kind: z.enum(commandRelationKinds),
    from: recordId,
    to: z.string().min(1).max(200),
    start: partialDate.optional(),
    end: partialDate.optional(),
    sources: z.array(recordId).min(1).max(100),
    notes: z.string().max(10_000).optional(),
  })
  .strict();

export const chartQuery = z.object({ date: partialDate, to: partialDate.optional(), focus: recordId.optional() });

export const chartSchema = z.object({
  window: z.object({ first: z.string(), last: z.string() }),
  entities: z.array(entitySchema),
  roots: z.array(z.string()),
  edges: z.array(relationSchema),
});

export const incidentUnitsSchema = z.object({
  incidentId: z.string(),
  place: z.string().nullable(),
  start: z.string().nullable(),
  end: z.string().nullable(),
  reason: z.enum(['no_place', 'no_date']).nullable().describe('Why no units can be looked up'),
  units: z.array(
    z.object({
      unit: entitySchema,
      areas: z.array(relationSchema),
      chain: z.array(z.object({ unit: entitySchema, via: relationSchema.nullable(), commanders: z.array(z.object({ person: entitySchema, relation: relationSchema })) })),
    }),
  ),
});
