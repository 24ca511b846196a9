/**
 * The proof JSON the server emits and `reckon ledger verify-proof` checks offline (documented in docs/ledger.md).
 *
 *   { "format": "reckon-ledger-proof/1", "type": "inclusion", "treeSize", "leafIndex", "leafHash" | "entry",
 *     "proof": [hex…], "root"?, "checkpoint"?, "publicKey"? }
 *   { "format": "reckon-ledger-proof/1", "type": "consistency", "firstSize", "secondSize", "firstRoot"?,
 *     "secondRoot"?, "proof": [hex…], "firstCheckpoint"?, "secondCheckpoint"?, "publicKey"? }
 *   { "format": "reckon-ledger-proof/1", "type": "batch", "checkpoint"?, "publicKey"?, "proofs": [ … ] }
 *
 * Members of a batch inherit its checkpoint and public key. A root is taken from the signed checkpoint when one is
 * given; a root given beside a checkpoint must equal the checkpoint's.
 */
import { openCheckpoint, parseCheckpointBody, type Checkpoint } from './checkpoint.ts';
import { EntryError, entryLeafHash, parseEntry } from './entry.ts';
import { MerkleError } from './errors.ts';
import { HASH_SIZE, equalBytes, fromHex, toHex } from './hashing.ts';
import { NoteError, parseNote, parseVerifierKey, type NoteVerifier } from './signed-note.ts';
import { verifyConsistency, verifyInclusion } from './verify-proof.ts';
import { CheckpointError } from './checkpoint.ts';
import { checkTimestampMember, type TimestampMember } from './timestamp-member.ts';
import { TimestampError } from './timestamp.ts';

export const PROOF_FORMAT = 'reckon-ledger-proof/1';
const MAX_PROOF_ELEMENTS = 128;
const MAX_BATCH = 100_000;

export interface ProofCheck {
  /** JSON path of the proof within the file, e.g. "proofs[3]". */
  path: string;
  ok: boolean;
  message: string;
}

export interface ProofReport {
  ok: boolean;
  checks: ProofCheck[];
  warnings: string[];
}

export interface ProofOptions {
  /** A verifier key from an independent channel; overrides (and must agree with) any key in the file. */
  publicKey?: string;
  /** A signed checkpoint note from an independent channel; used when the file has none. */
  checkpoint?: string;
  /** The expected log origin; checkpoints of other logs are refused. */
  origin?: string;
  /** PEM of the CA(s) trusted for RFC 3161 time-stamps; otherwise any CA carried in the file is used, with a warning. */
  tsaCertificates?: string;
}

class ProofFormatError extends Error {}

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function field<T>(obj: Json, name: string, path: string, check: (v: unknown) => v is T, expected: string, optional = false): T | undefined {
  const v = obj[name];
  if (v === undefined && optional) return undefined;
  if (!check(v)) throw new ProofFormatError(`${path}.${name}: expected ${expected}`);
  return v;
}

const isSize = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const isString = (v: unknown): v is string => typeof v === 'string';

function hash(obj: Json, name: string, path: string, optional = false): Uint8Array | undefined {
  const text = field(obj, name, path, isString, `a ${HASH_SIZE * 2}-digit hex hash`, optional);
  if (text === undefined) return undefined;
  const bytes = fromHex(text, HASH_SIZE);
  if (!bytes) throw new ProofFormatError(`${path}.${name}: expected a ${HASH_SIZE * 2}-digit hex hash`);
  return bytes;
}

function proofPath(obj: Json, path: string): Uint8Array[] {
  const list = obj.proof;
  if (!Array.isArray(list)) throw new ProofFormatError(`${path}.proof: expected an array of hex hashes`);
  if (list.length > MAX_PROOF_ELEMENTS) throw new ProofFormatError(`${path}.proof: more than ${MAX_PROOF_ELEMENTS} elements`);
  return list.map((item, i) => {
    const bytes = typeof item === 'string' ? fromHex(item, HASH_SIZE) : undefined;
    if (!bytes) throw new ProofFormatError(`${path}.proof[${i}]: expected a ${HASH_SIZE * 2}-digit hex hash`);
    return bytes;
  });
}

interface Context {
  verifier?: NoteVerifier;
  checkpoint?: string;
  origin?: string;
  warnings: string[];
}

function checkpointFrom(note: string, ctx: Context, where: string): Checkpoint {
  if (ctx.verifier) return openCheckpoint(note, [ctx.verifier], ctx.origin);
  const cp = parseCheckpointBody(parseNote(note).text);
  if (ctx.origin !== undefined && cp.origin !== ctx.origin) throw new CheckpointError(`checkpoint origin ${JSON.stringify(cp.origin)} is not the expected ${JSON.stringify(ctx.origin)}`);
  ctx.warnings.push(`${where}: checkpoint signature NOT checked (no public key given); the root is only as trustworthy as this file`);
  return cp;
}

