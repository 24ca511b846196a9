import { z } from 'zod';
import { problemSchema } from '../registry/schemas.ts';
import { actTypes, characterisations, crimeCategories, dateKinds, elementKinds, involvements } from '../../core/cases/index.ts';
import { ID_PATTERN } from '../../core/registry/text.ts';
import { verificationLevels } from '../../core/registry/types.ts';

const recordId = z.string().regex(ID_PATTERN, 'a record id');
const text = (max: number) => z.string().max(max);
const nullableText = (max: number) => z.string().max(max).nullable().optional();

export const idParams = z.object({ id: recordId });
export const formatQuery = z.object({ format: z.enum(['csv', 'json']).default('json') });
export const frameworkExportQuery = formatQuery.extend({ framework: recordId.optional() });

/** Files by name; at most the files of the format (or one JSON file) and a few strays, which are reported. */
// The import body and its problems are the registry's: one shape for every folder import.
export { importBody } from '../registry/schemas.ts';

export const importResultSchema = z.object({
  sha256: z.string(),
  counts: z.record(z.string(), z.number()),
  warnings: z.array(problemSchema),
  dryRun: z.boolean(),
});
export const standardResultSchema = importResultSchema.extend({ alreadyLoaded: z.boolean() });
export const exportSchema = z.object({ format: z.enum(['csv', 'json']), files: z.record(z.string(), z.string()) });

export const overviewSchema = z.object({
  counts: z.object({ frameworks: z.number(), crimes: z.number(), elements: z.number(), incidents: z.number(), allegations: z.number() }),
  standardFrameworksLoaded: z.boolean(),
  canEdit: z.boolean(),
  canReview: z.boolean(),
});

export const frameworkSchema = z.object({
  id: z.string(),
  name: z.string(),
  instrument: z.string(),
  jurisdiction: z.string().nullable(),
  summarySource: z.string().nullable(),
  language: z.string().nullable(),
});
export const frameworkSummarySchema = frameworkSchema.extend({ crimes: z.number(), modes: z.number(), elements: z.number() });

export const elementSchema = z.object({
  id: z.string(),
  crimeId: z.string().nullable(),
  modeId: z.string().nullable(),
  number: z.number(),
  kind: z.enum(elementKinds),
  summary: z.string(),
  quotedTerms: z.string().nullable(),
  citation: z.string(),
});

const crimeSchema = z.object({
  id: z.string(),
  frameworkId: z.string(),
  parentId: z.string().nullable(),
  category: z.enum(crimeCategories),
  article: z.string(),
  title: z.string(),
  quotedTerms: z.string().nullable(),
  summary: z.string(),
  position: z.number(),
  elements: z.array(elementSchema),
});
const modeSchema = crimeSchema.omit({ parentId: true, category: true });

export const frameworkDetailSchema = z.object({ framework: frameworkSchema, crimes: z.array(crimeSchema), modes: z.array(modeSchema) });

const actorRef = z.object({ id: z.string(), name: z.string() });
/** A registry source as the cases module shows it: a command relation's source. */
export const registrySourceRef = z.object({ id: z.string(), publisher: z.string(), title: z.string(), date: z.string().nullable(), address: z.string().nullable() });
/** An act's or an allegation's source, with where in it (the pinpoint). */
const sourceRef = registrySourceRef.extend({ pinpoint: z.string().nullable() });
export type RegistrySourceRef = z.infer<typeof registrySourceRef>;
export type SourceRef = z.infer<typeof sourceRef>;
const dateSchema = z.object({ kind: z.enum(dateKinds), start: z.string().nullable(), end: z.string().nullable() });

/** A record's standing: withdrawn or not, and every withdrawal and restoration, each a ledger event. */
const withdrawnSchema = z.object({ at: z.string(), by: z.string(), reason: z.string() }).nullable();
const standing = {
  withdrawn: withdrawnSchema.describe('The withdrawal in force; null while the record stands'),
  withdrawals: z
    .array(
      z.object({
        action: z.enum(['withdrawn', 'restored']),
        at: z.string(),
        by: z.string(),
        reason: z.string(),
        withIncident: z.boolean().describe("An act's step taken with its incident's (the reason is the incident's)"),
      }),
    )
    .describe('Every withdrawal and restoration, oldest first'),
};

export const incidentSchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  date: dateSchema,
  placeName: z.string().nullable(),
  placeCountry: z.string().nullable(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  events: z.array(z.object({ id: z.string(), name: z.string() })),
  acts: z.number(),
  allegations: z.number(),
  ...standing,
});

export const correctionSchema = z.object({
  at: z.string(),
  by: z.string(),
  reason: z.string(),
  source: z.object({ id: z.string(), publisher: z.string(), title: z.string() }).nullable().describe('The registry source the correction relies on'),
  changes: z.array(
    z.object({
      field: z.string().describe("The field's name in the import's JSON format"),
      from: z.string().nullable(),
      to: z.string().nullable(),
      hidden: z.boolean().describe("A casualty record's id, hidden from roles that may not read casualty records"),
    }),
  ),
});
export type CorrectionView = z.infer<typeof correctionSchema>;

