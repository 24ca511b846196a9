/**
 * C2SP signed-note (https://c2sp.org/signed-note), the format of golang.org/x/mod/sumdb/note, with Ed25519 keys.
 *
 *   <text ending in \n>\n— <key name> <base64(key hash (4 bytes, big-endian) || signature)>\n ...
 *
 * key hash = first 4 bytes of SHA-256(name || 0x0A || 0x01 || public key); verifier key = name+hex8+base64(0x01||pub);
 * signer key (Go's textual private key) = PRIVATE+KEY+name+hex8+base64(0x01||seed).
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { fromBase64, toBase64 } from './hashing.ts';

const ALG_ED25519 = 0x01;
const MAX_SIGNATURES = 100;
const EM_DASH_PREFIX = '\u2014 ';
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export type NoteErrorCode = 'malformed-note' | 'malformed-key' | 'bad-signature' | 'no-trusted-signature' | 'wrong-key-hash';

export class NoteError extends Error {
  constructor(
    readonly code: NoteErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'NoteError';
  }
}

export interface NoteVerifier {
  name: string;
  keyHash: number;
  publicKey: Uint8Array;
}

export interface NoteSigner extends NoteVerifier {
  seed: Uint8Array;
}

export interface NoteSignature {
  name: string;
  keyHash: number;
  /** The signature bytes after the 4-byte key hash. */
  signature: Uint8Array;
}

export interface OpenedNote {
  text: string;
  /** Signatures that verified against a given verifier. */
  verified: NoteSignature[];
  /** Signatures by keys we were not given (kept, not trusted). */
  unverified: NoteSignature[];
}

/** Key names: non-empty, no Unicode white space, no '+'. */
export function isValidKeyName(name: string): boolean {
  return name.length > 0 && !/[\s+]/u.test(name) && !/[\p{Cc}]/u.test(name);
}

export function keyHash(name: string, publicKey: Uint8Array): number {
  const digest = createHash('sha256')
    .update(Buffer.from(name, 'utf8'))
    .update(Buffer.of(0x0a, ALG_ED25519))
    .update(publicKey)
    .digest();
  return digest.readUInt32BE(0);
}

const hex8 = (n: number): string => n.toString(16).padStart(8, '0');

function privateKeyObject(seed: Uint8Array): KeyObject {
  return createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' });
}

function publicKeyObject(publicKey: Uint8Array): KeyObject {
  return createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, publicKey]), format: 'der', type: 'spki' });
}

function publicFromSeed(seed: Uint8Array): Uint8Array {
  const der = createPublicKey(privateKeyObject(seed)).export({ format: 'der', type: 'spki' });
  return new Uint8Array(der.subarray(der.length - 32));
}

/** Makes a new Ed25519 signer; `seed` (32 bytes) makes it deterministic for tests. */
export function generateSigner(name: string, seed?: Uint8Array): NoteSigner {
  if (!isValidKeyName(name)) throw new NoteError('malformed-key', `invalid key name ${JSON.stringify(name)}: it must be non-empty, without spaces or '+'`);
  let secret: Uint8Array;
  if (seed) {
    if (seed.length !== 32) throw new NoteError('malformed-key', 'an Ed25519 seed is 32 bytes');
    secret = seed;
  } else {
    const der = generateKeyPairSync('ed25519').privateKey.export({ format: 'der', type: 'pkcs8' });
    secret = new Uint8Array(der.subarray(der.length - 32));
  }
  const publicKey = publicFromSeed(secret);
  return { name, seed: secret, publicKey, keyHash: keyHash(name, publicKey) };
}

export function formatVerifierKey(v: NoteVerifier): string {
  return `${v.name}+${hex8(v.keyHash)}+${toBase64(Buffer.concat([Buffer.of(ALG_ED25519), v.publicKey]))}`;
}

export function formatSignerKey(s: NoteSigner): string {
  return `PRIVATE+KEY+${s.name}+${hex8(s.keyHash)}+${toBase64(Buffer.concat([Buffer.of(ALG_ED25519), s.seed]))}`;
}

function parseKeyParts(name: string, hashHex: string, b64: string, what: string): { keyHash: number; key: Uint8Array } {
  if (!isValidKeyName(name)) throw new NoteError('malformed-key', `${what}: invalid key name ${JSON.stringify(name)}`);
  if (!/^[0-9a-f]{8}$/.test(hashHex)) throw new NoteError('malformed-key', `${what}: key hash must be 8 lower-case hex digits`);
  const raw = fromBase64(b64);
  if (!raw) throw new NoteError('malformed-key', `${what}: key is not valid base64`);
  if (raw.length !== 33 || raw[0] !== ALG_ED25519) throw new NoteError('malformed-key', `${what}: only Ed25519 keys (algorithm 1, 32 bytes) are supported`);
  return { keyHash: parseInt(hashHex, 16), key: raw.subarray(1) };
}

function splitFields(text: string, count: number): string[] | undefined {
  const fields: string[] = [];
  let rest = text;
  for (let i = 0; i < count - 1; i++) {
    const plus = rest.indexOf('+');
    if (plus < 0) return undefined;
    fields.push(rest.slice(0, plus));
    rest = rest.slice(plus + 1);
  }
  fields.push(rest);
  return fields;
}

/** Parses `name+hash+base64key`, checking that the hash really belongs to that name and key. */
export function parseVerifierKey(text: string): NoteVerifier {
  // The base64 key may itself contain '+', so only the first two '+' separate fields.
  const parts = splitFields(text.trim(), 3);
  if (!parts) throw new NoteError('malformed-key', 'verifier key must look like <name>+<8 hex digits>+<base64 key>');
  const [name, hashHex, b64] = parts;
  const { keyHash: claimed, key } = parseKeyParts(name, hashHex, b64, 'verifier key');
  if (keyHash(name, key) !== claimed) throw new NoteError('wrong-key-hash', `verifier key hash ${hashHex} does not match the name and key`);
  return { name, keyHash: claimed, publicKey: new Uint8Array(key) };
}

