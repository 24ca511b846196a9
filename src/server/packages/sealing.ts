import { createCipheriv, createDecipheriv, createHash, createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync, hkdfSync, KeyObject, randomBytes } from 'node:crypto';
import { canonicalize } from '../../core/ledger/canonical-json.ts';
import { invalid } from '../errors.ts';

/**
 * Sealing a part of an evidence package (a witness's protected identity) for one named recipient, so it never
 * travels in clear. An ECIES-style envelope from node:crypto alone, shaped like age's X25519 recipient stanza
 * (C2SP age spec: ephemeral X25519 share, HKDF-SHA-256 over both public keys, an AEAD payload):
 *
 *   shared = X25519(ephemeral private, recipient public)
 *   key    = HKDF-SHA-256(ikm = shared, salt = ephemeral public ‖ recipient public, info = "reckon-sealed/1", 32 bytes)
 *   body   = AES-256-GCM(key, 96-bit random nonce, plaintext, aad = RFC 8785 JSON of the header)
 *
 * The header (format, algorithm, recipient name and key fingerprint, ephemeral key, context) is authenticated as
 * associated data, so an envelope cannot be re-labelled for another testimony or recipient without failing to open.
 * The recipient's key is an ordinary X25519 key: `openssl genpkey -algorithm X25519 -out recipient.key` and
 * `openssl pkey -in recipient.key -pubout -out recipient.pub` make one; `reckon bag unseal` opens an envelope.
 */
export const SEALED_FORMAT = 'reckon-sealed/1';
export const SEALED_ALGORITHM = 'X25519-HKDF-SHA256-AES-256-GCM';
const MAX_KEY_TEXT = 4096;
const MAX_NAME = 200;

export interface SealRecipient {
  /** Who the part is sealed for, as the exporter named them (e.g. "Registry of Trial Chamber II"). */
  name: string;
  /** The recipient's X25519 public key, PEM (SPKI) or the 32 raw bytes in base64. */
  publicKey: string;
}

export interface SealedHeader {
  format: typeof SEALED_FORMAT;
  algorithm: typeof SEALED_ALGORITHM;
  recipient: { name: string; keyFingerprint: string };
  /** What the sealed bytes are, e.g. "testimony:<item id>:identity"; bound by the AEAD. */
  context: string;
  ephemeralPublicKey: string;
}

export interface SealedEnvelope extends SealedHeader {
  nonce: string;
  ciphertext: string;
  tag: string;
}

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

function rawPublic(key: KeyObject): Buffer {
  const jwk = key.export({ format: 'jwk' });
  return Buffer.from(String(jwk.x), 'base64url');
}

function publicFromRaw(raw: Uint8Array): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: Buffer.from(raw).toString('base64url') }, format: 'jwk' });
}

/** SHA-256 of the raw 32-byte public key, hex: what the package and its custody record name the recipient by. */
export function keyFingerprint(key: KeyObject): string {
  return createHash('sha256').update(rawPublic(key)).digest('hex');
}

/** Reads a recipient's public key; refuses anything but an X25519 public key, naming the field, never echoing it. */
export function parseRecipientKey(text: string, field = 'recipient.publicKey'): KeyObject {
  if (typeof text !== 'string' || text.length === 0 || text.length > MAX_KEY_TEXT || /[\0]/.test(text)) {
    throw invalid('invalid_recipient_key', `${field}: give an X25519 public key (PEM, or 32 bytes in base64)`, { field });
  }
  const trimmed = text.trim();
  // createPublicKey would derive the public half of a private key: refuse it, so a pasted private key is never kept.
  if (/PRIVATE KEY/.test(trimmed)) {
    throw invalid('invalid_recipient_key', `${field}: this is a private key; give the recipient's public key (keep the private key with the recipient)`, { field });
  }
  let key: KeyObject;
  try {
    if (trimmed.startsWith('-----BEGIN')) key = createPublicKey(trimmed);
    else {
      if (!/^[A-Za-z0-9+/_-]{42,44}={0,2}$/.test(trimmed)) throw new Error('not base64');
      const raw = Buffer.from(trimmed, 'base64');
      if (raw.length !== 32) throw new Error('not 32 bytes');
      key = publicFromRaw(raw);
    }
  } catch {
    throw invalid('invalid_recipient_key', `${field}: not a readable X25519 public key (PEM, or 32 bytes in base64)`, { field });
  }
  if (key.type !== 'public' || key.asymmetricKeyType !== 'x25519') {
    throw invalid('invalid_recipient_key', `${field}: the key must be an X25519 public key, not ${key.asymmetricKeyType ?? 'another kind'}`, { field });
  }
  return key;
}

