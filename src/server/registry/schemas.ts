import { z } from 'zod';
import {
  acknowledgmentGroups,
  acknowledgmentKinds,
  actorClassifications,
  actorTypes,
  claimKinds,
  figureQualifiers,
  recognitionLevels,
  recognitionTerms,
  sourceKinds,
  verificationLevels,
} from '../../core/registry/index.ts';
import { ID_PATTERN } from '../../core/registry/text.ts';

const partialDate = z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'a date YYYY, YYYY-MM or YYYY-MM-DD');
const recordId = z.string().regex(ID_PATTERN, 'a record id');

export const idParams = z.object({ id: recordId });

export const figureSchema = z.object({
  label: z.string().optional(),
  value: z.number().optional(),
  qualifier: z.enum(figureQualifiers).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  unit: z.string().optional(),
  get breakdown() {
    return z.object({ mode: z.enum(['complete', 'partial']), parts: z.array(figureSchema) }).optional();
  },
  // Named, so the OpenAPI document holds this recursive shape once as a component that the breakdown refers to.
}).meta({ id: 'Figure' });

export const sourceSchema = z.object({
  id: z.string(),
  publisher: z.string(),
  title: z.string(),
  date: z.string().nullable(),
  address: z.string().nullable(),
  kind: z.enum(sourceKinds),
  language: z.string().nullable(),
  archiveItemId: z.string().nullable().describe('Archive item id (text; no foreign key until the archive module links it)'),
});

export const actorSchema = z.object({
  id: z.string(),
  name: z.string(),
  type: z.enum(actorTypes),
  classification: z.enum(actorClassifications),
  country: z.string().nullable(),
  subdivision: z.string().nullable(),
  wikidata: z.string().nullable(),
  parentId: z.string().nullable().optional(),
  description: z.string().nullable(),
});

export const eventSchema = z.object({
  id: z.string(),
  name: z.string(),
  startDate: z.string().nullable(),
  endDate: z.string().nullable(),
  place: z.string().nullable(),
  description: z.string().nullable(),
});

const eventRef = z.object({ id: z.string(), name: z.string() }).nullable();

export const claimSchema = z.object({
  id: z.string(),
  kind: z.enum(claimKinds),
  actor: actorSchema,
  attributionNote: z.string().nullable(),
  attribution: z.string().describe('"according to <actor>, <source>": how the interface must introduce this claim'),
  event: eventRef,
  statement: z.string(),
  language: z.string().nullable(),
  translations: z.array(z.object({ language: z.string(), text: z.string() })),
  valueText: z.string().nullable(),
  figures: z.array(figureSchema),
  date: z.string().nullable(),
  sources: z.array(sourceSchema),
  verification: z.enum(verificationLevels),
  contests: z.array(z.string()),
  contestedBy: z.array(z.string()),
  notes: z.string().nullable(),
  published: z.boolean(),
});

const acknowledgmentGroupNames = Object.keys(acknowledgmentGroups) as [keyof typeof acknowledgmentGroups, ...(keyof typeof acknowledgmentGroups)[]];

export const actSchema = z.object({
  id: z.string(),
  kind: z.enum(acknowledgmentKinds).describe("What the act's source reports it to be; the source's characterisation, not Reckon's"),
  group: z.enum(acknowledgmentGroupNames),
  body: actorSchema.describe('The state or non-state actor whose act it is'),
  court: actorSchema.nullable().describe('For prosecution steps: the court'),
  roles: z.array(z.object({ actor: actorSchema, role: z.string() })).describe("For prosecution steps: persons' roles as the source words them"),
  country: z.string().nullable(),
  event: eventRef,
  jurisdiction: z.string().nullable(),
  level: z.enum(recognitionLevels),
  date: z.string().nullable(),
  term: z.string().nullable(),
  terms: z.array(z.enum(recognitionTerms)),
  instrument: z.string().nullable(),
  document: sourceSchema.nullable(),
  sources: z.array(sourceSchema),
  verification: z.enum(verificationLevels),
  notes: z.string().nullable(),
  published: z.boolean(),
  attribution: z.string(),
});

/** How the API shows a claim and a recognition act; the server's types are inferred from these schemas. */
export type ClaimView = z.infer<typeof claimSchema>;
export type ActView = z.infer<typeof actSchema>;

