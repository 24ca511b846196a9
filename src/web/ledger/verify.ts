/**
 * Inclusion-proof checking in the browser, with Web Crypto only, so the reader need not trust the page's server for
 * the arithmetic: RFC 9162 §2.1.1 hashing (leaf = SHA-256(0x00 || entry), node = SHA-256(0x01 || left || right)),
 * the §2.1.3.2 verification loop, and the C2SP signed-note signature (Ed25519 over the note text) where the browser
 * offers Ed25519 in SubtleCrypto. Mirrors src/core/ledger/verify-proof.ts, which uses node:crypto.
 */
import { canonicalize } from '../../core/ledger/canonical-json.ts';

export interface BrowserProofResult {
  ok: boolean;
  /** The root the proof leads to, hex. */
  root?: string;
  treeSize?: number;
  leafIndex?: number;
  /** True when the checkpoint's Ed25519 signature was checked; false when the browser lacks Ed25519. */
  signatureChecked: boolean;
  problem?: string;
}

const HASH_BYTES = 32;
const EM_DASH_PREFIX = '\u2014 ';

export function hexToBytes(hex: string): Uint8Array | null {
  if (!/^(?:[0-9a-f]{2})*$/i.test(hex)) return null;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

export function bytesToHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function base64ToBytes(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) return null;
  const binary = atob(text);
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

async function sha256(...parts: Uint8Array[]): Promise<Uint8Array> {
  const joined = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    joined.set(p, at);
    at += p.length;
  }
  return new Uint8Array(await crypto.subtle.digest('SHA-256', joined));
}

export const hashLeafBrowser = (entry: Uint8Array) => sha256(Uint8Array.of(0), entry);
const hashChildren = (left: Uint8Array, right: Uint8Array) => sha256(Uint8Array.of(1), left, right);

const equal = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

