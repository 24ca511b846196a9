import { z } from 'zod';
import { DATE_FORMATS } from '../../core/casualties/values.ts';
import { badCharacters, checkPartialDate } from './csv.ts';

/**
 * The casualties API contract: request and response shapes of every route in routes.ts. The web app builds against
 * these, so fields are only ever added, never renamed or removed. Roles: see docs/casualties.md ("Who sees what").
 */

export const IMPORT_BODY_LIMIT = 40 * 1024 * 1024;

const text = (max: number) => z.string().trim().min(1).max(max);
export const partialDate = z.string().refine((v) => checkPartialDate(v) !== null, 'a partial date YYYY, YYYY-MM or YYYY-MM-DD');
export const sexValues = ['female', 'male', 'unknown'] as const;
export const statusValues = ['civilian', 'combatant', 'unknown'] as const;
export const runStates = ['queued', 'running', 'done', 'failed', 'cancelled'] as const;
export const decisionValues = ['match', 'non_match'] as const;

export const idParams = z.object({ id: z.uuid() });
/** `?history=1` style flags. */
const flag = z
  .enum(['0', '1', 'true', 'false'])
  .optional()
  .transform((v) => v === '1' || v === 'true');
const paging = { limit: z.coerce.number().int().min(1).max(500).default(50), offset: z.coerce.number().int().min(0).max(10_000_000).default(0) };

// ---------- sources ----------

const column = z.string().min(1).max(300);
export const mappingSchema = z
  .object({
    /** The list's own record id; without one, each row is known by its line number. */
    source_record_id: column.optional(),
    /** Whole names: one column, or several (one name per script or spelling). */
    name: z.union([column, z.array(column).min(1).max(20)]).optional(),
    family_name: column.optional(),
    given_name: column.optional(),
    patronymic: column.optional(),
    sex: column.optional(),
    age: column.optional(),
    birth_date: column.optional(),
    death_date: column.optional(),
    place: column.optional(),
    status: column.optional(),
    type: column.optional(),
    cause: column.optional(),
    perpetrator_reported: column.optional(),
    notes: column.optional(),
    /** How a date column is read when its cells alone cannot tell (03.04.1992): dmy, mdy, ymd, or auto. */
    date_formats: z
      .object({ birth_date: z.enum(DATE_FORMATS).optional(), death_date: z.enum(DATE_FORMATS).optional() })
      .strict()
      .optional(),
  })
  .strict()
  .refine((m) => m.name !== undefined || m.family_name !== undefined || m.given_name !== undefined || m.patronymic !== undefined, {
    message: 'map at least one column holding a name or a part of one (name, family_name, given_name, patronymic)',
    path: ['name'],
  });

export const sourceBody = z.object({
  name: text(300),
  compiledBy: text(300).nullish(),
  compiledAt: partialDate.nullish(),
  method: text(4000).nullish(),
  archiveItemId: text(200).nullish(),
});