const historySchema = z.array(z.object({ at: z.string(), by: z.string().nullable(), from: z.string(), to: z.string(), note: z.string() }));

export const pairSchema = z.object({ claim: claimSchema, contested: claimSchema });

export const overviewSchema = z.object({
  counts: z.object({
    sources: z.number(),
    actors: z.number(),
    events: z.number(),
    claims: z.number(),
    recognitionActs: z.number(),
    contested: z.number(),
  }),
  events: z.array(eventSchema),
  demo: z.object({ available: z.boolean(), loaded: z.boolean(), canLoad: z.boolean() }),
});

export const claimDetailSchema = z.object({
  claim: claimSchema,
  contests: z.array(claimSchema),
  contestedBy: z.array(claimSchema),
  history: historySchema,
});

export const actDetailSchema = z.object({ act: actSchema, history: historySchema });

export const eventDetailSchema = z.object({
  event: eventSchema,
  casualtyFigures: z.array(claimSchema),
  claims: z.array(claimSchema),
  recognitionActs: z.array(actSchema),
  contested: z.array(pairSchema),
});

export const claimQuery = z.object({
  actor: recordId.optional(),
  kind: z.enum(claimKinds).optional(),
  verification: z.enum(verificationLevels).optional(),
  event: recordId.optional(),
  from: partialDate.optional(),
  to: partialDate.optional(),
  q: z.string().max(200).optional(),
});

export const actQuery = z.object({
  kind: z.enum(acknowledgmentKinds).optional(),
  group: z.enum(acknowledgmentGroupNames).optional(),
  country: z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 code').optional().describe('Acts by a body of this country or in its jurisdiction, about any event'),
  body: recordId.optional(),
  term: z.enum(recognitionTerms).optional(),
  level: z.enum(recognitionLevels).optional(),
  verification: z.enum(verificationLevels).optional(),
  jurisdiction: z.string().regex(/^[A-Z]{2}(-[A-Z0-9]{1,3})?$/).optional(),
  event: recordId.optional(),
  from: partialDate.optional(),
  to: partialDate.optional(),
});

export const verificationBody = z
  .object({ verification: z.enum(verificationLevels), note: z.string().min(1).max(2000) })
  .strict();

export const publishedBody = z.object({ published: z.boolean() }).strict();

/** Files by name; at most the six files of the format (or registry.json) and a few strays, which are reported. */
export const importBody = z
  .object({
    files: z
      .record(z.string().regex(/^[A-Za-z0-9._-]{1,100}$/, 'a plain file name'), z.string())
      .refine((files) => Object.keys(files).length <= 10, 'at most 10 files'),
    label: z.string().max(200).optional(),
    dryRun: z.boolean().optional(),
  })
  .strict();

export const problemSchema = z.object({
  severity: z.enum(['error', 'warning']),
  code: z.string(),
  file: z.string(),
  line: z.number().optional(),
  field: z.string().optional(),
  message: z.string(),
});

export const importResultSchema = z.object({
  importId: z.string(),
  label: z.string(),
  sha256: z.string(),
  counts: z.record(z.string(), z.number()),
  warnings: z.array(problemSchema),
  dryRun: z.boolean(),
});

export const exportQuery = z.object({ format: z.enum(['csv', 'json']).default('json') });
export const exportSchema = z.object({ format: z.enum(['csv', 'json']), files: z.record(z.string(), z.string()) });

export const demoSchema = z.object({ status: z.enum(['loaded', 'already_loaded']), counts: z.record(z.string(), z.number()) });

/*
 * Records written in a form, in the shape of a registry.json record. The types are checked here; every rule of the
 * import (patterns, lengths, dates, countries, references, figures) is checked by the same code as an import's
 * (core/registry/record.ts), so a form and a file are held to one standard and a refusal lists problems by field.
 */
const text = z.string().max(20_000);
const optionalText = text.nullable().optional();
const idList = z.array(z.string().max(100)).max(200);

export const sourceInput = z
  .object({
    id: z.string().max(100).optional(),
    publisher: text,
    title: text,
    date: optionalText,
    address: optionalText,
    kind: z.string().max(100),
    language: optionalText,
    archiveItemId: optionalText,
  })
  .strict();

