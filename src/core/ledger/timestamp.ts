/**
 * RFC 3161 time-stamp requests and tokens, checked offline with node:crypto and the DER reader in der.ts.
 * A token is CMS SignedData (RFC 5652) whose content is a TSTInfo; a checkpoint's token must carry the SHA-256 of
 * the checkpoint's signed note as its message imprint, be signed over its signed attributes by the certificate the
 * ESS signing-certificate attribute names (RFC 2634 / RFC 5035), and that certificate must be a time-stamping
 * certificate valid at the token's time, chained to a CA the verifier trusts.
 */
import { createHash, verify as verifySignature, X509Certificate } from 'node:crypto';
import {
  childrenOf,
  DerError,
  encodeBoolean,
  encodeInteger,
  encodeNull,
  encodeOctetString,
  encodeOid,
  encodeSequence,
  expectTag,
  parseDer,
  readInteger,
  readOid,
  readTime,
  sequence,
  TAG,
  type DerNode,
} from './der.ts';

export class TimestampError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'TimestampError';
  }
}

const OID = {
  signedData: '1.2.840.113549.1.7.2',
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingCertificate: '1.2.840.113549.1.9.16.2.12',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  subjectKeyIdentifier: '2.5.29.14',
  timeStamping: '1.3.6.1.5.5.7.3.8',
  sha256: '2.16.840.1.101.3.4.2.1',
} as const;

const DIGESTS: Record<string, string> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

/** Signature algorithms: the digest they imply (null: taken from the signer's digestAlgorithm; 'none': Ed25519). */
const SIGNATURES: Record<string, string | null> = {
  '1.2.840.113549.1.1.1': null, // rsaEncryption
  '1.2.840.113549.1.1.5': 'sha1',
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
  '1.2.840.10045.2.1': null, // id-ecPublicKey, which some signers put here
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
  '1.3.101.112': 'none',
};

const PKI_STATUS = ['granted', 'grantedWithMods', 'rejection', 'waiting', 'revocationWarning', 'revocationNotification'];

const equal = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((v, i) => v === b[i]);
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/** A TimeStampReq for a SHA-256 digest, asking for the TSA's certificate in the token. */
export function makeTimestampRequest(sha256: Uint8Array, nonce: bigint): Uint8Array {
  if (sha256.length !== 32) throw new TimestampError('bad-digest', 'a time-stamp request needs a 32-byte SHA-256 digest');
  const algorithm = encodeSequence([encodeOid(OID.sha256), encodeNull()]);
  return encodeSequence([encodeInteger(1n), encodeSequence([algorithm, encodeOctetString(sha256)]), encodeInteger(nonce), encodeBoolean(true)]);
}

/** Reads a TimeStampResp: the status, and the token (the DER ContentInfo) when granted. */
export function parseTimestampResponse(bytes: Uint8Array): { status: string; statusText: string; token?: Uint8Array } {
  try {
    const [statusInfo, token] = sequence(parseDer(bytes), 'TimeStampResp');
    const [code, text] = sequence(statusInfo, 'PKIStatusInfo');
    const status = Number(readInteger(code, 'PKIStatus'));
    const statusText =
      text && text.tag === TAG.sequence
        ? childrenOf(text)
            .filter((n) => n.tag === TAG.utf8String)
            .map((n) => new TextDecoder().decode(n.content))
            .join('; ')
        : '';
    const name = PKI_STATUS[status] ?? `status ${status}`;
    if (status > 1) return { status: name, statusText };
    if (!token) throw new TimestampError('no-token', 'the authority granted the request but sent no token');
    return { status: name, statusText, token: token.der.slice() };
  } catch (error) {
    if (error instanceof DerError) throw new TimestampError('malformed-response', `not a time-stamp response: ${error.message}`);
    throw error;
  }
}

export interface TimestampSigner {
  subject: string;
  issuer: string;
  serialNumber: string;
  fingerprint256: string;
}

export interface TimestampInfo {
  genTime: Date;
  serialNumber: string;
  policy: string;
  imprintAlgorithm: string;
  imprint: Uint8Array;
  nonce?: bigint;
  signer: TimestampSigner;
}

export interface TimestampVerification extends TimestampInfo {
  /** True when the signer chained to one of the trusted certificates handed in. */
  chainChecked: boolean;
}

interface CertFields {
  x509: X509Certificate;
  der: Uint8Array;
  issuer: Uint8Array;
  serial: bigint;
  subjectKeyId?: Uint8Array;
}