export const actSchema = z.object({
  id: z.string(),
  incidentId: z.string(),
  actType: z.enum(actTypes),
  description: z.string(),
  date: z.string().nullable(),
  victimRecorded: z.boolean().describe('A casualty record names the victim (its id and name only for record readers)'),
  victimRecord: z.object({ id: z.string(), name: z.string().nullable() }).nullable(),
  victimDescription: z.string().nullable(),
  perpetratorActor: actorRef.nullable(),
  perpetratorUnitId: z.string().nullable(),
  perpetratorDescription: z.string().nullable(),
  involvement: z.enum(involvements),
  source: sourceRef.nullable(),
  verification: z.enum(verificationLevels),
  corrections: z.array(correctionSchema).describe('Corrections of the act, oldest first, each a ledger event'),
  ...standing,
});

export const allegationSchema = z.object({
  id: z.string(),
  incidentId: z.string(),
  proponent: actorRef,
  characterisation: z.enum(characterisations),
  crime: z.object({ id: z.string(), article: z.string(), title: z.string(), frameworkId: z.string() }).nullable(),
  mode: z.object({ id: z.string(), article: z.string(), title: z.string() }).nullable(),
  perpetratorActor: actorRef.nullable(),
  perpetratorUnitId: z.string().nullable(),
  perpetratorDescription: z.string().nullable(),
  statement: z.string(),
  language: z.string().nullable(),
  date: z.string().nullable(),
  verification: z.enum(verificationLevels),
  notes: z.string().nullable(),
  sources: z.array(sourceRef),
  elementIds: z.array(z.string()),
  ...standing,
  corrections: z.array(correctionSchema).describe('Corrections of the allegation, oldest first, each a ledger event'),
});

export const incidentDetailSchema = z.object({
  incident: incidentSchema,
  corrections: z.array(correctionSchema).describe('Corrections of the incident, oldest first, each a ledger event with the values before and after'),
  acts: z.array(actSchema),
  allegations: z.array(allegationSchema),
  canEdit: z.boolean(),
  canReview: z.boolean(),
});

/** An element of an allegation's crime or mode, with the crime or mode it belongs to and whether the allegation relies on it. */
const allegationElementSchema = elementSchema.extend({
  owner: z.object({ id: z.string(), article: z.string(), title: z.string(), kind: z.enum(['crime', 'mode']) }),
  reliedOn: z.boolean(),
});

export const allegationDetailSchema = z.object({
  allegation: allegationSchema,
  incident: incidentSchema,
  elements: z.array(allegationElementSchema),
  competing: z.array(allegationSchema),
  canReview: z.boolean(),
});

/** How the API shows the cases module's records; the service's types are inferred from these schemas. */
export type IncidentView = z.infer<typeof incidentSchema>;
export type ActView = z.infer<typeof actSchema>;
export type AllegationView = z.infer<typeof allegationSchema>;
export type ElementView = z.infer<typeof allegationElementSchema>;

/** Bodies use the JSON import format's field names; the service checks them exactly as an import is checked. */
export const incidentBody = z
  .object({
    id: recordId.optional(),
    title: text(300),
    description: nullableText(10_000),
    dateKind: z.enum(dateKinds),
    dateStart: nullableText(10),
    dateEnd: nullableText(10),
    placeName: nullableText(300),
    placeCountry: nullableText(2),
    latitude: z.number().min(-90).max(90).nullable().optional(),
    longitude: z.number().min(-180).max(180).nullable().optional(),
    eventIds: z.array(recordId).max(100).optional(),
  })
  .strict();

export const actBody = z
  .object({
    id: recordId.optional(),
    actType: z.enum(actTypes),
    description: text(10_000),
    date: nullableText(10),
    victimRecordId: z.uuid().nullable().optional(),
    victimDescription: nullableText(500),
    perpetratorActorId: recordId.nullable().optional(),
    perpetratorUnitId: recordId.nullable().optional(),
    perpetratorDescription: nullableText(500),
    involvement: z.enum(involvements),
    sourceId: recordId,
    pinpoint: nullableText(200),
    verification: z.enum(verificationLevels),
  })
  .strict();

export const allegationBody = z
  .object({
    id: recordId.optional(),
    incidentId: recordId,
    proponentId: recordId,
    characterisation: z.enum(characterisations),
    crimeId: recordId.nullable().optional(),
    modeId: recordId.nullable().optional(),
    perpetratorActorId: recordId.nullable().optional(),
    perpetratorUnitId: recordId.nullable().optional(),
    perpetratorDescription: nullableText(500),
    statement: text(10_000),
    language: nullableText(35),
    date: nullableText(10),
    verification: z.enum(verificationLevels),
    notes: nullableText(10_000),
    sources: z.array(z.object({ sourceId: recordId, pinpoint: nullableText(200) }).strict()).min(1).max(100),
    elementIds: z.array(recordId).max(200).optional(),
  })
  .strict();

export const verificationBody = z.object({ verification: z.enum(verificationLevels), note: z.string().max(2000) }).strict();
export const withdrawBody = z.object({ reason: z.string().max(2000) }).strict();

/** A correction: the fields to change (the others stay as they are; null empties one) and why. */
const reason = z.string().max(2000);
const correctionSource = recordId.nullable().optional().describe('A registry source the correction relies on');
export const incidentCorrectionBody = z.object({ changes: incidentBody.omit({ id: true }).partial().strict(), reason, sourceId: correctionSource }).strict();
export const actCorrectionBody = z.object({ changes: actBody.omit({ id: true }).partial().strict(), reason, sourceId: correctionSource }).strict();
/** An allegation's incident and verification level (the reviewers') cannot be corrected. */
export const allegationCorrectionBody = z.object({ changes: allegationBody.omit({ id: true, incidentId: true, verification: true }).partial().strict(), reason, sourceId: correctionSource }).strict();