export const actorInput = z
  .object({
    id: z.string().max(100).optional(),
    name: text,
    type: z.string().max(100),
    classification: z.string().max(100),
    country: optionalText,
    subdivision: optionalText,
    wikidata: optionalText,
    parentId: optionalText,
    description: optionalText,
  })
  .strict();

export const eventInput = z
  .object({
    id: z.string().max(100).optional(),
    name: text,
    startDate: optionalText,
    endDate: optionalText,
    place: optionalText,
    description: optionalText,
  })
  .strict();

export const claimInput = z
  .object({
    id: z.string().max(100).optional(),
    kind: z.string().max(100),
    assertedBy: z.string().max(100),
    attributionNote: optionalText,
    eventId: optionalText,
    statement: text,
    language: optionalText,
    translations: z.array(z.object({ language: z.string().max(100), text }).strict()).max(50).optional(),
    valueText: optionalText,
    figures: z.array(figureSchema).max(100).optional(),
    date: optionalText,
    sources: idList,
    verification: z.string().max(100),
    contests: idList.optional(),
    notes: optionalText,
    published: z.boolean().optional(),
  })
  .strict();

export const actInput = z
  .object({
    id: z.string().max(100).optional(),
    kind: z.string().max(100).optional(),
    bodyId: z.string().max(100),
    eventId: optionalText,
    jurisdiction: optionalText,
    level: z.string().max(100),
    date: optionalText,
    term: optionalText,
    terms: z.array(z.string().max(100)).max(20).optional(),
    instrument: optionalText,
    documentSourceId: optionalText,
    courtId: optionalText,
    roles: z.array(z.object({ actorId: z.string().max(100), role: text }).strict()).max(100).optional(),
    sources: idList,
    verification: z.string().max(100),
    notes: optionalText,
    published: z.boolean().optional(),
  })
  .strict();

/** An edit keeps the id (from the path), and a claim's or act's verification and publication (own requests, with a note). */
export const sourceEdit = sourceInput.omit({ id: true });
export const actorEdit = actorInput.omit({ id: true });
export const eventEdit = eventInput.omit({ id: true });
export const claimEdit = claimInput.omit({ id: true, verification: true, published: true });
export const actEdit = actInput.omit({ id: true, verification: true, published: true });

export const recordClaimSchema = z.object({
  id: z.string(),
  kind: z.enum(claimKinds),
  assertedBy: z.string(),
  attributionNote: z.string().nullable(),
  eventId: z.string().nullable(),
  statement: z.string(),
  language: z.string().nullable(),
  translations: z.array(z.object({ language: z.string(), text: z.string() })),
  valueText: z.string().nullable(),
  figures: z.array(figureSchema),
  date: z.string().nullable(),
  sources: z.array(z.string()),
  verification: z.enum(verificationLevels),
  contests: z.array(z.string()),
  notes: z.string().nullable(),
  published: z.boolean(),
});

export const recordActSchema = z.object({
  id: z.string(),
  kind: z.enum(acknowledgmentKinds),
  bodyId: z.string(),
  eventId: z.string().nullable(),
  jurisdiction: z.string().nullable(),
  level: z.enum(recognitionLevels),
  date: z.string().nullable(),
  term: z.string().nullable(),
  terms: z.array(z.enum(recognitionTerms)),
  instrument: z.string().nullable(),
  documentSourceId: z.string().nullable(),
  courtId: z.string().nullable(),
  roles: z.array(z.object({ actorId: z.string(), role: z.string() })),
  sources: z.array(z.string()),
  verification: z.enum(verificationLevels),
  notes: z.string().nullable(),
  published: z.boolean(),
});

export const recordActorSchema = actorSchema.extend({ parentId: z.string().nullable() });

const versionsSchema = z.array(z.object({ at: z.string(), by: z.string().nullable(), action: z.string(), changed: z.array(z.string()) }));

/** What a save answers: the record as stored, and what an import would also report without refusing. */
export const savedRecord = <T extends z.ZodType>(record: T) => z.object({ record, warnings: z.array(problemSchema) });
export const recordWithVersions = <T extends z.ZodType>(record: T) => z.object({ record, versions: versionsSchema });