/** Checks the recipient's name: printable, short; returns it trimmed. */
export function cleanRecipientName(name: string, field = 'recipient.name'): string {
  const clean = typeof name === 'string' ? name.normalize('NFC').trim() : '';
  if (!clean || clean.length > MAX_NAME || /[\p{Cc}\p{Cf}\p{Cs}]/u.test(clean)) {
    throw invalid('invalid_recipient_name', `${field}: give the recipient's name (1–${MAX_NAME} printable characters)`, { field });
  }
  return clean;
}

function deriveKey(shared: Buffer, ephemeral: Buffer, recipient: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', shared, Buffer.concat([ephemeral, recipient]), SEALED_FORMAT, 32));
}

const aadOf = (header: SealedHeader) => Buffer.from(canonicalize(header as unknown as Parameters<typeof canonicalize>[0]), 'utf8');

/** Seals bytes for the recipient. A fresh ephemeral key per envelope, so two seals of the same bytes differ. */
export function seal(recipient: SealRecipient, plaintext: Uint8Array, context: string): SealedEnvelope {
  const name = cleanRecipientName(recipient.name);
  const recipientKey = parseRecipientKey(recipient.publicKey);
  const ephemeral = generateKeyPairSync('x25519');
  const ephemeralRaw = rawPublic(ephemeral.publicKey);
  const shared = diffieHellman({ privateKey: ephemeral.privateKey, publicKey: recipientKey });
  const key = deriveKey(shared, ephemeralRaw, rawPublic(recipientKey));
  const header: SealedHeader = {
    format: SEALED_FORMAT,
    algorithm: SEALED_ALGORITHM,
    recipient: { name, keyFingerprint: keyFingerprint(recipientKey) },
    context,
    ephemeralPublicKey: b64(ephemeralRaw),
  };
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(aadOf(header));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { ...header, nonce: b64(nonce), ciphertext: b64(ciphertext), tag: b64(cipher.getAuthTag()) };
}

export class UnsealError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsealError';
  }
}

/** Opens an envelope with the recipient's private key (PEM, PKCS#8). Throws UnsealError naming what is wrong. */
export function unseal(envelope: unknown, privateKeyPem: string): { header: SealedHeader; plaintext: Buffer } {
  if (typeof envelope !== 'object' || envelope === null) throw new UnsealError('not a sealed envelope');
  const e = envelope as Record<string, unknown>;
  if (e.format !== SEALED_FORMAT || e.algorithm !== SEALED_ALGORITHM) throw new UnsealError(`not a ${SEALED_FORMAT} envelope (${SEALED_ALGORITHM})`);
  for (const field of ['context', 'ephemeralPublicKey', 'nonce', 'ciphertext', 'tag'] as const) {
    if (typeof e[field] !== 'string') throw new UnsealError(`${field}: missing`);
  }
  const recipient = e.recipient as Record<string, unknown> | undefined;
  if (!recipient || typeof recipient.name !== 'string' || typeof recipient.keyFingerprint !== 'string') throw new UnsealError('recipient: missing');
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(privateKeyPem);
  } catch {
    throw new UnsealError('the private key is not a readable PEM key');
  }
  if (privateKey.asymmetricKeyType !== 'x25519') throw new UnsealError('the private key is not an X25519 key');
  const ownPublic = createPublicKey(privateKey);
  if (keyFingerprint(ownPublic) !== recipient.keyFingerprint) throw new UnsealError(`this envelope is sealed for another key (${String(recipient.keyFingerprint).slice(0, 16)}…)`);
  const header: SealedHeader = {
    format: SEALED_FORMAT,
    algorithm: SEALED_ALGORITHM,
    recipient: { name: recipient.name, keyFingerprint: recipient.keyFingerprint },
    context: e.context as string,
    ephemeralPublicKey: e.ephemeralPublicKey as string,
  };
  const ephemeralRaw = Buffer.from(header.ephemeralPublicKey, 'base64');
  if (ephemeralRaw.length !== 32) throw new UnsealError('ephemeralPublicKey: not 32 bytes');
  const shared = diffieHellman({ privateKey, publicKey: publicFromRaw(ephemeralRaw) });
  const key = deriveKey(shared, ephemeralRaw, rawPublic(ownPublic));
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(e.nonce as string, 'base64'));
    decipher.setAAD(aadOf(header));
    decipher.setAuthTag(Buffer.from(e.tag as string, 'base64'));
    const plaintext = Buffer.concat([decipher.update(Buffer.from(e.ciphertext as string, 'base64')), decipher.final()]);
    return { header, plaintext };
  } catch {
    throw new UnsealError('the envelope does not open: it was changed, or sealed for another key');
  }
}
