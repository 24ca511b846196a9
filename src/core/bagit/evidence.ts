/**
 * The checks that bind a Reckon evidence package together, beyond BagIt's own manifests (which a forger can simply
 * regenerate, as bagit-python does on `save`): the payload files against the signed, proved ledger entries that name
 * them; the checkpoint's signature against the bag's key and, when the verifier has one, an expected key; every
 * RFC 3161 token against the note it stamps and a CA; the metadata and custody JSON against the entries they mirror;
 * every inclusion proof against the signed checkpoint.
 *
 * Pure and synchronous, with no I/O: the CLI (`reckon bag verify`, `reckon bag import`) and the bag's own verify.html
 * (bundled for the browser with a node:crypto stand-in) run this same code on what they have read.
 */
import { createHash } from 'node:crypto';
import { CheckpointError, openCheckpoint, parseCheckpointBody, type Checkpoint } from '../ledger/checkpoint.ts';
import { EntryError, parseEntry, type LedgerEntry } from '../ledger/entry.ts';
import { PROOF_FORMAT, verifyProofDocument } from '../ledger/proof-format.ts';
import { formatVerifierKey, NoteError, parseNote, parseVerifierKey, type NoteVerifier } from '../ledger/signed-note.ts';
import { TimestampError } from '../ledger/timestamp.ts';
import { checkTimestampMember } from '../ledger/timestamp-member.ts';
import { bindCaseFile, CASE_FILE_DIR } from '../cases/case-file-binding.ts';
import { bindCustody, bindMetadata, type ItemMetadata } from './evidence-mirror.ts';

export type EvidenceCode =
  | 'not-reckon'
  | 'missing-evidence'
  | 'bad-key'
  | 'wrong-key'
  | 'bad-checkpoint'
  | 'bad-timestamp'
  | 'bad-proof'
  | 'unbound-file'
  | 'payload-mismatch'
  | 'metadata-mismatch'
  | 'custody-mismatch'
  | 'missing-file'
  | 'case-file-mismatch';

export interface EvidenceProblem {
  code: EvidenceCode;
  /** The bag file at fault. */
  path: string;
  message: string;
}

export interface EvidenceInput {
  /** Digests measured from the bag's payload (bag path "data/…" → lower-case hex), never the manifests' claims. */
  payload: ReadonlyMap<string, { sha256?: string; sha512?: string }>;
  /** The tag files (everything outside data/), bag path → bytes. */
  tags: ReadonlyMap<string, Uint8Array>;
  bagInfo: Readonly<Record<string, string>>;
  /** The ledger key the recipient expects (from an independent channel); the bag must be signed by it. */
  expectedKey?: string;
  /** PEM of the CA the recipient trusts for time-stamps; otherwise the bag's ledger/tsa-ca.pem is used, with a warning. */
  trustedTsaPem?: string;
  /** Check the evidence even when the bag shows no sign of being a Reckon package (import does). */
  requireEvidence?: boolean;
}

export interface EvidenceReport {
  /** Whether the bag is (or claims to be) a Reckon evidence package. */
  reckon: boolean;
  ok: boolean;
  problems: EvidenceProblem[];
  warnings: string[];
  /** What held, one line each (the checkpoint, its time-stamp, the counts bound), for people to read. */
  passed: string[];
  /** The proved ledger entries, by seq (only those whose inclusion proof verified). */
  entries: ReadonlyMap<number, LedgerEntry>;
  /** Item id → the metadata JSON that verified against the ledger (what import may use). */
  items: ReadonlyMap<string, ItemMetadata>;
}

const KEY_FILE = 'ledger/public-key.txt';
const CHECKPOINT_FILE = 'ledger/checkpoint.txt';
const TOKEN_FILE = 'ledger/checkpoint.tsr';
const CA_FILE = 'ledger/tsa-ca.pem';
const PROOFS_FILE = 'ledger/proofs.json';
const METADATA = /^metadata\/items\/([^/]+)\.json$/;
const CUSTODY = /^custody\/items\/([^/]+)\.json$/;
const KNOWN_TAG = /^(bagit\.txt|bag-info\.txt|(tag)?manifest-[a-z0-9]+\.txt|ledger\/(public-key\.txt|checkpoint\.txt|checkpoint\.tsr|tsa-ca\.pem|proofs\.json))$/;
const PAYLOAD = /^data\/items\/([^/]+)\/(.+)$/;

