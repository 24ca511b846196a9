import { z } from 'zod';
import { publicationKinds, publicationStates } from './tables.ts';

export const subjectParams = z.object({ kind: z.enum(publicationKinds), id: z.string().min(1).max(200) });

export const makePublicBody = z
  .object({
    /** The digest of the list the person confirmed (from the preview); refused when what would be shown changed. */
    digest: z.string().regex(/^[0-9a-f]{64}$/),
  })
  .strict();

export const withdrawBody = z.object({ reason: z.string().max(2000).optional() }).strict();

export const statesQuery = z.object({
  kind: z.enum(publicationKinds),
  ids: z
    .string()
    .max(20_000)
    .transform((v) => [...new Set(v.split(',').map((x) => x.trim()).filter(Boolean))])
    .pipe(z.array(z.string().max(200)).max(500)),
});

export const disclosureSchema = z.object({
  kind: z.enum(publicationKinds),
  id: z.string(),
  title: z.string(),
  fields: z.array(z.string()),
  files: z.array(z.object({ id: z.string(), name: z.string(), sha256: z.string(), size: z.number(), mime: z.string().nullable() })),
  withheldFiles: z.number().int(),
  gps: z.object({ latitude: z.number(), longitude: z.number() }).nullable(),
  names: z.array(z.string()),
  notes: z.array(z.string()),
  refusal: z.object({ code: z.string(), message: z.string() }).nullable(),
  digest: z.string(),
});

export const publicationSchema = z.object({
  kind: z.enum(publicationKinds),
  id: z.string(),
  state: z.enum(publicationStates),
  changedAt: z.string().nullable(),
  /** What making it public shows (for a public subject: what it shows now). */
  disclosure: disclosureSchema,
});
export type PublicationView = z.infer<typeof publicationSchema>;

export const statesResponse = z.object({ states: z.array(z.object({ id: z.string(), state: z.enum(publicationStates) })) });

export const exclusionBody = z.object({ sourceId: z.string().max(100), sourceRecordId: z.string().min(1).max(200), reason: z.string().min(1).max(2000) }).strict();
export const noContent = z.null();