export function parseSignerKey(text: string): NoteSigner {
  const parts = splitFields(text.trim(), 5);
  if (!parts || parts[0] !== 'PRIVATE' || parts[1] !== 'KEY') {
    throw new NoteError('malformed-key', 'signer key must look like PRIVATE+KEY+<name>+<8 hex digits>+<base64 key>');
  }
  const [, , name, hashHex, b64] = parts;
  const { keyHash: claimed, key } = parseKeyParts(name, hashHex, b64, 'signer key');
  const signer = generateSigner(name, new Uint8Array(key));
  if (signer.keyHash !== claimed) throw new NoteError('wrong-key-hash', `signer key hash ${hashHex} does not match the name and key`);
  return signer;
}

function checkText(text: string): void {
  if (text.length === 0 || !text.endsWith('\n')) throw new NoteError('malformed-note', 'note text must be non-empty and end with a newline');
  // eslint-disable-next-line no-control-regex
  const control = /[\u0000-\u0009\u000b-\u001f\u007f]/.exec(text);
  if (control) {
    const line = text.slice(0, control.index).split('\n').length;
    throw new NoteError('malformed-note', `note text line ${line} contains a control character (U+${control[0].charCodeAt(0).toString(16).padStart(4, '0')})`);
  }
  if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text)) throw new NoteError('malformed-note', 'note text is not valid Unicode');
}

/** Signs `text` with every signer; returns the complete note. */
export function signNote(text: string, signers: readonly NoteSigner[]): string {
  checkText(text);
  if (signers.length === 0) throw new NoteError('malformed-key', 'at least one signer is needed');
  const lines = signers.map((s) => {
    const signature = sign(null, Buffer.from(text, 'utf8'), privateKeyObject(s.seed));
    const blob = Buffer.alloc(4 + signature.length);
    blob.writeUInt32BE(s.keyHash, 0);
    signature.copy(blob, 4);
    return `${EM_DASH_PREFIX}${s.name} ${blob.toString('base64')}\n`;
  });
  return `${text}\n${lines.join('')}`;
}

/** Splits a note into its text and signature lines without checking any signature. */
export function parseNote(note: string): { text: string; signatures: NoteSignature[] } {
  if (note.length > 1_000_000) throw new NoteError('malformed-note', 'note is larger than 1 MB');
  const split = note.lastIndexOf('\n\n');
  if (split < 0) throw new NoteError('malformed-note', 'note has no blank line between text and signatures');
  const text = note.slice(0, split + 1);
  checkText(text);
  const sigBlock = note.slice(split + 2);
  if (!sigBlock.endsWith('\n')) throw new NoteError('malformed-note', 'note must end with a newline after the last signature');
  const lines = sigBlock.slice(0, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) throw new NoteError('malformed-note', `note has more than ${MAX_SIGNATURES} signatures`);
  const textLines = text.split('\n').length - 1;
  const signatures = lines.map((line, i) => {
    const where = `signature line ${i + 1} (note line ${textLines + 2 + i})`;
    if (!line.startsWith(EM_DASH_PREFIX)) throw new NoteError('malformed-note', `${where} does not start with "— " (U+2014 and a space)`);
    const rest = line.slice(EM_DASH_PREFIX.length);
    const space = rest.indexOf(' ');
    if (space < 0) throw new NoteError('malformed-note', `${where} lacks the space between key name and signature`);
    const name = rest.slice(0, space);
    if (!isValidKeyName(name)) throw new NoteError('malformed-note', `${where} has an invalid key name`);
    const blob = fromBase64(rest.slice(space + 1));
    if (!blob || blob.length < 5) throw new NoteError('malformed-note', `${where} has a signature that is not base64 of key hash and signature`);
    return { name, keyHash: Buffer.from(blob).readUInt32BE(0), signature: blob.subarray(4) };
  });
  return { text, signatures };
}

/**
 * Verifies a note against trusted keys. A signature by a trusted key name and hash that does not verify is a
 * forgery and throws; a note with no signature by any trusted key throws too.
 */
export function openNote(note: string, verifiers: readonly NoteVerifier[]): OpenedNote {
  const { text, signatures } = parseNote(note);
  const verified: NoteSignature[] = [];
  const unverified: NoteSignature[] = [];
  const message = Buffer.from(text, 'utf8');
  for (const sig of signatures) {
    const trusted = verifiers.find((v) => v.name === sig.name && v.keyHash === sig.keyHash);
    if (!trusted) {
      const sameName = verifiers.find((v) => v.name === sig.name);
      if (sameName) {
        throw new NoteError('wrong-key-hash', `signature by "${sig.name}" carries key hash ${hex8(sig.keyHash)}, but the trusted key's hash is ${hex8(sameName.keyHash)}`);
      }
      unverified.push(sig);
      continue;
    }
    if (sig.signature.length !== 64 || !verify(null, message, publicKeyObject(trusted.publicKey), sig.signature)) {
      throw new NoteError('bad-signature', `signature by "${sig.name}" does not verify: the note or the signature has been altered`);
    }
    if (verified.some((v) => v.name === sig.name && v.keyHash === sig.keyHash)) {
      throw new NoteError('malformed-note', `two signatures by the same key "${sig.name}"`);
    }
    verified.push(sig);
  }
  if (verified.length === 0) {
    throw new NoteError('no-trusted-signature', `note carries no signature by a trusted key (${verifiers.map((v) => v.name).join(', ') || 'none given'})`);
  }
  return { text, verified, unverified };
}