const decoder = new TextDecoder('utf-8', { fatal: true });
const text = (bytes: Uint8Array | undefined): string | undefined => {
  if (!bytes) return undefined;
  try {
    return decoder.decode(bytes);
  } catch {
    return undefined;
  }
};
const toBase64 = (bytes: Uint8Array): string => {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
};

/** Whether the bag shows any part of a Reckon evidence package (a forger who removes them all is left with a plain bag). */
export function looksLikeReckonPackage(tags: ReadonlyMap<string, Uint8Array>, bagInfo: Readonly<Record<string, string>>): boolean {
  if (/^Reckon\b/.test(bagInfo['Bag-Software-Agent'] ?? '')) return true;
  return [...tags.keys()].some((p) => /^(ledger|metadata|custody)\//.test(p) || p === 'verify.html' || p === 'VERIFY.txt');
}

export function checkEvidence(input: EvidenceInput): EvidenceReport {
  const problems: EvidenceProblem[] = [];
  const warnings: string[] = [];
  const passed: string[] = [];
  const entries = new Map<number, LedgerEntry>();
  const items = new Map<string, ItemMetadata>();
  const fail = (code: EvidenceCode, path: string, message: string): void => {
    problems.push({ code, path, message: message.startsWith(path) ? message : `${path}: ${message}` });
  };
  const done = (reckon: boolean): EvidenceReport => ({ reckon, ok: problems.length === 0, problems, warnings: [...new Set(warnings)], passed, entries, items });

  const reckon = looksLikeReckonPackage(input.tags, input.bagInfo);
  if (!reckon && !input.requireEvidence && input.expectedKey === undefined) {
    warnings.push('a plain BagIt bag, not a Reckon evidence package: its files match its manifests, but nothing binds them to a signed ledger');
    return done(false);
  }
  if (!reckon) {
    fail('not-reckon', KEY_FILE, 'the bag holds no ledger, metadata or custody log: nothing binds its files to a signed record');
    return done(false);
  }

  const verifier = checkKeys(input, fail, warnings);
  const cp = verifier ? checkCheckpoint(input, verifier, fail, passed) : undefined;
  const note = text(input.tags.get(CHECKPOINT_FILE));
  const trusted = tsaTrust(input, warnings);
  const tokenCache = new Map<string, string | TimestampError>();
  const checkToken = (token: string, path: string): void => {
    if (note === undefined) return;
    let result = tokenCache.get(token);
    if (result === undefined) {
      try {
        result = checkTimestampMember({ token }, note, path, trusted, []);
      } catch (error) {
        result = error instanceof TimestampError ? error : new TimestampError('malformed-token', (error as Error).message);
      }
      tokenCache.set(token, result);
    }
    if (result instanceof TimestampError) fail('bad-timestamp', path.split(' ')[0], `${path}: ${result.message}`);
    else if (!passed.includes(result)) passed.push(result);
  };
  const tsr = input.tags.get(TOKEN_FILE);
  if (tsr) checkToken(toBase64(tsr), TOKEN_FILE);
  // The CA file a recipient is told to give `openssl ts -verify` must be one the token chains to, even when the
  // verifier trusts a CA of its own.
  const bagCa = text(input.tags.get(CA_FILE));
  if (tsr && note !== undefined && input.trustedTsaPem !== undefined && bagCa !== undefined) {
    try {
      checkTimestampMember({ token: toBase64(tsr) }, note, TOKEN_FILE, bagCa, []);
    } catch (error) {
      fail('bad-timestamp', CA_FILE, `the checkpoint's time-stamp does not verify against this CA certificate: ${(error as Error).message}`);
    }
  }
  else if (input.trustedTsaPem !== undefined) fail('missing-evidence', TOKEN_FILE, 'a trusted time-stamp CA was given, but the bag carries no time-stamp token of its checkpoint');

  if (verifier && cp && note !== undefined) {
    checkProofs(input, note, verifier, cp, tsr ? toBase64(tsr) : undefined, checkToken, entries, fail, passed);
  }
  bindPayload(input, entries, fail);
  for (const [path, bytes] of input.tags) {
    const meta = METADATA.exec(path);
    const custody = CUSTODY.exec(path);
    if (meta) {
      const bound = bindMetadata(meta[1], path, bytes, text(bytes), entries, input.payload, input.bagInfo['External-Identifier']);
      for (const p of bound.problems) fail(p.code, p.path, p.message);
      warnings.push(...bound.warnings);
      if (bound.item && bound.problems.length === 0) items.set(meta[1], bound.item);
    } else if (custody) {
      for (const p of bindCustody(custody[1], path, text(bytes), entries, input.payload, input.bagInfo['External-Identifier'])) fail(p.code, p.path, p.message);
    }
  }
  // A case file (src/core/cases/case-file-binding.ts): its files and evidence links against the proved entries.
  const caseFile = bindCaseFile(input.tags, entries, input.bagInfo['External-Identifier'], (bytes) => createHash('sha256').update(bytes).digest('hex') as string, text);
  for (const p of caseFile.problems) fail('case-file-mismatch', p.path.split(' ')[0], p.message);
  passed.push(...caseFile.passed);
  const unbound = [...input.tags.keys()].filter((p) => !KNOWN_TAG.test(p) && !METADATA.test(p) && !CUSTODY.test(p) && !p.startsWith(CASE_FILE_DIR));
  if (unbound.length) warnings.push(`${unbound.join(', ')}: not bound by the ledger (for reading only; rely on the files checked above)`);
  for (const path of input.payload.keys()) {
    const m = PAYLOAD.exec(path);
    if (m && !input.tags.has(`metadata/items/${m[1]}.json`)) fail('missing-evidence', `metadata/items/${m[1]}.json`, `describes ${path}, but is not in the bag`);
  }
  if (problems.length === 0) passed.push(`${input.payload.size} payload file${input.payload.size === 1 ? '' : 's'} bound to signed ledger entries; ${items.size} item${items.size === 1 ? '' : 's'}' metadata and custody logs agree with the ledger`);
  return done(true);
}

type Fail = (code: EvidenceCode, path: string, message: string) => void;

/** The key the checkpoint must be signed with: the expected one when given (and the bag's must be it). */
function checkKeys(input: EvidenceInput, fail: Fail, warnings: string[]): NoteVerifier | undefined {
  const keyText = text(input.tags.get(KEY_FILE));
  let bagKey: NoteVerifier | undefined;
  if (keyText === undefined) fail('missing-evidence', KEY_FILE, 'the ledger public key is not in the bag');
  else {
    try {
      bagKey = parseVerifierKey(keyText.trim());
    } catch (error) {
      fail('bad-key', KEY_FILE, (error as Error).message);
    }
  }
  if (input.expectedKey === undefined) {
    if (bagKey) warnings.push(`${KEY_FILE}: the checkpoint was checked with the key inside the bag (${formatVerifierKey(bagKey)}); compare it with the key the archive publishes, or give it with --key`);
    return bagKey;
  }
  let expected: NoteVerifier;
  try {
    expected = parseVerifierKey(input.expectedKey.trim());
  } catch (error) {
    fail('bad-key', '--key', `the expected key is not a note verifier key: ${(error as Error).message}`);
    return undefined;
  }
  if (bagKey && formatVerifierKey(bagKey) !== formatVerifierKey(expected)) {
    fail('wrong-key', KEY_FILE, `the bag carries the key ${formatVerifierKey(bagKey)}, not the expected ${formatVerifierKey(expected)}: it was signed (or re-signed) by someone else`);
  }
  return expected;
}

function checkCheckpoint(input: EvidenceInput, verifier: NoteVerifier, fail: Fail, passed: string[]): Checkpoint | undefined {
  const note = text(input.tags.get(CHECKPOINT_FILE));
  if (note === undefined) {
    fail('missing-evidence', CHECKPOINT_FILE, input.tags.has(CHECKPOINT_FILE) ? 'is not UTF-8 text' : 'the signed checkpoint is not in the bag');
    return undefined;
  }
  try {
    const cp = openCheckpoint(note, [verifier]);
    passed.push(`${CHECKPOINT_FILE}: signed by ${formatVerifierKey(verifier)} (Ed25519); tree size ${cp.size}, origin ${cp.origin}`);
    return cp;
  } catch (error) {
    if (!(error instanceof NoteError || error instanceof CheckpointError)) throw error;
    fail('bad-checkpoint', CHECKPOINT_FILE, `${error.message}`);
    // Go on with the unchecked root so that every further fault is still named.
    try {
      return parseCheckpointBody(parseNote(note).text);
    } catch {
      return undefined;
    }
  }
}

function tsaTrust(input: EvidenceInput, warnings: string[]): string | undefined {
  if (input.trustedTsaPem !== undefined) return input.trustedTsaPem;
  const bagCa = text(input.tags.get(CA_FILE));
  if (bagCa !== undefined) {
    warnings.push(`${CA_FILE}: time-stamps were checked against the CA certificate inside the bag; compare it with the one the authority publishes, or give it with --tsa-ca`);
    return bagCa;
  }
  if (input.tags.has(TOKEN_FILE)) warnings.push(`${TOKEN_FILE}: the time-stamp authority was NOT chained to a trusted CA (the bag has no ${CA_FILE}; give --tsa-ca)`);
  return undefined;
}

function checkProofs(
  input: EvidenceInput,
  note: string,
  verifier: NoteVerifier,
  cp: Checkpoint,
  tsrToken: string | undefined,
  checkToken: (token: string, path: string) => void,
  entries: Map<number, LedgerEntry>,
  fail: Fail,
  passed: string[],
): void {
  const raw = text(input.tags.get(PROOFS_FILE));
  if (raw === undefined) {
    fail('missing-evidence', PROOFS_FILE, input.tags.has(PROOFS_FILE) ? 'is not UTF-8 text' : 'the inclusion proofs are not in the bag');
    return;
  }
  let doc: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('expected a JSON object');
    doc = parsed as Record<string, unknown>;
  } catch (error) {
    fail('bad-proof', PROOFS_FILE, `not valid JSON: ${(error as Error).message}`);
    return;
  }
  if (doc.format !== PROOF_FORMAT || doc.type !== 'batch' || !Array.isArray(doc.proofs)) {
    fail('bad-proof', PROOFS_FILE, `expected a "${PROOF_FORMAT}" batch of proofs`);
    return;
  }
  if (doc.checkpoint !== note) fail('bad-proof', PROOFS_FILE, `$.checkpoint is not the checkpoint in ${CHECKPOINT_FILE}`);
  if (doc.publicKey !== undefined && doc.publicKey !== text(input.tags.get(KEY_FILE))?.trim()) fail('bad-proof', PROOFS_FILE, `$.publicKey is not the key in ${KEY_FILE}`);
  // Every proof is checked against the checkpoint file (whose signature was checked above), never against a copy.
  const report = verifyProofDocument({ ...doc, checkpoint: note, publicKey: formatVerifierKey(verifier), timestamp: undefined }, { publicKey: formatVerifierKey(verifier) });
  const failed = new Set<string>();
  for (const check of report.checks) {
    if (!check.ok) {
      failed.add(check.path);
      fail('bad-proof', PROOFS_FILE, check.message);
    }
  }
  // The batch's own token and each proof's copy: a consumer who reads one proof must get a checked token.
  const stamps: Array<[unknown, string]> = [[doc.timestamp, '$.timestamp'], ...(doc.proofs as unknown[]).map((p, i): [unknown, string] => [(p as { timestamp?: unknown } | null)?.timestamp, `$.proofs[${i}].timestamp`])];
  for (const [member, where] of stamps) {
    if (member === undefined) continue;
    const token = (member as { token?: unknown } | null)?.token;
    if (typeof token !== 'string') {
      fail('bad-timestamp', PROOFS_FILE, `${PROOFS_FILE} ${where}: expected an object with a base64 token`);
      continue;
    }
    checkToken(token, `${PROOFS_FILE} ${where}`);
    if (tsrToken !== undefined && token !== tsrToken) fail('bad-timestamp', PROOFS_FILE, `${PROOFS_FILE} ${where}: is not the token in ${TOKEN_FILE}`);
  }
  if (doc.timestamp !== undefined && tsrToken === undefined) fail('missing-evidence', TOKEN_FILE, `${PROOFS_FILE} carries a time-stamp of the checkpoint, but ${TOKEN_FILE} is not in the bag`);
  (doc.proofs as unknown[]).forEach((proof, i) => {
    const path = `$.proofs[${i}]`;
    if (failed.has(path) || failed.has('$')) return;
    const entry = (proof as { entry?: unknown } | null)?.entry;
    if (entry === undefined) return;
    try {
      const parsed = parseEntry(entry, `${path}.entry`);
      if (parsed.seq >= cp.size) return;
      entries.set(parsed.seq, parsed);
    } catch (error) {
      if (error instanceof EntryError) fail('bad-proof', PROOFS_FILE, error.message);
      else throw error;
    }
  });
  if (report.ok) passed.push(`${PROOFS_FILE}: ${entries.size} ledger entries proved to be in the signed log of ${cp.size} entries`);
}