function certFields(der: Uint8Array): CertFields {
  const x509 = new X509Certificate(Buffer.from(der));
  const [tbs] = sequence(parseDer(der), 'Certificate');
  const fields = sequence(tbs, 'TBSCertificate');
  const i = fields[0]?.context === 0 ? 1 : 0;
  const serial = readInteger(fields[i], 'certificate serial number');
  const issuer = expectTag(fields[i + 2], TAG.sequence, 'certificate issuer').der;
  let subjectKeyId: Uint8Array | undefined;
  const extensions = fields.find((f) => f.context === 3);
  if (extensions) {
    for (const ext of sequence(childrenOf(extensions)[0], 'extensions')) {
      const parts = sequence(ext, 'extension');
      if (readOid(parts[0], 'extension id') === OID.subjectKeyIdentifier) {
        subjectKeyId = expectTag(parseDer(expectTag(parts[parts.length - 1], TAG.octetString, 'extension value').content), TAG.octetString, 'key identifier').content;
      }
    }
  }
  return { x509, der, issuer, serial, subjectKeyId };
}

function attributes(node: DerNode): Map<string, DerNode[]> {
  const out = new Map<string, DerNode[]>();
  for (const attr of childrenOf(node)) {
    const [type, values] = sequence(attr, 'attribute');
    const oid = readOid(type, 'attribute type');
    if (out.has(oid)) throw new TimestampError('malformed-token', `signed attribute ${oid} appears twice`);
    out.set(oid, sequence(values, `attribute ${oid} values`, TAG.set));
  }
  return out;
}

interface ParsedToken {
  info: Omit<TimestampInfo, 'signer'>;
  tstInfoDer: Uint8Array;
  certificates: CertFields[];
  sid: { issuer?: Uint8Array; serial?: bigint; keyId?: Uint8Array };
  digestAlgorithm: string;
  signedAttrs: DerNode;
  signatureAlgorithm: string;
  signature: Uint8Array;
}

function parseToken(token: Uint8Array): ParsedToken {
  const [contentType, wrapped] = sequence(parseDer(token), 'ContentInfo');
  if (readOid(contentType, 'contentType') !== OID.signedData) throw new TimestampError('malformed-token', 'the token is not CMS SignedData');
  if (wrapped?.context !== 0) throw new DerError('SignedData: missing [0] content');
  const sd = sequence(childrenOf(wrapped)[0], 'SignedData');
  const [encap] = sd.slice(2, 3);
  const [eType, eWrapped] = sequence(encap, 'EncapsulatedContentInfo');
  if (readOid(eType, 'eContentType') !== OID.tstInfo) throw new TimestampError('malformed-token', 'the signed content is not a TSTInfo');
  if (eWrapped?.context !== 0) throw new DerError('EncapsulatedContentInfo: missing eContent');
  const tstInfoDer = expectTag(childrenOf(eWrapped)[0], TAG.octetString, 'eContent').content;
  const tst = sequence(parseDer(tstInfoDer), 'TSTInfo');
  const [imprintAlg, imprint] = sequence(tst[2], 'messageImprint');
  const imprintAlgorithm = DIGESTS[readOid(sequence(imprintAlg, 'hashAlgorithm')[0], 'hashAlgorithm')] ?? 'unknown';
  let nonce: bigint | undefined;
  for (const field of tst.slice(5)) {
    if (field.tag === TAG.integer) nonce = readInteger(field, 'nonce');
  }
  const info = {
    policy: readOid(tst[1], 'policy'),
    imprintAlgorithm,
    imprint: expectTag(imprint, TAG.octetString, 'hashedMessage').content,
    serialNumber: readInteger(tst[3], 'serialNumber').toString(16),
    genTime: readTime(tst[4], 'genTime'),
    nonce,
  };

  const certificates: CertFields[] = [];
  let rest = sd.slice(3);
  if (rest[0]?.context === 0) {
    for (const cert of childrenOf(rest[0])) if (cert.tag === TAG.sequence) certificates.push(certFields(cert.der));
    rest = rest.slice(1);
  }
  if (rest[0]?.context === 1) rest = rest.slice(1);
  const signerInfos = sequence(rest[0], 'signerInfos', TAG.set);
  if (signerInfos.length !== 1) throw new TimestampError('malformed-token', `expected one signer, found ${signerInfos.length}`);
  const si = sequence(signerInfos[0], 'SignerInfo');
  const sid: ParsedToken['sid'] = {};
  if (si[1].tag === TAG.sequence) {
    const [issuer, serial] = childrenOf(si[1]);
    sid.issuer = expectTag(issuer, TAG.sequence, 'sid issuer').der;
    sid.serial = readInteger(serial, 'sid serialNumber');
  } else if (si[1].context === 0) sid.keyId = si[1].content;
  else throw new DerError('SignerInfo: unknown signer identifier');
  const digestAlgorithm = DIGESTS[readOid(sequence(si[2], 'digestAlgorithm')[0], 'digestAlgorithm')];
  if (!digestAlgorithm) throw new TimestampError('unsupported', 'the signer uses an unsupported digest algorithm');
  const signedAttrs = si[3];
  if (signedAttrs?.context !== 0) throw new TimestampError('malformed-token', 'the signer has no signed attributes');
  const signatureAlgorithm = readOid(sequence(si[4], 'signatureAlgorithm')[0], 'signatureAlgorithm');
  const signature = expectTag(si[5], TAG.octetString, 'signature').content;
  return { info, tstInfoDer, certificates, sid, digestAlgorithm, signedAttrs, signatureAlgorithm, signature };
}