/** PATCH: only the fields given change; `null` clears an optional field. `columnMapping` saves a mapping without importing. */
export const sourcePatchBody = z
  .object({
    name: text(300).optional(),
    compiledBy: text(300).nullable().optional(),
    compiledAt: partialDate.nullable().optional(),
    method: text(4000).nullable().optional(),
    archiveItemId: text(200).nullable().optional(),
    columnMapping: mappingSchema.optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'nothing to change');

export const sourceSchema = z.object({
  id: z.string(),
  name: z.string(),
  compiledBy: z.string().nullable(),
  compiledAt: z.string().nullable(),
  method: z.string().nullable(),
  archiveItemId: z.string().nullable(),
  columnMapping: z.record(z.string(), z.unknown()),
  /** Current records (one per source record id). */
  records: z.number(),
});
export type SourceView = z.infer<typeof sourceSchema>;
export const sourceListResponse = z.object({ sources: z.array(sourceSchema) });

/** A file name as the user's system gave it: kept in the audit trail, so no control characters or broken UTF-16. */
const fileName = z
  .string()
  .min(1)
  .max(255)
  .refine((v) => badCharacters(v) === null, 'a file name without control characters or lone surrogates');

export const importModes = ['all_or_nothing', 'good_rows'] as const;
export const importBody = z
  .object({
    csvBase64: z.string().min(1).max(IMPORT_BODY_LIMIT),
    mapping: mappingSchema,
    /**
     * all_or_nothing (default): any problem refuses the file. good_rows: rows with problems are left out and come
     * back as a CSV with the reason per row; the user chooses this after seeing the report.
     */
    mode: z.enum(importModes).default('all_or_nothing'),
    fileName: fileName.optional(),
  })
  .strict();

export const importProblemSchema = z.object({
  line: z.number().int().nullable(),
  field: z.string().optional(),
  column: z.string().optional(),
  value: z.string().optional(),
  expected: z.string().optional(),
  code: z.string(),
  message: z.string(),
});
export const importWarningSchema = z.object({
  code: z.string(),
  column: z.string().optional(),
  field: z.string().optional(),
  count: z.number().int(),
  lines: z.array(z.number().int()),
  message: z.string(),
});
export const importResponse = z.object({
  imported: z.number(),
  encoding: z.string(),
  sha256: z.string(),
  /** Rows left out (good_rows mode; 0 otherwise). */
  rejected: z.number().int(),
  /** The rejected rows as CSV with the reason per row (line, column, value, expected, reason, then the row); null when none. */
  rejectedCsv: z.string().nullable(),
  warnings: z.array(importWarningSchema),
});

/**
 * The details of an `import_rejected` error: the problems (at most 1,000, with their total), how many rows are bad
 * and how many could be imported alone. Error details are part of no route's answer in the OpenAPI document, so the
 * schema is named: the generated contract then carries it as a component (`Schema<'CasualtyImportRefusal'>`).
 */
export const importRefusalSchema = z
  .object({
    problems: z.array(importProblemSchema),
    problemCount: z.number().int(),
    /** null when the file as a whole cannot be imported */
    rejectedRows: z.number().int().nullable(),
    goodRows: z.number().int(),
    warnings: z.array(importWarningSchema),
  })
  .meta({ id: 'CasualtyImportRefusal' });
export type ImportRefusal = z.infer<typeof importRefusalSchema>;

// ---------- records ----------

export const recordSchema = z.object({
  id: z.string(),
  sourceId: z.string(),
  sourceRecordId: z.string(),
  version: z.number().int(),
  /** Id of the version this one corrects (null for version 1). */
  supersedes: z.string().nullable(),
  current: z.boolean(),
  /** Every whole name the list gives, in any script, as written (empty when the list gives the name in parts). */
  names: z.array(z.string()),
  familyName: z.string().nullable(),
  givenName: z.string().nullable(),
  patronymic: z.string().nullable(),
  sex: z.enum(sexValues).nullable(),
  age: z.number().int().nullable(),
  birthDate: z.string().nullable(),
  deathDate: z.string().nullable(),
  place: z.string().nullable(),
  status: z.enum(statusValues),
  type: z.string().nullable(),
  cause: z.string().nullable(),
  perpetratorReported: z.string().nullable(),
  notes: z.string().nullable(),
  /** Line in the imported file (null for a correction). */
  line: z.number().int().nullable(),
  /** Why this version corrects the previous one (null for version 1). */
  correctionReason: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
});
export type RecordView = z.infer<typeof recordSchema>;

export const recordsQuery = z.object({
  /** Substring of any name, case-insensitive, matched as written and in the romanised comparable form. */
  q: z.string().trim().max(200).optional(),
  /** 1: every version (newest first within a record id); default: current versions only. */
  history: flag,
  ...paging,
});
export const recordListResponse = z.object({ records: z.array(recordSchema), total: z.number().int(), limit: z.number().int(), offset: z.number().int() });

export const recordDetailResponse = z.object({
  record: recordSchema,
  source: z.object({ id: z.string(), name: z.string() }),
  /** Every version of this source record id, oldest first (includes `record`). */
  versions: z.array(recordSchema),
  /** The CSV row as imported (null for corrections); editors and reviewers only, like the rest of the record. */
  raw: z.record(z.string(), z.string()).nullable(),
});

/** A correction: the fields that change (others are carried over from the version corrected) and why. */
export const correctionBody = z
  .object({
    changes: z
      .object({
        names: z.array(text(500)).max(20).optional(),
        familyName: text(500).nullable().optional(),
        givenName: text(500).nullable().optional(),
        patronymic: text(500).nullable().optional(),
        sex: z.enum(sexValues).nullable().optional(),
        age: z.number().int().min(0).max(130).nullable().optional(),
        birthDate: partialDate.nullable().optional(),
        deathDate: partialDate.nullable().optional(),
        place: text(500).nullable().optional(),
        status: z.enum(statusValues).optional(),
        type: text(500).nullable().optional(),
        cause: text(2000).nullable().optional(),
        perpetratorReported: text(500).nullable().optional(),
        notes: text(10_000).nullable().optional(),
      })
      .strict(),
    reason: text(2000),
  })
  .strict();
export const correctionResponse = z.object({ record: recordSchema, superseded: z.string() });

// ---------- linkage runs ----------

/** Run options. Everything not given comes from the defaults (docs/casualties.md); `engine` replaces the engine settings wholesale (advanced). */
export const runSettingsInput = z
  .object({
    /** Probability at or above which two records join one person. */
    threshold: z.number().gt(0).lt(1).optional(),
    /** careful (default): no merge across a confident non-match; connected: transitive closure; strict: average link. */
    clustering: z.enum(['careful', 'connected', 'strict']).optional(),
    /** Pairs at or above this probability are stored with their explanation (for review and audit). */
    reviewFloor: z.number().min(0.01).max(0.99).optional(),
    seed: z.number().int().min(0).max(2_147_483_647).optional(),
    /** Full engine settings over the run's columns (see docs/casualties.md, "Engine input"). */
    engine: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

export const createRunBody = z.object({ sourceIds: z.array(z.uuid()).min(1).max(15), settings: runSettingsInput.optional() }).strict();

export const runSourceSchema = z.object({ id: z.string(), name: z.string() });
export const runSchema = z.object({
  id: z.string(),
  /** In capture-history order: bit i of a person's capture history is sources[i]. */
  sources: z.array(runSourceSchema),
  state: z.enum(runStates),
  /** 0–1 while running; 1 when done. */
  progress: z.number(),
  progressLabel: z.string().nullable(),
  error: z.string().nullable(),
  /** records, candidatePairs, pairsStored, decisionsApplied, links, persons (filled as the run goes). */
  counts: z.record(z.string(), z.number()),
  jobId: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  /** When a cancellation was asked for (a running run shows it until it stops at its next check). */
  cancelRequestedAt: z.string().nullable(),
  /** The user who cancelled; null when nobody did, or when the command line did (the audit names the actor). */
  cancelledBy: z.string().nullable(),
});
export const runDetailSchema = runSchema.extend({
  /** The engine settings actually used, and the run options (threshold, reviewFloor…). */
  settings: z.record(z.string(), z.unknown()),
  /** The fitted model (m, u, λ): with the settings, enough to reproduce the run. */
  model: z.record(z.string(), z.unknown()).nullable(),
  warnings: z.array(z.string()),
});
export const runListResponse = z.object({ runs: z.array(runSchema) });
export const runCreatedResponse = z.object({ run: runSchema });

// ---------- review ----------

export const explanationSchema = z.object({
  matchWeight: z.number(),
  matchProbability: z.number(),
  prior: z.object({ lambda: z.number(), log2Odds: z.number() }),
  terms: z.array(
    z.object({
      comparison: z.string(),
      level: z.string(),
      levelIndex: z.number().int(),
      m: z.number().nullable(),
      u: z.number().nullable(),
      bayesFactor: z.number(),
      /** Match weight this comparison adds (negative: takes away). */
      log2BayesFactor: z.number(),
      tfAdjustment: z.number(),
    }),
  ),
});

export const decisionSchema = z.object({
  id: z.string(),
  recordA: z.string(),
  recordB: z.string(),
  decision: z.enum(decisionValues),
  note: z.string().nullable(),
  reviewerId: z.string(),
  reviewer: z.string().nullable(),
  at: z.string(),
  current: z.boolean(),
});

export const reviewQuery = z
  .object({
    min: z.coerce.number().min(0).max(1).default(0.2),
    max: z.coerce.number().min(0).max(1).default(0.9),
    /** all (undecided first), undecided, decided */
    status: z.enum(['all', 'undecided', 'decided']).default('all'),
    limit: z.coerce.number().int().min(1).max(200).default(20),
    offset: paging.offset,
  })
  .refine((q) => q.min <= q.max, { message: 'min must not exceed max', path: ['min'] });

export const reviewPairSchema = z.object({
  recordA: recordSchema,
  recordB: recordSchema,
  /** The model's probability in this run (before any decision). */
  probability: z.number(),
  weight: z.number(),
  explanation: explanationSchema,
  /** Record fields whose values differ between the two (names compared in the romanised form). */
  differences: z.array(z.string()),
  /** The current reviewer decision on this pair, if any (it may be newer than the run). */
  decision: decisionSchema.nullable(),
});
export const reviewResponse = z.object({
  pairs: z.array(reviewPairSchema),
  total: z.number().int(),
  undecided: z.number().int(),
  band: z.object({ min: z.number(), max: z.number() }),
  limit: z.number().int(),
  offset: z.number().int(),
});

export const decisionBody = z
  .object({
    recordA: z.uuid(),
    recordB: z.uuid(),
    decision: z.enum(decisionValues),
    note: z.string().trim().max(2000).nullish(),
    /**
     * A decision on two records that no run compared nor put together (a reviewer links them by hand, say from
     * the records list); without it such a pair is refused as not_a_pair, which catches a mistyped id.
     */
    manual: z.boolean().optional(),
  })
  .strict();
export const splitBody = z
  .object({
    /** The record to take out of its person: it is decided a non-match with every other record of the person. */
    recordId: z.uuid(),
    note: z.string().trim().max(2000).nullish(),
  })
  .strict();
export const personParams = z.object({ id: z.uuid(), personId: z.coerce.number().int().min(1).max(2_147_483_647) });
export const splitResponse = z.object({ decisions: z.array(z.lazy(() => decisionSchema)) });
export const decisionCreatedResponse = z.object({ decision: decisionSchema, superseded: z.string().nullable() });

export const decisionsQuery = z.object({ history: flag, ...paging });
export const decisionListResponse = z.object({ decisions: z.array(decisionSchema), total: z.number().int(), limit: z.number().int(), offset: z.number().int() });

// ---------- results ----------

export const personsQuery = z.object({
  /** Substring of any name of any of the person's records. */
  q: z.string().trim().max(200).optional(),
  /** Only persons with this capture history (0/1 string in run source order). */
  pattern: z
    .string()
    .regex(/^[01]{1,15}$/)
    .optional(),
  /** Only persons found in more than one record. */
  linked: flag,
  /** Only flagged persons (the cluster review queue), largest first. */
  flagged: flag,
  ...paging,
});
export const personSchema = z.object({
  personId: z.number().int(),
  /** 0/1 per run source, in run source order ("101": on the first and third list). */
  captureHistory: z.string(),
  recordCount: z.number().int(),
  /** Why the person needs a reviewer's eye: merge_refused, conflict, sex, birth_years (empty for most). */
  flags: z.array(z.string()),
  records: z.array(z.object({ record: recordSchema, probability: z.number().nullable() })),
});
export const personsResponse = z.object({
  sources: z.array(runSourceSchema),
  persons: z.array(personSchema),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
});

/** A count of persons: `persons` is null and `suppressed` true when it is hidden (see `suppression`). */
const countRow = z.object({ key: z.string(), persons: z.number().int().nullable(), suppressed: z.boolean() });
export const disagreementFields = ['names', 'sex', 'age', 'birthDate', 'deathDate', 'place', 'status'] as const;
export const statsQuery = z.object({
  /**
   * Minimum cell size for a publication view. Roles without record access always get at least the server's
   * minimum (they may ask for a larger one); editors and reviewers get exact figures unless they ask.
   */
  minCell: z.coerce.number().int().min(0).max(1000).optional(),
});
export const statsResponse = z.object({
  runId: z.string(),
  sources: z.array(runSourceSchema),
  /** Records per list are list sizes (public on the list page) and never hidden; persons may be (a run of one or two). */
  totals: z.object({ records: z.number().int(), persons: z.number().int().nullable(), linkedPersons: z.number().int().nullable() }),
  /**
   * Persons counted by each attribute. A person's value is the one its records agree on; "unknown" when none
   * gives it, "conflicting" when they disagree (Reckon does not pick a side). Each breakdown adds up to
   * `totals.persons`, hidden cells included. Hidden cells of a breakdown sorted by count come last, in key order.
   */
  bySex: z.array(countRow),
  byAgeBand: z.array(countRow),
  byStatus: z.array(countRow),
  byDeathDay: z.array(countRow),
  byDeathMonth: z.array(countRow),
  byPlace: z.array(countRow),
  coverage: z.array(
    z.object({ sourceId: z.string(), name: z.string(), records: z.number().int(), persons: z.number().int().nullable(), share: z.number().nullable(), suppressed: z.boolean() }),
  ),
  /** Every capture-history pattern seen with its number of persons (UpSet data); pattern bit order = sources. */
  overlaps: z.array(z.object({ pattern: z.string(), sourceIds: z.array(z.string()), persons: z.number().int().nullable(), suppressed: z.boolean() })),
  disagreements: z.object({
    persons: z.number().int().nullable(),
    byField: z.array(z.object({ field: z.enum(disagreementFields), persons: z.number().int().nullable(), suppressed: z.boolean() })),
    /** Per-person detail; null for roles that may not see records (viewers) and in a publication view. */
    examples: z
      .array(
        z.object({
          personId: z.number().int(),
          field: z.enum(disagreementFields),
          values: z.array(z.object({ recordId: z.string(), sourceId: z.string(), value: z.string().nullable() })),
        }),
      )
      .nullable(),
  }),
  /**
   * Small-cell suppression applied: `minCell` 0 means exact figures; otherwise every count from 1 to minCell − 1
   * is hidden, and further cells are hidden where a published sum would give a hidden one back (docs/casualties.md).
   * `hidden` counts the hidden figures. Hidden cells are not told apart: a small one and one hidden beside it look alike.
   */
  suppression: z.object({ minCell: z.number().int(), hidden: z.number().int() }),
});
export type StatsView = z.infer<typeof statsResponse>;
