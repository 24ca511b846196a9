import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Kysely } from 'kysely';
import { checkpointImprint, makeTimestampRequest, parseCertificates, parseTimestampResponse, verifyTimestampToken } from '../../core/ledger/timestamp.ts';
import type { Database } from '../db/schema.ts';
import * as repo from './repository.ts';

type Db = Kysely<Database>;

const MAX_RESPONSE_BYTES = 1024 * 1024;
/** Checkpoints stamped per retry pass; older ones wait for the next pass. */
const RETRY_BATCH = 20;

export interface TimestampSettings {
  url?: string;
  caCertFile?: string;
  timeoutMs?: number;
}

export interface TimestampStatus {
  enabled: boolean;
  /** The authority's URL without any user name or password. */
  authority: string | null;
  stamped: number;
  pending: number;
  lastSuccess: string | null;
  lastError: { at: string; checkpointId: number; message: string } | null;
}

/** The URL as shown to people and stored beside tokens: credentials removed. */
export function displayAuthority(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.toString();
  } catch {
    return '(invalid URL)';
  }
}

/**
 * Gets RFC 3161 time-stamps for signed checkpoints. Never throws into the caller: a checkpoint is kept whether or
 * not the authority answers, a failure is recorded as an attempt, and `retryPending` (on a schedule) tries again
 * with a back-off, so an authority that is down never blocks appends or checkpoints.
 */
export class CheckpointTimestamper {
  private readonly trustedPem: string | undefined;

  constructor(
    private readonly db: Db,
    private readonly settings: TimestampSettings,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {
    try {
      this.trustedPem = settings.caCertFile ? readFileSync(settings.caCertFile, 'utf8') : undefined;
      if (this.trustedPem) parseCertificates(this.trustedPem);
    } catch (error) {
      throw new Error(`timestampCaFile (RECKON_TIMESTAMP_CA_FILE) ${settings.caCertFile}: not a readable PEM certificate file (${(error as Error).message})`);
    }
  }

  get enabled(): boolean {
    return Boolean(this.settings.url);
  }

  get caPem(): string | undefined {
    return this.trustedPem;
  }

  get authority(): string | null {
    return this.settings.url ? displayAuthority(this.settings.url) : null;
  }

  /** Asks the authority for a token over the note, and checks it before it is kept. */
  async request(note: string): Promise<{ token: Uint8Array; genTime: Date }> {
    const digest = checkpointImprint(note);
    const nonce = BigInt(`0x${randomBytes(8).toString('hex')}`);
    const response = await this.fetchImpl(this.settings.url!, {
      method: 'POST',
      headers: { 'content-type': 'application/timestamp-query', accept: 'application/timestamp-reply' },
      body: new Uint8Array(makeTimestampRequest(digest, nonce)),
      signal: AbortSignal.timeout(this.settings.timeoutMs ?? 10_000),
      redirect: 'error',
    });
    if (!response.ok) throw new Error(`the authority answered HTTP ${response.status}`);
    const declared = Number(response.headers.get('content-length') ?? 0);
    if (declared > MAX_RESPONSE_BYTES) throw new Error(`the authority's answer is larger than ${MAX_RESPONSE_BYTES} bytes`);
    const body = new Uint8Array(await response.arrayBuffer());
    if (body.length > MAX_RESPONSE_BYTES) throw new Error(`the authority's answer is larger than ${MAX_RESPONSE_BYTES} bytes`);
    const parsed = parseTimestampResponse(body);
    if (!parsed.token) throw new Error(`the authority refused: ${parsed.status}${parsed.statusText ? ` (${parsed.statusText})` : ''}`);
    const trusted = this.trustedPem ? parseCertificates(this.trustedPem) : undefined;
    const verified = verifyTimestampToken(parsed.token, digest, { trusted, nonce });
    return { token: parsed.token, genTime: verified.genTime };
  }

  /** Stamps one checkpoint if it has no token yet. Returns true when it has one afterwards. */
  async stamp(checkpointId: number): Promise<boolean> {
    if (!this.enabled) return false;
    const row = await repo.checkpointForStamp(this.db, checkpointId);
    if (!row) return false;
    if (row.stamped !== null) return true;
    const authority = this.authority!;
    try {
      const { token, genTime } = await this.request(row.note);
      await repo.insertTimestampIfMissing(this.db, { checkpoint_id: checkpointId, authority, token, gen_time: genTime });
      return true;
    } catch (error) {
      const message = error instanceof Error ? (error.name === 'TimeoutError' ? 'the authority did not answer in time' : error.message) : String(error);
      await repo.insertTimestampAttempt(this.db, { checkpoint_id: checkpointId, authority, error: message.slice(0, 2000) }).catch(() => {});
      return false;
    }
  }

  /**
   * Tries the checkpoints still without a token, newest first. A checkpoint that failed n times waits
   * min(2^n, 60) minutes since its last attempt, so a long outage costs one request an hour per checkpoint.
   */
  async retryPending(now = new Date()): Promise<number> {
    if (!this.enabled) return 0;
    const rows = await repo.unstampedCheckpoints(this.db, RETRY_BATCH * 5);
    let stamped = 0;
    let tried = 0;
    for (const row of rows) {
      if (tried >= RETRY_BATCH) break;
      const failures = Number(row.failures);
      const wait = Math.min(2 ** failures, 60) * 60_000;
      if (failures > 0 && row.last && now.getTime() - new Date(row.last as Date).getTime() < wait) continue;
      tried++;
      if (await this.stamp(Number(row.id))) stamped++;
    }
    return stamped;
  }

  async status(): Promise<TimestampStatus> {
    const [counts, lastOk, lastError] = await Promise.all([repo.timestampCounts(this.db), repo.latestTimestamp(this.db), repo.latestOpenAttempt(this.db)]);
    const stamped = Number(counts.stamped);
    return {
      enabled: this.enabled,
      authority: this.authority,
      stamped,
      pending: this.enabled ? Number(counts.total) - stamped : 0,
      lastSuccess: lastOk ? lastOk.created_at.toISOString() : null,
      lastError: lastError ? { at: lastError.attempted_at.toISOString(), checkpointId: Number(lastError.checkpoint_id), message: lastError.error } : null,
    };
  }
}