function rootFor(explicit: Uint8Array | undefined, note: string | undefined, size: number, ctx: Context, where: string): Uint8Array {
  if (note !== undefined) {
    const cp = checkpointFrom(note, ctx, where);
    if (cp.size !== size) throw new ProofFormatError(`${where}: the checkpoint is for tree size ${cp.size}, the proof for ${size}`);
    if (explicit && !equalBytes(explicit, cp.root)) throw new ProofFormatError(`${where}: the root given differs from the signed checkpoint's root`);
    return cp.root;
  }
  if (!explicit) throw new ProofFormatError(`${where}: no root and no checkpoint to check the proof against`);
  ctx.warnings.push(`${where}: checked against a bare root hash, not a signed checkpoint`);
  return explicit;
}

function verifyOne(obj: Json, path: string, ctx: Context): string {
  const type = obj.type;
  const note = (name: string): string | undefined => field(obj, name, path, isString, 'a signed checkpoint note', true);
  if (type === 'inclusion') {
    const treeSize = field(obj, 'treeSize', path, isSize, 'a non-negative integer')!;
    const leafIndex = field(obj, 'leafIndex', path, isSize, 'a non-negative integer')!;
    let leafHash = hash(obj, 'leafHash', path, true);
    if (obj.entry !== undefined) {
      const entry = parseEntry(obj.entry, `${path}.entry`);
      if (entry.seq !== leafIndex) throw new ProofFormatError(`${path}.entry.seq is ${entry.seq} but leafIndex is ${leafIndex}`);
      const computed = entryLeafHash(entry);
      if (leafHash && !equalBytes(leafHash, computed)) throw new ProofFormatError(`${path}.leafHash does not match the hash of ${path}.entry: the entry was altered`);
      leafHash = computed;
    }
    if (!leafHash) throw new ProofFormatError(`${path}: needs leafHash or entry`);
    const root = rootFor(hash(obj, 'root', path, true), note('checkpoint') ?? ctx.checkpoint, treeSize, ctx, path);
    verifyInclusion(leafHash, leafIndex, treeSize, proofPath(obj, path), root);
    return `entry ${leafIndex} is in the log of size ${treeSize} (root ${toHex(root).slice(0, 16)}…)`;
  }
  if (type === 'consistency') {
    const firstSize = field(obj, 'firstSize', path, isSize, 'a non-negative integer')!;
    const secondSize = field(obj, 'secondSize', path, isSize, 'a non-negative integer')!;
    const firstRoot = rootFor(hash(obj, 'firstRoot', path, true), note('firstCheckpoint'), firstSize, ctx, `${path} (first)`);
    const secondRoot = rootFor(hash(obj, 'secondRoot', path, true), note('secondCheckpoint') ?? ctx.checkpoint, secondSize, ctx, `${path} (second)`);
    verifyConsistency(firstSize, secondSize, firstRoot, secondRoot, proofPath(obj, path));
    return `the log of size ${firstSize} is a prefix of the log of size ${secondSize}`;
  }
  throw new ProofFormatError(`${path}.type: expected "inclusion", "consistency" or "batch"`);
}

