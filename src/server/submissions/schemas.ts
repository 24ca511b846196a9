import { z } from 'zod';
import { portalLanguages } from '../portal/i18n.ts';
import { submissionKinds, submissionStates, submissionStatuses } from './tables.ts';

/** A form field left empty arrives as '' and means "not given". */
const optionalText = (max: number) => z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.trim() : v), z.string().max(max).optional());
const partialDate = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.trim() : v),
  z
    .string()
    .regex(/^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/, 'a year, a year and month, or a date: 1992, 1992-02 or 1992-02-26')
    .optional(),
);

/**
 * The public form's fields, as the server reads them from the multipart body. Strict: a field the form does not have
 * (a "source", a "sourceId", a "state") is refused, so a submission cannot claim to be a source or decide itself.
 */
export const submissionFormSchema = z
  .object({
    token: z.string().max(300),
    answer: z.string().max(20),
    lang: z.enum(portalLanguages).default('en'),
    kind: z.enum(submissionKinds),
    person: optionalText(100),
    name: optionalText(200),
    otherNames: optionalText(1000),
    birthDate: partialDate,
    deathDate: partialDate,
    place: optionalText(200),
    status: z.preprocess((v) => (v === '' ? undefined : v), z.enum(submissionStatuses).default('unknown')),
    message: optionalText(4000),
    relation: optionalText(200),
    contactName: optionalText(200),
    contact: z.preprocess((v) => (typeof v === 'string' ? v.trim() : v), z.string().min(3, 'give an address or a telephone number so a moderator can reach you').max(300)),
  })
  .strict();
export type SubmissionForm = z.infer<typeof submissionFormSchema>;

export const submissionSummarySchema = z
  .object({
    id: z.string(),
    kind: z.enum(submissionKinds),
    personKey: z.string().nullable(),
    names: z.array(z.string()),
    birthDate: z.string().nullable(),
    deathDate: z.string().nullable(),
    place: z.string().nullable(),
    status: z.enum(submissionStatuses),
    message: z.string(),
    relation: z.string(),
    photo: z.object({ name: z.string(), size: z.number() }).nullable(),
    language: z.string(),
    state: z.enum(submissionStates),
    reason: z.string().nullable(),
    decidedAt: z.string().nullable(),
    recordId: z.string().nullable(),
    itemId: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'FamilySubmission' });
export type SubmissionSummary = z.infer<typeof submissionSummarySchema>;

export const submissionDetailSchema = submissionSummarySchema
  .extend({ contactName: z.string(), contact: z.string(), provenance: z.string() })
  .meta({ id: 'FamilySubmissionDetail' });
export type SubmissionDetail = z.infer<typeof submissionDetailSchema>;

export const listQuery = z.object({
  state: z.enum(submissionStates).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export const idParams = z.object({ id: z.string().max(100) });
export const acceptBody = z.object({ note: z.string().trim().max(1000).optional() }).strict();
export const rejectBody = z.object({ reason: z.string().trim().min(1, 'say why, for the record').max(1000) }).strict();
