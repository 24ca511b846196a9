import { z } from 'zod';
import { ESTIMATION_DEFAULTS as D, ESTIMATION_LIMITS as L } from '../../core/estimation/defaults.ts';

export const MAX_CSV_BYTES = 1024 * 1024;

const name = z.string().trim().min(1).max(100);
const int = (limits: { min: number; max: number }) => z.number().int().min(limits.min).max(limits.max);
/** C0 controls other than tab, line feed and carriage return, and DEL. */
function isControl(ch: string): boolean {
  const c = ch.charCodeAt(0);
  return (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f;
}

/** Text a person typed: no control characters (NUL included) and no lone UTF-16 surrogates. */
const cleanText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((s) => ![...s].some(isControl), 'control characters are not allowed')
    .refine((s) => !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s), 'the text is not valid Unicode (a lone surrogate)');

/** Options of an estimate; defaults and limits are core/estimation/defaults.ts, the CLI's too. */
export const optionsSchema = z
  .object({
    methods: z
      .array(z.enum(['lcmcr', 'dga', 'loglinear', 'chapman']))
      .min(1)
      .max(4)
      .default(['lcmcr', 'dga', 'loglinear']),
    strata: z.array(name).max(5).default([]),
    seed: int(L.seed).default(D.seed),
    chains: int(L.chains).default(D.chains),
    burnin: int(L.burnin).default(D.burnin),
    thinning: int(L.thinning).default(D.thinning),
    samples: int(L.samples).default(D.samples),
    /** LCMCR's K*; absent: min(2^lists − 1, 15). */
    classes: int(L.classes).optional(),
    prior: z.enum(['1/N', 'uniform', '1/N^2']).default(D.prior),
    /** dga's δ; absent: 2^−lists. */
    delta: z.number().min(L.delta.min).max(L.delta.max).optional(),
    criterion: z.enum(['aic', 'bic']).default(D.criterion),
    /** A log-linear model named by hand, e.g. "EXH×ABA, OSCE×HRW"; absent: the criterion chooses. */
    model: cleanText(500).pipe(z.string().min(1)).optional(),
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

export const overrideBody = z.object({ reason: cleanText(2000).pipe(z.string().min(10, 'give a reason of at least 10 characters')) }).strict();

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
  /** Null while running or for methods without a sampler; false if any LCMCR run (total or stratum) did not converge. */
  converged: z.boolean().nullable(),
  convergenceOverride: z.object({ reason: z.string(), by: z.string(), at: z.string() }).nullable(),
  reportVersion: z.number(),
});

const methodName = z.enum(['lcmcr', 'dga', 'loglinear', 'chapman']);

/** A sampler's convergence verdict (core/estimation/defaults.ts `Convergence`), recorded in reports since the rule. */
const convergenceSchema = z.object({
  converged: z.boolean(),
  rhat: z.number().nullable(),
  ess: z.number().nullable(),
  rule: z.string(),
  reasons: z.array(z.string()),
});

/**
 * One method's figures in a stored report (stored-report.ts `methodForStorage`): a total the method could not give
 * has only its method, a null estimate and warnings; version 1 reports lack the per-chain fields. Loose, so a field a
 * report of another version stored is served as stored rather than dropped.
 */
const methodResultSchema = z.looseObject({
  method: methodName,
  estimate: z.number().nullable(),
  pointEstimate: z.string().optional(),
  /** Null where the interval has no end (JSON has no infinity). */
  lower: z.number().nullable().optional(),
  upper: z.number().nullable().optional(),
  intervalKind: z.string().optional(),
  observed: z.number().optional(),
  diagnostics: z.record(z.string(), z.union([z.number(), z.string(), z.boolean(), z.null()])).optional(),
  convergence: convergenceSchema.optional(),
  // A figure JSON could not hold (NaN, infinity) was stored as null.
  perChain: z
    .array(
      z.object({
        chain: z.number(),
        rhat: z.number().nullable(),
        ess: z.number().nullable(),
        median: z.number().nullable(),
        occupiedClassesMean: z.number().nullable(),
      }),
    )
    .optional(),
  warnings: z.array(z.string()),
  /** A thinned pooled posterior of N, for the chart. */
  posterior: z.array(z.number()).optional(),
  /** Each LCMCR chain's kept draws of N, in order (version 2). */
  chainDraws: z.array(z.array(z.number())).optional(),
  occupiedClasses: z.array(z.array(z.number())).optional(),
  models: z.array(z.object({ label: z.string(), score: z.number().nullable(), scoreKind: z.string(), estimate: z.number().nullable() })).optional(),
});

/** The report of a finished estimate, as stored in `estimates.result` (stored-report.ts `storableReport`). */
export const estimateResultSchema = z.looseObject({
  lists: z.array(z.string()),
  strataColumns: z.array(z.string()),
  observed: z.number(),
  warnings: z.array(z.string()),
  total: z.array(methodResultSchema),
  strata: z.array(z.looseObject({ label: z.string(), observed: z.number(), warnings: z.array(z.string()), methods: z.array(methodResultSchema) })),
});

export const detailSchema = summarySchema.extend({
  options: z.record(z.string(), z.unknown()),
  csv: z.string(),
  result: estimateResultSchema.nullable(),
});

/** The options an estimate form starts from, and their limits: the one set of defaults (core/estimation/defaults.ts). */
export const defaultsSchema = z.object({
  defaults: z.record(z.string(), z.union([z.number(), z.string()])),
  limits: z.record(z.string(), z.object({ min: z.number(), max: z.number() })),
  convergence: z.object({ rhatBelow: z.number(), essAtLeast: z.number(), source: z.string() }),
});