/** Checks a parsed proof file. Never throws for bad content: every problem becomes a failed check naming its path. */
export function verifyProofDocument(doc: unknown, options: ProofOptions = {}): ProofReport {
  const checks: ProofCheck[] = [];
  const warnings: string[] = [];
  const fail = (path: string, error: unknown): void => {
    if (error instanceof ProofFormatError || error instanceof MerkleError || error instanceof NoteError || error instanceof CheckpointError || error instanceof EntryError || error instanceof TimestampError) {
      checks.push({ path, ok: false, message: error instanceof MerkleError || error instanceof NoteError || error instanceof TimestampError ? `${path}: ${error.message}` : error.message });
      return;
    }
    throw error;
  };
  if (!isObject(doc)) return { ok: false, checks: [{ path: '$', ok: false, message: '$: the proof file must hold a JSON object' }], warnings };
  if (doc.format !== PROOF_FORMAT) {
    return { ok: false, checks: [{ path: '$', ok: false, message: `$.format: expected "${PROOF_FORMAT}"` }], warnings };
  }
  const ctx: Context = { warnings, origin: options.origin };
  try {
    const fileKey = field(doc, 'publicKey', '$', isString, 'a note verifier key', true);
    const fileVerifier = fileKey !== undefined ? parseVerifierKey(fileKey) : undefined;
    const givenVerifier = options.publicKey !== undefined ? parseVerifierKey(options.publicKey) : undefined;
    if (fileVerifier && givenVerifier && (fileVerifier.keyHash !== givenVerifier.keyHash || fileVerifier.name !== givenVerifier.name)) {
      throw new ProofFormatError('$.publicKey: the key in the file is not the key you gave: do not trust this file');
    }
    ctx.verifier = givenVerifier ?? fileVerifier;
    if (fileVerifier && !givenVerifier) warnings.push('$.publicKey: using the public key inside the file; compare it with the one the archive publishes');
    ctx.checkpoint = field(doc, 'checkpoint', '$', isString, 'a signed checkpoint note', true) ?? options.checkpoint;
  } catch (error) {
    fail('$', error);
    return { ok: false, checks, warnings };
  }
  if (doc.type === 'batch') {
    const proofs = doc.proofs;
    if (!Array.isArray(proofs) || proofs.length === 0 || proofs.length > MAX_BATCH) {
      return { ok: false, checks: [{ path: '$.proofs', ok: false, message: `$.proofs: expected 1 to ${MAX_BATCH} proofs` }], warnings };
    }
    proofs.forEach((p, i) => {
      const path = `$.proofs[${i}]`;
      try {
        if (!isObject(p)) throw new ProofFormatError(`${path}: expected an object`);
        checks.push({ path, ok: true, message: verifyOne(p, path, ctx) });
      } catch (error) {
        fail(path, error);
      }
    });
  } else {
    try {
      checks.push({ path: '$', ok: true, message: verifyOne(doc, '$', ctx) });
    } catch (error) {
      fail('$', error);
    }
  }
  // RFC 3161 tokens bind the signed checkpoint notes to a time: `timestamp` covers the checkpoint (the second one
  // of a consistency proof), `firstTimestamp` the first checkpoint.
  const noteOf = (name: string): string | undefined => (typeof doc[name] === 'string' ? (doc[name] as string) : undefined);
  const stamps: Array<[string, string | undefined]> =
    doc.type === 'consistency' ? [['timestamp', noteOf('secondCheckpoint')], ['firstTimestamp', noteOf('firstCheckpoint')]] : [['timestamp', ctx.checkpoint]];
  for (const [name, stamped] of stamps) {
    if (doc[name] === undefined) continue;
    try {
      checks.push({ path: `$.${name}`, ok: true, message: checkTimestampMember(doc[name], stamped, `$.${name}`, options.tsaCertificates, warnings) });
    } catch (error) {
      fail(`$.${name}`, error instanceof Error && !(error instanceof TimestampError) && /certificate|PEM|asn1|ASN1/i.test(error.message) ? new TimestampError('bad-certificate', error.message) : error);
    }
  }
  return { ok: checks.length > 0 && checks.every((c) => c.ok), checks, warnings: [...new Set(warnings)] };
}

export interface InclusionProofDocument {
  format: typeof PROOF_FORMAT;
  type: 'inclusion';
  treeSize: number;
  leafIndex: number;
  leafHash: string;
  proof: string[];
  root?: string;
  entry?: unknown;
  checkpoint?: string;
  publicKey?: string;
  timestamp?: TimestampMember;
}

export interface ConsistencyProofDocument {
  format: typeof PROOF_FORMAT;
  type: 'consistency';
  firstSize: number;
  secondSize: number;
  firstRoot?: string;
  secondRoot?: string;
  proof: string[];
  firstCheckpoint?: string;
  secondCheckpoint?: string;
  publicKey?: string;
  timestamp?: TimestampMember;
  firstTimestamp?: TimestampMember;
}

/** What the server emits for GET …/proof/inclusion; undefined members are left out. */
export function makeInclusionProofDocument(args: {
  treeSize: number;
  leafIndex: number;
  leafHash: Uint8Array;
  proof: readonly Uint8Array[];
  root?: Uint8Array;
  entry?: unknown;
  checkpoint?: string;
  publicKey?: string;
  timestamp?: TimestampMember;
}): InclusionProofDocument {
  return dropUndefined({
    format: PROOF_FORMAT,
    type: 'inclusion',
    treeSize: args.treeSize,
    leafIndex: args.leafIndex,
    leafHash: toHex(args.leafHash),
    proof: args.proof.map(toHex),
    root: args.root && toHex(args.root),
    entry: args.entry,
    checkpoint: args.checkpoint,
    publicKey: args.publicKey,
    timestamp: args.timestamp,
  });
}

export function makeConsistencyProofDocument(args: {
  firstSize: number;
  secondSize: number;
  proof: readonly Uint8Array[];
  firstRoot?: Uint8Array;
  secondRoot?: Uint8Array;
  firstCheckpoint?: string;
  secondCheckpoint?: string;
  publicKey?: string;
  timestamp?: TimestampMember;
  firstTimestamp?: TimestampMember;
}): ConsistencyProofDocument {
  return dropUndefined({
    format: PROOF_FORMAT,
    type: 'consistency',
    firstSize: args.firstSize,
    secondSize: args.secondSize,
    firstRoot: args.firstRoot && toHex(args.firstRoot),
    secondRoot: args.secondRoot && toHex(args.secondRoot),
    proof: args.proof.map(toHex),
    firstCheckpoint: args.firstCheckpoint,
    secondCheckpoint: args.secondCheckpoint,
    publicKey: args.publicKey,
    timestamp: args.timestamp,
    firstTimestamp: args.firstTimestamp,
  });
}

function dropUndefined<T extends object>(obj: T): T {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as T;
}