/** The root an inclusion proof leads to (RFC 9162 §2.1.3.2); throws with a reason when it cannot fit (index, size). */
export async function rootFromInclusion(leafHash: Uint8Array, index: number, size: number, path: readonly Uint8Array[]): Promise<Uint8Array> {
  if (!Number.isSafeInteger(size) || size < 1) throw new Error(`tree size must be a positive integer, got ${size}`);
  if (!Number.isSafeInteger(index) || index < 0 || index >= size) throw new Error(`leaf index ${index} is not in a tree of size ${size}`);
  let fn = index;
  let sn = size - 1;
  let r = leafHash;
  for (const p of path) {
    if (sn === 0) throw new Error(`the proof is longer than a tree of size ${size} allows`);
    if (fn % 2 === 1 || fn === sn) {
      r = await hashChildren(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = await hashChildren(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  if (sn !== 0) throw new Error(`the proof is shorter than a tree of size ${size} needs`);
  return r;
}

interface ParsedCheckpoint {
  text: string;
  origin: string;
  size: number;
  root: Uint8Array;
  signatures: { name: string; keyHash: number; signature: Uint8Array<ArrayBuffer> }[];
}

function parseCheckpointNote(note: string): ParsedCheckpoint {
  const split = note.lastIndexOf('\n\n');
  if (split < 0 || !note.endsWith('\n')) throw new Error('the checkpoint is not a signed note');
  const text = note.slice(0, split + 1);
  const [origin, sizeText, rootText] = text.slice(0, -1).split('\n');
  const root = base64ToBytes(rootText ?? '');
  if (!origin || !/^(0|[1-9][0-9]*)$/.test(sizeText ?? '') || !root || root.length !== HASH_BYTES) {
    throw new Error('the checkpoint text is not origin, size and root');
  }
  const signatures = note
    .slice(split + 2, -1)
    .split('\n')
    .map((line) => {
      if (!line.startsWith(EM_DASH_PREFIX)) throw new Error('a checkpoint signature line does not start with "— "');
      const rest = line.slice(EM_DASH_PREFIX.length);
      const space = rest.indexOf(' ');
      const blob = base64ToBytes(rest.slice(space + 1));
      if (space < 1 || !blob || blob.length < 5) throw new Error('a checkpoint signature line is malformed');
      return { name: rest.slice(0, space), keyHash: new DataView(blob.buffer).getUint32(0), signature: new Uint8Array(blob.slice(4)) as Uint8Array<ArrayBuffer> };
    });
  return { text, origin, size: Number(sizeText), root, signatures };
}

/** Checks the note's Ed25519 signature by `verifierKey` (name+hash+base64(0x01||key)); null when Ed25519 is unavailable. */
async function checkSignature(cp: ParsedCheckpoint, verifierKey: string): Promise<boolean | null> {
  // The base64 part may itself contain '+', so only the first two separate fields.
  const first = verifierKey.indexOf('+');
  const second = verifierKey.indexOf('+', first + 1);
  const name = first > 0 ? verifierKey.slice(0, first) : '';
  const hashHex = second > first ? verifierKey.slice(first + 1, second) : '';
  const b64 = second > first ? verifierKey.slice(second + 1) : '';
  const raw = base64ToBytes(b64 ?? '');
  if (!name || !hashHex || !raw || raw.length !== 33 || raw[0] !== 1) throw new Error('the public key is not a note verifier key');
  const keyHash = parseInt(hashHex, 16);
  const sig = cp.signatures.find((s) => s.name === name && s.keyHash === keyHash);
  if (!sig) throw new Error(`the checkpoint is not signed by ${name}`);
  let key: CryptoKey;
  try {
    key = await crypto.subtle.importKey('raw', raw.slice(1), { name: 'Ed25519' }, false, ['verify']);
  } catch {
    return null;
  }
  return crypto.subtle.verify({ name: 'Ed25519' }, key, sig.signature, new TextEncoder().encode(cp.text));
}

/**
 * Checks a `reckon-ledger-proof/1` inclusion document: the entry hashes to the leaf, the path leads to the root of
 * the signed checkpoint, and (where the browser can) the checkpoint's signature holds under `publicKey` (the one the
 * archive publishes, else the one in the document). Never throws: problems come back in `problem`.
 */
export async function verifyInclusionDocument(doc: unknown, publicKey?: string): Promise<BrowserProofResult> {
  const fail = (problem: string): BrowserProofResult => ({ ok: false, signatureChecked: false, problem });
  try {
    if (typeof doc !== 'object' || doc === null) return fail('the proof is not a JSON object');
    const d = doc as Record<string, unknown>;
    if (d.format !== 'reckon-ledger-proof/1' || d.type !== 'inclusion') return fail('not a reckon-ledger-proof/1 inclusion proof');
    const treeSize = d.treeSize;
    const leafIndex = d.leafIndex;
    if (typeof treeSize !== 'number' || typeof leafIndex !== 'number') return fail('treeSize and leafIndex must be numbers');
    let leafHash = typeof d.leafHash === 'string' ? hexToBytes(d.leafHash) : null;
    if (d.entry !== undefined) {
      const computed = await hashLeafBrowser(new TextEncoder().encode(canonicalize(d.entry)));
      if (leafHash && !equal(leafHash, computed)) return fail('the entry does not hash to the leaf hash: it was altered');
      leafHash = computed;
    }
    if (!leafHash || leafHash.length !== HASH_BYTES) return fail('the proof has no valid leaf hash');
    if (!Array.isArray(d.proof) || d.proof.length > 128) return fail('the proof path is not a list of hashes');
    const path = d.proof.map((p) => (typeof p === 'string' ? hexToBytes(p) : null));
    if (path.some((p) => !p || p.length !== HASH_BYTES)) return fail('the proof path holds something that is not a hash');
    const root = await rootFromInclusion(leafHash, leafIndex, treeSize, path as Uint8Array[]);
    if (typeof d.checkpoint !== 'string') return fail('the proof carries no signed checkpoint');
    const cp = parseCheckpointNote(d.checkpoint);
    if (cp.size !== treeSize) return fail(`the checkpoint is for tree size ${cp.size}, the proof for ${treeSize}`);
    if (!equal(cp.root, root)) return fail(`the proof does not lead to the checkpoint's root: entry ${leafIndex} is not in that tree`);
    const key = publicKey ?? (typeof d.publicKey === 'string' ? d.publicKey : undefined);
    if (publicKey && typeof d.publicKey === 'string' && d.publicKey !== publicKey) return fail('the key in the proof is not the key the archive publishes');
    const signature = key ? await checkSignature(cp, key) : null;
    if (signature === false) return fail('the checkpoint signature does not verify');
    return { ok: true, root: bytesToHex(root), treeSize, leafIndex, signatureChecked: signature === true };
  } catch (error) {
    return fail((error as Error).message);
  }
}
