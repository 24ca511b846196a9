/**
 * A ledger entry: one custody event or record change. Its leaf in the Merkle tree is
 * SHA-256(0x00 || RFC 8785 canonical JSON of the entry), so any change to any field changes the leaf.
 */
import { canonicalBytes, canonicalize, CanonicalJsonError } from './canonical-json.ts';
import { hashLeaf } from './hashing.ts';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export interface LedgerEntry {
  /** 0-based position in the log; equal to the leaf index. */
  seq: number;
  /** RFC 3339 UTC time with a Z suffix, e.g. 2026-11-22T10:15:00.000Z. */
  time: string;
  /** Who did it (user id or 'system'). */
  actor: string;
  /** What was done, e.g. 'item.ingest', 'item.export', 'record.update'. */
  action: string;
  subject: { type: string; id: string };
  /** Free-form JSON details of the event. */
  details: { [key: string]: JsonValue };
  /** Hashes of the content concerned (lower-case hex), e.g. { sha256: '…', sha512: '…' }; may be empty. */
  hashes: { [algorithm: string]: string };
}

export class EntryError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'EntryError';
  }
}

const HASH_HEX_LENGTH: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128, 'sha3-256': 64, 'sha3-512': 128 };
const HEX_OF_LENGTH = new Map(Object.values(HASH_HEX_LENGTH).map((n) => [n, new RegExp(`^[0-9a-f]{${n}}$`)]));
const RFC3339_UTC = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,9})?Z$/;
const MAX_TEXT = 1024;

function text(value: unknown, field: string, max = MAX_TEXT): string {
  if (typeof value !== 'string' || value.length === 0) throw new EntryError('must be a non-empty string', field);
  if (value.length > max) throw new EntryError(`is longer than ${max} characters`, field);
  return value;
}

/** Date.parse rolls 31 February over into March; a real date must survive a round trip. */
function isRealDate(time: string): boolean {
  const ms = Date.parse(time);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === time.slice(0, 10);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks an untrusted value (e.g. a parsed JSON row) and returns it as a LedgerEntry, naming the first bad field. */
export function parseEntry(value: unknown, where = 'entry'): LedgerEntry {
  return parseEntryText(value, where).entry;
}

/** parseEntry, also returning the entry's RFC 8785 text (computed once: appends hash exactly these bytes). */
export function parseEntryText(value: unknown, where = 'entry'): { entry: LedgerEntry; text: string } {
  if (!isRecord(value)) throw new EntryError('must be an object', where);
  const known = new Set(['seq', 'time', 'actor', 'action', 'subject', 'details', 'hashes']);
  for (const key of Object.keys(value)) if (!known.has(key)) throw new EntryError('unknown field', `${where}.${key}`);
  const seq = value.seq;
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0) throw new EntryError('must be a non-negative integer', `${where}.seq`);
  const time = text(value.time, `${where}.time`, 40);
  if (!RFC3339_UTC.test(time) || !isRealDate(time)) throw new EntryError('must be an RFC 3339 UTC time ending in Z', `${where}.time`);
  const actor = text(value.actor, `${where}.actor`);
  const action = text(value.action, `${where}.action`, 128);
  if (!isRecord(value.subject)) throw new EntryError('must be an object with type and id', `${where}.subject`);
  const subject = { type: text(value.subject.type, `${where}.subject.type`, 128), id: text(value.subject.id, `${where}.subject.id`) };
  for (const key of Object.keys(value.subject)) if (key !== 'type' && key !== 'id') throw new EntryError('unknown field', `${where}.subject.${key}`);
  const details = value.details ?? {};
  if (!isRecord(details)) throw new EntryError('must be an object', `${where}.details`);
  const hashes = value.hashes ?? {};
  if (!isRecord(hashes)) throw new EntryError('must be an object of algorithm → hex digest', `${where}.hashes`);
  for (const [alg, digest] of Object.entries(hashes)) {
    const length = HASH_HEX_LENGTH[alg];
    if (length === undefined) throw new EntryError(`unsupported algorithm (use ${Object.keys(HASH_HEX_LENGTH).join(', ')})`, `${where}.hashes.${alg}`);
    if (typeof digest !== 'string' || !HEX_OF_LENGTH.get(length)!.test(digest)) {
      throw new EntryError(`must be ${length} lower-case hex digits`, `${where}.hashes.${alg}`);
    }
  }
  const entry: LedgerEntry = {
    seq,
    time,
    actor,
    action,
    subject,
    details: details as LedgerEntry['details'],
    hashes: hashes as LedgerEntry['hashes'],
  };
  // Canonicalising now surfaces NaN, undefined and the like in details with their path.
  try {
    return { entry, text: canonicalize(entry) };
  } catch (error) {
    if (error instanceof CanonicalJsonError) throw new EntryError(error.message, `${where}${error.pointer.replace(/\//g, '.')}`);
    throw error;
  }
}

/** The exact bytes that are hashed into the tree. */
export function encodeEntry(entry: LedgerEntry): Uint8Array {
  return canonicalBytes(entry);
}

export function entryLeafHash(entry: LedgerEntry): Uint8Array {
  return hashLeaf(encodeEntry(entry));
}