/** Reads a token's TSTInfo without checking anything (for display). */
export function readTimestampToken(token: Uint8Array): Omit<TimestampInfo, 'signer'> {
  try {
    return parseToken(token).info;
  } catch (error) {
    if (error instanceof DerError) throw new TimestampError('malformed-token', `not a time-stamp token: ${error.message}`);
    throw error;
  }
}

/** Certificates from PEM text (one or many) or DER. */
export function parseCertificates(input: string | Uint8Array): X509Certificate[] {
  if (typeof input !== 'string') return [new X509Certificate(Buffer.from(input))];
  const blocks = input.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) throw new TimestampError('bad-certificate', 'no PEM certificate found');
  return blocks.map((b) => new X509Certificate(b));
}

function checkChain(signer: X509Certificate, pool: X509Certificate[], trusted: X509Certificate[], at: Date): void {
  const validAt = (c: X509Certificate) => new Date(c.validFrom) <= at && at <= new Date(c.validTo);
  let current = signer;
  for (let depth = 0; depth < 8; depth++) {
    if (trusted.some((t) => t.fingerprint256 === current.fingerprint256)) return;
    const issuer = [...trusted, ...pool].find((c) => c.fingerprint256 !== current.fingerprint256 && current.checkIssued(c) && current.verify(c.publicKey));
    if (!issuer) throw new TimestampError('untrusted', `the TSA certificate (${signer.subject.replace(/\n/g, ', ')}) does not chain to a trusted CA`);
    if (!validAt(issuer)) throw new TimestampError('expired', `CA certificate ${issuer.subject.replace(/\n/g, ', ')} was not valid at the time-stamp's time`);
    if (trusted.some((t) => t.fingerprint256 === issuer.fingerprint256)) return;
    if (!issuer.ca) throw new TimestampError('untrusted', `certificate ${issuer.subject.replace(/\n/g, ', ')} is not a CA`);
    current = issuer;
  }
  throw new TimestampError('untrusted', 'the certificate chain is too long');
}

/**
 * Verifies a token for `digest` (the SHA-256 the requester sent). Throws TimestampError naming what failed.
 * `trusted`: CA (or TSA) certificates the verifier trusts; without them the signature is checked against the
 * certificate inside the token and `chainChecked` is false.
 */
