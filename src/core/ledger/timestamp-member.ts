/**
 * The `timestamp` member of a reckon-ledger-proof/1 document: an RFC 3161 token over the SHA-256 of the signed
 * checkpoint note beside it, `{ "token": base64 DER, "authority"?: url, "caCertificates"?: [PEM…] }`.
 */
import type { X509Certificate } from 'node:crypto';
import { checkpointImprint, parseCertificates, TimestampError, verifyTimestampToken } from './timestamp.ts';

export interface TimestampMember {
  token: string;
  authority?: string;
  caCertificates?: string[];
}

export function makeTimestampMember(token: Uint8Array, authority: string, caPem?: string): TimestampMember {
  const member: TimestampMember = { token: Buffer.from(token).toString('base64'), authority };
  if (caPem) member.caCertificates = parseCertificates(caPem).map((c) => c.toString());
  return member;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Checks one timestamp member against the note it stamps. Returns the line to print; throws TimestampError.
 * `trusted` (PEM from an independent channel) wins over CA certificates carried in the file, which are used with
 * a warning; with neither, the signature is checked but the TSA is not chained to anyone.
 */
export function checkTimestampMember(member: unknown, note: string | undefined, where: string, trustedPem: string | undefined, warnings: string[]): string {
  if (typeof member !== 'object' || member === null || Array.isArray(member)) throw new TimestampError('malformed', `${where}: expected an object with a base64 token`);
  const m = member as Record<string, unknown>;
  if (typeof m.token !== 'string' || !BASE64.test(m.token) || m.token.length === 0 || m.token.length > 1_000_000) {
    throw new TimestampError('malformed', `${where}.token: expected base64 DER`);
  }
  if (note === undefined) throw new TimestampError('malformed', `${where}: there is no signed checkpoint for the time-stamp to cover`);
  let trusted: X509Certificate[] | undefined;
  if (trustedPem !== undefined) trusted = parseCertificates(trustedPem);
  else if (Array.isArray(m.caCertificates) && m.caCertificates.length > 0) {
    trusted = m.caCertificates.flatMap((pem, i) => {
      if (typeof pem !== 'string') throw new TimestampError('malformed', `${where}.caCertificates[${i}]: expected PEM text`);
      return parseCertificates(pem);
    });
    warnings.push(`${where}: the time-stamp authority's CA was taken from the file; compare it with the one the authority publishes (--tsa-ca)`);
  } else warnings.push(`${where}: the time-stamp authority's certificate was NOT checked against a trusted CA (give --tsa-ca)`);
  const result = verifyTimestampToken(Buffer.from(m.token, 'base64'), checkpointImprint(note), { trusted });
  const by = typeof m.authority === 'string' ? ` (${m.authority})` : '';
  return `the checkpoint existed at ${result.genTime.toISOString()}: RFC 3161 time-stamp by ${result.signer.subject}${by}, serial ${result.serialNumber}`;
}
