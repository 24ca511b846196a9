import { resolve } from 'node:path';
import { z } from 'zod';

/**
 * The one place where Reckon reads its configuration. Every value comes from a CLI flag or an environment
 * variable (flags win), is validated here at start-up, and a wrong value stops start-up with a message that names
 * the setting and says what is allowed. Nothing else in the code reads process.env.
 */

const boolean = z
  .union([z.boolean(), z.enum(['true', 'false', '1', '0', 'yes', 'no'])])
  .transform((v) => v === true || v === 'true' || v === '1' || v === 'yes');

const positiveInt = (max: number) => z.coerce.number().int().positive().max(max);

const configSchema = z.object({
  host: z.string().min(1).default('127.0.0.1'),
  port: z.coerce.number().int().min(0).max(65535).default(8080),
  dataDir: z.string().min(1).default('./data'),
  databaseUrl: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// connection URL')
    .optional(),
  databasePoolSize: positiveInt(200).default(10),
  publicUrl: z.url({ protocol: /^https?$/ }).optional(),
  trustProxy: boolean.default(false),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  sessionTtlHours: positiveInt(24 * 90).default(12),
  jsonBodyLimitBytes: positiveInt(64 * 1024 * 1024).default(1024 * 1024),
  loginAttemptsPerWindow: positiveInt(10_000).default(10),
  loginWindowSeconds: positiveInt(86_400).default(300),
  organisationName: z.string().min(1).max(200).default('Reckon'),
  webDist: z.string().min(1).default('./dist/web'),
  jobConcurrency: positiveInt(64).default(1),
  jobTimeLimitSeconds: positiveInt(86_400).default(120),
  jobPollIntervalMs: positiveInt(3_600_000).default(2000),
  masterKeyFile: z.string().min(1).optional(),
  /** The ledger's Ed25519 signing key; several processes must share one (default: keys/ in the data directory). */
  signingKeyFile: z.string().min(1).optional(),
  blobStore: z.enum(['fs', 's3']).default('fs'),
  s3Bucket: z.string().min(3).max(63).optional(),
  s3Endpoint: z.url({ protocol: /^https?$/ }).optional(),
  s3Region: z.string().min(1).default('us-east-1'),
  s3Prefix: z.string().max(200).default(''),
  uploadMaxBytes: positiveInt(1024 ** 4).default(4 * 1024 ** 3),
  /** Minutes between scheduled checkpoints (issued only when the ledger has grown); 0 turns the schedule off. */
  checkpointIntervalMinutes: z.coerce.number().int().min(0).max(10_080).default(60),
  /** Hours between scheduled full verifications; 0 turns the schedule off. */
  verifyIntervalHours: z.coerce.number().int().min(0).max(8_760).default(24),
  /** RFC 3161 time-stamp authority asked to time-stamp every checkpoint; unset turns time-stamping off. */
  timestampAuthorityUrl: z.url({ protocol: /^https?$/ }).optional(),
  /** PEM file of the CA(s) the authority's certificate must chain to; tokens are checked against it. */
  timestampCaFile: z.string().min(1).optional(),
  /** Dialogue rate limits, per minute: joins per address; votes and statements per participant and per address. */
  dialogueJoinsPerMinute: positiveInt(1_000_000).default(60),
  dialogueVotesPerMinute: positiveInt(1_000_000).default(120),
  dialogueVotesPerMinutePerAddress: positiveInt(10_000_000).default(6000),
  dialogueStatementsPerMinute: positiveInt(1_000_000).default(5),
  dialogueStatementsPerMinutePerAddress: positiveInt(1_000_000).default(60),
  /** Quiet time after a vote before the live analysis is brought up to date. */
  dialogueAnalysisDebounceMs: z.coerce.number().int().min(0).max(600_000).default(1000),
  /**
   * A LibreTranslate-compatible service (POST <url>/translate) for machine translations of dialogue statements;
   * unset, nothing is ever sent anywhere and statements wait for human translators.
   */
  translationUrl: z.url({ protocol: /^https?$/ }).optional(),
  translationApiKey: z.string().min(1).max(500).optional(),
  translationTimeoutMs: z.coerce.number().int().min(100).max(120_000).default(10_000),
  /** Minutes between vote checkpoints audited for conversations that received votes; 0 turns them off. */
  dialogueCheckpointMinutes: z.coerce.number().int().min(0).max(10_080).default(60),
  /**
   * Casualty statistics shown to roles without record access hide counts of 1 to this − 1 persons (and what would
   * give them back); 0 or 1 turns suppression off. Editors and reviewers always see exact figures.
   */
  casualtyStatsMinCell: z.coerce.number().int().min(0).max(1000).default(3),
  /** The licence every public list and download carries (an SPDX identifier or a short name). */
  publicDataLicence: z.string().min(1).max(200).default('CC-BY-4.0'),
  /** The memorial shows a person only when at least this many published lists name them. */
  memorialMinSources: z.coerce.number().int().min(1).max(100).default(1),
  /** Requests per minute per address to the anonymous open-data API under /api/public/. */
  publicApiPerMinute: positiveInt(1_000_000).default(120),
});

