/**
 * What the offline verifier in a bag's verify.html needs of node:crypto, for the browser: the bag checks in
 * src/core (validateBag, the evidence checks, proofs, signed notes, RFC 3161 tokens) are written against node:crypto
 * and run unchanged, because the bundle resolves `node:crypto` to this module. Synchronous, as those checks are:
 * hashes from @noble/hashes, Ed25519 and ECDSA from @noble/curves (audited, pure JS), RSA PKCS#1 v1.5 verification
 * (RFC 8017 §8.2.2) with BigInt, certificates read with the strict DER reader of src/core/ledger/der.ts.
 * Anything else a signer would need throws: the verifier never signs.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { sha1 } from '@noble/hashes/legacy.js';
import { sha224, sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import { childrenOf, expectTag, parseDer, readBoolean, readInteger, readOid, readTime, sequence, TAG, type DerNode } from '../../../core/ledger/der.ts';

type Hasher = { update(data: Uint8Array): Hasher; digest(): Uint8Array };
const HASHES: Record<string, { create(): Hasher }> = { sha1, sha224, sha256, sha384, sha512 };
const encoder = new TextEncoder();
const toBytes = (data: Uint8Array | string, encoding?: string): Uint8Array => {
  if (typeof data !== 'string') return data;
  if (encoding === 'hex') return Uint8Array.from(data.match(/../g) ?? [], (h) => parseInt(h, 16));
  return encoder.encode(data);
};
const hex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
const unsupported = (what: string) => (): never => {
  throw new Error(`${what} is not available in the offline verifier`);
};

export function createHash(algorithm: string) {
  const make = HASHES[algorithm.toLowerCase().replace('-', '')];
  if (!make) throw new Error(`Digest method not supported: ${algorithm}`);
  const state = make.create();
  const hash = {
    update(data: Uint8Array | string, encoding?: string) {
      state.update(toBytes(data, encoding));
      return hash;
    },
    digest(encoding?: string): Uint8Array | string {
      const out = Buffer.from(state.digest());
      return encoding === 'hex' ? out.toString('hex') : encoding === 'base64' ? out.toString('base64') : out;
    },
  };
  return hash;
}

// ------------------------------------------------------------------ public keys

const OID = {
  ec: '1.2.840.10045.2.1',
  rsa: '1.2.840.113549.1.1.1',
  ed25519: '1.3.101.112',
  p256: '1.2.840.10045.3.1.7',
  p384: '1.3.132.0.34',
  p521: '1.3.132.0.35',
  basicConstraints: '2.5.29.19',
  extKeyUsage: '2.5.29.37',
};
const CURVES = { [OID.p256]: p256, [OID.p384]: p384, [OID.p521]: p521 };

/** A public key read from its SubjectPublicKeyInfo. */
export class BrowserPublicKey {
  readonly type = 'public';
  readonly algorithm: string;
  readonly curve?: string;
  readonly key: Uint8Array;

  constructor(spki: DerNode) {
    const [algorithm, bits] = sequence(spki, 'SubjectPublicKeyInfo');
    const [oid, params] = sequence(algorithm, 'algorithm');
    this.algorithm = readOid(oid, 'key algorithm');
    if (this.algorithm === OID.ec) this.curve = readOid(params, 'curve');
    const bitString = expectTag(bits, TAG.bitString, 'subjectPublicKey').content;
    this.key = bitString.subarray(1);
  }
}

export function createPublicKey(input: { key: Uint8Array; format: 'der'; type: 'spki' }): BrowserPublicKey {
  return new BrowserPublicKey(parseDer(input.key));
}

// DigestInfo prefixes of EMSA-PKCS1-v1_5 (RFC 8017 §9.2, note 1).
const DIGEST_INFO: Record<string, string> = {
  sha1: '3021300906052b0e03021a05000414',
  sha224: '302d300d06096086480165030402040500041c',
  sha256: '3031300d060960864801650304020105000420',
  sha384: '3041300d060960864801650304020205000430',
  sha512: '3051300d060960864801650304020305000440',
};

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = base % modulus;
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
    e >>= 1n;
  }
  return result;
}

const toBig = (bytes: Uint8Array): bigint => (bytes.length === 0 ? 0n : BigInt(`0x${hex(bytes)}`));

function verifyRsa(hashName: string, data: Uint8Array, key: BrowserPublicKey, signature: Uint8Array): boolean {
  const [n, e] = sequence(parseDer(key.key), 'RSAPublicKey').map((node) => readInteger(node, 'RSA key'));
  const k = Math.ceil(n.toString(16).length / 2);
  if (signature.length !== k) return false;
  const s = toBig(signature);
  if (s >= n) return false;
  const em = modPow(s, e, n).toString(16).padStart(k * 2, '0');
  const prefix = DIGEST_INFO[hashName];
  if (!prefix) return false;
  const t = prefix + hex(HASHES[hashName].create().update(data).digest());
  const expected = `0001${'ff'.repeat(k - 3 - t.length / 2)}00${t}`;
  return k - 3 - t.length / 2 >= 8 && em === expected;
}