export function verifyTimestampToken(token: Uint8Array, digest: Uint8Array, options: { trusted?: X509Certificate[]; extraCertificates?: X509Certificate[]; nonce?: bigint } = {}): TimestampVerification {
  let parsed: ParsedToken;
  try {
    parsed = parseToken(token);
  } catch (error) {
    if (error instanceof DerError) throw new TimestampError('malformed-token', `not a time-stamp token: ${error.message}`);
    throw error;
  }
  const { info } = parsed;
  if (info.imprintAlgorithm !== 'sha256' || !equal(info.imprint, digest)) {
    throw new TimestampError('imprint-mismatch', `the token time-stamps ${info.imprintAlgorithm} ${hex(info.imprint)}, not the checkpoint's SHA-256 ${hex(digest)}`);
  }
  if (options.nonce !== undefined && info.nonce !== options.nonce) throw new TimestampError('nonce-mismatch', 'the token does not carry the nonce of the request');

  let attrs: Map<string, DerNode[]>;
  try {
    attrs = attributes(parsed.signedAttrs);
    const contentType = attrs.get(OID.contentType);
    if (!contentType || readOid(contentType[0], 'content-type attribute') !== OID.tstInfo) throw new TimestampError('malformed-token', 'the content-type attribute is not TSTInfo');
    const messageDigest = attrs.get(OID.messageDigest);
    const expected = createHash(parsed.digestAlgorithm).update(parsed.tstInfoDer).digest();
    if (!messageDigest || !equal(expectTag(messageDigest[0], TAG.octetString, 'message-digest attribute').content, expected)) {
      throw new TimestampError('content-altered', 'the TSTInfo does not hash to the message digest the authority signed: the token was altered');
    }
  } catch (error) {
    if (error instanceof DerError) throw new TimestampError('malformed-token', `signed attributes: ${error.message}`);
    throw error;
  }

  const extra = (options.extraCertificates ?? []).map((c) => certFields(new Uint8Array(c.raw)));
  const candidates = [...parsed.certificates, ...extra];
  const signer = candidates.find((c) =>
    parsed.sid.keyId ? c.subjectKeyId !== undefined && equal(c.subjectKeyId, parsed.sid.keyId) : c.serial === parsed.sid.serial && equal(c.issuer, parsed.sid.issuer!),
  );
  if (!signer) throw new TimestampError('no-certificate', 'the TSA certificate is neither in the token nor given');

  // RFC 3161 §2.4.1: the signing-certificate attribute binds the signature to this certificate.
  const v2 = attrs.get(OID.signingCertificateV2);
  const v1 = attrs.get(OID.signingCertificate);
  try {
    if (v2) {
      const first = sequence(sequence(v2[0], 'SigningCertificateV2')[0], 'certs')[0];
      const parts = sequence(first, 'ESSCertIDv2');
      const hasAlg = parts[0].tag === TAG.sequence;
      const alg = hasAlg ? DIGESTS[readOid(sequence(parts[0], 'hashAlgorithm')[0], 'hashAlgorithm')] : 'sha256';
      if (!alg) throw new TimestampError('unsupported', 'unsupported hash in the signing-certificate attribute');
      const certHash = expectTag(parts[hasAlg ? 1 : 0], TAG.octetString, 'certHash').content;
      if (!equal(certHash, createHash(alg).update(signer.der).digest())) throw new TimestampError('wrong-certificate', 'the signing-certificate attribute names another certificate');
    } else if (v1) {
      const first = sequence(sequence(v1[0], 'SigningCertificate')[0], 'certs')[0];
      const certHash = expectTag(sequence(first, 'ESSCertID')[0], TAG.octetString, 'certHash').content;
      if (!equal(certHash, createHash('sha1').update(signer.der).digest())) throw new TimestampError('wrong-certificate', 'the signing-certificate attribute names another certificate');
    } else throw new TimestampError('malformed-token', 'the token has no signing-certificate attribute (RFC 3161 §2.4.1)');
  } catch (error) {
    if (error instanceof DerError) throw new TimestampError('malformed-token', `signing-certificate attribute: ${error.message}`);
    throw error;
  }

  if (!(parsed.signatureAlgorithm in SIGNATURES)) throw new TimestampError('unsupported', `unsupported signature algorithm ${parsed.signatureAlgorithm}`);
  const implied = SIGNATURES[parsed.signatureAlgorithm];
  const hashName = implied === 'none' ? null : (implied ?? parsed.digestAlgorithm);
  // The signature covers the DER of the attributes as a SET OF (RFC 5652 §5.4), not the [0] IMPLICIT tag.
  const signedBytes = Buffer.from(parsed.signedAttrs.der);
  signedBytes[0] = TAG.set;
  let good = false;
  try {
    good = verifySignature(hashName, signedBytes, signer.x509.publicKey, Buffer.from(parsed.signature));
  } catch {
    good = false;
  }
  if (!good) throw new TimestampError('bad-signature', 'the authority\'s signature over the token does not verify');

  const x = signer.x509;
  if (!(x.keyUsage ?? []).includes(OID.timeStamping)) throw new TimestampError('not-a-tsa', 'the signing certificate is not for time-stamping (no timeStamping extended key usage)');
  if (info.genTime < new Date(x.validFrom) || info.genTime > new Date(x.validTo)) {
    throw new TimestampError('expired', `the TSA certificate was not valid at ${info.genTime.toISOString()}`);
  }
  let chainChecked = false;
  if (options.trusted && options.trusted.length > 0) {
    checkChain(x, candidates.map((c) => c.x509), options.trusted, info.genTime);
    chainChecked = true;
  }
  return {
    ...info,
    chainChecked,
    signer: { subject: x.subject.replace(/\n/g, ', '), issuer: x.issuer.replace(/\n/g, ', '), serialNumber: x.serialNumber, fingerprint256: x.fingerprint256 },
  };
}

/** The imprint of a checkpoint: SHA-256 of its signed note exactly as issued (UTF-8). */
export function checkpointImprint(note: string): Uint8Array {
  return new Uint8Array(createHash('sha256').update(note, 'utf8').digest());
}