export type Config = z.infer<typeof configSchema> & {
  /** Derived: absolute data directory. */
  dataDirAbsolute: string;
  /** Derived: cookies get the Secure flag when served over HTTPS. */
  secureCookies: boolean;
};

/** Environment variable for each setting; listed in README.md under Configuration. */
export const environmentNames: Record<keyof z.input<typeof configSchema>, string> = {
  host: 'RECKON_HOST',
  port: 'RECKON_PORT',
  dataDir: 'RECKON_DATA_DIR',
  databaseUrl: 'DATABASE_URL',
  databasePoolSize: 'RECKON_DATABASE_POOL_SIZE',
  publicUrl: 'RECKON_PUBLIC_URL',
  trustProxy: 'RECKON_TRUST_PROXY',
  logLevel: 'RECKON_LOG_LEVEL',
  sessionTtlHours: 'RECKON_SESSION_TTL_HOURS',
  jsonBodyLimitBytes: 'RECKON_JSON_BODY_LIMIT_BYTES',
  loginAttemptsPerWindow: 'RECKON_LOGIN_ATTEMPTS',
  loginWindowSeconds: 'RECKON_LOGIN_WINDOW_SECONDS',
  organisationName: 'RECKON_ORGANISATION',
  webDist: 'RECKON_WEB_DIST',
  jobConcurrency: 'RECKON_JOB_CONCURRENCY',
  jobTimeLimitSeconds: 'RECKON_JOB_TIME_LIMIT_SECONDS',
  jobPollIntervalMs: 'RECKON_JOB_POLL_MS',
  masterKeyFile: 'RECKON_MASTER_KEY_FILE',
  signingKeyFile: 'RECKON_SIGNING_KEY_FILE',
  blobStore: 'RECKON_BLOB_STORE',
  s3Bucket: 'RECKON_S3_BUCKET',
  s3Endpoint: 'RECKON_S3_ENDPOINT',
  s3Region: 'RECKON_S3_REGION',
  s3Prefix: 'RECKON_S3_PREFIX',
  uploadMaxBytes: 'RECKON_UPLOAD_MAX_BYTES',
  checkpointIntervalMinutes: 'RECKON_CHECKPOINT_INTERVAL_MINUTES',
  verifyIntervalHours: 'RECKON_VERIFY_INTERVAL_HOURS',
  timestampAuthorityUrl: 'RECKON_TIMESTAMP_AUTHORITY_URL',
  timestampCaFile: 'RECKON_TIMESTAMP_CA_FILE',
  dialogueJoinsPerMinute: 'RECKON_DIALOGUE_JOINS_PER_MINUTE',
  dialogueVotesPerMinute: 'RECKON_DIALOGUE_VOTES_PER_MINUTE',
  dialogueVotesPerMinutePerAddress: 'RECKON_DIALOGUE_VOTES_PER_MINUTE_PER_ADDRESS',
  dialogueStatementsPerMinute: 'RECKON_DIALOGUE_STATEMENTS_PER_MINUTE',
  dialogueStatementsPerMinutePerAddress: 'RECKON_DIALOGUE_STATEMENTS_PER_MINUTE_PER_ADDRESS',
  dialogueAnalysisDebounceMs: 'RECKON_DIALOGUE_ANALYSIS_DEBOUNCE_MS',
  dialogueCheckpointMinutes: 'RECKON_DIALOGUE_CHECKPOINT_MINUTES',
  translationUrl: 'RECKON_TRANSLATION_URL',
  translationApiKey: 'RECKON_TRANSLATION_API_KEY',
  translationTimeoutMs: 'RECKON_TRANSLATION_TIMEOUT_MS',
  casualtyStatsMinCell: 'RECKON_CASUALTY_STATS_MIN_CELL',
  publicDataLicence: 'RECKON_PUBLIC_DATA_LICENCE',
  memorialMinSources: 'RECKON_MEMORIAL_MIN_SOURCES',
  publicApiPerMinute: 'RECKON_PUBLIC_API_PER_MINUTE',
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Reckon cannot start: the configuration is not valid.\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export type ConfigFlags = Partial<Record<keyof z.input<typeof configSchema>, string | number | boolean | undefined>>;

export function loadConfig(flags: ConfigFlags = {}, env: NodeJS.ProcessEnv = process.env): Config {
  const raw: Record<string, unknown> = {};
  for (const [key, envName] of Object.entries(environmentNames)) {
    const fromFlag = flags[key as keyof ConfigFlags];
    const fromEnv = env[envName];
    const value = fromFlag ?? (fromEnv === '' ? undefined : fromEnv);
    if (value !== undefined) raw[key] = value;
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const key = String(issue.path[0]) as keyof typeof environmentNames;
        const given = raw[key];
        const shown = key === 'databaseUrl' ? '(hidden)' : JSON.stringify(given);
        return `${key} (flag --${kebab(key)} or ${environmentNames[key]}) = ${shown}: ${issue.message}`;
      }),
    );
  }
  const config = parsed.data;
  return {
    ...config,
    dataDirAbsolute: resolve(config.dataDir),
    secureCookies: config.publicUrl?.startsWith('https:') ?? false,
  };
}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}