/** node's crypto.verify(algorithm, data, key, signature) for the keys a verifier meets. */
export function verify(algorithm: string | null | undefined, data: Uint8Array, key: BrowserPublicKey, signature: Uint8Array): boolean {
  if (key.algorithm === OID.ed25519) return ed25519.verify(signature, data, key.key, { zip215: false });
  const hashName = (algorithm ?? 'sha256').toLowerCase();
  if (key.algorithm === OID.ec) {
    const curve = CURVES[key.curve ?? ''];
    if (!curve || !HASHES[hashName]) return false;
    const digest = HASHES[hashName].create().update(data).digest();
    try {
      return curve.verify(signature, digest, key.key, { prehash: false, lowS: false, format: 'der' });
    } catch {
      return false;
    }
  }
  if (key.algorithm === OID.rsa) return verifyRsa(hashName, data, key, signature);
  return false;
}

// ------------------------------------------------------------------ certificates

const NAMES: Record<string, string> = { '2.5.4.3': 'CN', '2.5.4.6': 'C', '2.5.4.7': 'L', '2.5.4.8': 'ST', '2.5.4.10': 'O', '2.5.4.11': 'OU', '2.5.4.5': 'serialNumber' };

function nameText(name: DerNode): string {
  const parts: string[] = [];
  for (const rdn of childrenOf(name)) {
    for (const attribute of childrenOf(rdn)) {
      const [type, value] = sequence(attribute, 'name attribute');
      const oid = readOid(type, 'name attribute type');
      parts.push(`${NAMES[oid] ?? oid}=${new TextDecoder().decode(value.content)}`);
    }
  }
  return parts.join('\n');
}

const SIGNATURE_HASH: Record<string, string> = {
  '1.2.840.113549.1.1.5': 'sha1',
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
  '1.3.101.112': 'none',
};

function pemToDer(pem: string): Uint8Array {
  const body = pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
  return Uint8Array.from(atob(body), (c) => c.charCodeAt(0));
}

/** The parts of node's X509Certificate that time-stamp verification uses. */
export class X509Certificate {
  readonly raw: Buffer;
  readonly subject: string;
  readonly issuer: string;
  readonly serialNumber: string;
  readonly fingerprint256: string;
  readonly validFrom: string;
  readonly validTo: string;
  readonly keyUsage: string[] | undefined;
  readonly ca: boolean;
  readonly publicKey: BrowserPublicKey;
  private readonly issuerDer: Uint8Array;
  private readonly subjectDer: Uint8Array;
  private readonly tbs: Uint8Array;
  private readonly signatureHash: string | undefined;
  private readonly signature: Uint8Array;

  constructor(input: Uint8Array | string) {
    const der = typeof input === 'string' ? pemToDer(input) : new Uint8Array(input);
    this.raw = Buffer.from(der);
    const [tbs, signatureAlgorithm, signature] = sequence(parseDer(der), 'Certificate');
    const fields = sequence(tbs, 'TBSCertificate');
    const i = fields[0]?.context === 0 ? 1 : 0;
    this.tbs = tbs.der;
    this.serialNumber = hex(expectTag(fields[i], TAG.integer, 'serial').content).toUpperCase();
    this.issuerDer = fields[i + 2].der;
    this.issuer = nameText(fields[i + 2]);
    const [notBefore, notAfter] = sequence(fields[i + 3], 'validity');
    this.validFrom = readTime(notBefore, 'notBefore').toISOString();
    this.validTo = readTime(notAfter, 'notAfter').toISOString();
    this.subjectDer = fields[i + 4].der;
    this.subject = nameText(fields[i + 4]);
    this.publicKey = new BrowserPublicKey(fields[i + 5]);
    let keyUsage: string[] | undefined;
    let ca = false;
    const extensions = fields.find((f) => f.context === 3);
    if (extensions) {
      for (const ext of sequence(childrenOf(extensions)[0], 'extensions')) {
        const parts = sequence(ext, 'extension');
        const id = readOid(parts[0], 'extension id');
        const value = parseDer(expectTag(parts[parts.length - 1], TAG.octetString, 'extension value').content);
        if (id === OID.extKeyUsage) keyUsage = childrenOf(value).map((n) => readOid(n, 'key purpose'));
        if (id === OID.basicConstraints) {
          const first = childrenOf(value)[0];
          ca = first !== undefined && first.tag === TAG.boolean && readBoolean(first, 'cA');
        }
      }
    }
    this.keyUsage = keyUsage;
    this.ca = ca;
    this.signatureHash = SIGNATURE_HASH[readOid(sequence(signatureAlgorithm, 'signatureAlgorithm')[0], 'signature algorithm')];
    this.signature = expectTag(signature, TAG.bitString, 'signature').content.subarray(1);
    this.fingerprint256 = hex(sha256(der)).toUpperCase().match(/../g)!.join(':');
  }

  /** Whether `other` is named as this certificate's issuer (names compared by their DER bytes). */
  checkIssued(other: X509Certificate): boolean {
    return hex(other.subjectDer) === hex(this.issuerDer);
  }

  /** Whether this certificate's signature verifies with `key`. */
  verify(key: BrowserPublicKey): boolean {
    if (!this.signatureHash) return false;
    return verify(this.signatureHash === 'none' ? null : this.signatureHash, this.tbs, key, this.signature);
  }

  toString(): string {
    const b64 = this.raw.toString('base64').match(/.{1,64}/g)!.join('\n');
    return `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`;
  }
}

export const createPrivateKey = unsupported('createPrivateKey');
export const generateKeyPairSync = unsupported('generateKeyPairSync');
export const sign = unsupported('sign');
export const randomBytes = unsupported('randomBytes');
export const randomUUID = unsupported('randomUUID');