/**
 * Every payload file must be named, with its digests, by a proved entry of the item it lies under: the
 * item.file_added (or item.redacted) entry of an original (its file id starts the name), and the item.exported entry
 * of this very package, which lists every file it put in data/ (originals and generated testimony files alike).
 */
function bindPayload(input: EvidenceInput, entries: ReadonlyMap<number, LedgerEntry>, fail: Fail): void {
  const packageId = input.bagInfo['External-Identifier'];
  for (const [path, got] of input.payload) {
    const m = PAYLOAD.exec(path);
    if (!m) {
      fail('unbound-file', path, 'no ledger entry names this file (it is not where a Reckon package puts an item\'s file)');
      continue;
    }
    const [, itemId, rest] = m;
    const fileId = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})-/.exec(rest)?.[1];
    const binders: Array<{ entry: LedgerEntry; sha256: unknown; sha512: unknown }> = [];
    for (const e of entries.values()) {
      if (e.subject.type !== 'item' || e.subject.id !== itemId) continue;
      if ((e.action === 'item.file_added' || e.action === 'item.redacted') && fileId !== undefined && e.details.fileId === fileId && typeof e.details.sha256 === 'string') {
        binders.push({ entry: e, sha256: e.details.sha256, sha512: e.details.sha512 });
      }
      if (e.action === 'item.exported' && packageId !== undefined && e.details.package === packageId && Array.isArray(e.details.files)) {
        for (const f of e.details.files) {
          if (f && typeof f === 'object' && !Array.isArray(f) && f.path === `items/${itemId}/${rest}`) binders.push({ entry: e, sha256: f.sha256, sha512: f.sha512 });
        }
      }
    }
    if (binders.length === 0) {
      fail('unbound-file', path, `no signed, proved ledger entry of item ${itemId} names this file`);
      continue;
    }
    for (const { entry, ...want } of binders) {
      for (const alg of ['sha256', 'sha512'] as const) {
        const digest = want[alg];
        if (typeof digest !== 'string') continue;
        if (got[alg] !== digest) {
          fail('payload-mismatch', path, `${alg} is ${(got[alg] ?? 'unknown').slice(0, 16)}…, but ledger entry ${entry.seq} (${entry.action}, ${entry.time}) records ${digest.slice(0, 16)}…: the file is not the one the ledger names`);
        }
      }
    }
  }
}

/** The verify result in a stable JSON shape (maps as objects), for --json and the browser. */
export function evidenceSummary(report: EvidenceReport): Omit<EvidenceReport, 'entries' | 'items'> & { entries: number; items: string[] } {
  return { ...report, entries: report.entries.size, items: [...report.items.keys()] };
}
