import { z } from 'zod';

export const MAX_CSV_BYTES = 1024 * 1024;

const name = z.string().trim().min(1).max(100);

export const optionsSchema = z
  .object({
    methods: z.array(z.enum(['lcmcr', 'dga', 'loglinear', 'chapman'])).min(1).max(4).default(['lcmcr', 'dga', 'loglinear']),
    strata: z.array(name).max(5).default([]),
    seed: z.number().int().min(0).max(2_147_483_647).default(1),
    chains: z.number().int().min(1).max(8).default(3),
    burnin: z.number().int().min(0).max(1_000_000).default(10_000),
    thinning: z.number().int().min(1).max(1000).default(10),
    samples: z.number().int().min(10).max(20_000).default(1000),
    prior: z.enum(['1/N', 'uniform', '1/N^2']).default('1/N'),
  })
  .strict();

export type EstimateOptionsInput = z.infer<typeof optionsSchema>;

export const createBody = z
  .object({
    title: z.string().trim().min(1).max(200),
    inputKind: z.enum(['table', 'casualties']).default('table'),
    /** With inputKind casualties: the linkage run whose persons' capture histories make the table (default: the latest done run). */
    linkageRunId: z.uuid().optional(),
    // The byte limit is checked in the service (413); this only bounds what zod will look at.
    csv: z.string().max(4 * MAX_CSV_BYTES),
    options: optionsSchema.default(optionsSchema.parse({})),
  })
  .strict();

export const idParams = z.object({ id: z.string().uuid() });

export const summarySchema = z.object({
  id: z.string(),
  title: z.string(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  inputKind: z.enum(['table', 'casualties']),
  inputSha256: z.string(),
  state: z.enum(['queued', 'running', 'done', 'failed']),
  progress: z.number(),
  progressLabel: z.string().nullable(),
  error: z.string().nullable(),
});

export const detailSchema = summarySchema.extend({
  options: z.record(z.string(), z.unknown()),
  csv: z.string(),
  result: z.record(z.string(), z.unknown()).nullable(),
});
